import GreenroomCore

extension Action.Context {
    public static let kb = Action.Context("kb", "Knowledge base list", modal: true)
}

extension Action {
    public static let knowledgeBase = Action("app.kb", .global, "Knowledge base (:kb)", keys: [.char("K")])
    public static let kbEdit = Action("kb.edit", .kb, "Edit the selected article", keys: [.enter])
    public static let kbNext = Action("kb.next", .kb, "Next article", keys: [.down, .ctrl("j")])
    public static let kbPrevious = Action("kb.previous", .kb, "Previous article", keys: [.up, .ctrl("k")])
    public static let kbKindNext = Action("kb.kind_next", .kb, "Show the next kind: all, resources, guides, toolkits, links, replies", keys: [.tab])
    public static let kbKindPrevious = Action("kb.kind_previous", .kb, "Show the previous kind", keys: [.backTab])
}

/// The knowledge base: opening it, and its list.
enum KnowledgeBaseKeys: FeatureKeys {
    static let contexts: [Action.Context] = [.kb]
    static let actions: [Action] = [.knowledgeBase, .kbEdit, .kbNext, .kbPrevious, .kbKindNext, .kbKindPrevious, .kbSend]
}
