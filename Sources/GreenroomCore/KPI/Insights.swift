import Foundation

/// One ticket as the insights read it: created in the reviewed week or in a baseline week,
/// with the text its topics come from.
public struct InsightTicket: Hashable, Sendable {
    public var id: String
    public var key: String
    public var subject: String
    public var category: String
    public var tags: [String]
    /// The bodies of its CSAT ratings' comments (ticket events of kind `csat`).
    public var comments: [String]
    public var createdAt: Millis

    public init(id: String, key: String, subject: String, category: String, tags: [String], comments: [String], createdAt: Millis) {
        self.id = id; self.key = key; self.subject = subject; self.category = category
        self.tags = tags; self.comments = comments; self.createdAt = createdAt
    }
}

/// What a topic is made of.
public enum InsightKind: String, CaseIterable, Codable, Sendable {
    /// The ticket's category.
    case category
    /// A ticket tag.
    case tag
    /// A word of the subject or of a CSAT comment (stop words left out).
    case term
    /// Two adjacent words of the subject or of a CSAT comment, neither a stop word.
    case phrase
}

/// A topic that moved: its count this week against the baseline weeks.
public struct InsightTopic: Hashable, Sendable {
    public enum Direction: String, Sendable { case rising, falling }

    public var kind: InsightKind
    public var text: String
    /// Tickets of the reviewed week with the topic.
    public var count: Int
    /// Mean tickets per baseline week with the topic.
    public var baselineMean: Double
    /// What the baseline predicts for this week: `baselineMean` × the week's volume ratio.
    public var expected: Double
    /// (count − expected) ÷ expected.
    public var change: Double
    /// The one-sided Poisson tail probability of a count this far from `expected`.
    public var pValue: Double
    /// −log10(pValue): higher is more surprising.
    public var score: Double
    public var direction: Direction
    /// The week's tickets with the topic, oldest first (ids).
    public var ticketIDs: [String]
}

/// Topics rising or falling in one week against the weeks before. See `InsightAnalysis`.
public struct InsightsReport: Sendable {
    /// The reviewed week (its end is `now` while it runs).
    public var week: KPIPeriod
    /// "2026-W46", or "2026-W47 · partial" while it runs.
    public var label: String
    public var isPartial: Bool
    /// The baseline weeks, oldest first.
    public var baseline: [KPIPeriod]
    public var network: String?
    public var market: String?
    /// Tickets created in the reviewed week (in scope).
    public var tickets: Int
    /// Tickets created in each baseline week, oldest first.
    public var baselineTickets: [Int]
    /// How many topics were tested (the Bonferroni divisor).
    public var tested: Int
    /// The threshold every reported topic's p-value is under: `InsightAnalysis.alpha` ÷ `tested`.
    public var threshold: Double
    public var rising: [InsightTopic]
    public var falling: [InsightTopic]
    /// The week's tickets by id, for keys and subjects of the topics' tickets.
    public var weekTickets: [String: InsightTicket]

    public init(week: KPIPeriod, label: String, isPartial: Bool, baseline: [KPIPeriod], network: String?, market: String?,
                tickets: Int, baselineTickets: [Int], tested: Int, threshold: Double, rising: [InsightTopic], falling: [InsightTopic],
                weekTickets: [String: InsightTicket]) {
        self.week = week; self.label = label; self.isPartial = isPartial; self.baseline = baseline
        self.network = network; self.market = market; self.tickets = tickets; self.baselineTickets = baselineTickets
        self.tested = tested; self.threshold = threshold; self.rising = rising; self.falling = falling; self.weekTickets = weekTickets
    }
}

/// Rising and falling topics by counting, per week, the tickets that carry each topic, and
/// testing this week's count against the baseline weeks' with a Poisson model.
///
/// **The rule.** A topic's count is the number of tickets (created in the week, in scope)
/// carrying it — a ticket counts once per topic however often a word repeats. For a topic with
/// baseline weekly mean `m` (over the `B` baseline weeks), this week's expected count is
/// `λ = max(m × V, 0.5)` where `V` = this week's tickets ÷ the baseline's mean weekly tickets,
/// so a busier (or partial) week raises (or lowers) every expectation alike and only a change
/// in a topic's *share* is news. The floor 0.5 keeps a topic never seen before from looking
/// infinitely surprising.
/// - **Rising** when `k ≥ 3`, `k ≥ 1.25 λ`, and `P(X ≥ k | X ~ Poisson(λ)) < α ÷ T`.
/// - **Falling** when `m ≥ 5`, `k ≤ 0.75 λ`, and `P(X ≤ k | X ~ Poisson(λ)) < α ÷ T`.
///
/// `α = 0.01` and `T` is the number of topics tested (every topic seen in the week or the
/// baseline): a Bonferroni correction, so that under the model the chance that a report holds
/// even one false topic is at most 1 %. Why: hundreds of words are tested each week, and
/// without the correction an uncorrected 1 % test would report several noise words every week.
/// The minimum count (3) and effect size (±25 %) keep tiny or merely large-volume wiggles out:
/// real ticket counts are more variable than Poisson, so a statistically clear 5 % change on
/// thousands of tickets is not a topic anyone should act on. The score is `−log10 p`.
public enum InsightAnalysis {
    public static let alpha = 0.01
    public static let floor = 0.5
    public static let minimumRisingCount = 3
    public static let minimumFallingBaseline = 5.0
    public static let minimumChange = 0.25

    /// The rule in one line, for reports.
    public static let method = """
        Tickets per topic (category, tag, subject/CSAT-comment term or 2-word phrase) this week vs the baseline weeks' mean, \
        scaled by this week's ticket volume (expected = max(mean × volume ratio, 0.5)); rising when count ≥ 3, ≥ +25% and \
        Poisson P(X ≥ count) < 0.01 ÷ topics tested; falling when baseline mean ≥ 5, ≤ −25% and P(X ≤ count) < 0.01 ÷ topics tested \
        (Bonferroni).
        """

    /// Words left out of terms and phrases: English function words and words every demo or
    /// support subject carries.
    public static let stopWords: Set<String> = [
        "a", "about", "after", "again", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be", "been", "before", "but",
        "by", "can", "cant", "could", "did", "didn", "do", "does", "doesn", "don", "dont", "for", "from", "get", "got", "had", "has",
        "have", "he", "her", "here", "his", "how", "i", "if", "in", "into", "is", "it", "its", "just", "last", "me", "my", "no",
        "not", "now", "of", "on", "one", "or", "our", "out", "please", "re", "she", "so", "still", "t", "than", "thank", "thanks",
        "that", "the", "their", "them", "then", "there", "they", "this", "to", "too", "up", "us", "very", "was", "we", "were",
        "what", "when", "which", "who", "why", "will", "with", "would", "you", "your", "s", "ll", "ve", "d", "m", "hi", "hello",
        "question", "request", "issue", "help", "new",
    ]

    /// Lowercased, diacritics folded words of `text`: runs of letters and digits (so
    /// "Payout delayed — urgent" gives payout, delayed, urgent). Words of digits only and
    /// single letters are dropped.
    public static func words(_ text: String) -> [String] {
        let folded = text.unicodeScalars.allSatisfy(\.isASCII) ? text.lowercased()
            : text.folding(options: [.diacriticInsensitive, .caseInsensitive, .widthInsensitive], locale: nil).lowercased()
        var out: [String] = []
        var current = ""
        func flush() {
            if current.count > 1 && !current.allSatisfy(\.isNumber) { out.append(current) } else if !current.isEmpty { out.append("") }
            current = ""
        }
        for ch in folded {
            if ch.isLetter || ch.isNumber { current.append(ch) } else if !current.isEmpty { flush() }
        }
        if !current.isEmpty { flush() }
        return out
    }

    /// A ticket's topics: its category, tags, and the terms and phrases of its subject and CSAT comments.
    public static func topics(of ticket: InsightTicket) -> Set<TopicKey> {
        var cache: [String: [TopicKey]] = [:]
        return topics(of: ticket, cache: &cache)
    }

    /// `topics(of:)` with the terms and phrases of each text kept in `cache` (subjects repeat).
    static func topics(of ticket: InsightTicket, cache: inout [String: [TopicKey]]) -> Set<TopicKey> {
        var out: Set<TopicKey> = [TopicKey(kind: .category, text: ticket.category)]
        for tag in ticket.tags where !tag.isEmpty { out.insert(TopicKey(kind: .tag, text: tag.lowercased())) }
        for text in [ticket.subject] + ticket.comments {
            if let known = cache[text] { out.formUnion(known); continue }
            var found: [TopicKey] = []
            // A dropped word ("" from `words`) or a stop word breaks a phrase.
            let ws = words(text).map { $0.isEmpty || stopWords.contains($0) ? "" : $0 }
            for (i, w) in ws.enumerated() where !w.isEmpty {
                found.append(TopicKey(kind: .term, text: w))
                if i + 1 < ws.count, !ws[i + 1].isEmpty { found.append(TopicKey(kind: .phrase, text: w + " " + ws[i + 1])) }
            }
            cache[text] = found
            out.formUnion(found)
        }
        return out
    }

    public struct TopicKey: Hashable, Sendable {
        public var kind: InsightKind
        public var text: String
        public init(kind: InsightKind, text: String) { self.kind = kind; self.text = text }
    }

    /// `P(X ≥ k)` for `X ~ Poisson(λ)`, 1 when `k ≤ λ` (not a rise).
    public static func upperTail(_ k: Int, _ lambda: Double) -> Double {
        guard k > 0, Double(k) > lambda else { return 1 }
        // Terms fall from k on (k > λ): add them until they stop mattering.
        var sum = 0.0, i = k
        while true {
            let term = exp(-lambda + Double(i) * log(lambda) - lgamma(Double(i) + 1))
            sum += term
            if term < sum * 1e-15 || i > k + 100_000 { break }
            i += 1
        }
        return min(1, sum)
    }

    /// `P(X ≤ k)` for `X ~ Poisson(λ)`, 1 when `k ≥ λ` (not a fall).
    public static func lowerTail(_ k: Int, _ lambda: Double) -> Double {
        guard Double(k) < lambda else { return 1 }
        // Terms fall from k down to 0 (k < λ).
        var sum = 0.0, i = k
        while i >= 0 {
            let term = exp(-lambda + Double(i) * log(lambda) - lgamma(Double(i) + 1))
            sum += term
            if term < sum * 1e-15 { break }
            i -= 1
        }
        return min(1, sum)
    }

    /// The rising and falling topics of `week` against `baseline` (complete weeks before it),
    /// from the tickets created in any of them. Topics sort by score, then count, then text.
    public static func analyze(tickets: [InsightTicket], week: KPIPeriod, baseline: [KPIPeriod])
        -> (tickets: Int, baselineTickets: [Int], tested: Int, threshold: Double, rising: [InsightTopic], falling: [InsightTopic],
            weekTickets: [String: InsightTicket]) {
        var weekTopics: [TopicKey: [String]] = [:]
        var baseTopics: [TopicKey: Int] = [:]
        var weekCount = 0
        var baseCounts = Array(repeating: 0, count: baseline.count)
        var weekTickets: [String: InsightTicket] = [:]
        var cache: [String: [TopicKey]] = [:]
        for t in tickets.sorted(by: { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }) {
            if week.contains(t.createdAt) {
                weekCount += 1
                weekTickets[t.id] = t
                for topic in topics(of: t, cache: &cache) { weekTopics[topic, default: []].append(t.id) }
            } else if let b = baseline.firstIndex(where: { $0.contains(t.createdAt) }) {
                baseCounts[b] += 1
                for topic in topics(of: t, cache: &cache) { baseTopics[topic, default: 0] += 1 }
            }
        }
        let keys = Set(weekTopics.keys).union(baseTopics.keys)
        let tested = keys.count
        let threshold = alpha / Double(max(tested, 1))
        let baseMeanVolume = baseline.isEmpty ? 0 : Double(baseCounts.reduce(0, +)) / Double(baseline.count)
        var rising: [InsightTopic] = [], falling: [InsightTopic] = []
        guard baseMeanVolume > 0 else { return (weekCount, baseCounts, tested, threshold, [], [], weekTickets) }
        let ratio = Double(weekCount) / baseMeanVolume
        for key in keys {
            let ids = weekTopics[key] ?? []
            let k = ids.count
            let mean = Double(baseTopics[key] ?? 0) / Double(baseline.count)
            let lambda = max(mean * ratio, floor)
            let change = (Double(k) - lambda) / lambda
            if k >= minimumRisingCount && change >= minimumChange {
                let p = upperTail(k, lambda)
                if p < threshold {
                    rising.append(InsightTopic(kind: key.kind, text: key.text, count: k, baselineMean: mean, expected: lambda, change: change,
                                               pValue: p, score: -log10(max(p, .leastNonzeroMagnitude)), direction: .rising, ticketIDs: ids))
                }
            } else if mean >= minimumFallingBaseline && change <= -minimumChange {
                let p = lowerTail(k, lambda)
                if p < threshold {
                    falling.append(InsightTopic(kind: key.kind, text: key.text, count: k, baselineMean: mean, expected: lambda, change: change,
                                                pValue: p, score: -log10(max(p, .leastNonzeroMagnitude)), direction: .falling, ticketIDs: ids))
                }
            }
        }
        func order(_ a: InsightTopic, _ b: InsightTopic) -> Bool {
            if a.score != b.score { return a.score > b.score }
            if a.count != b.count { return a.count > b.count }
            return (a.kind.rawValue, a.text) < (b.kind.rawValue, b.text)
        }
        return (weekCount, baseCounts, tested, threshold, rising.sorted(by: order), falling.sorted(by: order), weekTickets)
    }

    /// The week's tickets carrying a topic named `text` ("payout delayed", "tag:vip", or a
    /// category), oldest first; a bare text matches any kind.
    public static func tickets(in weekTickets: [String: InsightTicket], topic text: String) -> [InsightTicket] {
        var kind: InsightKind?
        var name = text.lowercased().trimmingCharacters(in: .whitespaces)
        if let colon = name.firstIndex(of: ":"), let k = InsightKind(rawValue: String(name[..<colon])) {
            kind = k
            name = String(name[name.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
        }
        // Folded like the text the topics come from, so "Pagó" finds "pago".
        let folded = words(name).filter { !$0.isEmpty }.joined(separator: " ")
        return weekTickets.values.filter { t in
            topics(of: t).contains { ($0.text == name || $0.text == folded) && (kind == nil || $0.kind == kind) }
        }.sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
    }
}
