import Foundation
import GRDB
import GreenroomCore

/// Workshop writes (issue 26): scheduling, invitations within capacity, attendance. Each
/// validates first and throws a one-line reason before touching anything; writes are stamped
/// and sync.
extension Store {
    /// Adds a workshop. `starts` is `YYYY-MM-DDTHH:MM` in the team's time zone or an ISO
    /// 8601 instant; `module` is a module title of `program` (both or neither).
    public func addWorkshop(title: String, starts: String, minutes: Int, host: String?, market: String, capacity: Int,
                            link: String?, programID: String? = nil, module: String? = nil) throws -> Workshop {
        let title = try Store.cleanName(title, "a workshop title")
        guard (1...24 * 60).contains(minutes) else { throw GreenroomError.invalidInput("--minutes is a length from 1 to 1440") }
        guard (0...1_000_000).contains(capacity) else { throw GreenroomError.invalidInput("--capacity is a whole number from 0 (no limit)") }
        let market = market.uppercased()
        guard Market.isValid(market) else { throw GreenroomError.invalidInput("--market: \"\(TerminalText.sanitize(market))\" is not an ISO country code") }
        let link = link?.trimmingCharacters(in: .whitespacesAndNewlines)
        if let link { _ = try Store.cleanName(link, "a link", limit: 500) }
        return try write { db in
            let zone = try Store.loadSettings(db).zone
            guard let at = Store.parseInstant(starts, zone: zone) else {
                throw GreenroomError.invalidInput("--starts: not a time (YYYY-MM-DDTHH:MM in the team's time zone, or ISO 8601): \"\(TerminalText.sanitize(starts))\"")
            }
            var moduleID: String?
            if let module {
                guard let programID else { throw GreenroomError.invalidInput("--module needs --program") }
                let modules = try Store.modules(programID, db)
                guard let m = modules.first(where: { $0.title.lowercased() == module.lowercased() }) ?? modules.first(where: { $0.title.lowercased().hasPrefix(module.lowercased()) }) else {
                    throw GreenroomError.invalidInput("no module \"\(TerminalText.sanitize(module))\" in that program (\(modules.map(\.title).joined(separator: ", ")))")
                }
                moduleID = m.id
            }
            let w = Workshop(id: UUIDv7.make(millis: wallClock.now()), title: title, startsAt: at, minutes: minutes,
                             hostID: try host.flatMap { try Store.memberID($0, option: "--host", db) }, market: market, capacity: capacity,
                             link: link?.isEmpty == true ? nil : link, moduleID: moduleID)
            try insertStamped(w, in: db)
            return w
        }
    }

    /// `2026-11-24T15:00` (local) or a full ISO 8601 instant.
    static func parseInstant(_ text: String, zone: TimeZone) -> Millis? {
        if let at = Time.parseISO(text) { return at }
        let parts = text.split(separator: "T", maxSplits: 1).map(String.init)
        guard parts.count == 2, let day = Campaign.day(parts[0], zone: zone) else { return nil }
        let hm = parts[1].split(separator: ":").map { Int($0) }
        guard hm.count == 2, let h = hm[0], let m = hm[1], (0..<24).contains(h), (0..<60).contains(m) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar.date(bySettingHour: h, minute: m, second: 0, of: Time.date(day)).map(Time.millis)
    }

    /// Invites creators; refuses going over the workshop's capacity (0: no limit).
    @discardableResult
    public func invite(workshopID: String, creatorIDs: [String]) throws -> (added: Int, already: [String]) {
        guard !creatorIDs.isEmpty else { throw GreenroomError.invalidInput("no creators to invite") }
        return try write { db in
            guard let w = try Workshop.fetchOne(db, sql: "SELECT \(Workshop.selectColumns) FROM workshop WHERE id = ? AND deleted = 0", arguments: [workshopID]) else {
                throw GreenroomError.invalidInput("that workshop no longer exists")
            }
            let unique = Array(Set(creatorIDs)).sorted()
            for creator in unique {
                guard try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM creator WHERE id = ? AND deleted = 0)", arguments: [creator]) == true else {
                    throw GreenroomError.invalidInput("no creator with id \(TerminalText.sanitize(creator))")
                }
            }
            // A deleted creator's invitation holds no seat while they are deleted (it is hidden).
            let invited = Set(try String.fetchAll(db, sql: """
                SELECT e.creator_id FROM workshop_invite e WHERE e.workshop_id = ? AND e.deleted = 0 AND \(Store.liveEnrolledCreator)
                """, arguments: [workshopID]))
            let new = unique.filter { !invited.contains($0) }
            if w.capacity > 0 && invited.count + new.count > w.capacity {
                throw GreenroomError.invalidInput("\"\(TerminalText.sanitize(w.title))\" has \(w.capacity) seats and \(invited.count) invited: \(new.count) more would not fit")
            }
            let now = wallClock.now()
            for creator in new {
                let id = WorkshopInvite.id(workshop: workshopID, creator: creator)
                if try Bool.fetchOne(db, sql: "SELECT deleted FROM workshop_invite WHERE id = ?", arguments: [id]) == true {
                    try updateStamped(.workshopInvite, id: id, fields: ["deleted": false.databaseValue, "attended": false.databaseValue, "invited_at": now.databaseValue], in: db)
                } else {
                    try insertStamped(WorkshopInvite(id: id, workshopID: workshopID, creatorID: creator, invitedAt: now), in: db)
                }
            }
            return (new.count, unique.filter { invited.contains($0) })
        }
    }

    /// Marks an invited creator present or absent. Present writes a `workshop` activity to the
    /// creator's log (dated at the workshop's start; its id derived from the invitation, so
    /// marking twice or on two laptops is one activity) and, when the workshop completes a
    /// program module and the creator is enrolled in that program, completes the module.
    /// Absent again tombstones that activity and takes back a completion the workshop made
    /// (one dated at its start). Returns false when nothing changed.
    @discardableResult
    public func setAttendance(workshopID: String, creatorID: String, present: Bool, by memberID: String? = nil) throws -> Bool {
        try write { db in
            guard let w = try Workshop.fetchOne(db, sql: "SELECT \(Workshop.selectColumns) FROM workshop WHERE id = ? AND deleted = 0", arguments: [workshopID]) else {
                throw GreenroomError.invalidInput("that workshop no longer exists")
            }
            let inviteID = WorkshopInvite.id(workshop: workshopID, creator: creatorID)
            guard let attended = try Bool.fetchOne(db, sql: "SELECT attended FROM workshop_invite WHERE id = ? AND deleted = 0", arguments: [inviteID]) else {
                let handle = try String.fetchOne(db, sql: "SELECT handle FROM creator WHERE id = ?", arguments: [creatorID]).map { TerminalText.sanitize($0) } ?? "that creator"
                throw GreenroomError.invalidInput("\(handle) was not invited to \"\(TerminalText.sanitize(w.title))\"")
            }
            guard attended != present else { return false }
            try updateStamped(.workshopInvite, id: inviteID, fields: ["attended": present.databaseValue], in: db)
            let activityID = WorkshopInvite.attendanceActivityID(invite: inviteID, startsAt: w.startsAt)
            switch (present, try Bool.fetchOne(db, sql: "SELECT deleted FROM activity WHERE id = ?", arguments: [activityID])) {
            case (true, nil):
                try insertStamped(Activity(id: activityID, creatorID: creatorID, kind: .workshop, authorID: memberID, at: w.startsAt,
                                           summary: "Attended workshop: \(w.title)", done: true), in: db)
            case (true, true?):
                try updateStamped(.activity, id: activityID, fields: ["deleted": false.databaseValue], in: db)
            case (false, false?):
                try updateStamped(.activity, id: activityID, fields: ["deleted": true.databaseValue], in: db)
            default:
                break
            }
            if let moduleID = w.moduleID,
               let programID = try String.fetchOne(db, sql: """
                   SELECT m.program_id FROM program_module m JOIN program p ON p.id = m.program_id WHERE m.id = ? AND m.deleted = 0 AND p.deleted = 0
                   """, arguments: [moduleID]),
               try Bool.fetchOne(db, sql: "SELECT deleted FROM program_enrolment WHERE id = ?", arguments: [ProgramEnrolment.id(program: programID, creator: creatorID)]) == false {
                let completionID = ModuleCompletion.id(module: moduleID, creator: creatorID)
                let current = try Row.fetchOne(db, sql: "SELECT deleted, completed_at FROM module_completion WHERE id = ?", arguments: [completionID])
                let live = current.map { ($0[0] as Bool) == false } ?? false
                if present && !live {
                    _ = try completeModule(programID: programID, creatorID: creatorID, moduleID: moduleID, at: w.startsAt, db)
                } else if !present, live, let current, (current[1] as Millis) == w.startsAt {
                    try updateStamped(.moduleCompletion, id: completionID, fields: ["deleted": true.databaseValue], in: db)
                }
            }
            return true
        }
    }
}
