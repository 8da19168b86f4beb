/// The roster's sortable columns.
public enum RosterColumn: String, CaseIterable, Sendable, Codable {
    case handle, name, market, stage, owner
    case live7d, active30d
    case lastLive = "last"
    case followers, health

    /// Numbers read best biggest first; names A to Z.
    public var descendingByDefault: Bool {
        switch self {
        case .live7d, .active30d, .lastLive, .followers: return true
        default: return false
        }
    }
}

public struct RosterSort: Hashable, Sendable, Codable {
    public var column: RosterColumn
    public var descending: Bool

    public init(_ column: RosterColumn, descending: Bool? = nil) {
        self.column = column
        self.descending = descending ?? column.descendingByDefault
    }

    public static let `default` = RosterSort(.handle)

    /// `o`: the next column, in its natural direction.
    public var next: RosterSort {
        let all = RosterColumn.allCases
        return RosterSort(all[(all.firstIndex(of: column)! + 1) % all.count])
    }

    /// `O`: the same column, the other way.
    public var reversed: RosterSort { RosterSort(column, descending: !descending) }

    public var label: String { "\(column.rawValue) \(descending ? "↓" : "↑")" }
}
