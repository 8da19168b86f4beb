import GreenroomCore

extension Action.Context {
    public static let picker = Action.Context("picker", "Pickers and the command palette", modal: true)
    public static let prompt = Action.Context("prompt", "Prompts (one line of text)", modal: true)
    public static let confirm = Action.Context("confirm", "Confirmations", modal: true)
}

extension Action {
    public static let pickerChoose = Action("picker.choose", .picker, "Choose the selected item", keys: [.enter])
    public static let pickerCancel = Action("picker.cancel", .picker, "Close without choosing", keys: [.esc])
    public static let pickerNext = Action("picker.next", .picker, "Next item", keys: [.down, .ctrl("n"), .tab])
    public static let pickerPrevious = Action("picker.previous", .picker, "Previous item", keys: [.up, .ctrl("p"), .backTab])
    public static let promptSubmit = Action("prompt.submit", .prompt, "Continue with the text", keys: [.enter])
    public static let promptCancel = Action("prompt.cancel", .prompt, "Close without answering", keys: [.esc])
    public static let confirmYes = Action("confirm.yes", .confirm, "Yes (held deletes: apply them)", keys: [.char("y"), .char("Y"), .enter])
    public static let confirmNo = Action("confirm.no", .confirm, "No (held deletes: decide later)", keys: [.char("n"), .char("N"), .esc])
    public static let confirmKeep = Action("confirm.keep", .confirm, "Held deletes: keep the records", keys: [.char("k"), .char("K")])
}

/// The keys of pickers (and the palette), prompts and confirmations.
enum DialogKeys: FeatureKeys {
    static let contexts: [Action.Context] = [.picker, .prompt, .confirm]
    static let actions: [Action] = [.pickerChoose, .pickerCancel, .pickerNext, .pickerPrevious, .promptSubmit, .promptCancel, .confirmYes, .confirmNo, .confirmKeep]
}
