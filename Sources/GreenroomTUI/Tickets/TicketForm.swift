import GreenroomCore

/// The `n` form: subject, requester, category, priority, channel and the request itself.
/// `Tab` moves between fields, `Space` / `←` `→` cycle the fields that take one of a few
/// values, `Ctrl-s` saves, `Esc` cancels (asking first when something was typed).
public struct TicketFormState: Hashable, Sendable {
    public enum Field: String, CaseIterable, Sendable {
        case subject = "Subject", requester = "Requester", category = "Category", priority = "Priority", channel = "Channel", body = "Request"

        var label: String { rawValue }
    }

    public var subject = TextField()
    public var requester = TextField()
    public var category: TicketCategory = .other
    public var priority: TicketPriority = .normal
    public var channel: TicketChannel = .email
    public var body = TextArea()
    public var focus: Field = .subject
    public var errors: [Field: String] = [:]
    public var saving = false

    public init(requester: String = "") {
        self.requester = TextField(requester)
    }

    public var isDirty: Bool { !subject.text.isEmpty || !body.isEmpty }

    public var draft: TicketDraft {
        TicketDraft(subject: subject.text.trimmingCharacters(in: .whitespaces), body: body.text.trimmingCharacters(in: .whitespacesAndNewlines),
                    requester: requester.text.trimmingCharacters(in: .whitespaces), category: category, priority: priority, channel: channel,
                    assignToMe: true)
    }

    mutating func handle(_ input: FormInput) -> FormResult {
        let key = input.key
        switch key {
        case _ where input.action == .formSave:
            errors = [:]
            let d = draft
            if d.subject.isEmpty { errors[.subject] = "a subject is required" }
            if DisplayWidth.of(d.subject) > 200 { errors[.subject] = "keep the subject under 200 characters" }
            if d.body.isEmpty { errors[.body] = "describe the request" }
            if !d.requester.isEmpty && !d.requester.hasPrefix("@") { errors[.requester] = "a creator handle, like @mila.cooks" }
            if let first = Field.allCases.first(where: { errors[$0] != nil }) {
                focus = first
                return ([], false, false)
            }
            saving = true
            return ([.tickets(.create(d))], false, false)
        case _ where input.fieldStep(multiline: focus == .body) != nil:
            moveFocus(by: input.fieldStep(multiline: focus == .body) ?? 0)
        case .char(" "), .right, .left:
            let step = key == .left ? -1 : 1
            switch focus {
            case .category: category = FormChoice.cycle(category, by: step)
            case .priority: priority = FormChoice.cycle(priority, by: step)
            case .channel: channel = FormChoice.cycle(channel, by: step)
            default: edit(key)
            }
        default:
            edit(key)
        }
        return ([], false, false)
    }

    mutating func moveFocus(by step: Int) {
        let all = Field.allCases
        focus = all[((all.firstIndex(of: focus) ?? 0) + step + all.count) % all.count]
    }

    private mutating func edit(_ key: Key) {
        switch focus {
        case .subject: if subject.handle(key) { errors[.subject] = nil }
        case .requester: if requester.handle(key) { errors[.requester] = nil }
        case .body: if body.handle(key) { errors[.body] = nil }
        default: break
        }
    }

    /// A paste goes into the focused field; one-line fields take it as one line.
    mutating func paste(_ text: String) {
        if focus == .body { body.insert(text); return }
        let line = text.replacingOccurrences(of: "\n", with: " ")
        if focus == .subject { subject.insert(line) } else if focus == .requester { requester.insert(line) }
    }

    static func draw(_ canvas: inout Canvas, _ model: Model, _ state: TicketFormState) {
        let form = FormLayout(&canvas, model, width: 84, height: 20, title: "New ticket", top: 1, labelWidth: 10)
        let (inner, x, width, theme) = (form.inner, form.x, form.width, form.theme)
        var y = inner.y
        func label(_ f: Field) { form.label(&canvas, f.label, y: y, focused: f == state.focus) }
        func error(_ f: Field) {
            if let e = state.errors[f] {
                canvas.put(e, x: inner.maxX - min(width, DisplayWidth.of(e)) - 1, y: y, style: theme[.inputError], maxWidth: width)
            }
        }
        for f in [Field.subject, .requester] {
            label(f)
            let input = f == .subject ? state.subject : state.requester
            if state.focus == f { DialogView.input(&canvas, model, input, x: x, y: y, width: width) }
            else { canvas.put(input.text.isEmpty && f == .requester ? "none (@handle of a creator)" : input.text, x: x, y: y,
                              style: theme[input.text.isEmpty ? .textMuted : .text], maxWidth: width) }
            error(f)
            y += 1
        }
        for (f, value) in [(Field.category, state.category.rawValue), (.priority, state.priority.rawValue), (.channel, state.channel.rawValue)] {
            label(f)
            let shown = state.focus == f ? "◂ \(value) ▸" : value
            canvas.put(model.capabilities.unicode ? shown : shown.replacingOccurrences(of: "◂", with: "<").replacingOccurrences(of: "▸", with: ">"),
                       x: x, y: y, style: theme[state.focus == f ? .overlaySelected : .text], maxWidth: width)
            y += 1
        }
        y += 1
        label(.body)
        error(.body)
        y += 1
        let rows = max(1, inner.maxY - y - 1)
        DialogView.textArea(&canvas, model, state.body, x: inner.x + 1, y: y, width: inner.width - 2, height: rows, focused: state.focus == .body)
        canvas.put("Tab next field · Space/←→ change · Ctrl-s create · Esc cancel", x: inner.x + 1, y: inner.maxY - 1,
                   style: theme[.textMuted], maxWidth: inner.width - 2)
    }
}
