import Foundation

/// One campaign as the Campaigns list and reports show it.
public struct CampaignSummary: Hashable, Sendable {
    public var campaign: Campaign
    public var ownerHandle: String?
    public var window: Range<Millis>
    public var enrolled: Int
    /// Σ of the enrolled creators' progress, in the metric's units.
    public var progress: Double
    /// Where the goal's straight line is today, in units.
    public var pace: Double
    public var daysLeft: Int

    public init(campaign: Campaign, ownerHandle: String?, window: Range<Millis>, enrolled: Int, progress: Double, pace: Double, daysLeft: Int) {
        self.campaign = campaign; self.ownerHandle = ownerHandle; self.window = window; self.enrolled = enrolled
        self.progress = progress; self.pace = pace; self.daysLeft = daysLeft
    }

    /// Progress as a share of the goal (may pass 1); nil without a goal.
    public var share: Double? { campaign.target > 0 ? progress / Double(campaign.target) : nil }
    public var paceShare: Double? { campaign.target > 0 ? pace / Double(campaign.target) : nil }
}

/// One enrolled creator's standing in a campaign.
public struct CampaignStanding: Hashable, Sendable {
    /// 1-based rank by progress (ties by creator id).
    public var rank: Int
    public var creatorID: String
    public var handle: String
    public var displayName: String
    public var target: Int
    public var joinedAt: Millis
    /// Progress in the metric's units.
    public var progress: Double
    /// The creator's own straight-line pace for today, in units.
    public var pace: Double
    public var tier: String?
    /// The next tier's reward and how far it is (units); nil at the top.
    public var nextTier: String?
    public var toNextTier: Double?
    public var atRisk: Bool

    public init(rank: Int, creatorID: String, handle: String, displayName: String, target: Int, joinedAt: Millis, progress: Double,
                pace: Double, tier: String?, nextTier: String?, toNextTier: Double?, atRisk: Bool) {
        self.rank = rank; self.creatorID = creatorID; self.handle = handle; self.displayName = displayName; self.target = target
        self.joinedAt = joinedAt; self.progress = progress; self.pace = pace; self.tier = tier; self.nextTier = nextTier
        self.toNextTier = toNextTier; self.atRisk = atRisk
    }
}

/// A campaign's detail: the summary, tiers with how many creators reached each, the daily
/// series and the at-risk count. The ranked creators come in pages (`CampaignPage`).
public struct CampaignDetail: Hashable, Sendable {
    public struct TierCount: Hashable, Sendable {
        public var tier: CampaignTier
        /// Creators whose highest reached tier is this one (they are paid this tier).
        public var creators: Int
        public var payout: Int { tier.amount * creators }

        public init(tier: CampaignTier, creators: Int) { self.tier = tier; self.creators = creators }
    }

    public var summary: CampaignSummary
    public var tiers: [TierCount]
    /// Progress per day of the window up to today (units), oldest first; nil while loading.
    public var daily: [Double]?
    public var atRisk: Int
    /// The team's at-risk margin, in percent of a creator's target.
    public var riskMargin: Int

    public init(summary: CampaignSummary, tiers: [TierCount], daily: [Double]?, atRisk: Int, riskMargin: Int) {
        self.summary = summary; self.tiers = tiers; self.daily = daily; self.atRisk = atRisk; self.riskMargin = riskMargin
    }
}

/// Which enrolled creators a page lists.
public enum CampaignListing: String, Hashable, Sendable, CaseIterable {
    case all
    case atRisk = "at_risk"
}

/// A window of ranked creators.
public struct CampaignPage: Hashable, Sendable {
    public var total: Int
    public var offset: Int
    public var rows: [CampaignStanding]

    public init(total: Int, offset: Int, rows: [CampaignStanding]) { self.total = total; self.offset = offset; self.rows = rows }
}

/// A campaign a creator is in, for the creator detail.
public struct CreatorCampaignRow: Hashable, Sendable {
    public var campaignID: String
    public var name: String
    public var status: CampaignStatus
    public var metric: CampaignMetric
    public var target: Int
    public var progress: Double
    public var tier: String?
    public var atRisk: Bool

    public init(campaignID: String, name: String, status: CampaignStatus, metric: CampaignMetric, target: Int, progress: Double,
                tier: String?, atRisk: Bool) {
        self.campaignID = campaignID; self.name = name; self.status = status; self.metric = metric; self.target = target
        self.progress = progress; self.tier = tier; self.atRisk = atRisk
    }
}
