import Foundation

/// A team automation (issue 24): when a ticket matches `condition` (the queue's filter
/// language plus `breach:<30m`, `pending:>3d`, `replied:requester`, `thanks:yes|no`) — or, for
/// a rule on creators, when a creator matches it (the roster's filter language plus
/// `rotting:yes`, `CreatorRuleCondition`) — do `actions`. Rules are synced records (`automation_rule`), kept in TOML by people
/// (`greenroom rules export|import|edit`) and listed on `:rules`.
public struct AutomationRule: Hashable, Codable, Sendable {
    public var id: String
    public var name: String
    /// Only tickets of this team (nil: every ticket).
    public var teamID: String?
    public var condition: String
    /// One action a line, as people write them (`RuleAction`).
    public var actions: [String]
    public var enabled: Bool
    /// Rules run in this order.
    public var position: Int
    public var deleted: Bool
    /// Tickets or creators.
    public var target: RuleTarget

    public init(id: String, name: String, teamID: String? = nil, condition: String, actions: [String], enabled: Bool = true, position: Int = 0,
                deleted: Bool = false, target: RuleTarget = .tickets) {
        self.id = id; self.name = name; self.teamID = teamID; self.condition = condition; self.actions = actions
        self.enabled = enabled; self.position = position; self.deleted = deleted; self.target = target
    }

    /// The firing of this rule on a record at the instant its condition became true: every
    /// laptop that evaluates the rule derives the same id, so the merge keeps one firing
    /// (DESIGN.md §9, "Automations offline without doubling").
    public static func firingID(rule: String, record: String, trigger: Millis) -> String {
        UUIDv7.derived(from: "rule/\(rule)/\(record)/\(trigger)", millis: trigger)
    }

    /// The id of the `index`th write of a firing (its events), derived alike.
    public static func actionID(firing: String, index: Int, trigger: Millis) -> String {
        UUIDv7.derived(from: "firing/\(firing)/\(index)", millis: trigger)
    }

    /// The rules every database starts with, disabled but one (`ids` derived from their key,
    /// so every laptop has the same rows and an edit on one reaches the others).
    public static func builtIns() -> [AutomationRule] {
        func id(_ key: String) -> String { UUIDv7.derived(from: "builtin-rule/" + key, millis: 1_767_225_600_000) } // 2026-01-01
        return [
            AutomationRule(id: id("warn-before-breach"), name: "Warn before a breach",
                           condition: "status:new,open breach:<60m -tag:sla_warned", actions: ["tag +sla_warned", "note SLA due within the hour: take it or hand it over"],
                           enabled: false, position: 10),
            AutomationRule(id: id("escalate-before-breach"), name: "Escalate before a breach",
                           condition: "status:new,open tier:1 breach:<15m", actions: ["escalate SLA about to breach", "priority urgent"],
                           enabled: false, position: 20),
            AutomationRule(id: id("pending-reminder"), name: "Remind after 3 days pending",
                           condition: "pending:>3d -tag:reminded", actions: ["reply Just checking in: do you still need help with this? Reply here and we will pick it up.", "tag +reminded"],
                           enabled: false, position: 30),
            AutomationRule(id: id("pending-solve"), name: "Solve after 7 days pending",
                           condition: "pending:>7d", actions: ["status solved", "note Solved after 7 days without an answer from the requester"],
                           enabled: false, position: 40),
            AutomationRule(id: id("reopen-on-reply"), name: "Reopen when the requester writes (not for a thanks)",
                           condition: "status:solved replied:requester thanks:no", actions: ["status open"],
                           enabled: true, position: 50),
        ]
    }
}

extension AutomationRule {
    public static func encodeActions(_ actions: [String]) -> String {
        (try? JSONSerialization.data(withJSONObject: actions, options: [.sortedKeys])).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
    }

    /// A stored list that does not read (it was checked when written) is no actions, so the
    /// rule is refused when it runs rather than guessed at.
    public static func decodeActions(_ text: String) -> [String] {
        ((try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [Any])?.compactMap { $0 as? String } ?? []
    }
}

/// One action of a rule, parsed from its line.
public enum RuleAction: Hashable, Sendable {
    /// `assign @lucia`, or `assign none`.
    case assign(handle: String?)
    /// `escalate REASON`: to tier 2, with the reason.
    case escalate(reason: String)
    case status(TicketStatus)
    case priority(TicketPriority)
    /// `tag +vip`, `tag -vip` (or `tag vip`).
    case tag(String, add: Bool)
    /// `note TEXT`: an internal note.
    case note(String)
    /// `reply TEXT`: a public reply sent as the team.
    case reply(String)
    /// `macro TITLE`: a knowledge-base macro — its reply, and its status, priority and tags.
    case macro(String)
    /// `follow-up TEXT`: a follow-up due now for the owner of the requester creator (it shows
    /// on their Today).
    case followUp(String)

    /// Parses one line; the error is the reason, in words.
    public init(parsing line: String) throws {
        let text = line.trimmingCharacters(in: .whitespaces)
        let verb = text.prefix { !$0.isWhitespace }.lowercased()
        let rest = text.dropFirst(verb.count).trimmingCharacters(in: .whitespaces)
        func need(_ what: String) throws -> String {
            guard !rest.isEmpty else { throw GreenroomError.invalidInput("\(verb) needs \(what)") }
            guard rest.utf8.count <= 2_000 else { throw GreenroomError.invalidInput("\(verb): at most 2,000 bytes") }
            return rest
        }
        switch verb {
        case "assign":
            let who = try need("a member (@handle) or none").lowercased()
            if who == "none" { self = .assign(handle: nil); return }
            guard FieldRules.problem(.text(who.hasPrefix("@") ? who : "@" + who), FieldRules.Rule(.handle)) == nil else {
                throw GreenroomError.invalidInput("assign: \"\(TerminalText.sanitize(who))\" is not a handle")
            }
            self = .assign(handle: who.hasPrefix("@") ? who : "@" + who)
        case "escalate": self = .escalate(reason: try need("a reason"))
        case "status":
            let value = try need("a status").lowercased().replacingOccurrences(of: "-", with: "_")
            guard let s = TicketStatus(rawValue: value) else {
                throw GreenroomError.invalidInput("status: \"\(TerminalText.sanitize(value))\" is not one of \(TicketStatus.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            self = .status(s)
        case "priority":
            let value = try need("a priority").lowercased()
            guard let p = TicketPriority(rawValue: value) else {
                throw GreenroomError.invalidInput("priority: \"\(TerminalText.sanitize(value))\" is not one of \(TicketPriority.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            self = .priority(p)
        case "tag":
            var t = try need("a tag (+tag adds, -tag removes)").lowercased()
            var add = true
            if t.hasPrefix("-") { add = false; t.removeFirst() } else if t.hasPrefix("+") { t.removeFirst() }
            guard FieldRules.problem(.text(t), FieldRules.Rule(.tag)) == nil else {
                throw GreenroomError.invalidInput("tag: \"\(TerminalText.sanitize(t))\" is not a tag (lowercase, no spaces)")
            }
            self = .tag(t, add: add)
        case "note": self = .note(try need("its text"))
        case "reply": self = .reply(try need("its text"))
        case "macro": self = .macro(try need("a macro's title"))
        case "follow-up", "followup": self = .followUp(try need("what to follow up"))
        default:
            throw GreenroomError.invalidInput("\"\(TerminalText.sanitize(String(verb)))\" is not an action (assign, escalate, status, priority, tag, note, reply, macro, follow-up)")
        }
    }

    /// As the audit trail says it: "set status solved", "tagged +vip".
    public var summary: String {
        switch self {
        case .assign(let h): return h.map { "assigned to \($0)" } ?? "unassigned"
        case .escalate(let r): return "escalated to tier 2 (\(r))"
        case .status(let s): return "set status \(s.rawValue)"
        case .priority(let p): return "set priority \(p.rawValue)"
        case .tag(let t, let add): return "tagged \(add ? "+" : "-")\(t)"
        case .note: return "added a note"
        case .reply: return "replied"
        case .macro(let m): return "applied macro \(m)"
        case .followUp: return "asked the owner to follow up"
        }
    }
}

/// A rule checked as a whole: its condition parses, its actions parse, and it cannot loop.
public struct CheckedRule: Hashable, Sendable {
    public var rule: AutomationRule
    /// A ticket rule's condition (empty for a creator rule).
    public var filter: TicketFilter
    /// A creator rule's condition (nil for a ticket rule).
    public var creatorCondition: CreatorRuleCondition?
    public var actions: [RuleAction]

    /// Whether the rule can only match open tickets (new, open, pending, on hold): its status
    /// terms name only those, or it waits on an SLA target or a pending time.
    public var onlyOpen: Bool {
        let open: Set<TicketStatus> = [.new, .open, .pending, .onHold]
        for c in filter.conditions {
            switch c {
            case .status(let s, false) where Set(s).isSubset(of: open): return true
            case .breachWithin, .pendingFor: return true
            default: continue
            }
        }
        return false
    }

    /// Checks `rule`; the error names the part: `condition: …`, `do line 2: …`, `loops: …`.
    /// `stages`: the team's stage names, for a creator rule's `stage:` terms.
    public init(_ rule: AutomationRule, stages: [String] = Stage.all) throws {
        self.rule = rule
        guard !rule.name.trimmingCharacters(in: .whitespaces).isEmpty else { throw GreenroomError.invalidInput("name: a rule needs a name") }
        if rule.target == .creators {
            filter = TicketFilter()
            do {
                creatorCondition = try CreatorRuleCondition.parse(rule.condition, stages: stages)
            } catch let e as FilterError {
                throw GreenroomError.invalidInput("when: \(e.message)")
            }
            guard !rule.actions.isEmpty else { throw GreenroomError.invalidInput("do: a rule needs at least one action") }
            var parsed: [RuleAction] = []
            for (i, line) in rule.actions.enumerated() {
                let action: RuleAction
                do { action = try RuleAction(parsing: line) } catch {
                    throw GreenroomError.invalidInput("do line \(i + 1): \(error)")
                }
                guard action.actsOnCreators else {
                    throw GreenroomError.invalidInput("do line \(i + 1): \"\(TerminalText.sanitize(String(line.prefix { !$0.isWhitespace })))\" acts on tickets; a rule on creators can assign (the owner), tag, note or follow-up")
                }
                parsed.append(action)
            }
            actions = parsed
            return
        }
        creatorCondition = nil
        do {
            filter = try TicketFilterParser().parse(rule.condition)
        } catch let e as FilterError {
            throw GreenroomError.invalidInput("when: \(e.message)")
        }
        guard !filter.conditions.isEmpty else {
            throw GreenroomError.invalidInput("when: a rule needs at least one condition (field:value), e.g. status:pending pending:>3d")
        }
        guard filter.words.isEmpty else {
            throw GreenroomError.invalidInput("when: \"\(filter.words.joined(separator: " "))\" is not a field:value condition (rules do not search text)")
        }
        guard !rule.actions.isEmpty else { throw GreenroomError.invalidInput("do: a rule needs at least one action") }
        var parsed: [RuleAction] = []
        for (i, line) in rule.actions.enumerated() {
            do { parsed.append(try RuleAction(parsing: line)) } catch {
                throw GreenroomError.invalidInput("do line \(i + 1): \(error)")
            }
        }
        actions = parsed
        if let loop = CheckedRule.selfLoop(filter, parsed) { throw GreenroomError.invalidInput("loops: \(loop)") }
    }

    /// An action that makes its own rule's condition true anew, so it would fire again and
    /// again: moving a ticket into pending under `pending:>…`, or writing the public reply
    /// that `replied:…` waits for.
    static func selfLoop(_ filter: TicketFilter, _ actions: [RuleAction]) -> String? {
        for c in filter.conditions {
            switch c {
            case .pendingFor where actions.contains(.status(.pending)):
                return "\"status pending\" starts the pending time its own condition waits on"
            case .lastMessageBy(.agent) where actions.contains { if case .reply = $0 { return true } else { return false } }:
                return "\"reply\" writes the agent message its own condition waits for"
            default: continue
            }
        }
        return nil
    }

    /// Pairs of rules that undo each other's work forever: one sets a status (or priority)
    /// the other's condition requires, and the other sets one the first requires.
    public static func cycles(_ rules: [CheckedRule]) -> [String] {
        func sets(_ r: CheckedRule) -> (status: Set<TicketStatus>, priority: Set<TicketPriority>) {
            var s = Set<TicketStatus>(), p = Set<TicketPriority>()
            for a in r.actions {
                if case .status(let v) = a { s.insert(v) }
                if case .priority(let v) = a { p.insert(v) }
            }
            return (s, p)
        }
        func requires(_ r: CheckedRule) -> (status: Set<TicketStatus>, priority: Set<TicketPriority>) {
            var s = Set<TicketStatus>(), p = Set<TicketPriority>()
            for c in r.filter.conditions {
                if case .status(let v, false) = c { s.formUnion(v) }
                if case .priority(let v, false) = c { p.formUnion(v) }
            }
            return (s, p)
        }
        var out: [String] = []
        let active = rules.filter(\.rule.enabled)
        for (i, a) in active.enumerated() {
            for b in active[(i + 1)...] {
                let (sa, ra, sb, rb) = (sets(a), requires(a), sets(b), requires(b))
                let statusCycle = !sa.status.isDisjoint(with: rb.status) && !sb.status.isDisjoint(with: ra.status)
                let priorityCycle = !sa.priority.isDisjoint(with: rb.priority) && !sb.priority.isDisjoint(with: ra.priority)
                if statusCycle || priorityCycle {
                    out.append("\"\(a.rule.name)\" and \"\(b.rule.name)\" undo each other (each sets what the other's condition needs)")
                }
            }
        }
        return out
    }
}

/// Whether a requester's message only says thanks (so it need not reopen a solved ticket):
/// short, and nothing but thanks words, greetings, names of the team and emoji or punctuation.
/// Deliberately narrow — "thanks, but it still fails" is not a thanks.
public enum ThanksOnly {
    static let words: Set<String> = [
        "thanks", "thank", "you", "thx", "ty", "tysm", "many", "so", "much", "very", "a", "lot", "lots", "great", "perfect", "awesome",
        "ok", "okay", "cool", "got", "it", "all", "good", "now", "works", "that", "worked", "cheers", "appreciate", "appreciated",
        "gracias", "muchas", "mil", "equipo", "equipe", "tim", "muito", "obrigado", "obrigada", "terima", "kasih", "banyak", "cảm", "ơn", "arigato", "merci",
        "beaucoup", "danke", "hi", "hello", "team", "again", "for", "the", "help", "your", "and", "have", "nice", "day", "👍", "🙏", "❤️",
    ]

    public static func check(_ text: String) -> Bool {
        let lowered = text.lowercased()
        guard !lowered.isEmpty, lowered.count <= 160 else { return false }
        let tokens = lowered.split { !$0.isLetter && !$0.isNumber && !$0.isEmoji }.map(String.init)
        guard !tokens.isEmpty else { return false }
        let thanks: Set<String> = ["thanks", "thank", "thx", "ty", "tysm", "gracias", "obrigado", "obrigada", "kasih", "ơn", "arigato", "merci", "danke", "cheers", "appreciate", "appreciated", "👍", "🙏"]
        return tokens.allSatisfy { words.contains($0) || $0.count <= 1 } && tokens.contains { thanks.contains($0) }
    }
}

extension Character {
    var isEmoji: Bool { unicodeScalars.contains { $0.properties.isEmojiPresentation } }
}
