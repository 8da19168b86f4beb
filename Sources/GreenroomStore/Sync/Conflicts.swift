import Foundation
import GRDB
import GreenroomCore

/// Which value to keep when resolving a conflict.
public enum ConflictSide: String, Sendable, Hashable, CaseIterable {
    /// The value the data holds now (the newest write).
    case current
    /// The value that lost.
    case lost
}

/// A write that lost to a newer one without its writer having seen it (DESIGN.md §6), as
/// `:conflicts` lists it: the value the data holds now beside the one that lost. Every
/// replica that has seen the same writes lists the same conflicts (`ConflictRule`).
public struct SyncConflict: Sendable, Hashable, Identifiable {
    /// Local row number, for resolving from a list.
    public var id: Int64
    public var entity: Entity
    public var rowID: String
    /// The row as a person knows it: a creator's or teammate's handle, a ticket's subject, …
    public var label: String
    public var field: String
    /// The value the data holds now, and the one that lost.
    public var current: FieldValue
    public var lost: FieldValue
    public var currentHLC: HLC?
    public var lostHLC: HLC?
    /// The devices that wrote each value, with their names from `devices/<id>.json` when
    /// known; nil name and `isThisDevice` for this laptop.
    public var currentDevice: String
    public var lostDevice: String
    public var currentDeviceName: String?
    public var lostDeviceName: String?
    public var detectedAt: Millis

    public var currentTime: Millis? { currentHLC?.physical }
    public var lostTime: Millis? { lostHLC?.physical }
}

extension Store {
    /// Open conflicts, newest first.
    public func openConflicts(limit: Int = 500) throws -> [SyncConflict] {
        try read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT c.id, c.entity, c.row_id, c.field, c.lost_hlc, c.lost_value, c.kept_hlc, c.kept_value, c.detected_at,
                       pk.name AS kept_name, pl.name AS lost_name
                FROM field_conflict c
                  LEFT JOIN sync_peer pk ON pk.device = substr(c.kept_hlc, -16)
                  LEFT JOIN sync_peer pl ON pl.device = substr(c.lost_hlc, -16)
                ORDER BY c.detected_at DESC, c.id DESC LIMIT ?
                """, arguments: [limit])
            return try rows.compactMap { row -> SyncConflict? in
                guard let entity = Entity(rawValue: row["entity"]) else { return nil }
                let rowID: String = row["row_id"]
                let keptHLC: String = row["kept_hlc"], lostHLC: String = row["lost_hlc"]
                func name(_ column: String) -> String? { (row[column] as String?).flatMap { $0.isEmpty ? nil : $0 } }
                return SyncConflict(id: row["id"], entity: entity, rowID: rowID, label: try Store.label(entity, rowID, db), field: row["field"],
                                    current: FieldValue(jsonFragment: row["kept_value"]), lost: FieldValue(jsonFragment: row["lost_value"]),
                                    currentHLC: HLC(encoded: keptHLC), lostHLC: HLC(encoded: lostHLC),
                                    currentDevice: String(keptHLC.suffix(16)), lostDevice: String(lostHLC.suffix(16)),
                                    currentDeviceName: name("kept_name"), lostDeviceName: name("lost_name"),
                                    detectedAt: row["detected_at"])
            }
        }
    }

    /// Settles a conflict by keeping one side, as `memberID`. Keeping is an ordinary local
    /// write — stamped and synced, even when the kept value is the current one, so two people
    /// resolving differently at the same time see a conflict between their choices — and a
    /// synced `conflict_decision` names the losing write, so the conflict closes on every
    /// laptop. A decision that arrives late never undoes a later write: it closes a conflict;
    /// it does not set a value.
    public func resolveConflict(id: Int64, keep side: ConflictSide, by memberID: String? = nil) throws {
        try write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT entity, row_id, field, lost_hlc, lost_value, kept_value FROM field_conflict WHERE id = ?",
                                             arguments: [id]) else {
                throw GreenroomError.invalidInput("no open conflict #\(id) (it may have been resolved on another laptop; sync to see)")
            }
            guard let entity = Entity(rawValue: row["entity"]) else { throw GreenroomError.invalidInput("conflict #\(id) names an unknown entity") }
            let rowID: String = row["row_id"]
            let field: String = row["field"]
            let lostHLC: String = row["lost_hlc"]
            let value = FieldValue(jsonFragment: row[side == .current ? "kept_value" : "lost_value"])
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
            let decision = ConflictDecision(id: UUIDv7.make(millis: now), targetEntity: entity.rawValue, rowID: rowID, field: field, lostHLC: lostHLC,
                                            kept: side == .current ? .current : .lost, at: now, byMemberID: memberID)
            try insertStamped(decision, in: db)
            try ConflictBook.recompute(FieldKey(entity: entity, rowID: rowID, field: field), db, now: now)
        }
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
        case .conflictDecision: sql = "SELECT entity || ' ' || field FROM conflict_decision WHERE id = ?"
        case .program: sql = "SELECT name FROM program WHERE id = ?"
        case .programModule: sql = "SELECT p.name || ' module ' || m.title FROM program_module m LEFT JOIN program p ON p.id = m.program_id WHERE m.id = ?"
        case .programEnrolment: sql = "SELECT c.handle || ' in ' || p.name FROM program_enrolment e LEFT JOIN creator c ON c.id = e.creator_id LEFT JOIN program p ON p.id = e.program_id WHERE e.id = ?"
        case .moduleCompletion: sql = "SELECT c.handle || ' finished ' || m.title FROM module_completion x LEFT JOIN creator c ON c.id = x.creator_id LEFT JOIN program_module m ON m.id = x.module_id WHERE x.id = ?"
        case .workshop: sql = "SELECT title FROM workshop WHERE id = ?"
        case .workshopInvite: sql = "SELECT c.handle || ' at ' || w.title FROM workshop_invite i LEFT JOIN creator c ON c.id = i.creator_id LEFT JOIN workshop w ON w.id = i.workshop_id WHERE i.id = ?"
        case .community: sql = "SELECT name FROM community WHERE id = ?"
        case .communityMember: sql = "SELECT c.handle || ' in ' || k.name FROM community_member m LEFT JOIN creator c ON c.id = m.creator_id LEFT JOIN community k ON k.id = m.community_id WHERE m.id = ?"
        case .resourceSend: sql = "SELECT a.title || ' sent' FROM resource_send s LEFT JOIN article a ON a.id = s.article_id WHERE s.id = ?"
        case .incentiveTask: sql = "SELECT c.handle || ': ' || t.title FROM incentive_task t LEFT JOIN creator c ON c.id = t.creator_id WHERE t.id = ?"
        case .team: sql = "SELECT name FROM team WHERE id = ?"
        case .teamMember: sql = "SELECT m.handle || ' on ' || t.name FROM team_member x LEFT JOIN member m ON m.id = x.member_id LEFT JOIN team t ON t.id = x.team_id WHERE x.id = ?"
        case .shiftException: sql = "SELECT m.handle || ' ' || x.kind FROM shift_exception x LEFT JOIN member m ON m.id = x.member_id WHERE x.id = ?"
        case .automationRule: sql = "SELECT 'rule ' || name FROM automation_rule WHERE id = ?"
        case .ruleFiring: sql = "SELECT r.name || ' on ' || ifnull(t.subject, c.handle) FROM rule_firing f LEFT JOIN automation_rule r ON r.id = f.rule_id LEFT JOIN ticket t ON t.id = f.ticket_id LEFT JOIN creator c ON c.id = f.creator_id WHERE f.id = ?"
        case .qaReview: sql = "SELECT 'QA review of ' || t.subject FROM qa_review q LEFT JOIN ticket t ON t.id = q.ticket_id WHERE q.id = ?"
        case .coachingItem: sql = "SELECT m.handle || ' ' || replace(c.kind, '_', '-') || ': ' || substr(c.body, 1, 60) FROM coaching_item c LEFT JOIN member m ON m.id = c.member_id WHERE c.id = ?"
        case .setting: return id
        }
        return TerminalText.sanitize(try String.fetchOne(db, sql: sql, arguments: [id]) ?? id)
    }
}
