import GreenroomCore

/// The `c` form: a note, call, message, coaching session or workshop about a creator, with
/// a next step and an optional follow-up date.
public struct ActivityFormState: Hashable, Sendable {
    public enum Field: CaseIterable, Sendable {
        case kind, summary, nextStep, followUp

        var label: String {
            switch self {
            case .kind: return "Kind"
            case .summary: return "Summary"
            case .nextStep: return "Next step"
            case .followUp: return "Follow-up"
            }
        }
    }

    public var creatorID: String
    public var creatorHandle: String
    public var kind: ActivityKind = .note
    public var summary = TextArea()
    public var nextStep = TextField()
    public var followUp = TextField()
    public var focus: Field = .summary
    public var error: String?
    public var saving = false

    public init(creatorID: String, creatorHandle: String) {
        self.creatorID = creatorID
        self.creatorHandle = creatorHandle
    }

    public var isDirty: Bool { !summary.isEmpty || !nextStep.text.isEmpty || !followUp.text.isEmpty }

    mutating func handle(_ input: FormInput, now: Millis, zone: TimeZone) -> FormResult {
        let key = input.key
        switch key {
        case _ where input.action == .formSave:
            let text = summary.text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !text.isEmpty else {
                error = "write a summary first"
                focus = .summary
                return ([], false, false)
            }
            var due: Millis?
            if !followUp.text.trimmingCharacters(in: .whitespaces).isEmpty {
                guard let parsed = DateInput.parse(followUp.text, now: now, zone: zone) else {
                    error = "follow-up \"\(followUp.text)\" is not a date (2026-11-24, today, tomorrow, +3d, fri)"
                    focus = .followUp
                    return ([], false, false)
                }
                due = parsed
            }
            let next = nextStep.text.trimmingCharacters(in: .whitespaces)
            saving = true
            return ([.creator(.saveActivity(ActivityDraft(creatorID: creatorID, kind: kind, summary: text, nextStep: next.isEmpty ? nil : next,
                                                 followUpDue: due)))], false, false)
        case _ where input.fieldStep(multiline: true) != nil:
            move(input.fieldStep(multiline: true) ?? 0)
        case _ where input.action == .formEditor && focus == .summary:
            return ([.editExternally(.activitySummary, summary.text)], false, false)
        default:
            error = nil
            switch focus {
            case .kind:
                let all = ActivityKind.allCases
                let i = all.firstIndex(of: kind)!
                switch key {
                case .char(" "), .right, .char("l"): kind = all[(i + 1) % all.count]
                case .left, .char("h"): kind = all[(i + all.count - 1) % all.count]
                case .down, .enter: move(1)
                default:
                    if case .char(let c) = key, let match = all.first(where: { $0.rawValue.first == c }) { kind = match }
                }
            case .summary:
                if key == .up && summary.row == 0 { move(-1) } else { summary.handle(key) }
            case .nextStep:
                if key == .enter || key == .down { move(1) } else if key == .up { move(-1) } else { nextStep.handle(key) }
            case .followUp:
                if key == .up { move(-1) } else if key == .enter || key == .down { move(1) } else { followUp.handle(key) }
            }
        }
        return ([], false, false)
    }

    mutating func move(_ delta: Int) {
        let all = Field.allCases
        focus = all[(all.firstIndex(of: focus)! + delta + all.count) % all.count]
    }

    mutating func paste(_ text: String) {
        switch focus {
        case .summary: summary.insert(text)
        case .nextStep: nextStep.insert(text)
        case .followUp: followUp.insert(text)
        case .kind: break
        }
    }

    static func draw(_ canvas: inout Canvas, _ model: Model, _ state: ActivityFormState) {
        let form = FormLayout(&canvas, model, width: 76, height: 18, title: "Log activity for \(state.creatorHandle)", top: 2, labelWidth: 10)
        let (inner, x, width, theme) = (form.inner, form.x, form.width, form.theme)
        var y = inner.y
        func label(_ f: Field) { form.label(&canvas, f.label, y: y, focused: f == state.focus) }
        label(.kind)
        var kx = x
        for k in ActivityKind.allCases {
            let text = k == state.kind ? "[\(k.rawValue)]" : " \(k.rawValue) "
            kx += canvas.put(text, x: kx, y: y, style: theme[k == state.kind ? .overlaySelected : .text]) + 1
        }
        y += 2
        label(.summary)
        let rows = max(1, inner.maxY - y - 6)
        DialogView.textArea(&canvas, model, state.summary, x: x, y: y, width: width, height: rows, focused: state.focus == .summary)
        y += rows + 1
        label(.nextStep)
        if state.focus == .nextStep { DialogView.input(&canvas, model, state.nextStep, x: x, y: y, width: width) }
        else { canvas.put(state.nextStep.text, x: x, y: y, style: theme[.text], maxWidth: width) }
        y += 1
        label(.followUp)
        if state.focus == .followUp { DialogView.input(&canvas, model, state.followUp, x: x, y: y, width: width) }
        else { canvas.put(state.followUp.text, x: x, y: y, style: theme[.text], maxWidth: width) }
        if !state.followUp.text.isEmpty, let due = DateInput.parse(state.followUp.text, now: model.now, zone: model.settings.zone) {
            let shown = "→ " + DateInput.format(due, zone: model.settings.zone)
            canvas.put(shown, x: inner.maxX - DisplayWidth.of(shown) - 1, y: y, style: theme[.textMuted])
        }
        y += 2
        if let error = state.error {
            canvas.put(error, x: inner.x + 1, y: inner.maxY - 2, style: theme[.inputError], maxWidth: inner.width - 2)
        } else {
            let hint: String
            switch state.focus {
            case .kind: hint = "Space or ←/→ to choose"
            case .summary: hint = "Enter for a new line · Ctrl-e opens $EDITOR"
            case .nextStep: hint = "what happens next (optional)"
            case .followUp: hint = "2026-11-24, today, tomorrow, +3d, +2w, fri (optional)"
            }
            canvas.put(hint, x: inner.x + 1, y: inner.maxY - 2, style: theme[.textMuted], maxWidth: inner.width - 2)
        }
        canvas.put(state.saving ? "Saving…" : "Ctrl-s save · Esc cancel · Tab next field", x: inner.x + 1, y: inner.maxY - 1,
                   style: theme[.overlayKey], maxWidth: inner.width - 2)
    }
}


import Foundation
