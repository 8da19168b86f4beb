import GreenroomCore

extension Action.Context {
    public static let kb = Action.Context("kb", "Knowledge base list", modal: true)
}

extension Action {
    public static let knowledgeBase = Action("app.kb", .global, "Knowledge base (:kb)", keys: [.char("K")])
    public static let kbEdit = Action("kb.edit", .kb, "Edit the selected article", keys: [.enter])
    public static let kbNext = Action("kb.next", .kb, "Next article", keys: [.down, .ctrl("j")])
    public static let kbPrevious = Action("kb.previous", .kb, "Previous article", keys: [.up, .ctrl("k")])
}

/// The knowledge base: opening it, and its list.
enum KnowledgeBaseKeys: FeatureKeys {
    static let contexts: [Action.Context] = [.kb]
    static let actions: [Action] = [.knowledgeBase, .kbEdit, .kbNext, .kbPrevious, .kbSend]
}
