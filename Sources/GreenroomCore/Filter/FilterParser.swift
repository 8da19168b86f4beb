/// Parses the filter language of `CreatorFilter`.
public struct FilterParser: Sendable {
    /// Stage names the team uses (terms naming another stage are errors).
    public var stages: [String]

    public init(stages: [String] = Stage.all) {
        self.stages = stages
    }

    public static let fields = ["stage", "market", "owner", "tag", "network", "team", "source", "kind", "health",
                                "idle", "live7d", "active30d", "followers", "created"]

    struct Token {
        var text: String
        var range: Range<Int>
        /// The value part was quoted (so `owner:"none"` is a handle, not the keyword).
        var quoted: Bool
    }

    /// Splits on unquoted spaces, removing the quotes.
    static func tokenize(_ input: String) throws -> [Token] {
        var tokens: [Token] = []
        var current = ""
        var start = 0
        var inQuote = false
        var quoted = false
        var quoteStart = 0
        for (i, ch) in input.enumerated() {
            if ch == "\"" {
                if !inQuote { quoteStart = i; quoted = true }
                inQuote.toggle()
                if current.isEmpty && !inQuote { start = i }
                continue
            }
            if ch == " " && !inQuote {
                if !current.isEmpty || quoted { tokens.append(Token(text: current, range: start..<i, quoted: quoted)) }
                current = ""
                quoted = false
                start = i + 1
                continue
            }
            if current.isEmpty && !quoted { start = i }
            current.append(ch)
        }
        if inQuote {
            throw FilterError("unclosed quote", range: quoteStart..<input.count)
        }
        if !current.isEmpty || quoted { tokens.append(Token(text: current, range: start..<input.count, quoted: quoted)) }
        return tokens
    }

    /// One `field:value` term of a filter, checked for the shape every filter language shares.
    struct Term {
        var field: String
        var value: String
        /// The comma-separated alternatives, trimmed, none empty.
        var items: [String]
        var negated: Bool
        var token: Token

        func fail(_ message: String) -> FilterError { FilterError(message, range: token.range) }
    }

    /// Splits `input` into free-text words and `field:value` terms (`-field:` negates; commas
    /// give alternatives); unknown fields get a "did you mean" from `fields`.
    static func terms(_ input: String, fields: [String]) throws -> (words: [String], terms: [Term]) {
        var words: [String] = []
        var terms: [Term] = []
        for token in try tokenize(input) {
            var text = token.text
            var negated = false
            if text.hasPrefix("-") && text.count > 1 && text.contains(":") {
                negated = true
                text.removeFirst()
            }
            guard let colon = text.firstIndex(of: ":"), colon != text.startIndex else {
                words.append(token.text)
                continue
            }
            let field = text[..<colon].lowercased()
            let value = String(text[text.index(after: colon)...])
            func fail(_ message: String) -> FilterError { FilterError(message, range: token.range) }
            guard fields.contains(field) else {
                let suggestion = fields.min { FuzzyDistance.of($0, field) < FuzzyDistance.of($1, field) }!
                throw fail("unknown filter \"\(field):\" (did you mean \(suggestion):?)")
            }
            guard !value.isEmpty else { throw fail("\(field): needs a value") }
            let items = value.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            if items.contains(where: \.isEmpty) { throw fail("\(field): has an empty item in \"\(value)\"") }
            terms.append(Term(field: field, value: value, items: items, negated: negated, token: token))
        }
        return (words, terms)
    }

    public func parse(_ input: String) throws -> CreatorFilter {
        let (words, terms) = try FilterParser.terms(input, fields: FilterParser.fields)
        var filter = CreatorFilter(words: words)
        for term in terms {
            let (field, value, items, negated, token) = (term.field, term.value, term.items, term.negated, term.token)
            let fail = term.fail
            switch field {
            case "stage":
                for s in items where !stages.contains(s.lowercased()) {
                    throw fail("unknown stage \"\(s)\" (stages: \(stages.joined(separator: ", ")))")
                }
                filter.conditions.append(.stage(items.map { $0.lowercased() }, negated: negated))
            case "market":
                for m in items where !Market.isValid(m.uppercased()) {
                    throw fail("market \"\(m)\" is not an ISO country code (e.g. US, MX, MY)")
                }
                filter.conditions.append(.market(items.map { $0.uppercased() }, negated: negated))
            case "owner":
                let owners: [CreatorFilter.Owner] = items.map { item in
                    let lower = item.lowercased()
                    if !token.quoted && (lower == "me" || lower == "@me") { return .me }
                    if !token.quoted && (lower == "none" || lower == "nobody") { return .nobody }
                    return .handle(item.hasPrefix("@") ? lower : "@" + lower)
                }
                filter.conditions.append(.owner(owners, negated: negated))
            case "tag":
                filter.conditions.append(.tag(items.map { $0.lowercased() }, negated: negated))
            case "network":
                let networks: [CreatorFilter.Network] = items.map { item in
                    !token.quoted && item.lowercased() == "none" ? .nobody : .named(item)
                }
                filter.conditions.append(.network(networks, negated: negated))
            case "team":
                filter.conditions.append(.team(items.map { !token.quoted && $0.lowercased() == "none" ? .nobody : .named($0) }, negated: negated))
            case "source":
                var sources: [CreatorSource] = []
                for s in items {
                    guard let v = CreatorSource(rawValue: s.lowercased()) else {
                        throw fail("unknown source \"\(s)\" (\(CreatorSource.allCases.map(\.rawValue).joined(separator: ", ")))")
                    }
                    sources.append(v)
                }
                filter.conditions.append(.source(sources, negated: negated))
            case "kind":
                var kinds: [CreatorKind] = []
                for s in items {
                    guard let v = CreatorKind(rawValue: s.lowercased()) else {
                        throw fail("unknown kind \"\(s)\" (\(CreatorKind.allCases.map(\.rawValue).joined(separator: ", ")))")
                    }
                    kinds.append(v)
                }
                filter.conditions.append(.kind(kinds, negated: negated))
            case "health":
                var values: [CreatorFilter.Health] = []
                for s in items {
                    guard let v = CreatorFilter.Health(rawValue: s.lowercased()) else {
                        throw fail("unknown health \"\(s)\" (active, slipping, idle)")
                    }
                    values.append(v)
                }
                filter.conditions.append(.health(values, negated: negated))
            default:
                guard !negated else { throw fail("\(field): cannot be negated; use the opposite comparison") }
                guard items.count == 1 else { throw fail("\(field): takes one comparison, e.g. \(field):>7") }
                let comparison = try parseComparison(value, field: field, range: token.range)
                switch field {
                case "idle": filter.conditions.append(.idleDays(comparison))
                case "live7d": filter.conditions.append(.live7dMinutes(comparison))
                case "active30d": filter.conditions.append(.activeDays30d(comparison))
                case "followers": filter.conditions.append(.followers(comparison))
                default: filter.conditions.append(.createdDays(comparison))
                }
            }
        }
        return filter
    }

    /// `>7d`, `<=2h`, `=0`, `10k`: an operator (default `=`, or `>=` for bare numbers on
    /// counters), a number and a unit converted to the field's base unit.
    func parseComparison(_ text: String, field: String, range: Range<Int>) throws -> CreatorFilter.Comparison {
        var rest = Substring(text)
        var op: CreatorFilter.Comparison.Operator = .equal
        for candidate in [CreatorFilter.Comparison.Operator.lessOrEqual, .greaterOrEqual, .less, .greater, .equal]
        where rest.hasPrefix(candidate.rawValue) {
            op = candidate
            rest = rest.dropFirst(candidate.rawValue.count)
            break
        }
        var number = ""
        while let c = rest.first, c.isNumber || c == "." {
            number.append(c)
            rest.removeFirst()
        }
        let unit = rest.lowercased()
        guard let value = Double(number) else {
            throw FilterError("\(field): needs a number, e.g. \(field):\(FilterParser.example(field))", range: range)
        }
        let units: [String: Double]
        switch field {
        case "idle", "created", "solved": units = ["": 1, "d": 1, "w": 7, "h": 1.0 / 24]
        case "live7d": units = ["": 60, "h": 60, "m": 1, "min": 1]
        case "active30d": units = ["": 1, "d": 1]
        default: units = ["": 1, "k": 1_000, "m": 1_000_000]
        }
        guard let factor = units[unit] else {
            let allowed = units.keys.filter { !$0.isEmpty }.sorted().joined(separator: ", ")
            throw FilterError("\(field): unit \"\(unit)\" not understood (use \(allowed))", range: range)
        }
        return CreatorFilter.Comparison(op, value * factor)
    }

    static func example(_ field: String) -> String {
        switch field {
        case "idle": return ">7d"
        case "live7d": return "<2h"
        case "active30d": return ">=4"
        case "followers": return ">10k"
        default: return "<7d"
        }
    }
}

/// Edit distance for "did you mean" suggestions.
public enum FuzzyDistance {
    public static func of(_ a: String, _ b: String) -> Int {
        let x = Array(a), y = Array(b)
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var prev = Array(0...y.count)
        var cur = prev
        for i in 1...x.count {
            cur[0] = i
            for j in 1...y.count {
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
            }
            swap(&prev, &cur)
        }
        return prev[y.count]
    }
}

import Foundation
