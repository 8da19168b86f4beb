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

extension FormInput {
    /// A move between fields: the form's next and previous keys anywhere; ↓ and ↑ too,
    /// except in a multi-line field, where they move its cursor.
    func fieldStep(multiline: Bool) -> Int? {
        if action == .formNext { return 1 }
        if action == .formPrevious { return -1 }
        guard !multiline else { return nil }
        return key == .down ? 1 : key == .up ? -1 : nil
    }
}

/// A field that takes one of a few values: `Space`, `←` and `→` step through them.
enum FormChoice {
    static func cycle<T: CaseIterable & Equatable>(_ value: T, by step: Int) -> T {
        let all = Array(T.allCases)
        return all[((all.firstIndex(of: value) ?? 0) + step + all.count) % all.count]
    }

    /// The same with "none" first.
    static func cycle<T: CaseIterable & Equatable>(_ value: T?, by step: Int) -> T? {
        let all: [T?] = [nil] + T.allCases.map { Optional($0) }
        return all[((all.firstIndex(of: value) ?? 0) + step + all.count) % all.count]
    }
}

/// A form's dialog: the frame, a column of labels and the fields beside them.
struct FormLayout {
    let inner: Rect
    let labelWidth: Int
    let theme: Theme
    /// Where fields start, and how wide they are.
    var x: Int { inner.x + 2 + labelWidth }
    var width: Int { inner.maxX - x - 1 }

    init(_ canvas: inout Canvas, _ model: Model, width: Int, height: Int, title: String, top: Int, labelWidth: Int) {
        inner = DialogView.frame(&canvas, model, width: width, height: min(model.height - 2, height), title: title, top: top)
        self.labelWidth = labelWidth
        theme = model.theme
    }

    /// A field's label, highlighted while the field has focus.
    func label(_ canvas: inout Canvas, _ text: String, y: Int, focused: Bool) {
        canvas.putFitted(text, x: inner.x + 1, y: y, width: labelWidth, style: theme[focused ? .overlayKey : .textMuted])
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
    /// Something was typed: closing asks first.
    var isDirty: Bool { get }
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
        let input = keyMap.formInput(key)
        let result: FormResult = input.action == .formCancel ? ([], !form.isDirty, form.isDirty) : form.handle(input, self)
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
    mutating func handle(_ input: FormInput, _ model: Model) -> FormResult { handle(input, screenWidth: model.width, screenHeight: model.height) }
}

extension ArticleFormState: FormComponent {
    var discardQuestion: String { "Discard the changes to this article?" }
    mutating func handle(_ input: FormInput, _ model: Model) -> FormResult { handle(input) }
}
