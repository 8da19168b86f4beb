import GreenroomCore

/// A key as a form takes it: the form-wide action the key map's `form` context binds it to
/// (save, cancel, next and previous field, the external editor), and the key itself for
/// everything else (typing, moving in a field). `keys.toml` rebinds the form keys like any other.
public struct FormInput: Hashable, Sendable {
    public var action: Action?
    public var key: Key

    public init(action: Action?, key: Key) {
        self.action = action; self.key = key
    }
}

extension KeyMap {
    /// `key` in a form.
    func formInput(_ key: Key) -> FormInput { FormInput(action: action(for: key, in: [.form]), key: key) }
}

/// What a key did to a form: commands to run, whether it closes, whether to ask before
/// throwing away what was typed.
typealias FormResult = (commands: [Command], close: Bool, confirmDiscard: Bool)

/// The five forms (creator, activity, new ticket, reply, article) take keys one way: nothing
/// while saving; the key map decides what is a form-wide key; closing asks first when
/// something was typed.
protocol FormComponent {
    var saving: Bool { get }
    /// Asked before discarding what was typed ("Discard this new ticket?").
    var discardQuestion: String { get }
    mutating func handle(_ input: FormInput, _ model: Model) -> FormResult
}

extension Model {
    /// A key on the open form `form`; `open` puts it back on screen, `closed` is what shows
    /// when it closes.
    mutating func formKey<F: FormComponent>(_ form: F, _ key: Key, open: (F) -> Overlay, closed: Overlay? = nil) -> [Command] {
        var form = form
        guard !form.saving else { return [] }
        let result = form.handle(keyMap.formInput(key), self)
        overlay = result.close ? closed : open(form)
        if result.confirmDiscard {
            overlay = .confirm(ConfirmState(message: form.discardQuestion, action: .discard, back: open(form)))
        }
        return result.commands
    }
}

extension CreatorFormState: FormComponent {
    var discardQuestion: String { "Discard the changes to this creator?" }
    mutating func handle(_ input: FormInput, _ model: Model) -> FormResult { handle(input, settings: model.settings) }
}

extension ActivityFormState: FormComponent {
    var discardQuestion: String { "Discard this \(kind.rawValue)?" }
    mutating func handle(_ input: FormInput, _ model: Model) -> FormResult { handle(input, now: model.now, zone: model.settings.zone) }
}

extension TicketFormState: FormComponent {
    var discardQuestion: String { "Discard this new ticket?" }
    mutating func handle(_ input: FormInput, _ model: Model) -> FormResult { handle(input) }
}

extension ReplyFormState: FormComponent {
    var discardQuestion: String { "Discard this \(isPublic ? "reply" : "note")?" }
    mutating func handle(_ input: FormInput, _ model: Model) -> FormResult { handle(input) }
}

extension ArticleFormState: FormComponent {
    var discardQuestion: String { "Discard the changes to this article?" }
    mutating func handle(_ input: FormInput, _ model: Model) -> FormResult { handle(input) }
}
