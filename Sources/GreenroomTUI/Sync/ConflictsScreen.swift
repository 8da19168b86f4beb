import GreenroomCore

/// One concurrent edit that sync kept (DESIGN.md §6): the value that won and the one that
/// lost, side by side. `mine` is this laptop's value, `theirs` the other laptop's.
public struct ConflictRow: Hashable, Sendable {
    public var id: Int64
    /// "creator", "ticket", …
    public var entity: String
    /// What the row is to a person: a creator's handle, a ticket's key and subject.
    public var label: String
    public var field: String
    public var mine: String
    public var theirs: String
    /// Which value the data holds now (last writer wins): true when it is mine.
    public var mineWon: Bool
    /// When the other laptop wrote its value, and who that laptop is.
    public var theirTime: Millis?
    public var who: String

    public init(id: Int64, entity: String, label: String, field: String, mine: String, theirs: String, mineWon: Bool,
                theirTime: Millis?, who: String) {
        self.id = id; self.entity = entity; self.label = label; self.field = field; self.mine = mine; self.theirs = theirs
        self.mineWon = mineWon; self.theirTime = theirTime; self.who = who
    }
}

/// `:conflicts`: every open conflict, newest first; `<` (or `m`) keeps my value, `>` (or `T`) theirs. Keeping
/// a value is an ordinary edit, so it syncs like any other and the conflict closes.
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

    /// `m` / `t` on the conflict under the cursor.
    mutating func keepConflictValue(mine: Bool) -> [Command] {
        guard case .conflicts(let s) = screen, let rows = s.rows, rows.indices.contains(s.cursor) else { return [] }
        return [.resolveConflict(id: rows[s.cursor].id, keepMine: mine)]
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
