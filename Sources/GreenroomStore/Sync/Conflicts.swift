import Foundation
import GRDB
import GreenroomCore

/// Which side of a conflict: the value this database had, or the one that came in.
public enum ConflictSide: String, Sendable, Hashable, CaseIterable {
    case mine, theirs
}

/// Two concurrent writes of one field, as `:conflicts` lists them side by side.
public struct SyncConflict: Sendable, Hashable, Identifiable {
    public var id: Int64
    public var entity: Entity
    public var rowID: String
    /// The row as a person knows it: a creator's or teammate's handle, a ticket's subject, …
    public var label: String
    public var field: String
    public var mine: FieldValue
    public var theirs: FieldValue
    /// Which value the merge kept (the later stamp).
    public var winner: ConflictSide
    public var myHLC: HLC?
    public var theirHLC: HLC?
    public var theirDevice: String
    /// The other device's name from its `devices/<id>.json`, when known.
    public var theirDeviceName: String?
    public var detectedAt: Millis

    /// When the incoming write was made.
    public var theirTime: Millis? { theirHLC?.physical }
    public var myTime: Millis? { myHLC?.physical }
}

extension Store {
    /// Unresolved conflicts, newest first.
    public func openConflicts(limit: Int = 500) throws -> [SyncConflict] {
        try read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT c.id, c.entity, c.row_id, c.field, c.mine, c.theirs, c.winner, c.my_hlc, c.their_hlc, c.their_device,
                       c.detected_at, p.name AS device_name
                FROM conflict c LEFT JOIN sync_peer p ON p.device = c.their_device
                WHERE c.resolved_at IS NULL ORDER BY c.detected_at DESC, c.id DESC LIMIT ?
                """, arguments: [limit])
            return try rows.compactMap { row -> SyncConflict? in
                guard let entity = Entity(rawValue: row["entity"]) else { return nil }
                let rowID: String = row["row_id"]
                let name: String? = row["device_name"]
                return SyncConflict(id: row["id"], entity: entity, rowID: rowID, label: try Store.label(entity, rowID, db), field: row["field"],
                                    mine: FieldValue(jsonFragment: row["mine"]), theirs: FieldValue(jsonFragment: row["theirs"]),
                                    winner: ConflictSide(rawValue: row["winner"]) ?? .theirs,
                                    myHLC: HLC(encoded: row["my_hlc"]), theirHLC: HLC(encoded: row["their_hlc"]),
                                    theirDevice: row["their_device"], theirDeviceName: (name?.isEmpty ?? true) ? nil : name,
                                    detectedAt: row["detected_at"])
            }
        }
    }

    /// Settles a conflict by keeping one side. Keeping is a normal local write — stamped,
    /// in the outbox, so it syncs and wins over both concurrent values everywhere — even
    /// when the kept value is already the current one. Every open conflict on the same field
    /// of the same row is marked resolved with it.
    public func resolveConflict(id: Int64, keep side: ConflictSide) throws {
        try write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT entity, row_id, field, mine, theirs, resolved_at FROM conflict WHERE id = ?",
                                             arguments: [id]) else {
                throw GreenroomError.invalidInput("no conflict #\(id)")
            }
            guard (row["resolved_at"] as Millis?) == nil else { throw GreenroomError.invalidInput("conflict #\(id) is already resolved") }
            guard let entity = Entity(rawValue: row["entity"]) else { throw GreenroomError.invalidInput("conflict #\(id) names an unknown entity") }
            let rowID: String = row["row_id"]
            let field: String = row["field"]
            let value = FieldValue(jsonFragment: row[side == .mine ? "mine" : "theirs"])
            if entity == .setting {
                guard case .text(let json) = value else { throw GreenroomError.invalidInput("conflict #\(id) has no setting value") }
                try writeSettingJSON(key: rowID, json: json, in: db)
            } else {
                guard SyncOperation.fields(of: entity).contains(field) else { throw GreenroomError.invalidInput("conflict #\(id) names an unknown field") }
                if (entity == .creator || entity == .member) && field == "handle", let handle = value.text,
                   try Bool.fetchOne(db, sql: "SELECT 1 FROM \(entity.rawValue) WHERE handle = ? AND deleted = 0 AND id <> ?", arguments: [handle, rowID]) == true {
                    throw GreenroomError.invalidInput("handle \(handle) is taken by another \(entity.rawValue); keep the other value or rename that one first")
                }
                try updateStamped(entity, id: rowID, fields: [field: value.databaseValue], in: db)
            }
            try db.execute(sql: """
                UPDATE conflict SET resolved_at = ?, resolution = CASE WHEN id = ? THEN ? ELSE resolution END
                WHERE entity = ? AND row_id = ? AND field = ? AND resolved_at IS NULL
                """, arguments: [now, id, side.rawValue, entity.rawValue, rowID, field])
        }
    }

    /// Writes a setting's JSON text as a stamped local write.
    func writeSettingJSON(key: String, json: String, in db: Database) throws {
        let stamp = nextStamp()
        let prev = try String.fetchOne(db, sql: "SELECT hlc FROM setting WHERE key = ?", arguments: [key])
        try db.execute(sql: """
            INSERT INTO setting(key, value, hlc, prev) VALUES (?, ?, ?, ?)
            ON CONFLICT(key) DO UPDATE SET value = excluded.value, hlc = excluded.hlc, prev = excluded.prev
            """, arguments: [key, json, stamp.encoded, prev])
        try appendOutbox(db, stamp: stamp, op: "set", entity: .setting, rowID: key, fields: ["value": json.databaseValue],
                         prev: prev.map { ["value": $0] } ?? [:])
        if key == TeamSettings.Key.businessHours.rawValue { try Derived.refreshAllOpenTickets(db) }
    }

    /// How a person recognises a row.
    static func label(_ entity: Entity, _ id: String, _ db: Database) throws -> String {
        let sql: String
        switch entity {
        case .member: sql = "SELECT handle FROM member WHERE id = ?"
        case .network: sql = "SELECT name FROM network WHERE id = ?"
        case .creator: sql = "SELECT handle FROM creator WHERE id = ?"
        case .creatorTag: sql = "SELECT c.handle || ' #' || t.tag FROM creator_tag t LEFT JOIN creator c ON c.id = t.creator_id WHERE t.id = ?"
        case .stageEvent: sql = "SELECT c.handle || ' → ' || e.to_stage FROM stage_event e LEFT JOIN creator c ON c.id = e.creator_id WHERE e.id = ?"
        case .liveSession: sql = "SELECT c.handle || ' LIVE' FROM live_session s LEFT JOIN creator c ON c.id = s.creator_id WHERE s.id = ?"
        case .activity: sql = "SELECT c.handle || ': ' || a.summary FROM activity a LEFT JOIN creator c ON c.id = a.creator_id WHERE a.id = ?"
        case .ticket: sql = "SELECT subject FROM ticket WHERE id = ?"
        case .ticketTag: sql = "SELECT t.subject || ' #' || g.tag FROM ticket_tag g LEFT JOIN ticket t ON t.id = g.ticket_id WHERE g.id = ?"
        case .ticketEvent: sql = "SELECT t.subject || ' (' || e.kind || ')' FROM ticket_event e LEFT JOIN ticket t ON t.id = e.ticket_id WHERE e.id = ?"
        case .slaPolicy: sql = "SELECT 'SLA ' || priority FROM sla_policy WHERE id = ?"
        case .article: sql = "SELECT title FROM article WHERE id = ?"
        case .campaign: sql = "SELECT name FROM campaign WHERE id = ?"
        case .campaignEnrolment: sql = "SELECT c.handle || ' in ' || k.name FROM campaign_enrolment e LEFT JOIN creator c ON c.id = e.creator_id LEFT JOIN campaign k ON k.id = e.campaign_id WHERE e.id = ?"
        case .campaignTier: sql = "SELECT k.name || ' tier ' || t.reward FROM campaign_tier t LEFT JOIN campaign k ON k.id = t.campaign_id WHERE t.id = ?"
        case .setting: return id
        }
        return TerminalText.sanitize(try String.fetchOne(db, sql: sql, arguments: [id]) ?? id)
    }
}
