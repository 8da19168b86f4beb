import Foundation
import GRDB
import GreenroomCore

/// Writing team automations (issue 24): each rule is checked whole (`CheckedRule`: its
/// condition, its actions, no loop, no cycle with the other enabled rules) before anything is
/// written, and every write is stamped and synced.
extension Store {
    /// A rule as people write it, before it has an id.
    public struct RuleDraft: Hashable, Sendable {
        public var name: String
        public var team: String?
        public var condition: String
        public var actions: [String]
        public var enabled: Bool
        public var position: Int?
        /// Tickets or creators.
        public var target: RuleTarget

        public init(name: String, team: String? = nil, condition: String, actions: [String], enabled: Bool = true, position: Int? = nil,
                    target: RuleTarget = .tickets) {
            self.name = name; self.team = team; self.condition = condition; self.actions = actions; self.enabled = enabled; self.position = position
            self.target = target
        }
    }

    static func rule(named ref: String, _ db: Database) throws -> AutomationRule {
        let key = ref.trimmingCharacters(in: .whitespaces).lowercased()
        let all = try automationRules(db)
        if let r = all.first(where: { $0.id == ref || $0.name.lowercased() == key }) { return r }
        let starts = all.filter { $0.name.lowercased().hasPrefix(key) }
        if starts.count == 1 { return starts[0] }
        throw GreenroomError.invalidInput("no rule called \"\(TerminalText.sanitize(ref))\"" + (starts.isEmpty ? " (greenroom rules list)" : "; it starts \(starts.count) rules' names"))
    }

    /// The rule called `ref` (its name, the unique start of it, or its id).
    public func rule(named ref: String) throws -> AutomationRule {
        try read { db in try Store.rule(named: ref, db) }
    }

    /// Checks `rule` against the others as they would be with it in place.
    static func checkRule(_ rule: AutomationRule, _ db: Database) throws {
        let stages = try loadSettings(db).allStageNames
        let checked = try CheckedRule(rule, stages: stages)
        for (i, action) in checked.actions.enumerated() {
            if case .macro(let title) = action,
               try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM article WHERE is_macro = 1 AND deleted = 0 AND title = ? COLLATE NOCASE)", arguments: [title]) != true {
                throw GreenroomError.invalidInput("do line \(i + 1): no macro called \"\(TerminalText.sanitize(title))\" (greenroom kb list --macros)")
            }
            if case .assign(let handle?) = action,
               try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM member WHERE handle = ? AND deleted = 0)", arguments: [handle]) != true {
                throw GreenroomError.invalidInput("do line \(i + 1): no member \(handle)")
            }
        }
        let others = try automationRules(db).filter { $0.id != rule.id }.compactMap { try? CheckedRule($0, stages: stages) }
        if let cycle = CheckedRule.cycles(others + [checked]).first(where: { $0.contains("\"\(rule.name)\"") }) {
            throw GreenroomError.invalidInput("loops: \(cycle)")
        }
    }

    /// Adds a rule, or (`replacing`: a rule's name or id) rewrites that one; returns it.
    @discardableResult
    public func saveRule(_ draft: RuleDraft, replacing: String? = nil) throws -> AutomationRule {
        do {
            let id = try replacing.map { ref in try read { db in try Store.rule(named: ref, db).id } }
            return try saveRules([(draft, id)]).rules[0]
        } catch let error as RuleSaveError {
            throw GreenroomError.invalidInput(error.reason)
        }
    }

    /// Turns a rule on or off (a rule turned on is checked again first).
    @discardableResult
    public func setRuleEnabled(_ ref: String, _ enabled: Bool) throws -> AutomationRule {
        try write { db in
            var rule = try Store.rule(named: ref, db)
            guard rule.enabled != enabled else { return rule }
            rule.enabled = enabled
            if enabled { try Store.checkRule(rule, db) }
            try updateStamped(.automationRule, id: rule.id, fields: ["enabled": enabled.databaseValue], in: db)
            return rule
        }
    }

    /// Removes a rule (a synced tombstone; its firings stay in the audit trail).
    @discardableResult
    public func removeRule(_ ref: String) throws -> AutomationRule {
        try write { db in
            let rule = try Store.rule(named: ref, db)
            try updateStamped(.automationRule, id: rule.id, fields: ["deleted": true.databaseValue], in: db)
            return rule
        }
    }

    /// The team's name for a rule's team id (for listings).
    public func teamName(id: String?) throws -> String? {
        guard let id else { return nil }
        return try read { db in try String.fetchOne(db, sql: "SELECT name FROM team WHERE id = ?", arguments: [id]) }
    }

    /// How often each rule fired in the last `days` days, by rule id.
    public func ruleFiringCounts(since: Millis) throws -> [String: Int] {
        try read { db in
            Dictionary(try Row.fetchAll(db, sql: "SELECT rule_id, COUNT(*) AS n FROM rule_firing WHERE deleted = 0 AND fired_at >= ? GROUP BY rule_id",
                                        arguments: [since]).map { ($0["rule_id"] as String, $0["n"] as Int) }, uniquingKeysWith: +)
        }
    }
}

extension Store {
    /// Which draft of a batch failed, and why.
    public struct RuleSaveError: Error, CustomStringConvertible {
        public var index: Int
        public var reason: String
        public var description: String { reason }
    }

    /// Saves several rules in one transaction (`replacing`: the id of the rule each replaces,
    /// or nil to add it). Nothing is written unless every one checks; the error says which.
    @discardableResult
    public func saveRules(_ drafts: [(draft: RuleDraft, replacing: String?)]) throws -> (added: Int, changed: Int, rules: [AutomationRule]) {
        // A refusal rolls the batch back and leaves the transaction as a value, so it reaches
        // the caller as itself (which draft, why), not as a database error.
        let outcome: Result<(added: Int, changed: Int, rules: [AutomationRule]), RuleSaveError> = try write { db in
            var result: Result<(added: Int, changed: Int, rules: [AutomationRule]), RuleSaveError> = .failure(RuleSaveError(index: 0, reason: "nothing saved"))
            try db.inSavepoint {
                do {
                    result = .success(try saveRules(drafts, db))
                    return .commit
                } catch let error as RuleSaveError {
                    result = .failure(error)
                    return .rollback
                }
            }
            return result
        }
        return try outcome.get()
    }

    private func saveRules(_ drafts: [(draft: RuleDraft, replacing: String?)], _ db: Database) throws -> (added: Int, changed: Int, rules: [AutomationRule]) {
        do {
            var added = 0, changed = 0
            var saved: [AutomationRule] = []
            var last = try Int.fetchOne(db, sql: "SELECT MAX(position) FROM automation_rule WHERE deleted = 0") ?? 0
            for (i, item) in drafts.enumerated() {
                do {
                    let d = item.draft
                    let name = try Store.cleanName(d.name, "a rule name", limit: 80)
                    let teamID = try d.team.map { try Store.team(named: $0, db).id }
                    let taken = try String.fetchOne(db, sql: "SELECT id FROM automation_rule WHERE deleted = 0 AND name = ? COLLATE NOCASE", arguments: [name])
                    if let taken, taken != item.replacing {
                        throw GreenroomError.invalidInput("there is already a rule called \"\(TerminalText.sanitize(name))\" (greenroom rules edit changes it)")
                    }
                    if let id = item.replacing {
                        var rule = try Store.rule(named: id, db)
                        let old = rule
                        rule.name = name; rule.teamID = teamID; rule.condition = d.condition; rule.actions = d.actions; rule.enabled = d.enabled
                        rule.target = d.target
                        if let p = d.position { rule.position = p }
                        try Store.checkRule(rule, db)
                        var fields: [String: DatabaseValue] = [:]
                        if old.name != rule.name { fields["name"] = rule.name.databaseValue }
                        if old.teamID != rule.teamID { fields["team_id"] = rule.teamID.databaseValue }
                        if old.condition != rule.condition { fields["condition"] = rule.condition.databaseValue }
                        if old.actions != rule.actions { fields["actions"] = AutomationRule.encodeActions(rule.actions).databaseValue }
                        if old.enabled != rule.enabled { fields["enabled"] = rule.enabled.databaseValue }
                        if old.position != rule.position { fields["position"] = rule.position.databaseValue }
                        if old.target != rule.target { fields["target"] = rule.target.rawValue.databaseValue }
                        if !fields.isEmpty { try updateStamped(.automationRule, id: rule.id, fields: fields, in: db); changed += 1 }
                        saved.append(rule)
                    } else {
                        last += 10
                        let rule = AutomationRule(id: UUIDv7.make(millis: wallClock.now()), name: name, teamID: teamID, condition: d.condition,
                                                  actions: d.actions, enabled: d.enabled, position: d.position ?? last, target: d.target)
                        try Store.checkRule(rule, db)
                        try insertStamped(rule, in: db)
                        added += 1
                        saved.append(rule)
                    }
                } catch {
                    throw RuleSaveError(index: i, reason: "\(error)")
                }
            }
            return (added, changed, saved)
        }
    }
}
