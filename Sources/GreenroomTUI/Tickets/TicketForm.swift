import GreenroomCore

/// The `n` form: subject, requester, category, priority, channel and the request itself.
/// `Tab` moves between fields, `Space` / `←` `→` cycle the fields that take one of a few
/// values, `Ctrl-s` saves, `Esc` cancels (asking first when something was typed).
public struct TicketFormState: Hashable, Sendable {
    public enum Field: CaseIterable, Sendable {
        case subject, requester, category, priority, channel, body

        var label: String {
            switch self {
            case .subject: return "Subject"
            case .requester: return "Requester"
            case .category: return "Category"
            case .priority: return "Priority"
            case .channel: return "Channel"
            case .body: return "Request"
            }
        }
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

    static func cycle<T: CaseIterable & Equatable>(_ value: T, by step: Int) -> T {
        let all = Array(T.allCases)
        let i = all.firstIndex(of: value) ?? 0
        return all[(i + step + all.count) % all.count]
    }

    mutating func handle(_ input: FormInput) -> FormResult {
        let key = input.key
        switch key {
        case _ where input.action == .formCancel:
            return ([], !isDirty, isDirty)
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
            return ([.createTicket(d)], false, false)
        case _ where input.action == .formNext:
            moveFocus(by: 1)
        case .down where focus != .body:
            moveFocus(by: 1)
        case _ where input.action == .formPrevious:
            moveFocus(by: -1)
        case .up where focus != .body:
            moveFocus(by: -1)
        case .char(" "), .right, .left:
            let step = key == .left ? -1 : 1
            switch focus {
            case .category: category = TicketFormState.cycle(category, by: step)
            case .priority: priority = TicketFormState.cycle(priority, by: step)
            case .channel: channel = TicketFormState.cycle(channel, by: step)
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

    mutating func paste(_ text: String) {
        switch focus {
        case .subject: subject.insert(text.replacingOccurrences(of: "\n", with: " "))
        case .requester: requester.insert(text.replacingOccurrences(of: "\n", with: " "))
        case .body: body.insert(text)
        default: break
        }
    }

    static func draw(_ canvas: inout Canvas, _ model: Model, _ state: TicketFormState) {
        let theme = model.theme
        let inner = DialogView.frame(&canvas, model, width: 84, height: min(model.height - 2, 20), title: "New ticket", top: 1)
        let labelWidth = 10
        let x = inner.x + 2 + labelWidth
        let width = inner.maxX - x - 1
        var y = inner.y
        func label(_ f: Field) {
            canvas.putFitted(f.label, x: inner.x + 1, y: y, width: labelWidth, style: theme[f == state.focus ? .overlayKey : .textMuted])
        }
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
