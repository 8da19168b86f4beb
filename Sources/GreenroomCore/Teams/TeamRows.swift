import Foundation

/// One member as their team sees them now.
public struct TeamMemberStatus: Hashable, Sendable {
    public var memberID: String
    public var handle: String
    public var name: String
    /// On shift now: their schedule (in their zone) says so and no time off covers now.
    public var onShift: Bool
    /// Why not, when not: "leave until 2026-12-09", "off shift".
    public var offReason: String?
    /// Open tickets they hold (new, open, on hold).
    public var open: Int
    public var capacity: Int
    public var schedule: String?
    public var zone: String
    public var lastAssignedAt: Millis?
    /// The local order of that hand-out among others at the same instant (its event's rowid).
    public var lastAssignedOrder: Int64

    public init(memberID: String, handle: String, name: String, onShift: Bool, offReason: String?, open: Int, capacity: Int,
                schedule: String?, zone: String, lastAssignedAt: Millis?, lastAssignedOrder: Int64) {
        self.memberID = memberID; self.handle = handle; self.name = name; self.onShift = onShift; self.offReason = offReason
        self.open = open; self.capacity = capacity; self.schedule = schedule; self.zone = zone
        self.lastAssignedAt = lastAssignedAt; self.lastAssignedOrder = lastAssignedOrder
    }

    public var candidate: AssignmentCandidate {
        AssignmentCandidate(memberID: memberID, handle: handle, open: open, capacity: capacity, onShift: onShift,
                            lastAssignedAt: lastAssignedAt, lastAssignedOrder: lastAssignedOrder)
    }
}

/// A team with its members now and its queue.
public struct TeamOverview: Hashable, Sendable {
    public var team: Team
    public var leadHandle: String?
    public var members: [TeamMemberStatus]
    /// Unassigned tickets waiting for the team (new or open).
    public var unassigned: Int
    /// Open tickets owned by the team.
    public var open: Int

    public init(team: Team, leadHandle: String?, members: [TeamMemberStatus], unassigned: Int, open: Int) {
        self.team = team; self.leadHandle = leadHandle; self.members = members; self.unassigned = unassigned; self.open = open
    }

    public var onShift: Int { members.filter(\.onShift).count }
}


/// Whether a member is on shift at an instant, and why not (issue 24): time off first, then
/// their weekly schedule read on their own clock. One function for the team view, the
/// assignment rule and the assignee picker, so they never disagree.
public enum MemberShift {
    public static func status(schedule: String?, zone: TimeZone, timeOff: [ShiftException], now: Millis) -> (onShift: Bool, reason: String?) {
        if let away = timeOff.filter({ $0.covers(now) }).max(by: { $0.endsAt < $1.endsAt }) {
            return (false, "\(away.kind.rawValue) until \(DateInput.formatMinute(away.endsAt, zone: zone))")
        }
        guard let schedule, !schedule.isEmpty else { return (true, nil) }
        // A stored schedule was checked when written (here or by the sync); one that no
        // longer reads is taken as off shift rather than guessed at.
        guard let parsed = try? WeeklySchedule(parsing: schedule) else { return (false, "schedule unreadable") }
        return parsed.isOn(at: now, zone: zone) ? (true, nil) : (false, "off shift")
    }
}

extension MemberShift {
    /// A member's status from their own schedule and zone (`fallback`: the team setting's zone).
    public static func status(of member: Member, fallback: TimeZone, timeOff: [ShiftException], now: Millis) -> (onShift: Bool, reason: String?) {
        status(schedule: member.schedule, zone: member.timeZone.flatMap(TimeZone.init(identifier:)) ?? fallback,
               timeOff: timeOff.filter { $0.memberID == member.id }, now: now)
    }
}
