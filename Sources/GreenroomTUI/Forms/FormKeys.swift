import GreenroomCore

extension Action.Context {
    public static let form = Action.Context("form", "Forms, the reply editor and the knowledge base", modal: true)
}

extension Action {
    public static let formSave = Action("form.save", .form, "Save the form (send the reply, create the ticket)", keys: [.ctrl("s")])
    public static let formCancel = Action("form.cancel", .form, "Close the form (asks first when something was typed)", keys: [.esc])
    public static let formNext = Action("form.next", .form, "Next field (the reply's status)", keys: [.tab])
    public static let formPrevious = Action("form.previous", .form, "Previous field", keys: [.backTab])
    public static let formEditor = Action("form.editor", .form, "Edit the long text in $EDITOR", keys: [.ctrl("e")])
    public static let formNew = Action("form.new", .form, "New article (knowledge base)", keys: [.ctrl("n")])
}

/// The form-wide keys of every form (and the reply editor, and new articles in the knowledge base).
enum FormKeys: FeatureKeys {
    static let contexts: [Action.Context] = [.form]
    static let actions: [Action] = [.formSave, .formCancel, .formNext, .formPrevious, .formEditor, .formNew]
}
