import Foundation
import GreenroomCore
import GreenroomStore
import GreenroomSync
import GreenroomTUI

/// Sync from the screen, and the deletes it holds.
extension CommandRunner {
    func run(_ command: SyncCommand, now: Millis) throws -> [Msg] {
        switch command {
        case .run:
            guard let folder = syncFolder else {
                return [.sync(.finished("No sync folder yet: run `greenroom sync --folder DIR` once, then S syncs with it", failed: true))]
            }
            let store = self.store
            let git = gitCarrier
            let deliver: @Sendable (Msg) -> Void = { [weak self] msg in self?.deliver(msg) }
            return [runInBackground(task: "sync") {
                do {
                    let progress: @Sendable (SyncProgress) -> Void = { p in
                        let share = p.total > 0 ? " \(Int(Double(p.done) * 100 / Double(p.total)))%" : ""
                        deliver(.sync(.progress("sync: \(p.phase.rawValue)\(share)")))
                    }
                    let syncer = Syncer(store: store, folder: folder)
                    var summary: SyncSummary
                    var carried = ""
                    if git {
                        // sync_carrier = "git": pull, sync, commit this laptop's files, push.
                        deliver(.sync(.progress("sync: git pull")))
                        let report = try GitCarrier(syncer: syncer).run(progress: progress)
                        summary = report.sync
                        carried = report.notes.first.map { " · git: \($0)" } ?? (report.pushed || report.committed ? " · \(report.outcome)" : "")
                    } else {
                        summary = try syncer.run(progress: progress)
                    }
                    let held = summary.heldDeletes.map { HeldDeleteRow(device: $0.device, description: $0.description) }
                    return [.sync(.finished(CommandRunner.describe(summary) + carried, failed: false)), .sync(.deletesHeld(held))]
                } catch {
                    return [.sync(.finished("Sync failed: \(error)", failed: true))]
                }
            }]
        case .decideDeletes(let device, let accept):
            guard let folder = syncFolder else { return [] }
            let store = self.store
            let author = try memberID()
            return [runInBackground(task: "sync") {
                let syncer = Syncer(store: store, folder: folder)
                let outcome: String
                if accept {
                    let n = try syncer.acceptDeletes(device: device)
                    outcome = "Applied \(n) held delete\(n == 1 ? "" : "s") from \(device)"
                } else {
                    let (restored, refused) = try syncer.keepDeleted(device: device, by: author)
                    outcome = "Kept \(restored) record\(restored == 1 ? "" : "s") \(device) deleted; the restores sync with the next S"
                        + (refused.isEmpty ? "" : " (\(refused.count) not restored: \(refused[0]))")
                }
                let held = try store.heldDeletes().map { HeldDeleteRow(device: $0.device, description: $0.description) }
                return [.sync(.finished(outcome, failed: false)), .sync(.deletesHeld(held))]
            }]
        }
    }
}

extension CommandRunner {
    /// A sync's summary in one status line.
    static func describe(_ s: SyncSummary) -> String {
        var parts = ["Synced: \(s.filesRead) file\(s.filesRead == 1 ? "" : "s") read", "\(s.applied) change\(s.applied == 1 ? "" : "s") applied",
                     "\(s.exported) sent"]
        if s.autoAssigned > 0 { parts.append("\(s.autoAssigned) assigned by team rules") }
        if s.ruleFirings > 0 { parts.append("\(s.ruleFirings) automation firing\(s.ruleFirings == 1 ? "" : "s")") }
        if s.conflicts > 0 { parts.append("\(s.conflicts) conflict\(s.conflicts == 1 ? "" : "s") (:conflicts)") }
        if s.quarantined > 0 { parts.append("\(s.quarantined) quarantined (greenroom sync status)") }
        if s.waiting > 0 { parts.append("\(s.waiting) waiting for rows not here yet") }
        if !s.heldDeletes.isEmpty { parts.append("deletes held: \(s.heldDeletes.map(\.description).joined(separator: "; "))") }
        for notice in s.notices.prefix(1) { parts.append(notice) }
        if let first = s.skipped.first { parts.append("\(s.skipped.count) skipped (\(first))") }
        return parts.joined(separator: ", ")
    }
}
