import Foundation
import GreenroomCore

/// The 1:1 screen's form (issue 25): `c` writes a note, goal or follow-up on the teammate
/// (text, and a due date for a goal or follow-up; opened on a ticket of the agenda, it is
/// about that ticket); `r` records the 1:1 held now with its notes. `Ctrl-s` saves (undoable
/// with `u`), `Esc` cancels (asking first when something was typed).
public struct CoachingFormState: Hashable, Sendable {
    public enum Mode: Hashable, Sendable { case item, hold }
    public enum Field: Hashable, Sendable { case kind, text, due }

    public var memberID: String
    public var memberHandle: String
    public var mode: Mode
    /// A note, goal or follow-up (item mode).
    public var kind: CoachingKind = .note
    public var text = TextArea()
    public var due = TextField()
    /// The agenda ticket the form was opened on.
    public var ticketID: String?
    public var ticketKey: String?
    /// What the 1:1 closes, in a line (hold mode).
    public var agendaSummary = ""
    public var focus: Field = .text
    public var error: String?
    public var saving = false

    public init(memberID: String, handle: String, mode: Mode) {
        self.memberID = memberID; self.memberHandle = handle; self.mode = mode
    }

    /// The kinds the form writes.
    static let kinds: [CoachingKind] = [.note, .goal, .followUp]

    var fields: [Field] { mode == .hold ? [.text] : kind.canBeDone ? [.kind, .text, .due] : [.kind, .text] }

    public var isDirty: Bool { !text.isEmpty || !due.text.isEmpty }

    mutating func handle(_ input: FormInput, now: Millis, zone: TimeZone) -> FormResult {
        let key = input.key
        if input.action == .formSave { return save(now: now, zone: zone) }
        if let step = input.fieldStep(multiline: focus == .text) {
            move(step)
            return ([], false, false)
        }
        if input.action == .formEditor && focus == .text { return ([.editExternally(.coachingText, text.text)], false, false) }
        error = nil
        switch focus {
        case .kind:
            let all = CoachingFormState.kinds
            let i = all.firstIndex(of: kind) ?? 0
            switch key {
            case .char(" "), .right, .char("l"): kind = all[(i + 1) % all.count]
            case .left, .char("h"): kind = all[(i + all.count - 1) % all.count]
            case .down, .enter: move(1)
            default:
                if case .char(let c) = key, let match = all.first(where: { $0.rawValue.first == c }) { kind = match }
            }
        case .text:
            if key == .up && text.row == 0 && fields.first != .text { move(-1) } else { text.handle(key) }
        case .due:
            if key == .up { move(-1) } else if key == .enter || key == .down { move(1) } else { due.handle(key) }
        }
        return ([], false, false)
    }

    private mutating func save(now: Millis, zone: TimeZone) -> FormResult {
        let body = text.text.trimmingCharacters(in: .whitespacesAndNewlines)
        if mode == .hold {
            saving = true
            return ([.apply(ChangeSet("Held a 1:1 with \(memberHandle)", [.holdOneOnOne(memberID: memberID, notes: body)]), mode: .perform)], false, false)
        }
        guard !body.isEmpty else {
            error = "write the \(kind.label) first"
            focus = .text
            return ([], false, false)
        }
        var dueAt: Millis?
        if kind.canBeDone, !due.text.trimmingCharacters(in: .whitespaces).isEmpty {
            guard let parsed = DateInput.parse(due.text, now: now, zone: zone) else {
                error = "due \"\(due.text)\" is not a date (2026-11-24, today, tomorrow, +3d, fri)"
                focus = .due
                return ([], false, false)
            }
            dueAt = parsed
        }
        saving = true
        let draft = CoachingDraft(memberID: memberID, kind: kind, body: body, dueAt: dueAt, ticketID: ticketID)
        return ([.apply(ChangeSet("Added a \(kind.label) for \(memberHandle)", [.insertCoachingItem(draft)]), mode: .perform)], false, false)
    }

    mutating func move(_ delta: Int) {
        let all = fields
        focus = all[((all.firstIndex(of: focus) ?? 0) + delta + all.count) % all.count]
    }

    mutating func paste(_ text: String) {
        switch focus {
        case .text: self.text.insert(text)
        case .due: due.insert(text)
        case .kind: break
        }
    }

    static func draw(_ canvas: inout Canvas, _ model: Model, _ state: CoachingFormState) {
        let title = state.mode == .hold ? "Hold the 1:1 with \(state.memberHandle)" : "Coaching for \(state.memberHandle)"
        let form = FormLayout(&canvas, model, width: 76, height: 16, title: title, top: 2, labelWidth: 9)
        let (inner, x, width, theme) = (form.inner, form.x, form.width, form.theme)
        var y = inner.y
        if state.mode == .hold {
            canvas.put("Closes: " + state.agendaSummary, x: inner.x + 1, y: y, style: theme[.textMuted], maxWidth: inner.width - 2)
            y += 2
        } else {
            form.label(&canvas, "Kind", y: y, focused: state.focus == .kind)
            var kx = x
            for k in CoachingFormState.kinds {
                let text = k == state.kind ? "[\(k.label)]" : " \(k.label) "
                kx += canvas.put(text, x: kx, y: y, style: theme[k == state.kind ? .overlaySelected : .text]) + 1
            }
            if let key = state.ticketKey { canvas.put("about \(key)", x: inner.maxX - DisplayWidth.of("about \(key)") - 1, y: y, style: theme[.textMuted]) }
            y += 2
        }
        form.label(&canvas, state.mode == .hold ? "Notes" : "Text", y: y, focused: state.focus == .text)
        let rows = max(1, inner.maxY - y - (state.kind.canBeDone && state.mode == .item ? 5 : 3))
        DialogView.textArea(&canvas, model, state.text, x: x, y: y, width: width, height: rows, focused: state.focus == .text)
        y += rows + 1
        if state.mode == .item && state.kind.canBeDone {
            form.label(&canvas, "Due", y: y, focused: state.focus == .due)
            if state.focus == .due { DialogView.input(&canvas, model, state.due, x: x, y: y, width: width) }
            else { canvas.put(state.due.text, x: x, y: y, style: theme[.text], maxWidth: width) }
            if !state.due.text.isEmpty, let due = DateInput.parse(state.due.text, now: model.now, zone: model.settings.zone) {
                let shown = "→ " + DateInput.format(due, zone: model.settings.zone)
                canvas.put(shown, x: inner.maxX - DisplayWidth.of(shown) - 1, y: y, style: theme[.textMuted])
            }
        }
        if let error = state.error {
            canvas.put(error, x: inner.x + 1, y: inner.maxY - 2, style: theme[.inputError], maxWidth: inner.width - 2)
        } else {
            let hint: String
            switch state.focus {
            case .kind: hint = "Space or ←/→ to choose"
            case .text: hint = state.mode == .hold ? "what was said and agreed (optional) · Ctrl-e opens $EDITOR" : "Enter for a new line · Ctrl-e opens $EDITOR"
            case .due: hint = "2026-11-24, today, tomorrow, +3d, +2w, fri (optional)"
            }
            canvas.put(hint, x: inner.x + 1, y: inner.maxY - 2, style: theme[.textMuted], maxWidth: inner.width - 2)
        }
        canvas.put(state.saving ? "Saving…" : (state.mode == .hold ? "Ctrl-s record the 1:1 · Esc cancel" : "Ctrl-s save · Esc cancel · Tab next field"),
                   x: inner.x + 1, y: inner.maxY - 1, style: theme[.overlayKey], maxWidth: inner.width - 2)
    }
}

extension CoachingFormState: FormComponent {
    var discardQuestion: String { mode == .hold ? "Discard the notes of this 1:1?" : "Discard this \(kind.label)?" }
    mutating func handle(_ input: FormInput, _ model: Model) -> FormResult { handle(input, now: model.now, zone: model.settings.zone) }
}
