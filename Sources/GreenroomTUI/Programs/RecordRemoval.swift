import GreenroomCore

extension Action.Context {
    public static let records = Action.Context("records", "Programs, workshops, communities and tasks")
}

extension Action {
    public static let removeRecord = Action("records.remove", .records,
                                            "Remove the program, workshop, community or task (asks first; :trash restores it)", keys: [.char("d")])
}

/// `d` on the program, workshop, community and task screens: removes the record under the
/// cursor (or the one open) — the same soft delete as `greenroom program|workshop|community|task
/// remove`. The store plans it first (what would go and what hangs off it, in the command
/// line's words), the app asks, and `y` tombstones it in one synced change: `u` undoes it, and
/// `:trash` restores it later. Removing a task removes it as it was given (every creator's),
/// or, from a task's creators, the one creator's under the cursor.
enum RecordRemovalKeys: FeatureKeys {
    static let contexts: [Action.Context] = [.records]
    static let actions: [Action] = [.removeRecord]
}

/// What `d` removes.
public enum RemovalTarget: Hashable, Sendable {
    case program(id: String)
    case workshop(id: String)
    case community(id: String)
    /// Incentive tasks by id (a task as given: one per creator).
    case tasks(ids: [String])
}

/// What removing asks the runtime for.
public enum RemovalCommand: Hashable, Sendable {
    /// What would go: answered by `Msg.removalPlanned`.
    case plan(RemovalTarget)
    /// Tombstone it (one synced change; its inverse comes back for `u`).
    case remove(Removal)
}

extension Command {
    public static func removal(_ command: RemovalCommand) -> Command { .screen(ScreenCommand(command)) }
}

extension Model {
    /// The plan arrived: ask before removing.
    mutating func removalPlanned(_ removal: Removal) -> [Command] {
        overlay = .confirm(ConfirmState(message: removal.question, action: .remove(removal)))
        return []
    }
}
