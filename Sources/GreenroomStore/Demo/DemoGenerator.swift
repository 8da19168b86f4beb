import Foundation
import GRDB
import GreenroomCore

/// What `greenroom demo` should generate.
public struct DemoOptions: Sendable, Equatable {
    public var creators: Int
    public var tickets: Int
    public var days: Int
    public var seed: UInt64
    /// About how many LIVE sessions to write (a percent off at scale); nil: what the creators'
    /// habits give (~14 per creator over 90 days).
    public var sessions: Int?
    /// Share (0…1) of solved tickets whose requester writes back and reopens them (most are
    /// solved again, some stay open). 0, the default, gives the usual demo.
    public var reopens: Double
    /// Share (0…1) of solved tickets closed four days later (a fifth of those closed straight
    /// from open, never solved); nil, the default, gives the usual demo (about 28% of old tickets).
    public var closes: Double?

    public init(creators: Int = 400, tickets: Int = 1500, days: Int = 90, seed: UInt64 = 1, sessions: Int? = nil,
                reopens: Double = 0, closes: Double? = nil) {
        self.creators = creators; self.tickets = tickets; self.days = days; self.seed = seed; self.sessions = sessions
        self.reopens = reopens; self.closes = closes
    }

    public func validate() throws {
        guard creators >= 1, creators <= 5_000_000 else { throw GreenroomError.invalidInput("--creators must be between 1 and 5000000 (got \(creators))") }
        guard tickets >= 0, tickets <= 20_000_000 else { throw GreenroomError.invalidInput("--tickets must be between 0 and 20000000 (got \(tickets))") }
        guard days >= 1, days <= 3650 else { throw GreenroomError.invalidInput("--days must be between 1 and 3650 (got \(days))") }
        if let sessions, !(0...50_000_000).contains(sessions) {
            throw GreenroomError.invalidInput("--sessions must be between 0 and 50000000 (got \(sessions))")
        }
        guard (0...1).contains(reopens) else { throw GreenroomError.invalidInput("--reopens must be a share between 0 and 1 (got \(reopens))") }
        if let closes, !(0...1).contains(closes) {
            throw GreenroomError.invalidInput("--closes must be a share between 0 and 1 (got \(closes))")
        }
    }
}

/// What a demo run wrote.
public struct DemoReport: Sendable {
    public var rowsByTable: [String: Int]
    public var seconds: Double
    /// Where the time went: writing rows, building indexes, finishing (commit, ANALYZE, fsync).
    public var phases: [(name: String, seconds: Double)] = []
    public var rows: Int { rowsByTable.values.reduce(0, +) }
    public var rowsPerSecond: Double { seconds > 0 ? Double(rows) / seconds : 0 }
}

/// Builds the demo rows. Deterministic for a seed and a `now`.
struct DemoGenerator {
    let options: DemoOptions
    let now: Millis
    let progress: (@Sendable (Int) -> Void)?
    var rng: SeededGenerator
    let stamp: String
    private var written = 0
    private var nextReport = 100_000

    init(options: DemoOptions, now: Millis, progress: (@Sendable (Int) -> Void)?) {
        self.options = options
        self.now = now
        self.progress = progress
        self.rng = SeededGenerator(seed: options.seed)
        self.stamp = HLC(physical: now, counter: 0, device: Store.demoDevice).encoded
    }

    mutating func id(at millis: Millis) -> String {
        UUIDv7.make(millis: millis, using: &rng)
    }

    mutating func tick(_ n: Int = 1) {
        written += n
        if written >= nextReport {
            progress?(written)
            nextReport += 100_000
        }
    }

    struct MemberRef { let id: String; let handle: String; let role: String; let tier: Int?; let market: String? }
    struct CreatorRef { let id: String; let handle: String; let networkID: String? }
    struct LiveProfile {
        let creatorID: String
        let activatedAt: Millis
        let endAt: Millis
        let slipping: Bool
        let weekdays: Set<Int>
        let hour: Int
        let baseMinutes: Int
        let followers: Int
    }

    /// Writes every demo row through `db`, but the ticket events through `events` (another
    /// connection, to another file, written by its own thread at the same time).
    mutating func write(_ db: Database, events: Database) throws -> [String: Int] {
        let loader = BulkLoader(db)
        defer { loader.close() }
        let eventLoader = BulkLoader(events)
        defer { eventLoader.close() }
        var counts: [String: Int] = [:]
        let team = TeamSettings.Team(name: "LIVE Creator Ops", timeZone: "America/New_York")
        try db.execute(sql: "UPDATE setting SET value = ?, hlc = ? WHERE key = 'team'", arguments: [try SettingsCodec.encode(team), stamp])
        let calendar = TeamCalendar(zone: TimeZone(identifier: team.timeZone)!)
        let dayRanges = calendar.lastDays(options.days, endingAt: now)

        // Members
        let memberInsert = try loader.inserter(table: "member", columns: Member.columns + ["hlc"])
        var members: [MemberRef] = []
        for seed in DemoVocabulary.members {
            let mid = id(at: now - 400 * Time.day)
            let shifts = DemoVocabulary.schedules[seed.handle]
            try memberInsert.insert(.text(mid), .text(seed.handle), .text(seed.name), .text(seed.role), .text(seed.team),
                                    .int(seed.tier), .text(String(seed.handle.dropFirst()) + "@greenroom.example"),
                                    .text(shifts?.zone), .text(shifts?.schedule), .bool(false), .text(stamp))
            members.append(MemberRef(id: mid, handle: seed.handle, role: seed.role, tier: seed.tier, market: seed.market))
        }
        counts["member"] = memberInsert.rows
        tick(memberInsert.rows)

        // Teams (issue 24): tier 1 and tier 2, each with its specialists and a lead. Ids are
        // derived (no draw from the generator, so the rest of the data is as it was).
        let teamInsert = try loader.inserter(table: "team", columns: Team.columns + ["hlc"])
        let teamMemberInsert = try loader.inserter(table: "team_member", columns: TeamMember.columns + ["hlc"])
        for t in DemoVocabulary.teams {
            let tid = DemoVocabulary.teamID(tier: t.tier, now: now)
            let lead = members.first { $0.handle == t.lead }
            try teamInsert.insert(.text(tid), .text(t.name), .text(lead?.id), .text(team.timeZone), .text(t.assignment.rawValue), .int(t.capacity),
                                  .bool(false), .null, .text(stamp)) // no calendar of its own
            for m in members where m.tier == t.tier || m.handle == t.lead {
                try teamMemberInsert.insert(.text(TeamMember.id(team: tid, member: m.id)), .text(tid), .text(m.id), .null, .bool(false), .text(stamp))
            }
        }
        counts["team"] = teamInsert.rows
        counts["team_member"] = teamMemberInsert.rows
        let managersByMarket = Dictionary(grouping: members.filter { $0.role == "manager" }, by: { $0.market ?? "" })
        let managers = members.filter { $0.role == "manager" }
        let tier1 = members.filter { $0.tier == 1 }
        let tier2 = members.filter { $0.tier == 2 }

        // Networks
        let networkInsert = try loader.inserter(table: "network", columns: Network.columns + ["hlc"])
        var networksByMarket: [String: [String]] = [:]
        for n in DemoVocabulary.networks {
            let nid = id(at: now - 500 * Time.day)
            try networkInsert.insert(.text(nid), .text(n.name), .text(n.region), .text(n.contact), .bool(false), .text(stamp))
            networksByMarket[n.region, default: []].append(nid)
        }
        counts["network"] = networkInsert.rows
        tick(networkInsert.rows)

        // Creators, their tags, stage histories, live sessions and activities
        let creatorInsert = try loader.inserter(table: "creator", columns: Creator.columns + ["stage_entered_at", "hlc"])
        let tagInsert = try loader.inserter(table: "creator_tag", columns: CreatorTag.columns + ["hlc"])
        let stageInsert = try loader.inserter(table: "stage_event", columns: StageEvent.columns + ["hlc"])
        let sessionInsert = try loader.inserter(table: "live_session", columns: LiveSession.columns + ["hlc"])
        let activityInsert = try loader.inserter(table: "activity", columns: Activity.columns + ["hlc"])
        var usedHandles = Set<String>()
        var requesters: [CreatorRef] = []
        var profiles: [LiveProfile] = []
        let flow = Stage.defaultFlow
        let weekdays = dayRanges.map { calendar.hourAndWeekday($0.lowerBound).weekday }

        for i in 0..<options.creators {
            let market = ["US", "MX", "MY"][rng.weighted([0.4, 0.3, 0.3])]
            let person = rng.pick(DemoVocabulary.firstNames[market]!)
            let last = rng.pick(DemoVocabulary.lastNames[market]!)
            var display: String
            switch rng.below(10) {
            case 0...6: display = "\(person.display) \(last)"
            case 7: display = "\(person.display) \(rng.pick(DemoVocabulary.emoji))"
            case 8: display = "\(person.display) \(last) \(rng.pick(DemoVocabulary.emoji))"
            default: display = person.display
            }
            var base = person.handleBase
            if i == 0 { display = "Zoë 直播 🎥"; base = "zoe" }
            var handle = "@" + base + ["", ".", "_"][rng.below(3)] + rng.pick(DemoVocabulary.niches)
            if i == 0 { handle = "@zoe.live" }
            if usedHandles.contains(handle) {
                var candidate = handle + String(rng.below(90) + 10)
                if usedHandles.contains(candidate) { candidate = handle + String(i) }
                handle = candidate
            }
            usedHandles.insert(handle)

            // Pipeline path and times, walking back from now.
            let stageRoll = rng.weighted([18, 12, 10, 25, 22, 5, 8])
            var path: [String]
            switch stageRoll {
            case 0...4: path = Array(flow[0...stageRoll])
            case 5: path = Array(flow[0...(3 + rng.below(2))]) + [Stage.paused]
            default: path = Array(flow[0...rng.weighted([4, 3, 3, 1])]) + [Stage.lost]
            }
            let current = path.last!
            let ageDays: Double
            switch current {
            case Stage.lead: ageDays = rng.unit() * 30
            case Stage.contacted: ageDays = rng.unit() * 20
            case Stage.onboarding: ageDays = rng.unit() * 40
            case Stage.activated: ageDays = rng.unit() * 80
            case Stage.established: ageDays = rng.unit() * 200
            case Stage.paused: ageDays = rng.unit() * 60
            default: ageDays = rng.unit() * 120
            }
            var times = [Millis](repeating: 0, count: path.count)
            times[path.count - 1] = now - Millis(ageDays * Double(Time.day)) - Millis(rng.below(Int(Time.hour)))
            if path.count >= 2 {
                for k in stride(from: path.count - 2, through: 0, by: -1) {
                    let gapDays: Double
                    switch path[k] {
                    case Stage.lead: gapDays = 1 + rng.unit() * 9
                    case Stage.contacted: gapDays = 2 + rng.unit() * 12
                    case Stage.onboarding: gapDays = 5 + rng.unit() * 25
                    case Stage.activated: gapDays = 20 + rng.unit() * 70
                    default: gapDays = 30 + rng.unit() * 60
                    }
                    times[k] = times[k + 1] - Millis(gapDays * Double(Time.day))
                }
            }
            let createdAt = times[0]
            let cid = id(at: createdAt)
            let owner: MemberRef? = rng.chance(current == Stage.lead ? 0.85 : 0.96) ? rng.pick(managersByMarket[market] ?? managers) : nil
            let networkID: String? = rng.chance(0.65) ? rng.pick(networksByMarket[market]!) : nil
            let kind = ["creator", "merchant", "affiliate"][rng.weighted([70, 20, 10])]
            let source = ["outbound", "inbound", "referral", "event", "import"][rng.weighted([35, 25, 15, 10, 15])]
            let reachedActivation = path.contains(Stage.activated)
            var followers = Int(exp(7.5 + rng.unit() * 3.5 + (reachedActivation ? 1.0 : 0)))
            if current == Stage.established { followers *= 2 }
            let language = rng.pick(DemoVocabulary.languages[market]!)
            let email: String? = rng.chance(0.6) ? "\(base)\(i)@example.com" : nil
            let notes: String? = rng.chance(0.2) ? rng.pick(DemoVocabulary.activitySummaries["note"]!) : nil
            try creatorInsert.insert(.text(cid), .text(handle), .text(display), .text(kind), .text(market), .text(language),
                                     .text(networkID), .text(owner?.id), .text(current), .text(source), .int(followers),
                                     .text(email), .null, .text(notes), .int(createdAt), .bool(false), .null, .int(times[path.count - 1]), .text(stamp))
            tick()

            // Tags
            var tags = Set<String>()
            for _ in 0..<rng.weighted([4, 3, 2, 1]) { tags.insert(rng.pick(DemoVocabulary.creatorTags)) }
            for tag in tags.sorted() {
                try tagInsert.insert(.text(id(at: createdAt)), .text(cid), .text(tag), .bool(false), .text(stamp))
                tick()
            }

            // Stage events
            for k in 0..<path.count {
                var reason: String?
                if path[k] == Stage.lost { reason = rng.pick(DemoVocabulary.lostReasons) }
                if path[k] == Stage.paused { reason = rng.pick(DemoVocabulary.pausedReasons) }
                try stageInsert.insert(.text(id(at: times[k])), .text(cid), .text(k == 0 ? nil : path[k - 1]), .text(path[k]),
                                       .int(times[k]), .text(owner?.id), .text(reason), .int(0), .text(stamp))
                tick()
            }

            // LIVE habits: sessions are written later, day by day, so their ids arrive in time order.
            if let activatedIndex = path.firstIndex(of: Stage.activated) {
                var endAt = now
                if current == Stage.paused || current == Stage.lost { endAt = times[path.count - 1] }
                let isLive = current == Stage.activated || current == Stage.established
                if isLive && rng.chance(0.14) { endAt = now - Millis((8 + rng.below(23))) * Time.day }
                let daysPerWeek = 2 + rng.below(5)
                var pattern = Set<Int>()
                while pattern.count < daysPerWeek { pattern.insert(1 + rng.below(7)) }
                profiles.append(LiveProfile(creatorID: cid, activatedAt: times[activatedIndex], endAt: endAt,
                                            slipping: isLive && rng.chance(0.1), weekdays: pattern, hour: 17 + rng.below(6),
                                            baseMinutes: current == Stage.established ? 70 + rng.below(100) : 30 + rng.below(80),
                                            followers: followers))
            }

            // Activities
            let activityCount = current == Stage.lead ? rng.below(2) : rng.weighted([1, 2, 3, 2, 1, 1])
            for _ in 0..<activityCount {
                let kindName = ["note", "call", "message", "coaching", "workshop"][rng.weighted([30, 25, 20, 15, 10])]
                let at = createdAt + Millis(rng.unit() * Double(max(Time.hour, now - createdAt)))
                var due: Millis?
                var done = false
                var nextStep: String?
                if rng.chance(0.3) {
                    nextStep = rng.pick(DemoVocabulary.nextSteps)
                    if now - at < 14 * Time.day {
                        due = max(at + Time.day, now + Millis(rng.below(15) - 5) * Time.day)
                        done = rng.chance(0.2)
                    } else {
                        due = at + Millis(2 + rng.below(10)) * Time.day
                        done = rng.chance(0.9)
                    }
                }
                let author = owner ?? rng.pick(managers)
                try activityInsert.insert(.text(id(at: at)), .text(cid), .text(kindName), .text(author.id), .int(at),
                                          .text(rng.pick(DemoVocabulary.activitySummaries[kindName]!)), .text(nextStep), .int(due),
                                          .bool(done), .bool(false), .text(stamp))
                tick()
            }

            if current != Stage.lead { requesters.append(CreatorRef(id: cid, handle: handle, networkID: networkID)) }
        }
        // LIVE sessions from activation until each creator stops (pause, loss, or going idle),
        // following their weekly pattern; slipping creators go live far less in the last week.
        // With a target count, every habit is scaled by the same factor: up to four sessions
        // a day, two hours apart, when the target asks for it (beyond that the target is not
        // reached: no creator goes live around the clock).
        func chance(_ p: LiveProfile, _ start: Millis) -> Double { p.slipping && start >= now - 7 * Time.day ? 0.25 : 0.8 }
        var scale = 1.0
        if let target = options.sessions {
            var expected = 0.0
            for (d, range) in dayRanges.enumerated() {
                for p in profiles where p.weekdays.contains(weekdays[d]) {
                    let start = range.lowerBound + Millis(p.hour) * Time.hour
                    if start >= p.activatedAt, start < p.endAt, start < now { expected += chance(p, start) }
                }
            }
            scale = expected > 0 ? Double(target) / expected : 0
        }
        let perDay = min(4, max(1, Int(scale.rounded(.up))))
        for (d, range) in dayRanges.enumerated() {
            for p in profiles where p.weekdays.contains(weekdays[d]) {
              for slot in 0..<perDay {
                let start = range.lowerBound + Millis(p.hour) * Time.hour + Millis(rng.below(90)) * Time.minute - 45 * Time.minute
                    + Millis(slot) * 2 * Time.hour
                guard start >= p.activatedAt, start < p.endAt, start < now else { continue }
                guard rng.chance(min(1, chance(p, start) * scale / Double(perDay))) else { continue }
                let minutes = max(5, Int(Double(p.baseMinutes) * (0.5 + rng.unit())))
                let peak = max(3, Int(Double(p.followers) / 200 * (0.4 + rng.unit() * 1.6)))
                let viewerMinutes = Int(Double(peak * minutes) * (0.25 + rng.unit() * 0.2))
                try sessionInsert.insert(.text(id(at: start)), .text(p.creatorID), .int(start), .int(minutes), .int(peak),
                                         .int(viewerMinutes), .int(rng.below(peak * 3 + 1)), .text(stamp))
                tick()
              }
            }
        }
        counts["creator"] = creatorInsert.rows
        counts["creator_tag"] = tagInsert.rows
        counts["stage_event"] = stageInsert.rows
        counts["live_session"] = sessionInsert.rows
        counts["activity"] = activityInsert.rows

        try writeTickets(loader, events: eventLoader, requesters: requesters, tier1: tier1, tier2: tier2, counts: &counts)
        try writeArticles(loader, counts: &counts)
        try writeCampaigns(loader, managers: managers, calendar: calendar, counts: &counts)
        try writePrograms(loader, managers: managers, calendar: calendar, counts: &counts)
        try loader.drain()
        try eventLoader.drain()
        return counts
    }

    private mutating func writeArticles(_ loader: BulkLoader, counts: inout [String: Int]) throws {
        let insert = try loader.inserter(table: "article", columns: Article.columns + ["hlc"])
        for a in DemoVocabulary.articles {
            let updated = now - Millis(rng.below(60 * 24)) * Time.hour
            let resource = DemoVocabulary.resources[a.title]
            try insert.insert(.text(id(at: updated)), .text(a.title), .text(a.body), .bool(a.macro != nil), .text(a.macro?.status),
                              .text(a.macro?.priority), .text(JSONText.encode(a.macro?.tags ?? [])), .int(updated), .bool(false),
                              .text((resource?.kind ?? .reply).rawValue), .text(resource?.url), .text(stamp))
            tick()
        }
        counts["article"] = insert.rows
    }
}
