import Foundation
import GRDB
import GreenroomCore

/// Removing issue 26's records (`greenroom program|workshop|community|task remove`): a
/// soft delete like a creator's — the record gets a tombstone (a synced write, restorable
/// from `:trash` or `greenroom trash restore`) and what hangs off it (modules, enrolments,
/// completions, invitations, memberships) is left as it was, hidden while the record is
/// removed and back with the restore. The plan is read first (`…Removal`) so the caller can
/// say what would go and ask for a confirmation; an unknown name is a one-line reason.
extension Store {
    public func programRemoval(ref: String) throws -> Removal {
        let p = try program(ref: ref)
        let s = try programSummaries().first { $0.program.id == p.id }
        var holds = [plural(s?.modules ?? 0, "module"), "\(Store.grouped(s?.enrolled ?? 0)) enrolled"]
        if let done = s?.completed, done > 0 { holds.append("\(Store.grouped(done)) completed") }
        let workshops = try read { db in
            try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM workshop w JOIN program_module m ON m.id = w.module_id WHERE m.program_id = ? AND w.deleted = 0
                """, arguments: [p.id]) ?? 0
        }
        if workshops > 0 { holds.append(plural(workshops, "linked workshop") + " (kept; attending no longer completes a module)") }
        return Removal(entity: .program, ids: [p.id], what: "program \"\(TerminalText.sanitize(p.name))\"", holds: holds.joined(separator: ", "))
    }

    public func workshopRemoval(ref: String) throws -> Removal {
        let w = try workshop(ref: ref)
        let s = try workshops().first { $0.workshop.id == w.id }
        let holds = (s?.invited ?? 0) > 0 ? "\(Store.grouped(s!.invited)) invited, \(Store.grouped(s!.attended)) attended" : ""
        return Removal(entity: .workshop, ids: [w.id], what: "workshop \"\(TerminalText.sanitize(w.title))\"", holds: holds)
    }

    public func communityRemoval(ref: String) throws -> Removal {
        let c = try community(ref: ref)
        let s = try communitySummaries().first { $0.community.id == c.id }
        var holds: [String] = []
        if let m = s?.members, m > 0 { holds.append(plural(m, "member")) }
        if let l = s?.left, l > 0 { holds.append("\(Store.grouped(l)) who left") }
        return Removal(entity: .community, ids: [c.id], what: "community \"\(TerminalText.sanitize(c.name))\"", holds: holds.joined(separator: ", "))
    }

    /// Tasks by `ref`: one task's id (or its last 12 characters, as `task list` shows), or a
    /// title (any case) — every creator's task of that title, or only `creatorIDs`' when
    /// given. A title given over more than one window needs `start` (its first day) to say
    /// which.
    public func taskRemoval(ref: String, creatorIDs: [String] = [], start: String? = nil) throws -> Removal {
        let wanted = ref.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !wanted.isEmpty else { throw GreenroomError.invalidInput("name the task by its title or its id") }
        let rows = try taskRows(now: now)
        var matches = rows.filter { $0.task.id == wanted.lowercased() || (wanted.count >= 8 && $0.task.id.hasSuffix(wanted.lowercased())) }
        if matches.isEmpty { matches = rows.filter { $0.task.title.lowercased() == wanted.lowercased() } }
        guard !matches.isEmpty else { throw GreenroomError.invalidInput("no task matches \"\(TerminalText.sanitize(wanted))\" (see greenroom task list)") }
        if !creatorIDs.isEmpty {
            let only = Set(creatorIDs)
            matches = matches.filter { only.contains($0.task.creatorID) }
            guard !matches.isEmpty else { throw GreenroomError.invalidInput("none of those creators has the task \"\(TerminalText.sanitize(wanted))\"") }
        }
        if let start {
            matches = matches.filter { $0.task.startDate == start }
            guard !matches.isEmpty else { throw GreenroomError.invalidInput("no task \"\(TerminalText.sanitize(wanted))\" starts on \(TerminalText.sanitize(start))") }
        }
        return try taskRemoval(of: matches, named: wanted)
    }

    /// The tasks with these ids (the app's `d`: a task as it was given, or one creator's),
    /// planned as `taskRemoval(ref:)` plans them.
    public func taskRemoval(ids: [String]) throws -> Removal {
        let wanted = Set(ids)
        let matches = try taskRows(now: now).filter { wanted.contains($0.task.id) }
        guard !matches.isEmpty else { throw GreenroomError.invalidInput("those tasks no longer exist") }
        return try taskRemoval(of: matches, named: matches[0].task.title)
    }

    /// The removal of `matches`, which must share one window; `name` is what the caller
    /// named them by.
    private func taskRemoval(of matches: [TaskRow], named name: String) throws -> Removal {
        let windows = Set(matches.map { "\($0.task.startDate)…\($0.task.endDate)" }).sorted()
        guard windows.count == 1 else {
            throw GreenroomError.invalidInput("\"\(TerminalText.sanitize(name))\" names tasks over \(windows.count) windows (\(windows.joined(separator: ", "))): add --start YYYY-MM-DD")
        }
        let title = TerminalText.sanitize(matches[0].task.title)
        var holds = [windows[0]]
        let paid = matches.filter { $0.task.paidAt != nil }.count
        let due = matches.filter { $0.task.paidAt == nil && $0.progress.state == .completed }.count
        if paid > 0 { holds.append("\(Store.grouped(paid)) already paid") }
        if due > 0 { holds.append("\(Store.grouped(due)) with a reward due") }
        let who = matches.count == 1 ? " for \(TerminalText.sanitize(matches[0].handle))" : ""
        return Removal(entity: .incentiveTask, ids: matches.map(\.task.id).sorted(),
                       what: (matches.count == 1 ? "task" : "\(Store.grouped(matches.count)) tasks") + " \"\(title)\"\(who)",
                       holds: holds.joined(separator: ", "))
    }

    /// Tombstones what `removal` names, in one synced change; returns its inverse (a restore,
    /// which `u` in the app applies).
    @discardableResult
    public func remove(_ removal: Removal, by memberID: String?) throws -> ChangeSet {
        guard [.program, .workshop, .community, .incentiveTask].contains(removal.entity), !removal.ids.isEmpty else {
            throw GreenroomError.invalidInput("nothing to remove")
        }
        return try apply(ChangeSet("Removed \(removal.what)", removal.ids.map { .update(removal.entity, id: $0, fields: ["deleted": FieldValue(true)]) }),
                         by: memberID)
    }

    private func plural(_ n: Int, _ word: String) -> String { "\(Store.grouped(n)) \(word)\(n == 1 ? "" : "s")" }

    /// 12,400 (as the held-deletes line writes counts).
    static func grouped(_ n: Int) -> String { n.formatted(.number.grouping(.automatic)) }
}
