import GreenroomCore

/// One write that sync found lost without its writer's knowing (DESIGN.md §6): the value the
/// data holds now beside the value that lost, and who wrote each. Every laptop that has seen
/// the same writes lists the same conflicts.
public struct ConflictRow: Hashable, Sendable {
    public var id: Int64
    /// "creator", "ticket", …
    public var entity: String
    /// What the row is to a person: a creator's handle, a ticket's key and subject.
    public var label: String
    public var field: String
    /// The value the data holds now (the newest write) and who wrote it.
    public var current: String
    public var currentBy: String
    /// The value that lost, when and by whom it was written.
    public var lost: String
    public var lostTime: Millis?
    public var lostBy: String

    public init(id: Int64, entity: String, label: String, field: String, current: String, currentBy: String, lost: String,
                lostTime: Millis?, lostBy: String) {
        self.id = id; self.entity = entity; self.label = label; self.field = field; self.current = current; self.currentBy = currentBy
        self.lost = lost; self.lostTime = lostTime; self.lostBy = lostBy
    }
}

/// `:conflicts`: every open conflict, newest first; `<` (or `c`) keeps the current value, `>`
/// (or `b`) brings back the value that lost. Either is an ordinary edit plus a synced
/// decision, so the conflict closes on every laptop.
public struct ConflictsScreen: Hashable, Sendable {
    public var rows: [ConflictRow]?
    public var cursor = 0
    public var returnFocus: Pane

    public init(returnFocus: Pane) { self.returnFocus = returnFocus }
}

extension Model {
    mutating func openConflicts() -> [Command] {
        screen = .conflicts(ConflictsScreen(returnFocus: returnFocusForScreens))
        return [.loadConflicts]
    }

    mutating func conflictsLoaded(_ rows: [ConflictRow]) -> [Command] {
        openConflictCount = rows.count
        guard case .conflicts(var s) = screen else { return [] }
        s.rows = rows
        s.cursor = rows.isEmpty ? 0 : min(s.cursor, rows.count - 1)
        screen = .conflicts(s)
        return []
    }

    /// `<` / `>` on the conflict under the cursor.
    mutating func keepConflictValue(current: Bool) -> [Command] {
        guard case .conflicts(let s) = screen, let rows = s.rows, rows.indices.contains(s.cursor) else { return [] }
        return [.resolveConflict(id: rows[s.cursor].id, keepCurrent: current)]
    }

    /// `S`: sync in the background; the status line shows its progress.
    mutating func startSync() -> [Command] {
        guard syncProgress == nil else {
            showToast("A sync is already running", kind: .info)
            return []
        }
        syncProgress = "sync: starting"
        return [.sync]
    }

    mutating func syncFinished(_ summary: String, failed: Bool) -> [Command] {
        syncProgress = nil
        showToast(summary, kind: failed ? .error : .info, seconds: 8)
        guard !failed else { return [.loadHeader] }
        // Anything on screen may have changed.
        return [.loadDirectory] + refreshCommands() + (screen == .main ? [] : reloadCommands(for: screen))
    }
}
