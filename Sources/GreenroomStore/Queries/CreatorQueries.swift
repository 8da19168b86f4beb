import Foundation
import GRDB
import GreenroomCore

extension Store {
    /// The creator detail screen's data, or nil when the creator is gone.
    public func creatorDetail(id: String, now: Millis, days: Int = 90) throws -> CreatorDetail? {
        try read { db in
            guard let creator = try Creator.fetchOne(db, sql: "SELECT * FROM creator WHERE id = ? AND deleted = 0", arguments: [id]) else {
                return nil
            }
            let settings = try Store.loadSettings(db)
            let calendar = TeamCalendar(zone: settings.zone)
            let ranges = calendar.lastDays(days, endingAt: now)
            let windowStart = ranges.first!.lowerBound
            let sessions = try Row.fetchAll(db, sql: """
                SELECT started_at, minutes, peak_viewers, viewer_minutes, gifts FROM live_session
                WHERE creator_id = ? AND started_at >= ? AND started_at < ? ORDER BY started_at
                """, arguments: [id, windowStart, now])
            var daily = [Double](repeating: 0, count: days)
            var activeDays = Set<Int>()
            var totals = CreatorDetail.LiveTotals(minutes: 0, sessions: 0, activeDays: 0, peakViewers: 0, viewerMinutes: 0, gifts: 0, lastLiveAt: nil)
            var d = 0
            for s in sessions {
                let at: Millis = s["started_at"]
                while d < days - 1 && at >= ranges[d].upperBound { d += 1 }
                let minutes: Int = s["minutes"]
                daily[d] += Double(minutes) / 60
                activeDays.insert(d)
                totals.minutes += minutes
                totals.sessions += 1
                totals.peakViewers = max(totals.peakViewers, s["peak_viewers"])
                totals.viewerMinutes += s["viewer_minutes"] as Int
                totals.gifts += s["gifts"] as Int
            }
            totals.activeDays = activeDays.count
            totals.lastLiveAt = try Millis.fetchOne(db, sql: "SELECT MAX(started_at) FROM live_session WHERE creator_id = ? AND started_at < ?",
                                                    arguments: [id, now])
            let events = try Row.fetchAll(db, sql: """
                SELECT e.to_stage, e.at, e.reason, m.handle AS by_handle FROM stage_event e
                LEFT JOIN member m ON m.id = e.by_member_id
                WHERE e.creator_id = ? AND e.deleted = 0 ORDER BY e.at, e.rowid
                """, arguments: [id])
            var spans: [CreatorDetail.StageSpan] = []
            for (i, e) in events.enumerated() {
                let next: Millis? = i + 1 < events.count ? events[i + 1]["at"] : nil
                spans.append(CreatorDetail.StageSpan(stage: e["to_stage"], enteredAt: e["at"], exitedAt: next,
                                                     byHandle: e["by_handle"], reason: e["reason"]))
            }
            let activities = try Row.fetchAll(db, sql: """
                SELECT a.*, m.handle AS author_handle FROM activity a LEFT JOIN member m ON m.id = a.author_id
                WHERE a.creator_id = ? AND a.deleted = 0 ORDER BY a.at DESC, a.id DESC
                """, arguments: [id]).map { CreatorDetail.ActivityRow(activity: try Activity(row: $0), authorHandle: $0["author_handle"]) }
            let tickets = try Row.fetchAll(db, sql: """
                SELECT id, key, subject, status, priority, created_at FROM ticket
                WHERE requester_creator_id = ? AND deleted = 0
                ORDER BY CASE WHEN status IN ('solved','closed') THEN 1 ELSE 0 END, created_at DESC
                LIMIT 200
                """, arguments: [id]).map { r in
                    CreatorDetail.TicketRow(id: r["id"], key: try Store.shortKey(r["key"], db), subject: r["subject"],
                                            status: try decodeEnum(r, "status"), priority: try decodeEnum(r, "priority"), createdAt: r["created_at"])
                }
            let tags = try String.fetchAll(db, sql: "SELECT DISTINCT tag FROM creator_tag WHERE creator_id = ? AND deleted = 0 ORDER BY tag", arguments: [id])
            let network = try creator.networkID.flatMap { try Network.fetchOne(db, sql: "SELECT * FROM network WHERE id = ?", arguments: [$0]) }
            let owner = try creator.ownerID.flatMap { try String.fetchOne(db, sql: "SELECT handle FROM member WHERE id = ?", arguments: [$0]) }
            let health = try String.fetchOne(db, sql: "SELECT health FROM creator_stats WHERE creator_id = ?", arguments: [id])
                .flatMap(CreatorFilter.Health.init(rawValue:))
            var detail = CreatorDetail(creator: creator, ownerHandle: owner, network: network, tags: tags, dailyLiveHours: daily, totals: totals,
                                       stages: spans, activities: activities, tickets: tickets, health: health)
            detail.campaigns = try Store.creatorCampaigns(id, now: now, db)
            detail.teamName = try creator.teamID.flatMap { try String.fetchOne(db, sql: "SELECT name FROM team WHERE id = ? AND deleted = 0", arguments: [$0]) }
            detail.ruleFirings = try Row.fetchAll(db, sql: """
                SELECT ifnull(r.name, 'a removed rule') AS rule_name, f.fired_at, f.device, f.summary FROM rule_firing f
                LEFT JOIN automation_rule r ON r.id = f.rule_id WHERE f.creator_id = ? AND f.deleted = 0 ORDER BY f.fired_at DESC, f.id LIMIT 20
                """, arguments: [id]).map { RuleFiringRow(at: $0["fired_at"], rule: $0["rule_name"], device: $0["device"], summary: $0["summary"]) }
            return detail
        }
    }

    public func networks() throws -> [Network] {
        try read { db in try Network.fetchAll(db, sql: "SELECT * FROM network WHERE deleted = 0 ORDER BY name") }
    }

    public func creator(id: String) throws -> Creator? {
        try read { db in try Creator.fetchOne(db, sql: "SELECT * FROM creator WHERE id = ?", arguments: [id]) }
    }

    public func creator(handle: String) throws -> Creator? {
        try read { db in try Creator.fetchOne(db, sql: "SELECT * FROM creator WHERE handle = ? AND deleted = 0", arguments: [handle]) }
    }

    public func tags(ofCreator id: String) throws -> [String] {
        try read { db in try String.fetchAll(db, sql: "SELECT DISTINCT tag FROM creator_tag WHERE creator_id = ? AND deleted = 0 ORDER BY tag", arguments: [id]) }
    }

    /// Field-by-field problems with a creator about to be saved (empty when it is fine): a
    /// unique handle, a known market code, an existing owner and network.
    public func validate(_ draft: CreatorDraft, editing id: String?) throws -> [CreatorDraft.Field: String] {
        var errors = draft.formatErrors()
        try read { db in
            if errors[.handle] == nil,
               try Bool.fetchOne(db, sql: "SELECT 1 FROM creator WHERE handle = ? AND deleted = 0 AND id IS NOT ?",
                                 arguments: [draft.normalizedHandle, id]) == true {
                errors[.handle] = "\(draft.normalizedHandle) is already taken"
            }
            let owner = draft[.owner].trimmingCharacters(in: .whitespaces)
            if !owner.isEmpty {
                let handle = owner.hasPrefix("@") ? owner.lowercased() : "@" + owner.lowercased()
                if try Bool.fetchOne(db, sql: "SELECT 1 FROM member WHERE handle = ? AND deleted = 0", arguments: [handle]) != true {
                    errors[.owner] = "no teammate \(handle)"
                }
            }
            let network = draft[.network].trimmingCharacters(in: .whitespaces)
            if !network.isEmpty,
               try Bool.fetchOne(db, sql: "SELECT 1 FROM network WHERE lower(name) = lower(?) AND deleted = 0", arguments: [network]) != true {
                errors[.network] = "no network called \"\(network)\""
            }
            let team = draft[.team].trimmingCharacters(in: .whitespaces)
            if !team.isEmpty,
               try Bool.fetchOne(db, sql: "SELECT 1 FROM team WHERE name = ? COLLATE NOCASE AND deleted = 0", arguments: [team]) != true {
                errors[.team] = "no team called \"\(TerminalText.sanitize(team))\""
            }
        }
        return errors
    }

    /// A validated draft's team name as an id (nil: none).
    public func resolveTeam(_ draft: CreatorDraft) throws -> String? {
        let team = draft[.team].trimmingCharacters(in: .whitespaces)
        guard !team.isEmpty else { return nil }
        return try read { db in try String.fetchOne(db, sql: "SELECT id FROM team WHERE name = ? COLLATE NOCASE AND deleted = 0", arguments: [team]) }
    }

    /// Resolves a validated draft's owner and network names to ids.
    public func resolve(_ draft: CreatorDraft) throws -> (ownerID: String?, networkID: String?) {
        try read { db in
            let owner = draft[.owner].trimmingCharacters(in: .whitespaces)
            let network = draft[.network].trimmingCharacters(in: .whitespaces)
            let ownerID = owner.isEmpty ? nil : try String.fetchOne(db, sql: "SELECT id FROM member WHERE handle = ? AND deleted = 0",
                                                                     arguments: [owner.hasPrefix("@") ? owner.lowercased() : "@" + owner.lowercased()])
            let networkID = network.isEmpty ? nil : try String.fetchOne(db, sql: "SELECT id FROM network WHERE lower(name) = lower(?) AND deleted = 0",
                                                                         arguments: [network])
            return (ownerID, networkID)
        }
    }
}
