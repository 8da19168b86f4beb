import Foundation

/// A firing as a ticket's or creator's page lists it: when, which rule, on which laptop, what
/// it did.
public struct RuleFiringRow: Hashable, Sendable {
    public var at: Millis
    public var rule: String
    public var device: String
    public var summary: String
    public init(at: Millis, rule: String, device: String, summary: String) {
        self.at = at; self.rule = rule; self.device = device; self.summary = summary
    }
}

/// One firing, as the audit trail keeps it.
public struct RuleFiring: Hashable, Codable, Sendable {
    public var id: String
    public var ruleID: String
    /// The ticket it fired on, or nil for a creator rule's firing.
    public var ticketID: String?
    /// The creator it fired on (a creator rule), or nil.
    public var creatorID: String?
    public var triggerAt: Millis
    public var firedAt: Millis
    /// The laptop that fired it (its device name or id).
    public var device: String
    /// What it did: "set status solved; added a note".
    public var summary: String
    public var deleted: Bool

    public init(id: String, ruleID: String, ticketID: String?, creatorID: String? = nil, triggerAt: Millis, firedAt: Millis, device: String, summary: String,
                deleted: Bool = false) {
        self.id = id; self.ruleID = ruleID; self.ticketID = ticketID; self.creatorID = creatorID; self.triggerAt = triggerAt; self.firedAt = firedAt
        self.device = device; self.summary = summary; self.deleted = deleted
    }
}

