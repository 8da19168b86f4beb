import GreenroomCore

/// A deleted creator, ticket or activity, as `:trash` lists it.
public struct TrashRow: Hashable, Sendable {
    /// "creator", "ticket" or "activity".
    public var kind: String
    public var id: String
    public var label: String
    public var deletedAt: Millis?
    /// The laptop that deleted it ("this laptop", a peer's name, or its device id).
    public var deletedBy: String

    public init(kind: String, id: String, label: String, deletedAt: Millis?, deletedBy: String) {
        self.kind = kind; self.id = id; self.label = label; self.deletedAt = deletedAt; self.deletedBy = deletedBy
    }
}

/// `:trash` (issue 19): deleted creators, tickets and activities, most recently deleted
/// first; `r` (or Enter) brings the one under the cursor back. A restore is an ordinary
/// synced write, so it reaches every laptop, and `u` undoes it.
public struct TrashScreen: Hashable, Sendable {
    public var rows: [TrashRow]?
    public var cursor = 0
    public var returnFocus: Pane

    public init(returnFocus: Pane) { self.returnFocus = returnFocus }
}

/// A peer's deletes the sync's fail-safe holds (`greenroom sync --accept-deletes`).
public struct HeldDeleteRow: Hashable, Sendable {
    public var device: String
    /// "5,000 creators from ana-laptop (a1b2…)".
    public var description: String

    public init(device: String, description: String) {
        self.device = device; self.description = description
    }
}

extension Model {
    mutating func openTrash() -> [Command] {
        overlay = nil
        screen = .trash(TrashScreen(returnFocus: returnFocusForScreens))
        return [.loadTrash]
    }

    mutating func trashLoaded(_ rows: [TrashRow]) -> [Command] {
        guard case .trash(var s) = screen else { return [] }
        s.rows = rows
        s.cursor = rows.isEmpty ? 0 : min(s.cursor, rows.count - 1)
        screen = .trash(s)
        return []
    }

    /// `r` / Enter on the trash: restore the record under the cursor.
    mutating func restoreFromTrash() -> [Command] {
        guard case .trash(let s) = screen, let rows = s.rows, rows.indices.contains(s.cursor) else { return [] }
        let row = rows[s.cursor]
        return [.restoreFromTrash(kind: row.kind, id: row.id, label: row.label)]
    }

    /// After a sync: deletes the fail-safe holds ask what to do, one device at a time, unless
    /// something else is open (they are asked again after the next sync).
    mutating func deletesHeld(_ rows: [HeldDeleteRow]) -> [Command] {
        guard overlay == nil, let first = rows.first else { return [] }
        overlay = .confirm(ConfirmState(message: "Sync held \(first.description) that would be deleted. Apply the deletes?",
                                        action: .acceptDeletes(device: first.device)))
        return []
    }
}
