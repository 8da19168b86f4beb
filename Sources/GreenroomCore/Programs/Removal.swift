/// What removing a program, workshop, community or incentive tasks would delete, said before
/// it is done: `greenroom program remove NAME` without `--yes` prints it and changes nothing;
/// `d` on the program, workshop, community or task screens asks it (`question`). The store
/// plans it (`Store.programRemoval` and the others) and carries it out (`Store.remove`).
public struct Removal: Sendable, Hashable {
    public var entity: Entity
    /// The records to tombstone (several for tasks: one per creator).
    public var ids: [String]
    /// "program \"LIVE 101\"", "3 tasks \"LIVE 5 days\"".
    public var what: String
    /// What hangs off it, hidden with it and back with a restore: "3 modules, 12 enrolled,
    /// 4 completed"; empty when nothing does.
    public var holds: String

    public init(entity: Entity, ids: [String], what: String, holds: String) {
        self.entity = entity; self.ids = ids; self.what = what; self.holds = holds
    }

    /// "program \"LIVE 101\" (3 modules, 12 enrolled, 4 completed)".
    public var description: String { holds.isEmpty ? what : "\(what) (\(holds))" }

    /// What the app asks before removing it (the command line says the same with `--yes`).
    public var question: String { "Remove \(description)? It can be restored from the trash (:trash); u undoes it." }
}
