import Foundation
import GRDB
import GreenroomCore

/// Campaign progress, computed from history inside each campaign's window (see `CampaignMath`
/// for the rules and `Schema.v9Campaigns` for the indexes).
///
/// Every enrolled creator's progress is one correlated aggregate over a covering index,
/// `[max(window start, joined_at), window end)`; the ranked list ("standings") is computed
/// once and kept in the count cache until the database changes, so scrolling a campaign of
/// 20,000 creators pages through an array instead of aggregating again.
extension Store {
    /// The standings of one campaign: every enrolled creator, best progress first (ties by
    /// creator id, so the order is the same on every laptop). Progress is raw (minutes for
    /// live hours).
    struct Standings: Sendable {
        var ids: [String] = []
        var targets: [Int] = []
        var joined: [Millis] = []
        var progress: [Int] = []
    }

    // MARK: Lookups

    /// Live campaigns: running first, then drafts, then ended; the latest start first.
    public func campaigns() throws -> [Campaign] {
        try read { db in try Store.liveCampaigns(db) }
    }

    static func liveCampaigns(_ db: Database) throws -> [Campaign] {
        try Campaign.fetchAll(db, sql: """
            SELECT \(Campaign.selectColumns) FROM campaign WHERE deleted = 0
            ORDER BY CASE status WHEN 'running' THEN 0 WHEN 'draft' THEN 1 ELSE 2 END, start_date DESC, name COLLATE NOCASE, id
            """)
    }

    /// The campaign `ref` names: its id, its exact name, a unique name prefix, or else a
    /// unique part of a name (all case-insensitive). Throws a one-line reason when nothing or several match.
    public func campaign(ref: String) throws -> Campaign {
        let wanted = ref.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        guard !wanted.isEmpty else { throw GreenroomError.invalidInput("name a campaign by its name (or the start of it) or its id") }
        let all = try campaigns()
        if let c = all.first(where: { $0.id == wanted || $0.name.lowercased() == wanted }) { return c }
        var matches = all.filter { $0.name.lowercased().hasPrefix(wanted) }
        if matches.isEmpty { matches = all.filter { $0.name.lowercased().contains(wanted) } }
        switch matches.count {
        case 1: return matches[0]
        case 0: throw GreenroomError.invalidInput("no campaign matches \"\(TerminalText.sanitize(ref))\"\(all.isEmpty ? " (there are none yet: greenroom campaign add)" : "")")
        default:
            let names = matches.prefix(4).map { "\"\(TerminalText.sanitize($0.name))\"" }.joined(separator: ", ")
            throw GreenroomError.invalidInput("\"\(TerminalText.sanitize(ref))\" matches \(matches.count) campaigns (\(names)); give more of the name")
        }
    }

    public func campaignTiers(_ campaignID: String) throws -> [CampaignTier] {
        try read { db in try Store.tiers(campaignID, db) }
    }

    static func tiers(_ campaignID: String, _ db: Database) throws -> [CampaignTier] {
        try CampaignTier.fetchAll(db, sql: "SELECT \(CampaignTier.selectColumns) FROM campaign_tier WHERE campaign_id = ? AND deleted = 0 ORDER BY threshold, id",
                                  arguments: [campaignID])
    }

    // MARK: Progress

    /// The aggregate giving one enrolled creator's raw progress from `from` (an SQL
    /// expression over `e`) to `?` (the window's end), for the correlated subquery.
    static func progressSQL(_ metric: CampaignMetric, from: String, zone: TimeZone, span: Range<Millis>) -> String {
        let (table, time, aggregate, extra) = source(metric, zone: zone, span: span)
        return "IFNULL((SELECT \(aggregate) FROM \(table) WHERE x.creator_id = e.creator_id AND x.\(time) >= \(from) AND x.\(time) < ?\(extra)), 0)"
    }

    /// Where a metric's events live: table (aliased x, with its covering index), time column,
    /// per-creator aggregate, extra condition.
    static func source(_ metric: CampaignMetric, zone: TimeZone, span: Range<Millis>) -> (String, String, String, String) {
        switch metric {
        case .liveHours: return ("live_session x INDEXED BY live_session_creator", "started_at", "SUM(x.minutes)", "")
        case .gifts: return ("live_session x INDEXED BY live_session_creator", "started_at", "SUM(x.gifts)", "")
        case .activeDays:
            return ("live_session x INDEXED BY live_session_creator", "started_at", "COUNT(DISTINCT \(localDay("x.started_at", zone: zone, span: span)))", "")
        case .newActivations: return ("stage_event x INDEXED BY stage_event_creator", "at", "COUNT(*)", " AND x.to_stage = 'activated' AND x.deleted = 0")
        case .workshopsAttended: return ("activity x INDEXED BY activity_creator", "at", "COUNT(*)", " AND x.kind = 'workshop' AND x.deleted = 0")
        }
    }

    /// An SQL expression for the local day number (days since 1970-01-01 in `zone`) of a
    /// UTC millisecond column, exact for every instant in `span`: the zone's offset is a
    /// constant between transitions, so the expression is a CASE over the transitions
    /// inside the span (none in most windows, one or two across a daylight-saving change).
    static func localDay(_ column: String, zone: TimeZone, span: Range<Millis>) -> String {
        func offset(_ m: Millis) -> Millis { Millis(zone.secondsFromGMT(for: Time.date(m))) * 1000 }
        var cases: [(before: Millis, offset: Millis)] = []
        var at = span.lowerBound
        var current = offset(at)
        while let next = zone.nextDaylightSavingTimeTransition(after: Time.date(at)).map(Time.millis), next < span.upperBound, cases.count < 64 {
            cases.append((next, current))
            current = offset(next)
            at = next
        }
        let shift = cases.isEmpty ? "\(current)"
            : "CASE " + cases.map { "WHEN \(column) < \($0.before) THEN \($0.offset)" }.joined(separator: " ") + " ELSE \(current) END"
        // Every time here is after 1970, so integer division floors.
        return "((\(column) + \(shift)) / \(Time.day))"
    }

    /// The standings of a campaign, from the cache while the database is unchanged.
    func standings(_ c: Campaign, window: Range<Millis>, zone: TimeZone, _ db: Database) throws -> Standings {
        try counts.value("campaign.standings:\(c.id):\(c.metric.rawValue):\(window.lowerBound):\(window.upperBound):\(zone.identifier)") {
            let sql = """
                SELECT e.creator_id, e.target, e.joined_at,
                       \(Store.progressSQL(c.metric, from: "MAX(?, e.joined_at)", zone: zone, span: window)) AS progress
                FROM campaign_enrolment e INDEXED BY campaign_enrolment_live
                WHERE e.campaign_id = ? AND e.deleted = 0 AND \(Store.liveEnrolledCreator)
                """
            var rows: [(String, Int, Millis, Int)] = []
            let statement = try db.cachedStatement(sql: sql)
            let cursor = try Row.fetchCursor(statement, arguments: [window.lowerBound, window.upperBound, c.id])
            while let r = try cursor.next() { rows.append((r[0], r[1], r[2], r[3])) }
            rows.sort { $0.3 != $1.3 ? $0.3 > $1.3 : $0.0 < $1.0 }
            var s = Standings()
            s.ids.reserveCapacity(rows.count)
            for r in rows {
                s.ids.append(r.0); s.targets.append(r.1); s.joined.append(r.2); s.progress.append(r.3)
            }
            return s
        }
    }

    /// Enrolments of creators that are not deleted, through the tiny tombstone index (a join
    /// to `creator` would read 20,000 creator rows for one flag).
    static let liveEnrolledCreator = "NOT EXISTS (SELECT 1 FROM creator t INDEXED BY creator_tombstones WHERE t.id = e.creator_id AND t.deleted = 1)"

    /// Progress per local day of the window up to today (units), from the cache while the
    /// database is unchanged.
    func dailyProgress(_ c: Campaign, window: Range<Millis>, zone: TimeZone, now: Millis, _ db: Database) throws -> [Double] {
        let calendar = TeamCalendar(zone: zone)
        let end = min(window.upperBound, calendar.addDays(1, to: calendar.startOfDay(now)))
        guard end > window.lowerBound else { return [] }
        var days = 0
        var d = window.lowerBound
        while d < end { days += 1; d = calendar.addDays(1, to: d) }
        return try counts.value("campaign.daily:\(c.id):\(c.metric.rawValue):\(window.lowerBound):\(end):\(zone.identifier)") {
            let (table, time, _, extra) = Store.source(c.metric, zone: zone, span: window)
            let aggregate: String
            switch c.metric {
            case .liveHours: aggregate = "SUM(x.minutes)"
            case .gifts: aggregate = "SUM(x.gifts)"
            case .activeDays: aggregate = "COUNT(DISTINCT x.creator_id)"
            case .newActivations, .workshopsAttended: aggregate = "COUNT(*)"
            }
            let day = Store.localDay("x.\(time)", zone: zone, span: window)
            let first = (window.lowerBound + Millis(zone.secondsFromGMT(for: Time.date(window.lowerBound))) * 1000) / Time.day
            var out = [Double](repeating: 0, count: days)
            for r in try Row.fetchAll(db, sql: """
                SELECT \(day) AS d, \(aggregate) FROM campaign_enrolment e INDEXED BY campaign_enrolment_live
                JOIN \(table) ON x.creator_id = e.creator_id AND x.\(time) >= MAX(?, e.joined_at) AND x.\(time) < ?\(extra)
                WHERE e.campaign_id = ? AND e.deleted = 0 AND \(Store.liveEnrolledCreator) GROUP BY d
                """, arguments: [window.lowerBound, end, c.id]) {
                let i = Int((r[0] as Int64) - first)
                if out.indices.contains(i) { out[i] = c.metric.units(r[1]) }
            }
            return out
        }
    }

    // MARK: Screens and reports

    /// Every live campaign with its progress and pace (the Campaigns list).
    public func campaignSummaries(now: Millis) throws -> [CampaignSummary] {
        try read { db in
            let zone = try Store.loadSettings(db).zone
            return try Store.liveCampaigns(db).compactMap { try summary($0, zone: zone, now: now, db) }
        }
    }

    func summary(_ c: Campaign, zone: TimeZone, now: Millis, _ db: Database) throws -> CampaignSummary? {
        guard let window = c.window(zone: zone) else { return nil }
        let s = try standings(c, window: window, zone: zone, db)
        let owner = try c.ownerID.flatMap { try String.fetchOne(db, sql: "SELECT handle FROM member WHERE id = ?", arguments: [$0]) }
        return CampaignSummary(campaign: c, ownerHandle: owner, window: window, enrolled: s.ids.count,
                               progress: c.metric.units(s.progress.reduce(0, +)), pace: CampaignMath.pace(target: c.target, window: window, now: now),
                               daysLeft: CampaignMath.daysLeft(window, now: now, zone: zone))
    }

    /// A campaign's detail: summary, tiers with counts, at-risk count, and the daily series
    /// unless `daily` is false (the screen loads it separately, off the loop: at 20,000
    /// creators it is a grouped join over every session in the window).
    public func campaignDetail(id: String, now: Millis, daily: Bool = true) throws -> CampaignDetail? {
        try read { db in
            guard let c = try Campaign.fetchOne(db, sql: "SELECT \(Campaign.selectColumns) FROM campaign WHERE id = ? AND deleted = 0", arguments: [id]) else { return nil }
            let settings = try Store.loadSettings(db)
            let zone = settings.zone
            guard let summary = try summary(c, zone: zone, now: now, db) else { return nil }
            let s = try standings(c, window: summary.window, zone: zone, db)
            let tiers = try Store.tiers(id, db)
            var perTier = [Int](repeating: 0, count: tiers.count)
            var atRisk = 0
            // Tiers are sorted by threshold: the highest reached is the last one not above.
            let thresholds = tiers.map { Double($0.threshold) }
            for i in s.ids.indices {
                let p = c.metric.units(s.progress[i])
                if let t = thresholds.lastIndex(where: { $0 <= p }) { perTier[t] += 1 }
                if CampaignMath.isAtRisk(progress: p, target: s.targets[i], window: summary.window, from: s.joined[i], now: now, margin: settings.campaignRiskMargin) {
                    atRisk += 1
                }
            }
            return CampaignDetail(summary: summary, tiers: zip(tiers, perTier).map { CampaignDetail.TierCount(tier: $0, creators: $1) },
                                  daily: daily ? try dailyProgress(c, window: summary.window, zone: zone, now: now, db) : nil, atRisk: atRisk,
                                  riskMargin: settings.campaignRiskMargin)
        }
    }

    /// A window of a campaign's ranked creators (all, or only those at risk).
    public func campaignPage(id: String, listing: CampaignListing = .all, offset: Int, limit: Int, now: Millis) throws -> CampaignPage {
        try read { db in
            guard let c = try Campaign.fetchOne(db, sql: "SELECT \(Campaign.selectColumns) FROM campaign WHERE id = ? AND deleted = 0", arguments: [id]) else {
                return CampaignPage(total: 0, offset: 0, rows: [])
            }
            let settings = try Store.loadSettings(db)
            guard let window = c.window(zone: settings.zone) else { return CampaignPage(total: 0, offset: 0, rows: []) }
            let s = try standings(c, window: window, zone: settings.zone, db)
            let margin = settings.campaignRiskMargin
            func risky(_ i: Int) -> Bool {
                CampaignMath.isAtRisk(progress: c.metric.units(s.progress[i]), target: s.targets[i], window: window, from: s.joined[i], now: now, margin: margin)
            }
            let indices: [Int] = listing == .all ? Array(s.ids.indices) : s.ids.indices.filter(risky)
            let start = max(0, min(offset, indices.count))
            let slice = Array(indices[start..<min(indices.count, start + max(0, limit))])
            let tiers = try Store.tiers(id, db)
            var names: [String: (handle: String, name: String)] = [:]
            if !slice.isEmpty {
                let ids = slice.map { s.ids[$0] }
                for r in try Row.fetchAll(db, sql: "SELECT id, handle, display_name FROM creator WHERE id IN (\(Array(repeating: "?", count: ids.count).joined(separator: ",")))",
                                          arguments: StatementArguments(ids)) {
                    names[r[0]] = (r[1], r[2])
                }
            }
            let rows = slice.map { i -> CampaignStanding in
                let p = c.metric.units(s.progress[i])
                let (reached, next) = CampaignMath.tiers(for: p, tiers)
                return CampaignStanding(rank: i + 1, creatorID: s.ids[i], handle: names[s.ids[i]]?.handle ?? "?", displayName: names[s.ids[i]]?.name ?? "",
                                        target: s.targets[i], joinedAt: s.joined[i], progress: p,
                                        pace: CampaignMath.pace(target: s.targets[i], window: window, from: s.joined[i], now: now),
                                        tier: reached?.reward, nextTier: next?.reward, toNextTier: next.map { Double($0.threshold) - p }, atRisk: risky(i))
            }
            return CampaignPage(total: indices.count, offset: start, rows: rows)
        }
    }

    /// Progress per day of the window up to today (units), for the screen's sparkline.
    public func campaignDaily(id: String, now: Millis) throws -> [Double] {
        try read { db in
            guard let c = try Campaign.fetchOne(db, sql: "SELECT \(Campaign.selectColumns) FROM campaign WHERE id = ? AND deleted = 0", arguments: [id]) else { return [] }
            let zone = try Store.loadSettings(db).zone
            guard let window = c.window(zone: zone) else { return [] }
            return try dailyProgress(c, window: window, zone: zone, now: now, db)
        }
    }

    /// The campaigns a creator is enrolled in, with their progress and tier.
    public func creatorCampaigns(creatorID: String, now: Millis) throws -> [CreatorCampaignRow] {
        try read { db in try Store.creatorCampaigns(creatorID, now: now, db) }
    }

    static func creatorCampaigns(_ creatorID: String, now: Millis, _ db: Database) throws -> [CreatorCampaignRow] {
        let settings = try loadSettings(db)
        let zone = settings.zone
        let enrolments = try Row.fetchAll(db, sql: """
            SELECT e.target, e.joined_at, \(Campaign.columns.map { "k." + $0 }.joined(separator: ", ")) FROM campaign_enrolment e
            JOIN campaign k ON k.id = e.campaign_id AND k.deleted = 0
            WHERE e.creator_id = ? AND e.deleted = 0
            ORDER BY CASE k.status WHEN 'running' THEN 0 WHEN 'draft' THEN 1 ELSE 2 END, k.start_date DESC, k.id
            """, arguments: [creatorID])
        return try enrolments.compactMap { r in
            let c = try Campaign(row: r)
            guard let window = c.window(zone: zone) else { return nil }
            let raw = try Int.fetchOne(db, sql: """
                SELECT \(progressSQL(c.metric, from: "MAX(?, e.joined_at)", zone: zone, span: window))
                FROM campaign_enrolment e WHERE e.id = ?
                """, arguments: [window.lowerBound, window.upperBound, CampaignEnrolment.id(campaign: c.id, creator: creatorID)]) ?? 0
            let p = c.metric.units(raw)
            let target: Int = r["target"]
            return CreatorCampaignRow(campaignID: c.id, name: c.name, status: c.status, metric: c.metric, target: target, progress: p,
                                      tier: CampaignMath.tiers(for: p, try tiers(c.id, db)).reached?.reward,
                                      atRisk: CampaignMath.isAtRisk(progress: p, target: target, window: window, from: r["joined_at"], now: now,
                                                                    margin: settings.campaignRiskMargin))
        }
    }

    // MARK: Goal breakdown

    /// A proposed split of the campaign's goal over its enrolled creators. The baseline is
    /// each creator's value of the metric over the 30 days before the campaign starts (or
    /// before today, for a campaign that has not started yet).
    public func campaignPlan(id: String, split: CampaignSplit, now: Millis) throws -> CampaignPlan {
        try read { db in
            guard let c = try Campaign.fetchOne(db, sql: "SELECT \(Campaign.selectColumns) FROM campaign WHERE id = ? AND deleted = 0", arguments: [id]) else {
                throw GreenroomError.invalidInput("that campaign no longer exists")
            }
            let zone = try Store.loadSettings(db).zone
            guard let window = c.window(zone: zone) else { throw GreenroomError.invalidInput("the campaign's dates are not valid") }
            let calendar = TeamCalendar(zone: zone)
            let end = min(window.lowerBound, calendar.startOfDay(now))
            let baseline = calendar.addDays(-30, to: end)..<end
            let rows = try Row.fetchAll(db, sql: """
                SELECT e.creator_id, c.handle, e.target,
                       \(split == .baseline ? Store.progressSQL(c.metric, from: "?", zone: zone, span: baseline) : "0") AS base
                FROM campaign_enrolment e JOIN creator c ON c.id = e.creator_id AND c.deleted = 0
                WHERE e.campaign_id = ? AND e.deleted = 0
                """, arguments: split == .baseline ? [baseline.lowerBound, baseline.upperBound, id] : [id])
            guard !rows.isEmpty else { throw GreenroomError.invalidInput("nobody is enrolled in \"\(TerminalText.sanitize(c.name))\" yet (greenroom campaign enrol)") }
            return CampaignPlan.make(goal: c.target, split: split,
                                     creators: rows.map { (id: $0[0], handle: $0[1], current: $0[2], baseline: c.metric.units($0[3])) },
                                     baselineWindow: baseline)
        }
    }

    /// Writes a plan's proposed targets (one transaction, stamped like any edit).
    @discardableResult
    public func applyPlan(campaignID: String, _ plan: CampaignPlan) throws -> Int {
        try setTargets(campaignID: campaignID, Dictionary(uniqueKeysWithValues: plan.rows.map { ($0.creatorID, $0.proposed) }))
    }
}
