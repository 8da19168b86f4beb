/// The queue's orders (`o` / `O` cycle them; each view keeps its own).
public enum TicketSort: String, CaseIterable, Hashable, Sendable, Codable {
    /// Time to the next SLA breach, breached first (the default).
    case nextBreach = "breach"
    /// Urgent first, then by time to the next breach.
    case priority
    /// Most recently changed first (the latest event on the timeline).
    case lastUpdate = "updated"
    /// Newest first.
    case created
    /// By the requester's handle (or network), then by time to the next breach.
    case requester

    /// As the pane title says it: "by priority".
    public var title: String {
        switch self {
        case .nextBreach: return "next breach"
        case .priority: return "priority"
        case .lastUpdate: return "last update"
        case .created: return "created"
        case .requester: return "requester"
        }
    }

    /// The next order (`o`), or the one before (`O`).
    public func step(_ by: Int) -> TicketSort {
        let all = TicketSort.allCases
        return all[((all.firstIndex(of: self) ?? 0) + by + all.count) % all.count]
    }

    public static func named(_ text: String) -> TicketSort? {
        let lower = text.lowercased().trimmingCharacters(in: .whitespaces)
        return allCases.first { $0.rawValue == lower || $0.title == lower }
    }
}
