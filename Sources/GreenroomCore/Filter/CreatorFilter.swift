/// The roster's filter language, shared by the TUI (`/`), saved views and
/// `greenroom creators list --filter`.
///
///     stage:onboarding market:MX owner:@ana tag:smb network:"Luz Agency"
///     idle:>7d live7d:<2h source:referral health:slipping followers:>=10k -tag:vip mila
///
/// Terms combine with AND. A comma inside a value means "any of" (`stage:lead,contacted`).
/// A leading `-` negates a term. Words without a field are free text, matched (as prefixes)
/// against handle, name, tags and notes. Quotes keep spaces: `network:"Luz Agency"`.
public struct CreatorFilter: Hashable, Sendable {
    public var conditions: [Condition]
    /// Free-text words, each matched as a prefix.
    public var words: [String]

    public init(conditions: [Condition] = [], words: [String] = []) {
        self.conditions = conditions
        self.words = words
    }

    public static let all = CreatorFilter()
    public var isEmpty: Bool { conditions.isEmpty && words.isEmpty }

    public enum Health: String, CaseIterable, Sendable, Codable {
        case active, slipping, idle
    }

    /// Who owns a creator, as a filter names it.
    public enum Owner: Hashable, Sendable {
        case me
        case nobody
        case handle(String)
    }

    public enum Network: Hashable, Sendable {
        case nobody
        case named(String)
    }

    public enum Condition: Hashable, Sendable {
        case stage([String], negated: Bool)
        case market([String], negated: Bool)
        case owner([Owner], negated: Bool)
        case tag([String], negated: Bool)
        case network([Network], negated: Bool)
        /// The creator's team by name, case ignored (`team:"MX creators"`, `team:none`; issue 24).
        case team([Network], negated: Bool)
        case source([CreatorSource], negated: Bool)
        case kind([CreatorKind], negated: Bool)
        case health([Health], negated: Bool)
        /// Days since the last LIVE (never live counts as infinitely idle).
        case idleDays(Comparison)
        /// Minutes of LIVE in the last 7 days.
        case live7dMinutes(Comparison)
        /// Days with at least one LIVE in the last 30 days.
        case activeDays30d(Comparison)
        case followers(Comparison)
        /// Days since the creator was added.
        case createdDays(Comparison)
    }

    public struct Comparison: Hashable, Sendable {
        public enum Operator: String, Sendable, CaseIterable {
            case less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">=", equal = "="
        }

        public var op: Operator
        public var value: Double

        public init(_ op: Operator, _ value: Double) {
            self.op = op
            self.value = value
        }

        public func matches(_ x: Double) -> Bool {
            switch op {
            case .less: return x < value
            case .lessOrEqual: return x <= value
            case .greater: return x > value
            case .greaterOrEqual: return x >= value
            case .equal: return x == value
            }
        }
    }
}

/// A filter the user is still typing can be wrong; the error points at the term.
public struct FilterError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String
    /// Character offsets of the offending term in the input.
    public var range: Range<Int>

    public init(_ message: String, range: Range<Int>) {
        self.message = message
        self.range = range
    }

    public var description: String { message }
}
