/// Which SLA target a due time belongs to.
public enum SLATarget: String, Codable, Sendable, CaseIterable {
    case firstReply = "first_reply"
    case nextReply = "next_reply"
    case resolution
}

/// The queue's "time to next breach", on calendar time.
///
/// This is the walking skeleton's simple rule: an open ticket without a public agent reply
/// is due for its first reply; once answered, it is due for resolution. Pending and on-hold
/// tickets are paused (no due time) and solved or closed ones have none. The full engine —
/// next-reply targets, business hours, pause accounting — replaces it in the SLA issue; the
/// store keeps the result in `ticket.sla_due_at` so the queue can page in due order.
public enum QueueDue {
    public static func next(status: TicketStatus, priority: TicketPriority, createdAt: Millis,
                            firstReplyAt: Millis?, policy: SLAPolicy?) -> (due: Millis, target: SLATarget)? {
        guard status.isOpen, !status.pausesSLA, let policy else { return nil }
        if firstReplyAt == nil {
            return (createdAt + Millis(policy.firstReplyMinutes) * Time.minute, .firstReply)
        }
        return (createdAt + Millis(policy.resolutionMinutes) * Time.minute, .resolution)
    }
}
