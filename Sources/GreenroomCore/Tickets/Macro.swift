/// Knowledge-base macros: filling a reply template's placeholders, and what a macro does to
/// a ticket besides inserting text. Pure: the store saves articles, the TUI previews and
/// applies them.

/// The values a template's placeholders draw from. `nil` (or blank) means "not known for
/// this ticket": the placeholder then renders as a visible `[name?]` marker.
public struct MacroContext: Hashable, Sendable {
    public var creatorHandle: String?
    public var creatorName: String?
    public var networkName: String?
    public var ticketKey: String?
    public var ticketSubject: String?
    public var agentHandle: String?
    public var agentName: String?

    public init(creatorHandle: String? = nil, creatorName: String? = nil, networkName: String? = nil, ticketKey: String? = nil,
                ticketSubject: String? = nil, agentHandle: String? = nil, agentName: String? = nil) {
        self.creatorHandle = creatorHandle; self.creatorName = creatorName; self.networkName = networkName
        self.ticketKey = ticketKey; self.ticketSubject = ticketSubject; self.agentHandle = agentHandle; self.agentName = agentName
    }

    /// The context of a ticket's detail (its short key, requester, network and subject) for
    /// the agent writing the reply. A detail does not carry the requester's display name.
    public init(_ detail: TicketDetail, creatorName: String? = nil, agentHandle: String? = nil, agentName: String? = nil) {
        self.init(creatorHandle: detail.requesterHandle, creatorName: creatorName, networkName: detail.networkName,
                  ticketKey: detail.key, ticketSubject: detail.ticket.subject, agentHandle: agentHandle, agentName: agentName)
    }

    /// The value of a known placeholder (lowercase name), nil when the name is not known.
    fileprivate func value(for name: String) -> String?? {
        switch name {
        case "creator.handle": return .some(creatorHandle)
        case "creator.name": return .some(creatorName)
        case "network.name": return .some(networkName)
        case "ticket.key": return .some(ticketKey)
        case "ticket.subject": return .some(ticketSubject)
        case "agent.handle": return .some(agentHandle)
        case "agent.name": return .some(agentName)
        default: return nil
        }
    }
}

/// What applying a macro does to a ticket besides inserting its text.
public struct MacroEffect: Hashable, Sendable {
    public var status: TicketStatus?
    public var priority: TicketPriority?
    /// Normalized tags to add (tags are never removed by a macro).
    public var addTags: [String]

    public init(status: TicketStatus? = nil, priority: TicketPriority? = nil, addTags: [String] = []) {
        self.status = status; self.priority = priority; self.addTags = addTags
    }

    /// The effect of an article: nothing unless it is a macro.
    public init(_ article: Article) {
        if article.isMacro {
            self.init(status: article.macroStatus, priority: article.macroPriority, addTags: article.macroTags)
        } else {
            self.init()
        }
    }

    /// Inserts text only.
    public var isEmpty: Bool { status == nil && priority == nil && addTags.isEmpty }

    /// The part of the effect that would change `ticket` (whose tags are `tags`): a status or
    /// priority it already has, and tags it already carries, are dropped.
    public func applicable(to ticket: Ticket, tags: [String]) -> MacroEffect {
        let have = Set(tags)
        var seen = Set<String>()
        return MacroEffect(status: status == ticket.status ? nil : status,
                           priority: priority == ticket.priority ? nil : priority,
                           addTags: addTags.filter { !have.contains($0) && seen.insert($0).inserted })
    }
}

public enum Macro {
    /// Placeholder names a template may use, in the order the editor lists them.
    public static let placeholders = ["creator.handle", "creator.name", "network.name", "ticket.key", "ticket.subject",
                                      "agent.handle", "agent.name"]

    /// Fills `{{name}}` placeholders from `context`, scanning the template once.
    ///
    /// - Names are case-insensitive and may have spaces or tabs inside the braces
    ///   (`{{ Creator.Handle }}`).
    /// - A known placeholder without a value (nil or blank) becomes a visible
    ///   `[creator.handle?]` marker, so the agent sees what is missing before sending.
    /// - An unknown placeholder (`{{order.id}}`) stays exactly as typed; its name (trimmed, as
    ///   typed) is listed once in `unknown`, in order of first appearance.
    /// - Values are inserted verbatim and never scanned again, so a creator named
    ///   `{{agent.name}}` stays `{{agent.name}}`.
    /// - Anything that is not `{{`, optional spaces, a name of letters, digits, `.`, `_` or
    ///   `-` (at most 64), optional spaces, `}}` is plain text and is kept literally — stray
    ///   braces, `{{}}`, `{{ two words }}`, control characters.
    public static func render(_ template: String, _ context: MacroContext) -> (text: String, unknown: [String]) {
        let scalars = Array(template.unicodeScalars)
        var out = String.UnicodeScalarView()
        var unknown: [String] = []
        var i = 0
        while i < scalars.count {
            if scalars[i] == "{", i + 1 < scalars.count, scalars[i + 1] == "{",
               let (name, end) = placeholder(in: scalars, at: i) {
                let key = name.lowercased()
                if let value = context.value(for: key) {
                    if let value, !value.allSatisfy({ $0.isWhitespace }) {
                        out.append(contentsOf: value.unicodeScalars)
                    } else {
                        out.append(contentsOf: "[\(key)?]".unicodeScalars)
                    }
                } else {
                    out.append(contentsOf: scalars[i..<end])
                    if !unknown.contains(name) { unknown.append(name) }
                }
                i = end
            } else {
                out.append(scalars[i])
                i += 1
            }
        }
        return (String(out), unknown)
    }

    /// The unknown placeholders of a template (as typed), for warnings when saving one.
    public static func unknownPlaceholders(in template: String) -> [String] {
        render(template, MacroContext()).unknown
    }

    /// The placeholder starting at `start` (which holds `{{`): its name as typed and the index
    /// just past its closing `}}`; nil when the text there is not a placeholder.
    private static func placeholder(in s: [Unicode.Scalar], at start: Int) -> (String, Int)? {
        func isBlank(_ c: Unicode.Scalar) -> Bool { c == " " || c == "\t" }
        func isNameScalar(_ c: Unicode.Scalar) -> Bool {
            ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c) || c == "." || c == "_" || c == "-"
        }
        var j = start + 2
        while j < s.count, isBlank(s[j]) { j += 1 }
        let nameStart = j
        while j < s.count, isNameScalar(s[j]), j - nameStart < 64 { j += 1 }
        let nameEnd = j
        guard nameEnd > nameStart else { return nil }
        while j < s.count, isBlank(s[j]) { j += 1 }
        guard j + 1 < s.count, s[j] == "}", s[j + 1] == "}" else { return nil }
        var name = String.UnicodeScalarView()
        name.append(contentsOf: s[nameStart..<nameEnd])
        return (String(name), j + 2)
    }

    /// One line for a macro preview: "sets status pending · priority high · tags +payout";
    /// "text only" when the macro changes nothing on the ticket.
    public static func describe(_ effect: MacroEffect) -> String {
        var parts: [String] = []
        if let status = effect.status { parts.append("status \(status.rawValue)") }
        if let priority = effect.priority { parts.append("priority \(priority.rawValue)") }
        if !effect.addTags.isEmpty { parts.append("tags " + effect.addTags.map { "+" + $0 }.joined(separator: " ")) }
        return parts.isEmpty ? "text only" : "sets " + parts.joined(separator: " · ")
    }
}
