import GreenroomCore

/// The new/edit creator form. Fields are plain text, validated on save: format here, and
/// uniqueness, owner and network by the store; errors show under their fields.
public struct CreatorFormState: Hashable, Sendable {
    public static let order: [CreatorDraft.Field] = [.handle, .displayName, .kind, .market, .language, .stage, .owner, .network, .team,
                                                      .source, .followers, .email, .phone, .tags, .notes]

    public var editingID: String?
    public var inputs: [CreatorDraft.Field: TextField]
    public var notes: TextArea
    public var focus: CreatorDraft.Field = .handle
    public var errors: [CreatorDraft.Field: String] = [:]
    public var original: CreatorDraft
    public var saving = false

    public init(editingID: String?, draft: CreatorDraft) {
        self.editingID = editingID
        self.original = draft
        var inputs: [CreatorDraft.Field: TextField] = [:]
        for f in CreatorFormState.order where f != .notes { inputs[f] = TextField(draft[f]) }
        self.inputs = inputs
        self.notes = TextArea(draft[.notes])
        if editingID != nil { focus = .displayName }
    }

    public var draft: CreatorDraft {
        var d = CreatorDraft()
        for (f, input) in inputs { d[f] = input.text }
        d[.notes] = notes.text
        return d
    }

    public var isDirty: Bool {
        let d = draft
        return CreatorDraft.Field.allCases.contains { d[$0] != original[$0] }
    }

    /// Options cycled with Space in fields that take one of a few values.
    func options(for field: CreatorDraft.Field, stages: [String]) -> [String]? {
        switch field {
        case .kind: return CreatorKind.allCases.map(\.rawValue)
        case .source: return CreatorSource.allCases.map(\.rawValue)
        case .stage: return stages
        default: return nil
        }
    }

    /// Handles a key; returns the commands to run, and whether the form stays open.
    mutating func handle(_ input: FormInput, settings: TeamSettings) -> FormResult {
        let key = input.key
        switch key {
        case _ where input.action == .formSave:
            let errors = draft.formatErrors(stages: settings.allStageNames)
            self.errors = errors
            if let first = CreatorFormState.order.first(where: { errors[$0] != nil }) {
                focus = first
                return ([], false, false)
            }
            saving = true
            return ([.creator(.save(draft, editingID: editingID))], false, false)
        case _ where input.fieldStep(multiline: focus == .notes) != nil:
            move(input.fieldStep(multiline: focus == .notes) ?? 0)
        case .enter where focus != .notes:
            move(1)
        case _ where input.action == .formEditor && focus == .notes:
            return ([.editExternally(.creatorNotes, notes.text)], false, false)
        case _ where options(for: focus, stages: settings.allStageNames) != nil:
            // A choice field never takes typed text: Space and → step forward, ← back, and a
            // letter picks the next value starting with it. Anything else is ignored.
            let opts = options(for: focus, stages: settings.allStageNames)!
            guard !opts.isEmpty else { break }
            let current = opts.firstIndex(of: inputs[focus]?.text.lowercased() ?? "")
            let next: Int?
            switch key {
            case .char(" "), .right: next = ((current ?? -1) + 1) % opts.count
            case .left: next = ((current ?? 0) - 1 + opts.count) % opts.count
            case .char(let c):
                let letter = Character(c.lowercased())
                let start = (current ?? -1) + 1
                next = (0..<opts.count).map { (start + $0) % opts.count }.first { opts[$0].first == letter }
            default: next = nil
            }
            if let next {
                inputs[focus] = TextField(opts[next])
                errors[focus] = nil
            }
        default:
            if focus == .notes {
                if input.action == .formNext { move(1) } else { notes.handle(key) }
            } else {
                inputs[focus]?.handle(key)
            }
            errors[focus] = nil
        }
        return ([], false, false)
    }

    mutating func move(_ delta: Int) {
        let order = CreatorFormState.order
        let i = order.firstIndex(of: focus) ?? 0
        focus = order[(i + delta + order.count) % order.count]
    }

    mutating func paste(_ text: String) {
        // Choice fields take no text, pasted or typed.
        if [.kind, .source, .stage].contains(focus) { return }
        if focus == .notes { notes.insert(text) } else { inputs[focus]?.insert(text) }
    }

    static func draw(_ canvas: inout Canvas, _ model: Model, _ state: CreatorFormState) {
        let theme = model.theme
        let title = state.editingID == nil ? "New creator" : "Edit \(state.original[.handle])"
        let height = min(model.height - 2, CreatorFormState.order.count + 9)
        let inner = DialogView.frame(&canvas, model, width: 76, height: height, title: title, top: 1)
        let labelWidth = 11
        var y = inner.y
        for field in CreatorFormState.order {
            guard y < inner.maxY - 2 else { break }
            let focused = field == state.focus
            canvas.putFitted(field.label, x: inner.x + 1, y: y, width: labelWidth, style: theme[focused ? .overlayKey : .textMuted])
            let x = inner.x + 2 + labelWidth
            let width = inner.maxX - x - 1
            let error = state.errors[field]
            if field == .notes {
                let rows = max(1, inner.maxY - 2 - y)
                DialogView.textArea(&canvas, model, state.notes, x: x, y: y, width: width, height: rows, focused: focused)
                y += rows
                continue
            }
            let input = state.inputs[field] ?? TextField()
            if focused {
                DialogView.input(&canvas, model, input, x: x, y: y, width: width, style: error == nil ? .input : .inputError)
            } else {
                canvas.put(input.text, x: x, y: y, style: theme[error == nil ? .text : .inputError], maxWidth: width)
            }
            y += 1
            if let error {
                canvas.put("↳ " + error, x: x, y: y, style: theme[.inputError], maxWidth: width)
                y += 1
            }
        }
        let focusedHint = state.errors[state.focus] == nil ? state.focus.hint : ""
        var footer = "Ctrl-s save · Esc cancel · Tab next field"
        if state.focus == .notes { footer += " · Ctrl-e $EDITOR" }
        if [.kind, .source, .stage].contains(state.focus) { footer += " · Space/←→ cycle · a letter picks" }
        if state.focus == .owner { footer += " · " + model.members.filter { $0.role == .manager }.map(\.handle).joined(separator: " ") }
        canvas.put(focusedHint, x: inner.x + 1, y: inner.maxY - 2, style: theme[.textMuted], maxWidth: inner.width - 2)
        canvas.put(state.saving ? "Saving…" : footer, x: inner.x + 1, y: inner.maxY - 1, style: theme[.overlayKey], maxWidth: inner.width - 2)
    }
}
