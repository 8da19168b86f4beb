import Foundation
import GRDB
import GreenroomCore

/// Automations on creators (issue 24: "creator idle ≥ 14d", "card rotting"), run by
/// `Store.runRules` beside the ticket rules and by the same two phases.
///
/// The instant a creator rule's condition became true is the latest of: the creator's
/// creation; entering the stage a `stage:` term names; the last LIVE (or the creation, for a
/// creator never live) plus an `idle:` threshold; the creation plus a `created:` threshold;
/// entering the stage plus its rotting threshold (`rotting:yes`). All of these are read from
/// synced records (LIVE sessions, stage events, settings), so every laptop derives the same
/// instant and the same firing id. A creator who goes live again and later turns idle again
/// has a new instant, and the rule fires again; while they stay idle it does not.
///
/// An incremental run looks at the creators changed since the last run (`rule_dirty_creator`)
/// and those whose time came: the LIVE sessions (and creations) an `idle:` or `created:`
/// threshold has just passed, and the stage entries a rotting threshold has just passed —
/// each a range of an index (`live_session_started`, `creator_created`, `creator_board`).
extension Store {
    /// What a creator rule's run depends on beyond its own text: the rotting thresholds.
    static func creatorRuleDefinition(_ rule: CheckedRule, _ settings: TeamSettings) -> String {
        guard rule.creatorCondition?.rotting != nil else { return "" }
        return rottingStages(settings).map { "\($0.name)=\($0.days)" }.joined(separator: ",")
    }

    /// The stages that rot, each once, with their threshold in days.
    static func rottingStages(_ settings: TeamSettings) -> [(name: String, days: Int)] {
        var seen = Set<String>()
        return (settings.stages + settings.sideStages).compactMap { s in
            guard let days = s.rotDays, seen.insert(s.name).inserted else { return nil }
            return (s.name, days)
        }
    }

    /// The creators matching `rule` now, with the instant each began to; from those changed or
    /// whose time came since `since` (nil: every creator), or from `creatorIDs`.
    static func creatorRuleMatches(_ rule: CheckedRule, since: Millis? = nil, mark: Int64 = Int64.max, creatorIDs: [String]? = nil, now: Millis,
                                   settings: TeamSettings, _ db: Database) throws -> (rows: [RuleMatch], candidates: Int) {
        guard let condition = rule.creatorCondition else { return ([], 0) }
        // The roster's own WHERE for the terms it knows as they are; the time terms here.
        var idle: [CreatorFilter.Comparison] = []
        var created: [CreatorFilter.Comparison] = []
        var rest = CreatorFilter()
        var entersStage = false
        for c in condition.filter.conditions {
            switch c {
            case .idleDays(let v): idle.append(v)
            case .createdDays(let v): created.append(v)
            case .stage(_, negated: false): entersStage = true; rest.conditions.append(c)
            default: rest.conditions.append(c)
            }
        }
        let w = RosterSQL.whereClause(rest, me: nil, now: now)
        var clause = w.clause
        var arguments = w.arguments
        arguments += ["cnow": now]
        if let teamID = rule.rule.teamID {
            clause += " AND c.team_id = :ruleTeam"
            arguments += ["ruleTeam": teamID]
        }
        let rotting = condition.rotting == nil ? [] : rottingStages(settings)
        var rotSQL = "NULL"
        if !rotting.isEmpty {
            var cases: [String] = []
            for (i, s) in rotting.enumerated() {
                cases.append("WHEN :rs\(i) THEN :rr\(i)")
                arguments += ["rs\(i)": s.name, "rr\(i)": Millis(s.days + 1) * Time.day]
            }
            rotSQL = "c.stage_entered_at + (CASE c.stage \(cases.joined(separator: " ")) END)"
        }
        let from = "creator c"
        var candidates = 0
        if let ids = creatorIDs {
            let names = ids.indices.map { ":cid\($0)" }
            clause += " AND c.id IN (\(names.joined(separator: ", ")))"
            for (i, id) in ids.enumerated() { arguments += ["cid\(i)": id] }
        } else if let since {
            var sources = ["SELECT creator_id FROM rule_dirty_creator WHERE rowid <= :cdMark"]
            arguments += ["cdMark": mark]
            var n = 0
            func crossing(_ threshold: Millis) -> (low: String, high: String) {
                n += 1
                arguments += ["xl\(n)": since - threshold, "xh\(n)": now - threshold]
                return (":xl\(n)", ":xh\(n)")
            }
            for c in idle {
                guard let t = CreatorRuleCondition.thresholdMillis(c) else { continue }
                let (lo, hi) = crossing(t)
                // A LIVE whose threshold just passed (the main query keeps it only if it is the
                // creator's last), and a creator never live whose threshold from creation did.
                sources.append("SELECT creator_id FROM live_session WHERE started_at > \(lo) AND started_at <= \(hi)")
                sources.append("SELECT id FROM creator WHERE deleted = 0 AND created_at > \(lo) AND created_at <= \(hi)")
            }
            for c in created {
                guard let t = CreatorRuleCondition.thresholdMillis(c) else { continue }
                let (lo, hi) = crossing(t)
                sources.append("SELECT id FROM creator WHERE deleted = 0 AND created_at > \(lo) AND created_at <= \(hi)")
            }
            if condition.rotting == true {
                for (i, s) in rotting.enumerated() {
                    let (lo, hi) = crossing(Millis(s.days + 1) * Time.day)
                    sources.append("SELECT id FROM creator WHERE deleted = 0 AND stage = :rs\(i) AND stage_entered_at > \(lo) AND stage_entered_at <= \(hi)")
                }
            }
            let union = sources.joined(separator: " UNION ")
            // Looked up by id from the candidates. (Written as a join, SQLite built a Bloom
            // filter over all 100k creators for it: 36 ms a rule, against 1 ms this way.)
            clause += " AND c.id IN (\(union))"
            candidates = try Int.fetchOne(db.cachedStatement(sql: "SELECT COUNT(*) FROM (\(union))"), arguments: arguments) ?? 0
        }
        // The outer conditions and the trigger's parts, over the inner row.
        let base = "IFNULL(last_live, created_at)"
        let elapsed = { (column: String) in "((:cnow - \(column)) / \(Double(Time.day)))" }
        var outer: [String] = []
        var triggers = ["created_at"]
        if entersStage { triggers.append("stage_entered_at") }
        var k = 0
        func bind(_ v: Double) -> String { k += 1; arguments += ["ct\(k)": v]; return ":ct\(k)" }
        for c in idle {
            outer.append("\(elapsed(base)) \(c.op.rawValue) \(bind(c.value))")
            if let t = CreatorRuleCondition.thresholdMillis(c) { triggers.append("\(base) + \(t)") }
        }
        for c in created {
            outer.append("\(elapsed("created_at")) \(c.op.rawValue) \(bind(c.value))")
            if let t = CreatorRuleCondition.thresholdMillis(c) { triggers.append("created_at + \(t)") }
        }
        switch condition.rotting {
        case true?:
            outer.append("rot_at IS NOT NULL AND rot_at <= :cnow")
            triggers.append("rot_at")
        case false?:
            outer.append("(rot_at IS NULL OR rot_at > :cnow)")
        case nil:
            break
        }
        let trigger = triggers.count == 1 ? triggers[0] : "MAX(\(triggers.map { "ifnull(\($0), 0)" }.joined(separator: ", ")))"
        // A rule's statements read the same each run (only their values change): prepared once
        // a connection.
        let rows = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT id, handle, display_name, owner_id, \(trigger) AS trigger_at FROM (
              SELECT c.id, c.handle, c.display_name, c.owner_id, c.created_at, c.stage_entered_at, \(rotSQL) AS rot_at,
                (SELECT MAX(s.started_at) FROM live_session s WHERE s.creator_id = c.id AND s.started_at <= :cnow) AS last_live
              FROM \(from) WHERE \(clause)
            ) \(outer.isEmpty ? "" : "WHERE " + outer.joined(separator: " AND "))
            ORDER BY created_at, id
            """), arguments: arguments)
        let out = rows.map { r in
            RuleMatch(recordID: r["id"], target: .creators, key: r["handle"], subject: r["display_name"] ?? "", trigger: r["trigger_at"] ?? 0,
                      ownerID: r["owner_id"])
        }
        return (out, creatorIDs == nil && since == nil ? out.count : candidates)
    }

    /// A creator rule firing's writes, with ids derived from the firing.
    static func creatorRuleChanges(_ rule: CheckedRule, firingID: String, creator m: RuleMatch, now: Millis, _ db: Database) throws -> [Change] {
        var out: [Change] = []
        let reason = "rule \(rule.rule.name)"
        for (i, action) in rule.actions.enumerated() {
            let id = AutomationRule.actionID(firing: firingID, index: i, trigger: m.trigger)
            switch action {
            case .assign(let handle):
                let memberID = try handle.flatMap { try Store.memberID(handle: $0, db) }
                if handle != nil && memberID == nil { continue } // a teammate since removed: no one to make the owner
                guard memberID != m.ownerID else { continue }
                out.append(.update(.creator, id: m.recordID, fields: [CreatorField.ownerID.rawValue: FieldValue(memberID)]))
            case .tag(let t, let add):
                out.append(.tags(creatorID: m.recordID, add: add ? [t] : [], remove: add ? [] : [t]))
            case .note(let text):
                out.append(.insertActivity(Activity(id: id, creatorID: m.recordID, kind: .note, authorID: nil, at: now, summary: "\(text) (\(reason))")))
            case .followUp(let text):
                // For the creator's owner (their Today shows it; with no owner, the team's).
                out.append(.insertActivity(Activity(id: id, creatorID: m.recordID, kind: .note, authorID: m.ownerID, at: now,
                                                    summary: "\(text) (\(reason))", nextStep: text, followUpDue: now)))
            case .escalate, .status, .priority, .reply, .macro:
                continue // refused when the rule is checked (`CheckedRule`)
            }
        }
        return out
    }
}
