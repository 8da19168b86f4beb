import Foundation
import GRDB
import GreenroomCore

/// Every local write goes through here: each changed field gets a hybrid-logical-clock stamp
/// and the change is appended to `outbox` in the same transaction (DESIGN.md §6).
extension Store {
    /// The stamp of values every laptop seeds identically (default settings and SLA
    /// policies): older than any real write, so any edit wins over a default.
    static let genesis = HLC(physical: 0, counter: 0, device: "0000000000000000")

    /// A new stamp for a local write.
    func nextStamp() -> HLC {
        let wall = wallClock.now()
        return hlc.withLock { $0.tick(wallMillis: wall) }
    }

    /// Remembers the clock so stamps stay monotonic across restarts, even if the wall clock
    /// goes backwards.
    func persistClock(_ db: Database) throws {
        let latest = hlc.withLock { $0.latest }
        try db.cachedStatement(sql: "INSERT INTO meta(key, value) VALUES ('hlc', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value")
                       .execute(arguments: [latest.encoded])
    }

    /// Inserts a record stamped with a fresh HLC and records an `insert` operation.
    func insertStamped<R: StoredRecord>(_ record: R, in db: Database) throws {
        if let problem = Store.fieldProblem(record) {
            throw GreenroomError.invalidInput("\(R.entity.rawValue.replacingOccurrences(of: "_", with: " ")) \(TerminalText.sanitize(problem))")
        }
        let stamp = nextStamp()
        try db.cachedStatement(sql: R.insertSQL).execute(arguments: StatementArguments(record.databaseValues + [stamp.encoded.databaseValue]))
        var fields = record.fieldDictionary
        fields.removeValue(forKey: "id")
        try appendOutbox(db, stamp: stamp, op: "insert", entity: R.entity, rowID: record.id, fields: fields, prev: [:])
        try afterWrite(db, entity: R.entity, rowID: record.id)
    }

    /// Sets some fields of an existing row; each gets its own stamp in `field_stamp`.
    func updateStamped(_ entity: Entity, id: String, fields: [String: DatabaseValue], in db: Database) throws {
        guard !fields.isEmpty else { return }
        try Store.checkFields(entity, fields, insert: false)
        let stamp = nextStamp()
        let names = fields.keys.sorted()
        guard let current = try Row.fetchOne(db.cachedStatement(sql: "SELECT hlc, \(names.joined(separator: ", ")) FROM \(entity.rawValue) WHERE id = ?"),
                                             arguments: [id]) else {
            throw GreenroomError.invalidInput("no \(entity.rawValue) with id \(id)")
        }
        let rowStamp: String = current[0]
        var prev: [String: String] = [:]
        let stamped = try Row.fetchAll(db.cachedStatement(sql: "SELECT field, hlc, prev FROM field_stamp WHERE entity = ? AND row_id = ?"),
                                       arguments: [entity.rawValue, id])
        let byField = Dictionary(stamped.map { ($0["field"] as String, ($0["hlc"] as String, $0["prev"] as String?)) }, uniquingKeysWith: { a, _ in a })
        for name in names { prev[name] = byField[name]?.0 ?? rowStamp }
        // The field's history (conflicts are computed from it): what it held, and this write.
        for (i, name) in names.enumerated() {
            let key = FieldKey(entity: entity, rowID: id, field: name)
            let before = ConflictRule.Write(hlc: prev[name]!, prev: byField[name]?.1, value: Store.fieldValue(current[i + 1] as DatabaseValue))
            try ConflictBook.record(key, before: before, write: ConflictRule.Write(hlc: stamp.encoded, prev: prev[name], value: Store.fieldValue(fields[name]!)), db)
        }
        let assignments = names.map { "\($0) = ?" }.joined(separator: ", ")
        try db.cachedStatement(sql: "UPDATE \(entity.rawValue) SET \(assignments) WHERE id = ?")
                       .execute(arguments: StatementArguments(names.map { fields[$0]! } + [id.databaseValue]))
        for name in names {
            try db.cachedStatement(sql: """
                INSERT INTO field_stamp(entity, row_id, field, hlc, prev) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT(entity, row_id, field) DO UPDATE SET hlc = excluded.hlc, prev = excluded.prev
                """).execute(arguments: [entity.rawValue, id, name, stamp.encoded, prev[name]])
        }
        try appendOutbox(db, stamp: stamp, op: "set", entity: entity, rowID: id, fields: fields, prev: prev)
        for name in names {
            let key = FieldKey(entity: entity, rowID: id, field: name)
            if try ConflictBook.hasOpenConflict(key, db) { try ConflictBook.recompute(key, db, now: wallClock.now()) }
        }
        try afterWrite(db, entity: entity, rowID: id)
    }

    /// The first field of a new record that breaks a field rule, as `field: reason` — what sync
    /// would refuse from a peer, checked by every path that creates rows (the bulk import's too).
    static func fieldProblem<R: StoredRecord>(_ record: R) -> String? {
        FieldRules.problem(entity: R.entity, names: Array(R.columns.dropFirst()),
                           values: record.databaseValues.dropFirst().map(Store.fieldValue), insert: true)
    }

    /// Refuses a local write that breaks a field rule (`FieldRules`), with `entity field:
    /// reason`: sync refuses the same values from a peer, so what one laptop writes every
    /// laptop accepts.
    static func checkFields(_ entity: Entity, _ fields: [String: DatabaseValue], insert: Bool) throws {
        let values = fields.mapValues(Store.fieldValue)
        if let problem = FieldRules.problem(entity: entity, fields: values, insert: insert) {
            throw GreenroomError.invalidInput("\(entity.rawValue.replacingOccurrences(of: "_", with: " ")) \(TerminalText.sanitize(problem))")
        }
    }

    /// Writes a team setting as JSON.
    func writeSetting<T: Encodable>(_ key: TeamSettings.Key, _ value: T, in db: Database) throws {
        try writeSettingJSON(key: key.rawValue, json: try SettingsCodec.encode(value), in: db)
    }

    /// Writes a setting's JSON text as a stamped local write, recorded in the setting's
    /// history like any field.
    func writeSettingJSON(key: String, json: String, in db: Database) throws {
        let stamp = nextStamp()
        let old = try Row.fetchOne(db, sql: "SELECT value, hlc, prev FROM setting WHERE key = ?", arguments: [key])
        let prev: String? = old?["hlc"]
        try db.execute(sql: """
            INSERT INTO setting(key, value, hlc, prev) VALUES (?, ?, ?, ?)
            ON CONFLICT(key) DO UPDATE SET value = excluded.value, hlc = excluded.hlc, prev = excluded.prev
            """, arguments: [key, json, stamp.encoded, prev])
        try appendOutbox(db, stamp: stamp, op: "set", entity: .setting, rowID: key,
                         fields: ["value": json.databaseValue], prev: prev.map { ["value": $0] } ?? [:])
        let field = FieldKey(entity: .setting, rowID: key, field: "value")
        let write = ConflictRule.Write(hlc: stamp.encoded, prev: prev, value: .text(json))
        if let old {
            try ConflictBook.record(field, before: ConflictRule.Write(hlc: old["hlc"], prev: old["prev"], value: .text(old["value"])), write: write, db)
            if try ConflictBook.hasOpenConflict(field, db) { try ConflictBook.recompute(field, db, now: wallClock.now()) }
        } else {
            try ConflictBook.record(field, before: write, write: write, db)
        }
        try Store.rememberStages(db, key: key, json: json)
        if key == TeamSettings.Key.businessHours.rawValue { try Derived.refreshAllOpenTickets(db) }
    }

    func appendOutbox(_ db: Database, stamp: HLC, op: String, entity: Entity, rowID: String,
                              fields: [String: DatabaseValue], prev: [String: String]) throws {
        try db.cachedStatement(sql: "INSERT INTO outbox(hlc, op, entity, row_id, fields, prev) VALUES (?, ?, ?, ?, ?, ?)")
                       .execute(arguments: [stamp.encoded, op, entity.rawValue, rowID, JSONText.object(fields, booleans: JSONText.booleanColumns), JSONText.object(prev)])
        try persistClock(db)
    }

    /// Keeps derived columns in step with the write just made.
    func afterWrite(_ db: Database, entity: Entity, rowID: String) throws {
        switch entity {
        case .stageEvent:
            if let creatorID = try String.fetchOne(db.cachedStatement(sql: "SELECT creator_id FROM stage_event WHERE id = ?"), arguments: [rowID]) {
                try Derived.refreshStageEntered(db, creatorID: creatorID)
            }
        case .creator:
            try Derived.refreshStageEntered(db, creatorID: rowID)
        case .ticketEvent:
            if let ticketID = try String.fetchOne(db.cachedStatement(sql: "SELECT ticket_id FROM ticket_event WHERE id = ?"), arguments: [rowID]) {
                try Derived.refreshTicket(db, ticketID: ticketID)
            }
        case .ticket:
            try Derived.refreshTicket(db, ticketID: rowID)
        case .slaPolicy:
            // A team's own policy re-times that team's open tickets; the team-wide one, all.
            if let team = try String.fetchOne(db, sql: "SELECT team_id FROM sla_policy WHERE id = ?", arguments: [rowID]) {
                try Derived.refreshOpenTickets(db, teams: [team])
            } else {
                try Derived.refreshAllOpenTickets(db)
            }
        case .team:
            // A team with rules of its own: its calendar changed, or it was removed or restored
            // (which turns them off and on). (Clearing its calendar re-times it where that is done.)
            let ownRules = try Bool.fetchOne(db, sql: """
                SELECT calendar IS NOT NULL OR EXISTS (SELECT 1 FROM sla_policy WHERE team_id = team.id AND deleted = 0) FROM team WHERE id = ?
                """, arguments: [rowID]) ?? false
            if ownRules { try Derived.refreshOpenTickets(db, teams: [rowID]) }
        default:
            break
        }
    }

    /// Settings and SLA policies every new database starts with. They carry the genesis
    /// stamp and ids fixed at build time, so two laptops never disagree about defaults.
    static func seedDefaults(_ db: Database, clock: WallClock, device: String) throws {
        let d = TeamSettings.defaults
        let settings: [(TeamSettings.Key, String)] = [
            (.team, try SettingsCodec.encode(d.team)),
            (.stages, try SettingsCodec.encode(d.stages)),
            (.sideStages, try SettingsCodec.encode(d.sideStages)),
            (.slaWarningMinutes, try SettingsCodec.encode(d.slaWarningMinutes)),
        ]
        for (key, json) in settings {
            try db.execute(sql: "INSERT OR IGNORE INTO setting(key, value, hlc) VALUES (?, ?, ?)",
                           arguments: [key.rawValue, json, genesis.encoded])
        }
        for policy in defaultPolicies {
            try db.execute(sql: "INSERT OR IGNORE INTO sla_policy (\(SLAPolicy.columns.joined(separator: ", ")), hlc) VALUES (\(Array(repeating: "?", count: SLAPolicy.columns.count + 1).joined(separator: ", ")))",
                           arguments: StatementArguments(policy.databaseValues + [genesis.encoded.databaseValue]))
        }
    }

    /// Default SLA policies with ids fixed for every installation.
    static let defaultPolicies: [SLAPolicy] = {
        var rng = SeededGenerator(seed: 0x51A)
        let epoch2026: Millis = 1_767_225_600_000
        return SLAPolicy.defaults { UUIDv7.make(millis: epoch2026, using: &rng) }
    }()
}

/// Team settings are stored as compact, key-sorted JSON.
enum SettingsCodec {
    static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(type, from: Data(text.utf8))
    }
}
