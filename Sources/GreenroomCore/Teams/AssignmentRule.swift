import Foundation

/// One member a team's rule may hand a ticket to.
public struct AssignmentCandidate: Hashable, Sendable {
    public var memberID: String
    public var handle: String
    /// Open tickets they hold now (new, open, on hold; pending tickets wait on the requester
    /// and do not count).
    public var open: Int
    public var capacity: Int
    public var onShift: Bool
    /// When they were last handed a ticket (by anyone or any rule); nil: never.
    public var lastAssignedAt: Millis?
    /// Among hand-outs at the same instant (one run's), which came later: larger is later.
    public var lastAssignedOrder: Int64

    public init(memberID: String, handle: String, open: Int, capacity: Int, onShift: Bool, lastAssignedAt: Millis?, lastAssignedOrder: Int64 = 0) {
        self.memberID = memberID; self.handle = handle; self.open = open; self.capacity = capacity
        self.onShift = onShift; self.lastAssignedAt = lastAssignedAt; self.lastAssignedOrder = lastAssignedOrder
    }

    public var hasRoom: Bool { open < capacity }
}

/// The team's choice for one ticket, and the sentence the ticket's timeline shows.
public struct AssignmentPick: Hashable, Sendable {
    public var memberID: String
    public var handle: String
    /// "assigned by rule Tier 1 BPO round-robin: @lucia had 3 of 8"
    public var explanation: String
}

/// Fair assignment (issue 24), a pure function of who is on the team now, so a test, the CLI's
/// dry run and every laptop pick alike from the same data.
///
/// - Only members on shift with room (open < capacity) are candidates.
/// - Round-robin: the one handed a ticket longest ago (never first); ties by handle. Reading
///   the turn from when each was last assigned — history, not a stored pointer — keeps the
///   turn fair across restarts, syncs and manual assignments (a member given a ticket by hand
///   has had their turn).
/// - Least-loaded: the fewest open tickets; ties as round-robin.
/// `assigning` runs a batch, oldest ticket first: each pick counts against the member's room
/// and turn before the next.
public enum AssignmentRule {
    public static func pick(mode: AssignmentMode, team: String, candidates: [AssignmentCandidate]) -> AssignmentPick? {
        var batch = Batch(mode: mode, team: team, candidates: candidates)
        return batch.next()
    }

    /// Why nobody could be picked, for the CLI and the team view.
    public static func whyNobody(mode: AssignmentMode, candidates: [AssignmentCandidate]) -> String {
        if mode == .off { return "assignment is off for this team" }
        if candidates.isEmpty { return "the team has no members" }
        let onShift = candidates.filter(\.onShift)
        if onShift.isEmpty { return "nobody on the team is on shift" }
        return "everyone on shift is at capacity (\(onShift.map { "\($0.handle) \($0.open)/\($0.capacity)" }.joined(separator: ", ")))"
    }

    /// Picks for several tickets in a row.
    public struct Batch: Sendable {
        let mode: AssignmentMode
        let team: String
        var candidates: [AssignmentCandidate]
        /// Turns taken in this batch, after every turn before it.
        var turn: [String: Int] = [:]
        var taken = 0

        public init(mode: AssignmentMode, team: String, candidates: [AssignmentCandidate]) {
            self.mode = mode; self.team = team; self.candidates = candidates
        }

        public var candidatesNow: [AssignmentCandidate] { candidates }

        public mutating func next() -> AssignmentPick? {
            guard mode != .off else { return nil }
            let eligible = candidates.indices.filter { candidates[$0].onShift && candidates[$0].hasRoom }
            // The turn: (taken in this batch, last assigned before it, handle).
            func key(_ i: Int) -> (Int, Int, Int64, Int64, String) {
                let c = candidates[i]
                return (mode == .leastLoaded ? c.open : 0, turn[c.memberID] ?? -1, c.lastAssignedAt ?? Int64.min, c.lastAssignedOrder, c.handle)
            }
            let chosen: Int?
            switch mode {
            case .off: chosen = nil
            case .roundRobin, .leastLoaded: chosen = eligible.min { key($0) < key($1) }
            }
            guard let i = chosen else { return nil }
            let c = candidates[i]
            let pick = AssignmentPick(memberID: c.memberID, handle: c.handle,
                                      explanation: "assigned by rule \(team) \(mode.label): \(c.handle) had \(c.open) of \(c.capacity)")
            candidates[i].open += 1
            turn[c.memberID] = taken
            taken += 1
            return pick
        }
    }
}
