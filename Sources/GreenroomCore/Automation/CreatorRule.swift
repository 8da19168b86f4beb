import Foundation

/// What a rule looks at: tickets (the queue's filter language) or creators (the roster's).
public enum RuleTarget: String, Hashable, Codable, CaseIterable, Sendable {
    case tickets = "ticket"
    case creators = "creator"

    /// As people write it in TOML and on the command line: `tickets`, `creators`.
    public var word: String { self == .tickets ? "tickets" : "creators" }

    public init?(word: String) {
        switch word.lowercased().trimmingCharacters(in: .whitespaces) {
        case "ticket", "tickets": self = .tickets
        case "creator", "creators": self = .creators
        default: return nil
        }
    }
}

/// A creator rule's condition (issue 24): the roster's filter language plus `rotting:yes|no`
/// (the creator's pipeline card has been in its stage longer than the stage's rotting
/// threshold — the board's rule, `whole days in stage > rotDays`).
///
/// Only what every laptop computes alike from synced records may start a rule, since a
/// firing's id is derived from the instant its condition became true. So:
/// - `idle:` is read from the LIVE sessions themselves (the last LIVE started before now; a
///   creator who never went live counts from their creation), not from the roster's locally
///   refreshed statistics;
/// - `health:`, `live7d:` and `active30d:` (those local statistics) are refused;
/// - free text and `owner:me` are refused (a rule runs for the team, not for someone).
public struct CreatorRuleCondition: Hashable, Sendable {
    public var filter: CreatorFilter
    /// `rotting:yes` (true), `rotting:no` (false), or no rotting term (nil).
    public var rotting: Bool?

    public init(filter: CreatorFilter, rotting: Bool? = nil) {
        self.filter = filter; self.rotting = rotting
    }

    /// Parses `text`; `stages` are the stage names the team uses (nil: any name, for checking
    /// a teammate's rule at the sync edge, where the settings may not have arrived yet).
    public static func parse(_ text: String, stages: [String]?) throws -> CreatorRuleCondition {
        // `rotting:` is not a roster field: take its terms out (blanked, so the positions in
        // an error about the rest still point at the right place), then parse the rest.
        var characters = Array(text)
        var rotting: Bool?
        var stageNames: [String] = []
        for token in try FilterParser.tokenize(text) {
            var t = token.text.lowercased()
            var negated = false
            if t.hasPrefix("-") { negated = true; t.removeFirst() }
            if t.hasPrefix("stage:") {
                stageNames += t.dropFirst(6).split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            }
            guard t.hasPrefix("rotting:") else { continue }
            let value = t.dropFirst(8)
            let yes: Bool
            switch value {
            case "yes", "true": yes = true
            case "no", "false": yes = false
            default: throw FilterError("rotting: is yes or no", range: token.range)
            }
            if rotting != nil { throw FilterError("rotting: is given twice", range: token.range) }
            rotting = negated ? !yes : yes
            for i in token.range where i < characters.count { characters[i] = " " }
        }
        let rest = String(characters)
        let filter = try FilterParser(stages: stages ?? stageNames).parse(rest)
        for condition in filter.conditions {
            switch condition {
            case .health:
                throw FilterError("health: is worked out on each laptop from its own statistics; a rule needs what every laptop agrees on (use idle:>=14d)", range: 0..<0)
            case .live7dMinutes, .activeDays30d:
                throw FilterError("live7d: and active30d: are worked out on each laptop from its own statistics; a rule needs what every laptop agrees on (use idle:)", range: 0..<0)
            case .idleDays(let c) where thresholdMillis(c) == nil:
                // "Live within the last 3 days" holds on and on for a creator who goes live
                // daily, but each LIVE would look like a new start: not a rule's condition.
                throw FilterError("idle: in a rule takes >= or > (how long since the last LIVE, e.g. idle:>=14d)", range: 0..<0)
            case .owner(let owners, _) where owners.contains(.me):
                throw FilterError("owner:me means whoever runs it; a rule runs for the team (name the owner: owner:@lucia, or owner:none)", range: 0..<0)
            default: continue
            }
        }
        guard filter.words.isEmpty else {
            throw FilterError("\"\(filter.words.joined(separator: " "))\" is not a field:value condition (rules do not search text)", range: 0..<0)
        }
        guard !filter.conditions.isEmpty || rotting != nil else {
            throw FilterError("a rule needs at least one condition (field:value), e.g. idle:>=14d stage:activated", range: 0..<0)
        }
        return CreatorRuleCondition(filter: filter, rotting: rotting)
    }

    /// How long after its base time (the last LIVE, or the creation) a threshold on elapsed
    /// days starts to hold, in milliseconds: the roster compares elapsed days as a real
    /// number, so `>= 14` holds from 14 days on and `> 14` from a moment later. Nil for a
    /// comparison that holds from the base time on (`created:<7d`).
    public static func thresholdMillis(_ c: CreatorFilter.Comparison) -> Millis? {
        let at = Millis((c.value * Double(Time.day)).rounded(.up))
        switch c.op {
        case .greaterOrEqual, .equal: return at
        case .greater: return at + 1
        case .less, .lessOrEqual: return nil
        }
    }
}

extension RuleAction {
    /// Whether the action can act on a creator (the others act on tickets).
    public var actsOnCreators: Bool {
        switch self {
        case .assign, .tag, .note, .followUp: return true
        case .escalate, .status, .priority, .reply, .macro: return false
        }
    }

    /// As a creator's audit trail says it.
    public var creatorSummary: String {
        switch self {
        case .assign(let h): return h.map { "made \($0) the owner" } ?? "cleared the owner"
        case .followUp: return "asked the owner to follow up"
        default: return summary
        }
    }
}

