import GRDB

/// Named parameters for a WHERE clause built term by term (the roster's and the queue's
/// filters), and a key of their values so a count can be cached per clause and values.
struct SQLParameters {
    private(set) var arguments = StatementArguments()
    private var values: [String] = []
    private var n = 0
    let prefix: String

    init(prefix: String) {
        self.prefix = prefix
    }

    /// `:p1`, `:p2`, … bound to `value`.
    mutating func bind(_ value: DatabaseValueConvertible?) -> String {
        n += 1
        let name = "\(prefix)\(n)"
        arguments += [name: value]
        values.append(name + "=" + (value?.databaseValue.description ?? "NULL"))
        return ":" + name
    }

    /// `(:p1, :p2, …)` for an `IN`.
    mutating func list(_ values: [DatabaseValueConvertible]) -> String {
        "(" + values.map { bind($0) }.joined(separator: ", ") + ")"
    }

    /// The cache key of a clause with these values.
    func key(_ clause: String) -> String { clause + "|" + values.joined(separator: ",") }
}
