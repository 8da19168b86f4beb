/// A ticket queue filter: structured terms (all must hold) and free-text words.
///
/// `status:open,pending priority:urgent category:rewards_payout tier:2 assignee:@me
/// requester:@mila network:"Luz Agency" tag:vip channel:email -assignee:none created:<30d solved:>7d payout`
/// Terms are AND-ed; commas inside one term mean "any of"; a leading `-` negates a term.
/// Free text matches a ticket whose subject or one of whose messages contains every word
/// (prefixes, accents folded).
public struct TicketFilter: Hashable, Sendable {
    public var conditions: [Condition]
    public var words: [String]

    public init(conditions: [Condition] = [], words: [String] = []) {
        self.conditions = conditions; self.words = words
    }

    public static let all = TicketFilter()
    public var isEmpty: Bool { conditions.isEmpty && words.isEmpty }

    public enum Person: Hashable, Sendable {
        case me
        case nobody
        case handle(String)
    }

    public enum Condition: Hashable, Sendable {
        case status([TicketStatus], negated: Bool)
        case priority([TicketPriority], negated: Bool)
        case category([TicketCategory], negated: Bool)
        case channel([TicketChannel], negated: Bool)
        case tier(Int, negated: Bool)
        case assignee([Person], negated: Bool)
        /// Requester creators by handle (`@mila` matches `@mila` exactly or as a prefix `@mila*`).
        case requester([String], negated: Bool)
        case network([CreatorFilter.Network], negated: Bool)
        /// The owning team by name, case ignored (`team:"Tier 1 BPO"`, `team:none`; issue 24).
        case team([CreatorFilter.Network], negated: Bool)
        case tag([String], negated: Bool)
        case csat([CSAT], negated: Bool)
        /// Days since the ticket was created (`created:<7d`: in the last week).
        case createdDays(CreatorFilter.Comparison)
        /// Days since it was solved (`solved:<30d`); a ticket never solved does not match.
        case solvedDays(CreatorFilter.Comparison)
        /// Issue 24, for rules and the queue: the next SLA target is due within this many
        /// minutes, or already breached (`breach:<30m`).
        case breachWithin(minutes: Int)
        /// Pending for at least this many minutes (`pending:>3d`), counted from the latest move
        /// into pending.
        case pendingFor(minutes: Int)
        /// The latest public message is the requester's, written after the latest solve if
        /// any (`replied:requester`: they are waiting for us), or an agent's (`replied:agent`).
        case lastMessageBy(TicketActor)
        /// The requester's latest message only says thanks (`thanks:yes`, `thanks:no`);
        /// rules only (`ThanksOnly`), decided on the text, not in SQL.
        case thanksOnly(Bool)
    }
}

/// Parses the ticket filter language, with the roster's tokenizer and error style.
public struct TicketFilterParser: Sendable {
    public init() {}

    public static let fields = ["status", "priority", "category", "channel", "tier", "assignee", "requester", "network", "team", "tag", "csat", "created", "solved",
                                "breach", "pending", "replied", "thanks"]

    public func parse(_ input: String) throws -> TicketFilter {
        let (words, terms) = try FilterParser.terms(input, fields: TicketFilterParser.fields)
        var filter = TicketFilter(words: words)
        for term in terms {
            let (field, items, negated, token) = (term.field, term.items, term.negated, term.token)
            let fail = term.fail
            func values<E: RawRepresentable & CaseIterable>(_ type: E.Type, _ name: String, aliases: [String: E] = [:]) throws -> [E]
            where E.RawValue == String {
                try items.map { item in
                    let lower = item.lowercased().replacingOccurrences(of: "-", with: "_")
                    if let v = aliases[lower] ?? E(rawValue: lower) { return v }
                    throw fail("unknown \(name) \"\(item)\" (\(E.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
            }
            switch field {
            case "status":
                filter.conditions.append(.status(try values(TicketStatus.self, "status", aliases: ["hold": .onHold, "onhold": .onHold]), negated: negated))
            case "priority":
                filter.conditions.append(.priority(try values(TicketPriority.self, "priority"), negated: negated))
            case "category":
                filter.conditions.append(.category(try values(TicketCategory.self, "category"), negated: negated))
            case "channel":
                filter.conditions.append(.channel(try values(TicketChannel.self, "channel", aliases: ["inapp": .inApp, "app": .inApp, "web": .webform]),
                                                  negated: negated))
            case "csat":
                filter.conditions.append(.csat(try values(CSAT.self, "rating"), negated: negated))
            case "tier":
                guard items.count == 1, let tier = Int(items[0].lowercased().replacingOccurrences(of: "t", with: "")), tier == 1 || tier == 2 else {
                    throw fail("tier: is 1 or 2")
                }
                filter.conditions.append(.tier(tier, negated: negated))
            case "assignee":
                filter.conditions.append(.assignee(items.map { item in
                    let lower = item.lowercased()
                    if !token.quoted && (lower == "me" || lower == "@me") { return .me }
                    if !token.quoted && (lower == "none" || lower == "nobody") { return .nobody }
                    return .handle(item.hasPrefix("@") ? lower : "@" + lower)
                }, negated: negated))
            case "requester":
                filter.conditions.append(.requester(items.map { $0.hasPrefix("@") ? $0.lowercased() : "@" + $0.lowercased() }, negated: negated))
            case "created", "solved":
                guard !negated else { throw fail("\(field): cannot be negated; use the opposite comparison") }
                guard items.count == 1 else { throw fail("\(field): takes one comparison, e.g. \(field):<7d") }
                let comparison = try FilterParser().parseComparison(items[0], field: field, range: token.range)
                filter.conditions.append(field == "created" ? .createdDays(comparison) : .solvedDays(comparison))
            case "network":
                filter.conditions.append(.network(items.map { !token.quoted && $0.lowercased() == "none" ? .nobody : .named($0) }, negated: negated))
            case "breach", "pending":
                guard !negated, items.count == 1 else { throw fail("\(field): takes one duration, e.g. \(field == "breach" ? "breach:<30m" : "pending:>3d")") }
                let (op, minutes) = try Duration.parse(items[0], field: field, fail: fail)
                if field == "breach" {
                    guard op == "<" || op == "<=" else { throw fail("breach: is a time still to go, e.g. breach:<30m (due within 30 minutes, or overdue)") }
                    filter.conditions.append(.breachWithin(minutes: minutes))
                } else {
                    guard op == ">" || op == ">=" else { throw fail("pending: is a time already waited, e.g. pending:>3d") }
                    filter.conditions.append(.pendingFor(minutes: minutes))
                }
            case "replied":
                guard !negated, items.count == 1, let who = ["requester": TicketActor.requester, "agent": .agent][items[0].lowercased()] else {
                    throw fail("replied: is requester or agent (who wrote the latest public message)")
                }
                filter.conditions.append(.lastMessageBy(who))
            case "thanks":
                guard !negated, items.count == 1, let yes = ["yes": true, "no": false][items[0].lowercased()] else {
                    throw fail("thanks: is yes or no (the requester's latest message only says thanks)")
                }
                filter.conditions.append(.thanksOnly(yes))
            case "team":
                filter.conditions.append(.team(items.map { !token.quoted && $0.lowercased() == "none" ? .nobody : .named($0) }, negated: negated))
            default:
                filter.conditions.append(.tag(items.map { $0.lowercased() }, negated: negated))
            }
        }
        return filter
    }
}

/// The queue's saved views (`v`): each a base condition over tickets, and an order.
public enum TicketView: String, CaseIterable, Hashable, Sendable, Codable {
    case myOpen = "my-open"
    case unassigned
    case breachingSoon = "breaching-soon"
    case escalated
    case pending
    /// Open tickets snoozed until a time still ahead (issue 28); the other open views leave them out.
    case snoozed
    case allOpen = "all-open"
    case solvedRecently = "solved-7d"
    /// Every ticket, open or solved, newest first: the history, searchable.
    case all

    public var title: String {
        switch self {
        case .myOpen: return "My open"
        case .unassigned: return "Unassigned"
        case .breachingSoon: return "Breaching soon"
        case .escalated: return "Escalated"
        case .pending: return "Pending"
        case .snoozed: return "Snoozed"
        case .allOpen: return "All open"
        case .solvedRecently: return "Solved last 7 days"
        case .all: return "All tickets"
        }
    }

    public var detail: String {
        switch self {
        case .myOpen: return "assigned to me, not solved"
        case .unassigned: return "no assignee, not solved"
        case .breachingSoon: return "breached or due within 1 h"
        case .escalated: return "tier 2, not solved"
        case .pending: return "waiting on the requester"
        case .snoozed: return "out of the queue until a time, or the requester's reply"
        case .allOpen: return "every unsolved ticket"
        case .solvedRecently: return "solved or closed in the last 7 days"
        case .all: return "every ticket, open or solved (search the history)"
        }
    }

    /// Open views sort by time to next breach; the solved view by most recently solved.
    public var isOpenQueue: Bool { self != .solvedRecently && self != .all }

    /// Open views that leave snoozed tickets out and put woken ones on top (issue 28): all but
    /// Snoozed itself and Breaching soon, which keeps them (a snooze never hides a breach).
    public var hidesSnoozed: Bool { isOpenQueue && self != .snoozed && self != .breachingSoon }

    /// Accepts the raw name, the title, or a unique prefix of either (case-insensitive).
    public static func named(_ text: String) -> TicketView? {
        let lower = text.lowercased().trimmingCharacters(in: .whitespaces)
        if let exact = allCases.first(where: { $0.rawValue == lower || $0.title.lowercased() == lower }) { return exact }
        let prefixed = allCases.filter { $0.rawValue.hasPrefix(lower) || $0.title.lowercased().hasPrefix(lower) }
        return prefixed.count == 1 ? prefixed[0] : nil
    }
}

/// Durations in rule conditions: `<30m`, `<=2h`, `>3d`, `>=1w` (minutes, hours, days, weeks).
enum Duration {
    static func parse(_ text: String, field: String, fail: (String) -> FilterError) throws -> (op: String, minutes: Int) {
        var rest = Substring(text)
        var op = ""
        for candidate in ["<=", ">=", "<", ">"] where rest.hasPrefix(candidate) {
            op = candidate
            rest = rest.dropFirst(candidate.count)
            break
        }
        let digits = rest.prefix { $0.isNumber }
        let unit = rest.dropFirst(digits.count).lowercased()
        let factors = ["m": 1, "min": 1, "h": 60, "d": 24 * 60, "w": 7 * 24 * 60]
        guard !op.isEmpty, let n = Int(digits), n >= 0, n <= 10_000, let factor = factors[unit] else {
            throw fail("\(field): needs a comparison and a duration such as <30m, >3d, >=2h or >1w")
        }
        return (op, n * factor)
    }
}
