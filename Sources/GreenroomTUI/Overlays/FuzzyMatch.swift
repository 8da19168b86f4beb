import GreenroomCore
/// Fuzzy matching for the command palette and pickers, in the manner of fzf: the query's
/// characters must appear in order; matches at word starts and runs of consecutive
/// characters score higher; shorter candidates win ties.
public enum FuzzyMatch {
    public struct Match: Equatable, Sendable {
        public var score: Int
        /// Character offsets in the candidate that matched, for highlighting.
        public var positions: [Int]
    }

    public static func match(_ query: String, in candidate: String) -> Match? {
        let q = Array(query.lowercased().filter { $0 != " " })
        let c = Array(candidate)
        let lower = c.map { Character($0.lowercased()) }
        if q.isEmpty { return Match(score: 0, positions: []) }
        // Greedy forward pass finds a match; a backward pass from its end tightens it.
        var qi = 0
        var end = -1
        for (i, ch) in lower.enumerated() where qi < q.count && ch == q[qi] {
            qi += 1
            if qi == q.count { end = i; break }
        }
        guard end >= 0 else { return nil }
        var positions = [Int](repeating: 0, count: q.count)
        qi = q.count - 1
        var i = end
        while qi >= 0 && i >= 0 {
            if lower[i] == q[qi] { positions[qi] = i; qi -= 1 }
            i -= 1
        }
        var score = 0
        for (k, p) in positions.enumerated() {
            score += 16
            let atWordStart = p == 0 || [" ", ".", "_", "-", "/", ":"].contains(c[p - 1])
            if atWordStart { score += 24 }
            if k > 0 && positions[k - 1] == p - 1 { score += 20 }
            if c[p] == q[k] { score += 1 }
        }
        score -= (positions.last! - positions.first!) - (q.count - 1) // gaps
        score -= c.count / 8
        return Match(score: score, positions: positions)
    }

    /// Ranks candidates by score, best first; ties keep their original order.
    public static func rank<T>(_ query: String, _ items: [T], text: (T) -> String) -> [(item: T, match: Match)] {
        items.enumerated()
            .compactMap { (i, item) in match(query, in: text(item)).map { (i, item, $0) } }
            .sorted { $0.2.score != $1.2.score ? $0.2.score > $1.2.score : $0.0 < $1.0 }
            .map { ($0.1, $0.2) }
    }

    /// Levenshtein distance, for "did you mean" suggestions (`FuzzyDistance` in Core).
    public static func editDistance(_ a: String, _ b: String) -> Int {
        FuzzyDistance.of(a, b)
    }
}
