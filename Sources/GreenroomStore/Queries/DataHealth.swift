import Foundation
import GRDB
import GreenroomCore

/// A stored value no record type can hold (`greenroom doctor`).
public struct UndecodableValue: Sendable, Hashable, CustomStringConvertible {
    public var entity: String
    public var rowID: String
    public var field: String
    /// The value as text (clipped), and why it does not decode.
    public var value: String
    public var reason: String

    public var description: String { "\(entity) \(rowID) \(field) = \(value): \(reason)" }
}

extension Store {
    /// Rows whose synced fields hold what their record type cannot decode — a text where an
    /// integer belongs, a word outside a closed vocabulary — found with one pass over each
    /// table (issue 19). After v14b-typed-columns SQLite refuses such values, so this finds
    /// damage done outside Greenroom (a hand-edited or foreign file).
    public func undecodableValues(limit: Int = 20) throws -> [UndecodableValue] {
        try read { db in
            var found: [UndecodableValue] = []
            for entity in Entity.allCases where entity != .setting {
                var conditions: [(field: String, sql: String, reason: String)] = []
                for (name, rule) in FieldRules.rules(of: entity).sorted(by: { $0.key < $1.key }) {
                    let null = rule.nullable ? "\(name) IS NOT NULL AND " : ""
                    switch rule.kind {
                    case .int, .flag, .time:
                        conditions.append((name, "\(null)typeof(\(name)) <> 'integer'", "not a whole number"))
                    case .choice(let values):
                        let list = values.map { "'\($0)'" }.joined(separator: ",")
                        conditions.append((name, "\(null)\(name) NOT IN (\(list))", "not one of \(values.joined(separator: ", "))"))
                    default:
                        if !rule.nullable { conditions.append((name, "\(name) IS NULL", "empty where a value is required")) }
                    }
                }
                guard !conditions.isEmpty else { continue }
                let any = conditions.map { "(\($0.sql))" }.joined(separator: " OR ")
                let columns = conditions.map(\.field)
                let rows = try Row.fetchAll(db, sql: """
                    SELECT id, \(columns.map { "CAST(\($0) AS TEXT)" }.joined(separator: ", ")),
                           \(conditions.map { "(\($0.sql))" }.joined(separator: ", "))
                    FROM \(entity.rawValue) WHERE \(any) LIMIT ?
                    """, arguments: [limit])
                for row in rows {
                    for (i, c) in conditions.enumerated() where (row[1 + columns.count + i] as Bool?) == true {
                        let text = (row[1 + i] as String?).map { TerminalText.sanitize(String($0.prefix(40))) } ?? "NULL"
                        found.append(UndecodableValue(entity: entity.rawValue, rowID: row[0], field: c.field, value: text, reason: c.reason))
                    }
                }
                if found.count >= limit { break }
            }
            return Array(found.prefix(limit))
        }
    }

    /// Values v14b-typed-columns found of the wrong type and repaired (`damaged_value`).
    public func repairedValues(limit: Int = 20) throws -> (count: Int, first: [UndecodableValue]) {
        try read { db in
            let count = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM damaged_value") ?? 0
            let first = try Row.fetchAll(db, sql: "SELECT entity, row_id, field, value, repaired_to FROM damaged_value ORDER BY entity, row_id LIMIT ?",
                                         arguments: [limit]).map { row in
                UndecodableValue(entity: row[0], rowID: row[1], field: row[2], value: TerminalText.sanitize(String(((row[3] as String?) ?? "NULL").prefix(40))),
                                 reason: "was not a whole number; set to \((row[4] as Int?).map(String.init) ?? "NULL") on upgrade")
            }
            return (count, first)
        }
    }
}
