import Foundation

/// Campaigns (DESIGN.md §2, issue 8): a time-boxed push with a goal on one metric, enrolled
/// creators with individual targets, and incentive tiers. Progress is never stored: it is
/// computed from live sessions, stage events and activities inside the campaign's window.
public enum CampaignKind: String, CaseIterable, Codable, Sendable {
    case saleEvent = "sale_event"
    case liveEvent = "live_event"
    case onboardingSprint = "onboarding_sprint"
    case educationProgram = "education_program"

    public var title: String { rawValue.replacingOccurrences(of: "_", with: " ") }
}

public enum CampaignStatus: String, CaseIterable, Codable, Sendable {
    case draft, running, ended
}

/// What a campaign counts. Targets and tier thresholds are whole numbers in `unit`s; progress
/// is read in raw units (`scale` raw units make one unit: minutes for live hours).
public enum CampaignMetric: String, CaseIterable, Codable, Sendable {
    /// Σ session minutes ÷ 60 of sessions started in the window.
    case liveHours = "live_hours"
    /// Distinct team-time-zone days with a session started in the window.
    case activeDays = "active_days"
    /// Σ gifts of sessions started in the window.
    case gifts
    /// Stage events into `activated` in the window.
    case newActivations = "new_activations"
    /// Workshop activities (kind `workshop`, not deleted) dated in the window.
    case workshopsAttended = "workshops_attended"

    public var scale: Int { self == .liveHours ? 60 : 1 }

    public var unit: String {
        switch self {
        case .liveHours: return "h"
        case .activeDays: return "days"
        case .gifts: return "gifts"
        case .newActivations: return "activations"
        case .workshopsAttended: return "workshops"
        }
    }

    public var title: String { rawValue.replacingOccurrences(of: "_", with: " ") }

    /// A raw progress value in units (live hours from minutes).
    public func units(_ raw: Int) -> Double { Double(raw) / Double(scale) }

    /// A value in units as shown: one decimal for hours, whole numbers (grouped by
    /// thousands) otherwise.
    public func format(_ value: Double) -> String {
        if self == .liveHours { return String(format: "%.1f", value) }
        let n = Int(value.rounded(.down))
        var digits = String(abs(n))
        var i = digits.count - 3
        while i > 0 { digits.insert(",", at: digits.index(digits.startIndex, offsetBy: i)); i -= 3 }
        return (n < 0 ? "-" : "") + digits
    }
}

public struct Campaign: Hashable, Codable, Sendable {
    public var id: String
    public var name: String
    public var kind: CampaignKind
    /// First and last day (inclusive), `YYYY-MM-DD` in the team's time zone.
    public var startDate: String
    public var endDate: String
    public var metric: CampaignMetric
    /// The overall goal, in the metric's units.
    public var target: Int
    public var ownerID: String?
    public var status: CampaignStatus
    public var deleted: Bool

    public init(id: String, name: String, kind: CampaignKind, startDate: String, endDate: String, metric: CampaignMetric,
                target: Int, ownerID: String?, status: CampaignStatus, deleted: Bool = false) {
        self.id = id; self.name = name; self.kind = kind; self.startDate = startDate; self.endDate = endDate
        self.metric = metric; self.target = target; self.ownerID = ownerID; self.status = status; self.deleted = deleted
    }

    /// The window as UTC millis, [first day's start, the day after the last day's start).
    public func window(zone: TimeZone) -> Range<Millis>? {
        guard let start = Campaign.day(startDate, zone: zone), let last = Campaign.day(endDate, zone: zone) else { return nil }
        let end = TeamCalendar(zone: zone).addDays(1, to: last)
        return end > start ? start..<end : nil
    }

    /// The start of a stored `YYYY-MM-DD` day in the zone; nil for anything else.
    public static func day(_ text: String, zone: TimeZone) -> Millis? {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              bytes.enumerated().allSatisfy({ $0.offset == 4 || $0.offset == 7 || (48...57).contains($0.element) }) else { return nil }
        return DateInput.parse(text, now: 0, zone: zone).map { TeamCalendar(zone: zone).startOfDay($0) }
    }
}

/// A creator in a campaign. The id is derived from the campaign and the creator
/// (`CampaignEnrolment.id(campaign:creator:)`), so two laptops enrolling the same creator
/// write the same row and sync merges them; unenrolling is a tombstone.
public struct CampaignEnrolment: Hashable, Codable, Sendable {
    public var id: String
    public var campaignID: String
    public var creatorID: String
    /// The creator's own target, in the metric's units.
    public var target: Int
    /// When the creator joined; progress counts from here if it is after the window's start.
    public var joinedAt: Millis
    public var deleted: Bool

    public init(id: String, campaignID: String, creatorID: String, target: Int, joinedAt: Millis, deleted: Bool = false) {
        self.id = id; self.campaignID = campaignID; self.creatorID = creatorID; self.target = target
        self.joinedAt = joinedAt; self.deleted = deleted
    }

    /// The enrolment id of a creator in a campaign: a UUIDv7 with the campaign's time and
    /// random bits drawn from a hash of both ids, the same on every laptop.
    public static func id(campaign: String, creator: String) -> String {
        UUIDv7.derived(from: campaign + "/" + creator, millis: UUIDv7.millis(of: campaign) ?? 0)
    }
}

/// An incentive tier: a creator whose progress reaches `threshold` (metric units) earns it.
public struct CampaignTier: Hashable, Codable, Sendable {
    public var id: String
    public var campaignID: String
    public var threshold: Int
    public var reward: String
    /// The payout per creator, in whole currency units.
    public var amount: Int
    public var deleted: Bool

    public init(id: String, campaignID: String, threshold: Int, reward: String, amount: Int, deleted: Bool = false) {
        self.id = id; self.campaignID = campaignID; self.threshold = threshold; self.reward = reward; self.amount = amount
        self.deleted = deleted
    }
}
