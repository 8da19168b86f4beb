import Foundation
import GRDB
import GreenroomCore

/// What one run of the team automations did (or, in a test, would do).
public struct RuleRunReport: Sendable {
    public struct Fired: Hashable, Sendable {
        public var rule: String
        /// The ticket's or (a creator rule) the creator's id.
        public var recordID: String
        public var target: RuleTarget
        /// The ticket's key, or the creator's handle.
        public var key: String
        /// The ticket's subject, or the creator's name.
        public var subject: String
        /// "set status solved; added a note"
        public var summary: String
        public var triggerAt: Millis

        /// How the record is named in a line: a ticket's short key, a creator's handle.
        public var label: String { Store.recordLabel(target, key) }
    }
    public var fired: [Fired] = []
    /// Firings dropped because their ticket changed between the choice and the write
    /// (an earlier rule of the same run changed it): one line each.
    public var skipped: [String] = []
    /// Rules that stopped at the per-run cap, with how many wait.
    public var capped: [String] = []
    /// Rules that do not check (bad condition or action, or loops), one line each.
    public var refused: [String] = []
    /// The undo of what was written (nil in a test or when nothing was).
    public var undo: ChangeSet?
    /// Between the run's two phases only.
    struct Planned: Sendable {
        var rule: CheckedRule
        var match: Store.RuleMatch
        var firingID: String
    }
    var plannedForWrite: [Planned] = []
    /// Tickets looked at (the changed ones and those whose time came).
    public var candidates = 0
}

/// The team automations (issue 24; DESIGN.md §9 "Automations offline without doubling").
///
/// A run looks, per enabled rule in order, at the tickets that may have started to match:
/// those changed since the last run (`rule_dirty`, kept by triggers, local to this laptop)
/// and those whose time came since then (`breach:` targets now within their window,
/// `pending:` waits now past their threshold, both from indexes). A new or edited rule
/// looks at every ticket once. So a run with nothing new is a few index probes, whatever
/// the database holds.
///
/// A match fires once per trigger instant — the moment its condition became true: the
/// latest of the ticket's creation, `sla_due_at − window`, the move into pending plus the
/// wait, the requester's latest message. The firing's id and its writes' ids are derived
/// from (rule, ticket, instant), so laptops that fire the same rule offline write the same
/// rows and the merge keeps one. A firing already recorded — even one someone undid — is
/// not made again. Before each firing is written the rule is checked again on the ticket as
/// it is then; one that no longer matches is skipped and said.
extension Store {
    /// Firings per rule per run at most; the rest wait for the next run (and are reported).
    public static let ruleFiringCap = 200

    public static func definition(_ rule: AutomationRule) -> String {
        [rule.condition, rule.actions.joined(separator: "\n"), rule.teamID ?? ""].joined(separator: "\u{1F}")
    }

    /// Every rule, in the order they run.
    public func automationRules() throws -> [AutomationRule] {
        try read { db in try Store.automationRules(db) }
    }

    static func automationRules(_ db: Database) throws -> [AutomationRule] {
        try AutomationRule.fetchAll(db, sql: "SELECT \(AutomationRule.selectColumns) FROM automation_rule WHERE deleted = 0 ORDER BY position, name, id")
    }

    /// The firings of a ticket (the audit trail), oldest first, with their rule's name.
    public func ruleFirings(ticketID: String) throws -> [(rule: String, firing: RuleFiring)] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT ifnull(r.name, 'a removed rule') AS rule_name, f.* FROM rule_firing f LEFT JOIN automation_rule r ON r.id = f.rule_id
                WHERE f.ticket_id = ? ORDER BY f.fired_at, f.id
                """, arguments: [ticketID]).map { (rule: $0["rule_name"], firing: try RuleFiring(row: $0)) }
        }
    }

    /// Runs the enabled rules (or, with `only`, that one rule by id or name, enabled or not).
    /// `dryRun`: decides the same, writes nothing, and looks at every ticket (what the rule
    /// would do now), not only what changed.
    public func runRules(now: Millis? = nil, dryRun: Bool = false, only: String? = nil, device: String = "") throws -> RuleRunReport {
        let now = now ?? self.now
        let incrementalRun = !dryRun && only == nil
        // 1. Decide, in a read (no lock held, however long a new rule's first look takes), on
        //    the tickets as they are now — what every laptop holding the same data decides.
        typealias Plan = (rule: CheckedRule, match: RuleMatch, firingID: String)
        let (decided, marks, states) = try read { db -> (RuleRunReport, (Int64, Int64, TeamSettings), [(id: String, definition: String, capped: Bool)]) in
            var report = RuleRunReport()
            var rules = try Store.automationRules(db)
            if let only {
                rules = [try Store.rule(named: only, db)]
            } else {
                rules = rules.filter(\.enabled)
            }
            var checked: [CheckedRule] = []
            let settings = try Store.loadSettings(db)
            for rule in rules {
                do { checked.append(try CheckedRule(rule, stages: settings.allStageNames)) } catch {
                    report.refused.append("rule \"\(TerminalText.sanitize(rule.name))\": \(error)")
                }
            }
            let cycles = CheckedRule.cycles(checked)
            if !cycles.isEmpty {
                report.refused += cycles.map { "rules: \($0); neither runs until one is changed" }
                let names = Set(cycles.flatMap { line in checked.map(\.rule.name).filter { line.contains("\"\($0)\"") } })
                checked.removeAll { names.contains($0.rule.name) }
            }
            let mark = try Int64.fetchOne(db, sql: "SELECT IFNULL(MAX(rowid), 0) FROM rule_dirty") ?? 0
            let creatorMark = try Int64.fetchOne(db, sql: "SELECT IFNULL(MAX(rowid), 0) FROM rule_dirty_creator") ?? 0
            let known = Dictionary(try Row.fetchAll(db, sql: "SELECT rule_id, definition, run_at FROM rule_state").map {
                ($0["rule_id"] as String, (definition: $0["definition"] as String, runAt: $0["run_at"] as Millis))
            }, uniquingKeysWith: { a, _ in a })
            var states: [(id: String, definition: String, capped: Bool)] = []
            var planned: [Plan] = []
            for rule in checked {
                let state = known[rule.rule.id]
                let definition = Store.definition(rule.rule) + Store.creatorRuleDefinition(rule, settings)
                let incremental = incrementalRun && state?.definition == definition
                let since = incremental ? state?.runAt : nil
                let matches = rule.rule.target == .creators
                    ? try Store.creatorRuleMatches(rule, since: since, mark: creatorMark, now: now, settings: settings, db)
                    : try Store.ruleMatches(rule, since: since, mark: mark, now: now, db)
                report.candidates += matches.candidates
                var taken = 0
                var capped = false
                for (i, m) in matches.rows.enumerated() {
                    let firingID = AutomationRule.firingID(rule: rule.rule.id, record: m.recordID, trigger: m.trigger)
                    if try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM rule_firing WHERE id = ?"), arguments: [firingID]) == true { continue }
                    guard taken < Store.ruleFiringCap else {
                        report.capped.append("rule \"\(TerminalText.sanitize(rule.rule.name))\": \(matches.rows.count - i) more waiting (at most \(Store.ruleFiringCap) a run)")
                        capped = true
                        break
                    }
                    taken += 1
                    planned.append((rule, m, firingID))
                }
                states.append((rule.rule.id, definition, capped))
            }
            report.plannedForWrite = planned.map { RuleRunReport.Planned(rule: $0.rule, match: $0.match, firingID: $0.firingID) }
            return (report, (mark, creatorMark, settings), states)
        }
        let (mark, creatorMark, settings) = marks
        var report = decided
        let planned = report.plannedForWrite
        report.plannedForWrite = []
        if dryRun {
            report.fired = planned.map { .init(rule: $0.rule.rule.name, recordID: $0.match.recordID, target: $0.match.target, key: $0.match.key,
                                               subject: $0.match.subject, summary: Store.summary($0.rule), triggerAt: $0.match.trigger) }
            return report
        }
        guard !planned.isEmpty || incrementalRun else { return report }
        // 2. Write, in one short transaction: each firing after checking again that it was not
        //    made meanwhile and that its rule still holds on the ticket as it is then (an
        //    earlier firing of this run may have changed it: skipped and said).
        return try write { db in
            var inverse: [Change] = []
            for p in planned {
                let (rule, m, firingID) = (p.rule, p.match, p.firingID)
                if try Bool.fetchOne(db, sql: "SELECT 1 FROM rule_firing WHERE id = ?", arguments: [firingID]) == true { continue }
                let onCreator = m.target == .creators
                let still = onCreator
                    ? try Store.creatorRuleMatches(rule, creatorIDs: [m.recordID], now: now, settings: settings, db)
                    : try Store.ruleMatches(rule, ticketIDs: [m.recordID], now: now, db)
                guard still.rows.contains(where: { $0.trigger == m.trigger }) else {
                    report.skipped.append("rule \"\(TerminalText.sanitize(rule.rule.name))\" on \(TerminalText.sanitize(m.label)): the \(onCreator ? "creator" : "ticket") changed before the rule acted; skipped")
                    continue
                }
                let summary = Store.summary(rule)
                // One firing is all or nothing; one that cannot be written is said and the run
                // goes on.
                var undo: [Change] = []
                do {
                    try db.inSavepoint {
                        try self.insertStamped(RuleFiring(id: firingID, ruleID: rule.rule.id, ticketID: onCreator ? nil : m.recordID,
                                                          creatorID: onCreator ? m.recordID : nil, triggerAt: m.trigger, firedAt: now,
                                                          device: device, summary: summary), in: db)
                        undo.append(.update(.ruleFiring, id: firingID, fields: ["deleted": FieldValue(true)]))
                        let changes = onCreator
                            ? try Store.creatorRuleChanges(rule, firingID: firingID, creator: m, now: now, db)
                            : try Store.ruleChanges(rule, firingID: firingID, ticket: m, now: now, db)
                        for change in changes {
                            undo.append(try self.applyInTransaction(change, by: nil, in: db))
                        }
                        return .commit
                    }
                } catch {
                    report.skipped.append("rule \"\(TerminalText.sanitize(rule.rule.name))\" on \(TerminalText.sanitize(m.label)): \(error); skipped")
                    continue
                }
                inverse += undo
                report.fired.append(.init(rule: rule.rule.name, recordID: m.recordID, target: m.target, key: m.key, subject: m.subject, summary: summary,
                                          triggerAt: m.trigger))
            }
            if incrementalRun {
                for state in states {
                    if state.capped {
                        // What waits is not in the next run's changed set: look at everything again.
                        try db.execute(sql: "DELETE FROM rule_state WHERE rule_id = ?", arguments: [state.id])
                    } else {
                        try db.execute(sql: "INSERT OR REPLACE INTO rule_state(rule_id, definition, run_at) VALUES (?, ?, ?)",
                                       arguments: [state.id, state.definition, now])
                    }
                }
                // A rule that did not run (turned off, removed, refused) loses its place: when it
                // runs again it looks at everything once, as what changed meanwhile is gone.
                let ran = states.map(\.id)
                try db.execute(sql: "DELETE FROM rule_state WHERE rule_id NOT IN (\(ran.map { _ in "?" }.joined(separator: ", ")))",
                               arguments: StatementArguments(ran))
                // What was read; a record changed since has moved past the mark and stays.
                try db.execute(sql: "DELETE FROM rule_dirty WHERE rowid <= ?", arguments: [mark])
                try db.execute(sql: "DELETE FROM rule_dirty_creator WHERE rowid <= ?", arguments: [creatorMark])
            }
            if !inverse.isEmpty {
                let n = report.fired.count
                report.undo = ChangeSet(n == 1 ? "1 rule firing (\(report.fired[0].rule))" : "\(n) rule firings", inverse.reversed())
            }
            return report
        }
    }

    /// A record a rule matches: a ticket (its fields the actions need) or a creator.
    struct RuleMatch: Sendable {
        var recordID: String
        var target: RuleTarget = .tickets
        var key: String
        var subject: String
        var trigger: Millis
        var status: TicketStatus = .open
        var priority: TicketPriority = .normal
        var tier: Int = 1
        var assigneeID: String?
        /// A creator's owner.
        var ownerID: String?

        var label: String { Store.recordLabel(target, key) }
    }

    /// A ticket's short key or a creator's handle, as a run's lines name the record.
    static func recordLabel(_ target: RuleTarget, _ key: String) -> String { target == .tickets ? String(key.prefix(4)) : key }

    /// What a firing of `rule` does, as the audit trail says it.
    static func summary(_ rule: CheckedRule) -> String {
        rule.actions.map { rule.rule.target == .creators ? $0.creatorSummary : $0.summary }.joined(separator: "; ")
    }

    /// The tickets matching `rule` now, with the instant each began to; from those changed or
    /// whose time came since `since` (nil: every ticket), or from `ticketIDs`.
    static func ruleMatches(_ rule: CheckedRule, since: Millis? = nil, mark: Int64 = Int64.max, ticketIDs: [String]? = nil, now: Millis,
                            _ db: Database) throws -> (rows: [RuleMatch], candidates: Int) {
        let w = Store.ticketWhere(view: .all, filter: rule.filter, me: nil, now: now)
        var clause = w.clause
        var arguments = w.arguments
        var candidates = 0
        var from = "ticket t"
        // A rule only about open tickets reads them on the open queue's partial index (its
        // WHERE's exact text), not every ticket.
        if rule.onlyOpen { clause += " AND t.status IN \(Store.openStatuses)" }
        if let teamID = rule.rule.teamID {
            clause += " AND t.team_id = :ruleTeam"
            arguments += ["ruleTeam": teamID]
        }
        if let ids = ticketIDs {
            let names = ids.indices.map { ":rid\($0)" }
            clause += " AND t.id IN (\(names.joined(separator: ", ")))"
            for (i, id) in ids.enumerated() { arguments += ["rid\(i)": id] }
        } else if let since {
            // What changed, and what crossed a time threshold since the last run.
            var sources = ["SELECT ticket_id FROM rule_dirty WHERE rowid <= :dirtyMark"]
            arguments += ["dirtyMark": mark]
            for c in rule.filter.conditions {
                switch c {
                case .breachWithin(let minutes):
                    // On ticket_queue: its WHERE's exact text, both ranges of its first column.
                    sources.append("""
                        SELECT id FROM ticket WHERE deleted = 0 AND status IN \(Store.openStatuses) AND (wake_at IS NULL) IN (0, 1)
                        AND ifnull(sla_due_at, \(Store.never)) > :bLow AND ifnull(sla_due_at, \(Store.never)) <= :bHigh
                        """)
                    arguments += ["bLow": since + Int64(minutes) * Time.minute, "bHigh": now + Int64(minutes) * Time.minute]
                case .pendingFor(let minutes):
                    sources.append("SELECT ticket_id FROM ticket_event WHERE kind = 'status' AND to_value = 'pending' AND deleted = 0 AND at > :pLow AND at <= :pHigh")
                    arguments += ["pLow": since - Int64(minutes) * Time.minute, "pHigh": now - Int64(minutes) * Time.minute]
                default: continue
                }
            }
            // Driven from the candidates: each looked up by id, whatever the table holds.
            from = "(\(sources.joined(separator: " UNION "))) AS cand CROSS JOIN ticket t ON t.id = cand.ticket_id"
            candidates = try Int.fetchOne(db.cachedStatement(sql: "SELECT COUNT(*) FROM (\(sources.joined(separator: " UNION ")))"), arguments: arguments) ?? 0
        }
        // The instant the condition became true: the latest of its parts.
        var triggers = ["t.created_at"]
        var needsText = false
        for c in rule.filter.conditions {
            switch c {
            case .breachWithin(let minutes): triggers.append("t.sla_due_at - \(Int64(minutes) * Time.minute)")
            case .pendingFor(let minutes): triggers.append("\(Store.pendingSinceSQL) + \(Int64(minutes) * Time.minute)")
            case .lastMessageBy: triggers.append(Store.lastPublicAtSQL)
            case .thanksOnly: needsText = true; triggers.append(Store.lastPublicAtSQL)
            default: continue
            }
        }
        let trigger = triggers.count == 1 ? triggers[0] : "MAX(\(triggers.map { "ifnull(\($0), 0)" }.joined(separator: ", ")))"
        let text = needsText ? ", (SELECT e.body FROM ticket_event e WHERE e.ticket_id = t.id AND e.kind = 'reply' AND e.is_public = 1 AND e.actor = 'requester' AND e.deleted = 0 ORDER BY e.at DESC, e.rowid DESC LIMIT 1) AS last_text" : ""
        // A rule's statements read the same each run (only their values change): prepared once
        // a connection.
        let rows = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT t.id, t.key, t.subject, t.status, t.priority, t.tier, t.assignee_id, \(trigger) AS trigger_at\(text)
            FROM \(from) WHERE \(clause) AND t.merged_into_id IS NULL ORDER BY t.created_at, t.id
            """), arguments: arguments)
        var out: [RuleMatch] = []
        for r in rows {
            if needsText {
                let body: String = (r["last_text"] as String?) ?? ""
                let wanted = rule.filter.conditions.contains(.thanksOnly(true))
                if ThanksOnly.check(body) != wanted { continue }
            }
            guard let status = TicketStatus(rawValue: r["status"] ?? ""), let priority = TicketPriority(rawValue: r["priority"] ?? "") else { continue }
            out.append(RuleMatch(recordID: r["id"], key: r["key"], subject: r["subject"], trigger: r["trigger_at"] ?? 0, status: status,
                                 priority: priority, tier: r["tier"] ?? 1, assigneeID: r["assignee_id"]))
        }
        return (out, ticketIDs == nil && since == nil ? out.count : candidates)
    }

    /// A firing's writes, with ids derived from the firing.
    static func ruleChanges(_ rule: CheckedRule, firingID: String, ticket m: RuleMatch, now: Millis, _ db: Database) throws -> [Change] {
        var out: [Change] = []
        let reason = "rule \(rule.rule.name)"
        for (i, action) in rule.actions.enumerated() {
            let id = AutomationRule.actionID(firing: firingID, index: i, trigger: m.trigger)
            func event(_ kind: TicketEventKind, isPublic: Bool = false, body: String? = nil, from: String? = nil, to: String? = nil, why: String? = nil) -> TicketEvent {
                TicketEvent(id: id, ticketID: m.recordID, kind: kind, at: now, actor: .system, authorID: nil, isPublic: isPublic, body: body,
                            fromValue: from, toValue: to, reason: why ?? reason)
            }
            switch action {
            case .status(let s):
                out.append(.ticketAction(event(.status, from: m.status.rawValue, to: s.rawValue), fields: [TicketField.status.rawValue: FieldValue(s.rawValue)]))
            case .priority(let p):
                out.append(.ticketAction(event(.priority, from: m.priority.rawValue, to: p.rawValue), fields: [TicketField.priority.rawValue: FieldValue(p.rawValue)]))
            case .escalate(let why):
                out.append(.ticketAction(event(.escalation, from: String(m.tier), to: "2", why: "\(why) (\(reason))"), fields: ["tier": .int(2)]))
            case .assign(let handle):
                let memberID = try handle.flatMap { try Store.memberID(handle: $0, db) }
                if handle != nil && memberID == nil { continue } // a teammate since removed: nothing to assign to
                let from = try m.assigneeID.flatMap { try String.fetchOne(db, sql: "SELECT handle FROM member WHERE id = ?", arguments: [$0]) }
                out.append(.ticketAction(event(.assignment, from: from, to: handle), fields: [TicketField.assigneeID.rawValue: FieldValue(memberID)]))
            case .tag(let t, let add):
                out.append(.ticketTags(ticketID: m.recordID, add: add ? [t] : [], remove: add ? [] : [t]))
            case .note(let text):
                out.append(.ticketAction(event(.note, body: text), fields: [:]))
            case .reply(let text):
                out.append(.ticketAction(event(.reply, isPublic: true, body: text), fields: [:]))
            case .macro(let title):
                guard let article = try Article.fetchOne(db, sql: "SELECT \(Article.selectColumns) FROM article WHERE is_macro = 1 AND deleted = 0 AND title = ? COLLATE NOCASE",
                                                         arguments: [title]) else {
                    throw GreenroomError.invalidInput("no macro called \"\(TerminalText.sanitize(title))\"")
                }
                let row = try Row.fetchOne(db, sql: """
                    SELECT c.handle, c.display_name, n.name AS network FROM ticket t LEFT JOIN creator c ON c.id = t.requester_creator_id
                    LEFT JOIN network n ON n.id = t.requester_network_id WHERE t.id = ?
                    """, arguments: [m.recordID])
                let context = MacroContext(creatorHandle: row?["handle"], creatorName: row?["display_name"], networkName: row?["network"],
                                           ticketKey: String(m.key.prefix(4)), ticketSubject: m.subject, agentHandle: nil, agentName: "the team")
                out.append(.ticketAction(event(.reply, isPublic: true, body: Macro.render(article.body, context).text), fields: [:]))
                let effect = MacroEffect(article)
                if let s = effect.status, s != m.status {
                    let sid = AutomationRule.actionID(firing: firingID, index: 100 + i, trigger: m.trigger)
                    out.append(.ticketAction(TicketEvent(id: sid, ticketID: m.recordID, kind: .status, at: now, actor: .system, authorID: nil, isPublic: false,
                                                         fromValue: m.status.rawValue, toValue: s.rawValue, reason: reason),
                                             fields: [TicketField.status.rawValue: FieldValue(s.rawValue)]))
                }
                if let p = effect.priority, p != m.priority {
                    let pid = AutomationRule.actionID(firing: firingID, index: 200 + i, trigger: m.trigger)
                    out.append(.ticketAction(TicketEvent(id: pid, ticketID: m.recordID, kind: .priority, at: now, actor: .system, authorID: nil, isPublic: false,
                                                         fromValue: m.priority.rawValue, toValue: p.rawValue, reason: reason),
                                             fields: [TicketField.priority.rawValue: FieldValue(p.rawValue)]))
                }
                if !effect.addTags.isEmpty { out.append(.ticketTags(ticketID: m.recordID, add: effect.addTags, remove: [])) }
            case .followUp(let text):
                // For the requester creator's owner; a ticket without a creator has no one to ask.
                guard let owner = try Row.fetchOne(db, sql: """
                    SELECT c.id, c.owner_id FROM ticket t JOIN creator c ON c.id = t.requester_creator_id WHERE t.id = ? AND c.deleted = 0
                    """, arguments: [m.recordID]) else { continue }
                out.append(.insertActivity(Activity(id: id, creatorID: owner["id"], kind: .note, authorID: owner["owner_id"], at: now,
                                                    summary: "\(text) (ticket \(m.key.prefix(4)), \(reason))", nextStep: text, followUpDue: now)))
            }
        }
        return out
    }
}
