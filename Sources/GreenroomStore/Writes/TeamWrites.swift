import Foundation
import GRDB
import GreenroomCore

/// Teams, their members, shifts and time off (issue 24). Each write validates first and
/// throws a one-line reason before touching anything, then writes in one transaction
/// through the stamped path, so every change syncs.
extension Store {
    /// Longest team name accepted.
    public static let teamNameLimit = 60

    static func checkedZone(_ raw: String) throws -> String {
        let zone = raw.trimmingCharacters(in: .whitespaces)
        guard zone.count <= 64, TimeZone(identifier: zone) != nil else {
            throw GreenroomError.invalidInput("\"\(TerminalText.sanitize(zone))\" is not a time zone (an IANA name such as Europe/Madrid or America/Mexico_City)")
        }
        return zone
    }

    static func checkedCapacity(_ n: Int) throws -> Int {
        guard Team.capacityRange.contains(n) else {
            throw GreenroomError.invalidInput("capacity must be from \(Team.capacityRange.lowerBound) to \(Team.capacityRange.upperBound) open tickets (got \(n))")
        }
        return n
    }

    static func team(named name: String, _ db: Database) throws -> Team {
        let key = name.trimmingCharacters(in: .whitespaces)
        guard let team = try Team.fetchOne(db, sql: "SELECT \(Team.selectColumns) FROM team WHERE deleted = 0 AND name = ? COLLATE NOCASE", arguments: [key]) else {
            let known = try String.fetchAll(db, sql: "SELECT name FROM team WHERE deleted = 0 ORDER BY name COLLATE NOCASE")
            let hint = known.isEmpty ? "there are no teams yet (greenroom team add NAME)" : "teams: " + known.map { "\"\(TerminalText.sanitize($0))\"" }.joined(separator: ", ")
            throw GreenroomError.invalidInput("no team called \"\(TerminalText.sanitize(key))\"; \(hint)")
        }
        return team
    }

    /// The team called `name` (case ignored), if any.
    public func team(named name: String) throws -> Team? {
        try read { db in try? Store.team(named: name, db) }
    }

    /// Every team, by name.
    public func teams() throws -> [Team] {
        try read { db in try Team.fetchAll(db, sql: "SELECT \(Team.selectColumns) FROM team WHERE deleted = 0 ORDER BY name COLLATE NOCASE") }
    }

    /// Adds a team. `lead`: a member handle; `timeZone`: nil takes the team setting's zone.
    public func addTeam(name: String, lead: String? = nil, timeZone: String? = nil, assignment: AssignmentMode = .off,
                        capacity: Int = Team.defaultCapacity) throws -> Team {
        let name = try Store.cleanName(name, "a team name", limit: Store.teamNameLimit)
        let capacity = try Store.checkedCapacity(capacity)
        let zone = try timeZone.map(Store.checkedZone)
        return try write { db in
            let taken = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM team WHERE deleted = 0 AND name = ? COLLATE NOCASE)", arguments: [name]) ?? false
            guard !taken else { throw GreenroomError.invalidInput("there is already a team called \"\(TerminalText.sanitize(name))\"") }
            let leadID = try lead.flatMap { try Store.memberID($0, option: "--lead", db) }
            let team = Team(id: UUIDv7.make(millis: wallClock.now()), name: name, leadID: leadID,
                            timeZone: try zone ?? Store.loadSettings(db).team.timeZone, assignment: assignment, capacity: capacity)
            try insertStamped(team, in: db)
            if let leadID { try join(team: team, memberID: leadID, capacity: nil, db) }
            return team
        }
    }

    /// Changes what is given of a team; nil leaves a field as it is (`lead: "none"` clears it).
    public func editTeam(_ name: String, rename: String? = nil, lead: String? = nil, timeZone: String? = nil,
                         assignment: AssignmentMode? = nil, capacity: Int? = nil) throws -> Team {
        let rename = try rename.map { try Store.cleanName($0, "a team name", limit: Store.teamNameLimit) }
        let zone = try timeZone.map(Store.checkedZone)
        let capacity = try capacity.map(Store.checkedCapacity)
        return try write { db in
            var team = try Store.team(named: name, db)
            var fields: [String: DatabaseValue] = [:]
            if let rename, rename != team.name {
                let taken = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM team WHERE deleted = 0 AND name = ? COLLATE NOCASE AND id <> ?)",
                                              arguments: [rename, team.id]) ?? false
                guard !taken else { throw GreenroomError.invalidInput("there is already a team called \"\(TerminalText.sanitize(rename))\"") }
                team.name = rename; fields["name"] = rename.databaseValue
            }
            if let lead {
                let id = try Store.memberID(lead, option: "--lead", db)
                if id != team.leadID { team.leadID = id; fields["lead_id"] = id.databaseValue }
                if let id { try join(team: team, memberID: id, capacity: nil, db) }
            }
            if let zone, zone != team.timeZone { team.timeZone = zone; fields["time_zone"] = zone.databaseValue }
            if let assignment, assignment != team.assignment { team.assignment = assignment; fields["assignment"] = assignment.rawValue.databaseValue }
            if let capacity, capacity != team.capacity { team.capacity = capacity; fields["capacity"] = capacity.databaseValue }
            if !fields.isEmpty { try updateStamped(.team, id: team.id, fields: fields, in: db) }
            return team
        }
    }

    /// Removes a team (a synced tombstone; `greenroom trash` restores it). Its tickets keep
    /// their team id and show no team until it is restored.
    public func removeTeam(_ name: String) throws -> Team {
        try write { db in
            let team = try Store.team(named: name, db)
            try updateStamped(.team, id: team.id, fields: ["deleted": true.databaseValue], in: db)
            return team
        }
    }

    private func join(team: Team, memberID: String, capacity: Int?, _ db: Database) throws {
        let id = TeamMember.id(team: team.id, member: memberID)
        if let current = try TeamMember.fetchOne(db, sql: "SELECT \(TeamMember.selectColumns) FROM team_member WHERE id = ?", arguments: [id]) {
            var fields: [String: DatabaseValue] = [:]
            if current.deleted { fields["deleted"] = false.databaseValue }
            if let capacity, capacity != current.capacity { fields["capacity"] = capacity.databaseValue }
            if !fields.isEmpty { try updateStamped(.teamMember, id: id, fields: fields, in: db) }
        } else {
            try insertStamped(TeamMember(id: id, teamID: team.id, memberID: memberID, capacity: capacity), in: db)
        }
    }

    /// Puts members (by handle) on a team; `capacity` sets their own limit (nil: the team's).
    public func addToTeam(_ name: String, handles: [String], capacity: Int? = nil) throws -> Team {
        guard !handles.isEmpty else { throw GreenroomError.invalidInput("name the members to add (@handle …)") }
        let capacity = try capacity.map(Store.checkedCapacity)
        return try write { db in
            let team = try Store.team(named: name, db)
            for handle in handles {
                guard let id = try Store.memberID(handle, option: "a member", db) else { throw GreenroomError.invalidInput("name a member, not none") }
                try join(team: team, memberID: id, capacity: capacity, db)
            }
            return team
        }
    }

    /// Takes members off a team (their tickets stay theirs).
    public func removeFromTeam(_ name: String, handles: [String]) throws -> Team {
        try write { db in
            let team = try Store.team(named: name, db)
            for handle in handles {
                guard let member = try Store.memberID(handle, option: "a member", db) else { continue }
                let id = TeamMember.id(team: team.id, member: member)
                guard try Bool.fetchOne(db, sql: "SELECT deleted = 0 FROM team_member WHERE id = ?", arguments: [id]) == true else {
                    throw GreenroomError.invalidInput("\(TerminalText.sanitize(handle)) is not on \(TerminalText.sanitize(team.name))")
                }
                try updateStamped(.teamMember, id: id, fields: ["deleted": true.databaseValue], in: db)
            }
            return team
        }
    }

    /// Sets a member's weekly shifts (`WeeklySchedule`; empty clears them) and the zone they
    /// are written in (nil keeps theirs, else the team setting's). Returns the stored form.
    @discardableResult
    public func setSchedule(handle: String, schedule: String?, timeZone: String?) throws -> Member {
        let canonical = try schedule.map { try WeeklySchedule(parsing: $0).canonical }
        let zone = try timeZone.map(Store.checkedZone)
        return try write { db in
            guard let id = try Store.memberID(handle, option: "a member", db),
                  var member = try Member.fetchOne(db, sql: "SELECT * FROM member WHERE id = ?", arguments: [id]) else {
                throw GreenroomError.invalidInput("name a member, not none")
            }
            var fields: [String: DatabaseValue] = [:]
            if let canonical {
                let value: String? = canonical.isEmpty ? nil : canonical
                if value != member.schedule { member.schedule = value; fields["schedule"] = value.databaseValue }
            }
            if let zone, zone != member.timeZone { member.timeZone = zone; fields["time_zone"] = zone.databaseValue }
            if !fields.isEmpty { try updateStamped(.member, id: id, fields: fields, in: db) }
            return member
        }
    }

    /// Records time off for a member: [from, to).
    public func addTimeOff(handle: String, from: Millis, to: Millis, kind: ShiftExceptionKind, note: String? = nil) throws -> ShiftException {
        guard to > from else { throw GreenroomError.invalidInput("time off must end after it starts") }
        guard from >= FieldRules.earliestTime, to < FieldRules.latestTime else { throw GreenroomError.invalidInput("time off must fall between 2000 and 2099") }
        let note = try note.map { try Store.cleanName($0, "a note", limit: 200) }
        return try write { db in
            guard let id = try Store.memberID(handle, option: "a member", db) else { throw GreenroomError.invalidInput("name a member, not none") }
            let x = ShiftException(id: UUIDv7.make(millis: wallClock.now()), memberID: id, startsAt: from, endsAt: to, kind: kind, note: note)
            try insertStamped(x, in: db)
            return x
        }
    }

    /// A member's time off that has not ended by `now`, soonest first.
    public func timeOff(handle: String? = nil, now: Millis) throws -> [(handle: String, exception: ShiftException)] {
        try read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT m.handle, x.* FROM shift_exception x JOIN member m ON m.id = x.member_id
                WHERE x.deleted = 0 AND x.ends_at > ? AND (? IS NULL OR m.handle = ?) ORDER BY x.starts_at, m.handle
                """, arguments: [now, handle, handle])
            return try rows.map { (handle: $0["handle"], exception: try ShiftException(row: $0)) }
        }
    }

    /// Gives tickets to a team (nil: no team). Returns how many changed.
    @discardableResult
    public func setTeam(ticketIDs: [String], team name: String?) throws -> Int {
        try write { db in
            let teamID = try name.map { try Store.team(named: $0, db).id }
            var changed = 0
            for id in ticketIDs {
                guard let current = try Row.fetchOne(db, sql: "SELECT team_id, deleted FROM ticket WHERE id = ?", arguments: [id]) else {
                    throw GreenroomError.invalidInput("no ticket with id \(TerminalText.sanitize(id))")
                }
                guard (current["deleted"] as Bool?) == false else { throw GreenroomError.invalidInput("that ticket was deleted") }
                if (current["team_id"] as String?) != teamID {
                    try updateStamped(.ticket, id: id, fields: ["team_id": teamID.databaseValue], in: db)
                    changed += 1
                }
            }
            return changed
        }
    }
}
