import GreenroomCore

extension Action {
    public static let sync = Action("app.sync", .global, "Sync with the team folder now (in the background)", keys: [.char("S")])
}

/// Syncing from the screen.
enum SyncKeys: FeatureKeys {
    static let contexts: [Action.Context] = []
    static let actions: [Action] = [.sync]
}
