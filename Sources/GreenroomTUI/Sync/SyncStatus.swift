import GreenroomCore

// Sync from the screen: `S` syncs in the background with progress in the status line; the
// deletes its fail-safe holds are asked about; the header shows the last sync and conflicts.

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

    /// After a sync: deletes the fail-safe holds ask what to do, one device at a time, unless
    /// something else is open (they are asked again after the next sync).
    mutating func deletesHeld(_ rows: [HeldDeleteRow]) -> [Command] {
        guard overlay == nil, let first = rows.first else { return [] }
        overlay = .confirm(ConfirmState(message: "Sync held \(first.description) that would be deleted. Apply the deletes?",
                                        action: .acceptDeletes(device: first.device)))
        return []
    }
}
