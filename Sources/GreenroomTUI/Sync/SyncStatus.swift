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
        return [.sync(.run)]
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

/// What happens to a sync from the screen.
public enum SyncMsg: Sendable {
    /// A running sync's progress ("sync: reading 40%").
    case progress(String)
    /// A sync ended: its one-line summary, and whether it failed.
    case finished(String, failed: Bool)
    /// After a sync: peers' deletes the fail-safe holds, waiting for a decision.
    case deletesHeld([HeldDeleteRow])
}

/// What a sync from the screen asks the runtime for.
public enum SyncCommand: Hashable, Sendable {
    /// Import what is new in the sync folder, then export local changes (DESIGN.md §6).
    case run
    /// Apply the deletes held from a device, or keep its records (restored by synced writes).
    case decideDeletes(device: String, accept: Bool)
}

extension Model {
    /// A sync message.
    mutating func updateSync(_ msg: SyncMsg) -> [Command] {
        switch msg {
        case .progress(let text):
            if syncProgress != nil { syncProgress = text }
            return []
        case .finished(let summary, let failed): return syncFinished(summary, failed: failed)
        case .deletesHeld(let rows): return deletesHeld(rows)
        }
    }
}
