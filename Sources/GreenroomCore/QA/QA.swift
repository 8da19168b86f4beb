import Foundation

/// QA reviews (issue 25): a team lead scores a solved ticket's replies against the team's
/// rubric (a synced setting, `qa.rubric`).
///
/// Choices written down here:
/// - Each criterion is scored **0–4** (0 wrong or missing, 1 poor, 2 acceptable, 3 good,
///   4 exemplary), not pass/fail: a lead can say "tone was fine, not great", and a weighted
///   mean of 0–4 scores still gives a pass/fail against the pass mark.
/// - A review's score is `Σ weight × score ÷ (4 × Σ weight)` × 100 over the criteria the
///   review scored that the rubric (as it is now) still has; a review sharing no criterion
///   with the rubric has no score. The review passes when its score ≥ the pass mark.
/// - An agent's weekly QA score is the mean of their reviews' scores, by the week the
///   reviewed ticket was first solved (the week "Tickets solved" counts it in, so the sample
///   of a week and its score are about the same tickets); `agent_id` is the ticket's assignee
///   when it was reviewed.
public struct QARubric: Hashable, Codable, Sendable {
    public struct Criterion: Hashable, Codable, Sendable {
        /// A short lowercase name, as reviews store it (`accuracy`).
        public var key: String
        /// What the form shows ("Accuracy").
        public var name: String
        /// Its share of the score, 1…100.
        public var weight: Int

        public init(key: String, name: String, weight: Int) {
            self.key = key; self.name = name; self.weight = weight
        }
    }

    public var criteria: [Criterion]
    /// The score (0–100) a review needs to pass.
    public var passMark: Int

    // Stored as `{"criteria":[{"key","name","weight"}],"pass_mark":80}` (settings use snake case).

    public init(criteria: [Criterion], passMark: Int) {
        self.criteria = criteria; self.passMark = passMark
    }

    /// The highest score of a criterion.
    public static let maxScore = 4

    /// Accuracy 40, policy 25, tone 20, localization 15; pass at 80.
    public static let standard = QARubric(criteria: [
        Criterion(key: "accuracy", name: "Accuracy", weight: 40),
        Criterion(key: "tone", name: "Tone", weight: 20),
        Criterion(key: "policy", name: "Policy", weight: 25),
        Criterion(key: "localization", name: "Localization", weight: 15),
    ], passMark: 80)

    public var keys: [String] { criteria.map(\.key) }

    /// Why the rubric cannot be the team's, or nil.
    public var validationError: String? {
        guard !criteria.isEmpty else { return "a rubric needs at least one criterion" }
        guard criteria.count <= 12 else { return "a rubric has at most 12 criteria" }
        guard (0...100).contains(passMark) else { return "pass_mark must be from 0 to 100" }
        var seen = Set<String>()
        for c in criteria {
            guard QARubric.isCriterionKey(c.key) else {
                return "criterion \"\(TerminalText.sanitize(c.key))\": a key is 1–24 lowercase letters, digits or underscores"
            }
            guard seen.insert(c.key).inserted else { return "criterion \"\(c.key)\" is listed twice" }
            guard (1...100).contains(c.weight) else { return "criterion \"\(c.key)\": weight must be from 1 to 100" }
            guard !c.name.trimmingCharacters(in: .whitespaces).isEmpty else { return "criterion \"\(c.key)\": a name must not be blank" }
        }
        return nil
    }

    public static func isCriterionKey(_ key: String) -> Bool {
        (1...24).contains(key.utf8.count) && key.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5F }
    }

    /// The weighted score, 0–100, of `scores` (criterion key → 0…4); nil when no criterion
    /// of the rubric was scored.
    public func score(_ scores: [String: Int]) -> Double? {
        var weighted = 0, weights = 0
        for c in criteria {
            guard let s = scores[c.key] else { continue }
            weighted += c.weight * min(QARubric.maxScore, max(0, s))
            weights += c.weight
        }
        guard weights > 0 else { return nil }
        return Double(weighted) * 100 / Double(weights * QARubric.maxScore)
    }

    public func passes(_ score: Double) -> Bool { score >= Double(passMark) }

    /// The first criterion of `scores` the rubric does not have, or nil.
    public func unknownCriterion(in scores: [String: Int]) -> String? {
        let known = Set(keys)
        return scores.keys.sorted().first { !known.contains($0) }
    }
}

/// One QA review of a ticket (`qa_review`).
public struct QAReview: Hashable, Codable, Sendable {
    public var id: String
    public var ticketID: String
    /// The agent reviewed: the ticket's assignee when the review was written.
    public var agentID: String?
    public var reviewerID: String?
    /// Criterion key → 0…4.
    public var scores: [String: Int]
    public var comment: String
    public var reviewedAt: Millis
    public var deleted: Bool

    public init(id: String, ticketID: String, agentID: String?, reviewerID: String?, scores: [String: Int], comment: String,
                reviewedAt: Millis, deleted: Bool = false) {
        self.id = id; self.ticketID = ticketID; self.agentID = agentID; self.reviewerID = reviewerID
        self.scores = scores; self.comment = comment; self.reviewedAt = reviewedAt; self.deleted = deleted
    }

    /// The scores as stored and synced: a JSON object with sorted keys (`{"accuracy":4,"tone":3}`).
    public static func encodeScores(_ scores: [String: Int]) -> String {
        "{" + scores.keys.sorted().map { "\"\($0)\":\(scores[$0] ?? 0)" }.joined(separator: ",") + "}"
    }

    /// The scores of stored or synced text, or why they are not valid: a JSON object of
    /// criterion keys to integers 0…4, at least one.
    public static func decodeScores(_ text: String) -> Result<[String: Int], QAScoresError> {
        guard let object = try? JSONDecoder().decode([String: Int].self, from: Data(text.utf8)) else {
            return .failure(QAScoresError(reason: "not a JSON object of whole-number criterion scores"))
        }
        guard !object.isEmpty else { return .failure(QAScoresError(reason: "no criterion is scored")) }
        for key in object.keys.sorted() {
            guard QARubric.isCriterionKey(key) else { return .failure(QAScoresError(reason: "\"\(TerminalText.sanitize(String(key.prefix(30))))\" is not a criterion key")) }
            let value = object[key] ?? 0
            guard (0...QARubric.maxScore).contains(value) else {
                return .failure(QAScoresError(reason: "\(key): score \(value) is out of range (0–\(QARubric.maxScore))"))
            }
        }
        let out = object
        return .success(out)
    }
}

public struct QAScoresError: Error, Hashable, Sendable {
    public var reason: String
}

/// What the `*` form saves: the store adds the id, the agent (the ticket's assignee) and the
/// reviewer.
public struct QAReviewDraft: Hashable, Sendable {
    public var ticketID: String
    public var scores: [String: Int]
    public var comment: String

    public init(ticketID: String, scores: [String: Int], comment: String) {
        self.ticketID = ticketID; self.scores = scores; self.comment = comment
    }
}

/// QA sampling: which solved tickets of an agent's week to review. Random-looking but
/// reproducible — every ticket gets the FNV-1a hash of `seed/week/agent/ticket id` (with
/// MurmurHash3's 64-bit finalizer) and the `n` smallest are the sample — so every laptop with the same tickets draws the same sample,
/// a different week or agent draws a different one, and a ticket solved late does not
/// reshuffle the rest.
public enum QASampling {
    public static func rank(seed: Int, week: String, agent: String, ticketID: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in "\(seed)/\(week)/\(agent)/\(ticketID)".utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        // FNV-1a alone barely mixes a string's last characters into its high bits (ids that
        // differ at the end would rank side by side): MurmurHash3's finalizer spreads them.
        hash ^= hash >> 33
        hash &*= 0xff51_afd7_ed55_8ccd
        hash ^= hash >> 33
        hash &*= 0xc4ce_b9fe_1a85_ec53
        hash ^= hash >> 33
        return hash
    }

    /// The `n` tickets of `ticketIDs` with the smallest ranks, in rank order.
    public static func sample(_ ticketIDs: [String], n: Int, seed: Int, week: String, agent: String) -> [String] {
        guard n > 0 else { return [] }
        return ticketIDs.map { (rank(seed: seed, week: week, agent: agent, ticketID: $0), $0) }
            .sorted { $0 < $1 }.prefix(n).map(\.1)
    }
}

/// One agent's QA figures for a period: the mean score of their reviews, how many, how many passed.
public struct QAScoreSummary: Hashable, Sendable, Codable {
    public var score: Double?
    public var reviews: Int
    public var passed: Int

    public init(score: Double?, reviews: Int, passed: Int) {
        self.score = score; self.reviews = reviews; self.passed = passed
    }

    public static let none = QAScoreSummary(score: nil, reviews: 0, passed: 0)

    /// The summary of review scores (nil scores count as reviews without a score).
    public static func of(_ scores: [Double?], rubric: QARubric) -> QAScoreSummary {
        let known = scores.compactMap { $0 }
        return QAScoreSummary(score: known.isEmpty ? nil : known.reduce(0, +) / Double(known.count), reviews: scores.count,
                              passed: known.filter(rubric.passes).count)
    }
}

/// A sampled ticket (`greenroom qa sample`, `:qa`).
public struct QASampleRow: Hashable, Sendable, Codable {
    public var week: String
    public var agent: String
    public var ticketID: String
    public var key: String
    public var subject: String
    public var solvedAt: Millis
    /// The ticket's latest review's score, if it has one.
    public var reviewed: Double?

    public init(week: String, agent: String, ticketID: String, key: String, subject: String, solvedAt: Millis, reviewed: Double?) {
        self.week = week; self.agent = agent; self.ticketID = ticketID; self.key = key; self.subject = subject
        self.solvedAt = solvedAt; self.reviewed = reviewed
    }
}
