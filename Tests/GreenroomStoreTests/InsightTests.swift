import Foundation
import GRDB
import Testing
import GreenroomCore
@testable import GreenroomStore

/// Insights (issue 25): a fixture in Asia/Tokyo with a planted rising topic ("payout delay",
/// market MX), a planted falling one ("stream key reset", market US) and noise subjects drawn at
/// the same rate every week, which must not be reported at the stated threshold.
@Suite struct InsightTests {
    let f: Fixture
    let mx: Creator, us: Creator
    /// 2026-W46 in Tokyo: Monday 9 November 00:00 +09:00 = 8 November 15:00 UTC.
    static let w46 = KPIPeriod(start: Time.parseISO("2026-11-08T15:00:00Z")!, end: Time.parseISO("2026-11-15T15:00:00Z")!)
    static let noise = ["Login fails on new phone", "Verification stuck at ID review", "LIVE Studio crashes on start",
                        "Gift revenue doesn't match dashboard", "Enrollment for the campaign", "Agency transfer request",
                        "Appeal: video removed by mistake", "Harassment in LIVE chat"]
    static let noiseCategories: [TicketCategory] = [.accountAccess, .verification, .liveTools, .rewardsPayout, .campaign,
                                                   .networkRelations, .appeal, .accountSafety]

    /// SplitMix64: the same noise on every run.
    struct Random {
        var state: UInt64
        mutating func next(_ n: Int) -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(n))
        }
    }

    init() throws {
        let f = try Fixture()
        self.f = f
        try f.store.setTeam(TeamSettings.Team(name: "Support", timeZone: "Asia/Tokyo"))
        func creator(_ handle: String, _ market: String) throws -> Creator {
            try f.store.createCreator(Creator(id: UUIDv7.make(millis: pinnedNow - 200 * Time.day), handle: handle, displayName: handle, kind: .creator,
                                              market: market, language: "en", networkID: nil, ownerID: f.manager.id, stage: Stage.activated,
                                              source: .outbound, followers: 10, createdAt: pinnedNow - 200 * Time.day), by: f.manager.id)
        }
        let mx = try creator("@mx", "MX"), us = try creator("@us", "US")
        self.mx = mx
        self.us = us
        var changes: [Change] = []
        var serial = 0
        func ticket(_ subject: String, _ category: TicketCategory, _ requester: Creator, at: Millis, tags: [String] = [], comment: String? = nil) {
            serial += 1
            let created = at + Millis(serial) // distinct ids
            let id = UUIDv7.make(millis: created)
            let t = Ticket(id: id, key: TicketKey.full(forID: id)!, subject: subject, body: "", requesterCreatorID: requester.id,
                           requesterNetworkID: nil, channel: .inApp, category: category, priority: .normal, status: comment == nil ? .new : .solved,
                           tier: 1, assigneeID: nil, csat: comment == nil ? nil : .bad, createdAt: created)
            var events: [TicketEvent] = []
            if let comment {
                events.append(TicketEvent(id: UUIDv7.make(millis: created + 1), ticketID: id, kind: .status, at: created + 1, actor: .agent,
                                          authorID: f.manager.id, isPublic: false, fromValue: "new", toValue: "solved"))
                events.append(TicketEvent(id: UUIDv7.make(millis: created + 2), ticketID: id, kind: .csat, at: created + 2, actor: .requester,
                                          authorID: nil, isPublic: false, body: comment, toValue: "bad"))
            }
            changes.append(.insertTicket(t, tags: tags, events: events))
        }
        var random = Random(state: 25)
        // W42…W46: noise in both markets at one rate; "stream key reset" in US and one
        // "payout delay" a week in MX until W46.
        for w in 0..<5 {
            let start = Self.w46.start - Millis(4 - w) * 7 * Time.day
            for market in [mx, us] {
                for _ in 0..<(36 + random.next(8)) {
                    let i = random.next(Self.noise.count)
                    ticket(Self.noise[i], Self.noiseCategories[i], market, at: start + Millis(random.next(7 * 24)) * Time.hour,
                           tags: random.next(4) == 0 ? ["vip"] : [])
                }
            }
            let thisWeek = w == 4
            for _ in 0..<(thisWeek ? 1 : 20) {
                ticket("Stream key reset by itself", .liveTools, us, at: start + Millis(random.next(7 * 24)) * Time.hour)
            }
            for i in 0..<(thisWeek ? 12 : 1) {
                ticket("Payout delay for my bank", .rewardsPayout, mx, at: start + Millis(random.next(7 * 24)) * Time.hour,
                       tags: ["payout-delay"], comment: thisWeek && i == 0 ? "The payout delay cost me a week" : nil)
            }
        }
        // Either side of W46's edges in Tokyo: 8 Nov 16:00 UTC is already Monday there (in the
        // week); 15 Nov 20:00 UTC is Monday of W47 there (not in it), though both are Sunday in UTC.
        for _ in 0..<4 { ticket("Zeta widget inside", .other, mx, at: Time.parseISO("2026-11-08T16:00:00Z")!) }
        for _ in 0..<4 { ticket("Omega widget outside", .other, mx, at: Time.parseISO("2026-11-15T20:00:00Z")!) }
        try f.store.apply(ChangeSet("fixture", changes), by: f.manager.id)
    }

    func topics(_ list: [InsightTopic]) -> Set<String> { Set(list.map { "\($0.kind.rawValue):\($0.text)" }) }

    static let payoutFamily: Set<String> = ["term:payout", "term:delay", "term:bank", "phrase:payout delay", "tag:payout-delay",
                                            "category:rewards_payout"]
    static let streamFamily: Set<String> = ["term:stream", "term:key", "term:reset", "term:itself", "phrase:stream key", "phrase:key reset",
                                            "category:live_tools"]

    @Test func findsThePlantedRiseAndFallAndNoNoise() throws {
        let r = try f.store.insights(now: pinnedNow)
        #expect(r.week == Self.w46 && r.label == "2026-W46" && !r.isPartial)
        #expect(r.baseline.count == 4 && r.baseline.last?.end == Self.w46.start)
        let rising = topics(r.rising), falling = topics(r.falling)
        #expect(rising.contains("phrase:payout delay") && rising.contains("tag:payout-delay"), "\(rising)")
        #expect(falling.contains("phrase:stream key"), "\(falling)")
        #expect(rising.isSubset(of: Self.payoutFamily), "false rising topics: \(rising.subtracting(Self.payoutFamily))")
        #expect(falling.isSubset(of: Self.streamFamily), "false falling topics: \(falling.subtracting(Self.streamFamily))")
        let phrase = try #require(r.rising.first { $0.text == "payout delay" })
        #expect(phrase.count == 12 && phrase.direction == .rising && phrase.pValue < r.threshold && r.threshold == 0.01 / Double(r.tested))
        #expect(phrase.ticketIDs.allSatisfy { r.weekTickets[$0]?.subject == "Payout delay for my bank" })
        // The CSAT comment is read: "cost" comes only from it.
        #expect(try f.store.insightTickets(topic: "term:cost", now: pinnedNow).count == 1)
    }

    @Test func filtersByMarket() throws {
        let mxReport = try f.store.insights(market: "mx", now: pinnedNow)
        #expect(topics(mxReport.rising).contains("phrase:payout delay") && mxReport.falling.isEmpty, "\(topics(mxReport.falling))")
        let usReport = try f.store.insights(market: "US", now: pinnedNow)
        #expect(usReport.rising.isEmpty, "\(topics(usReport.rising))")
        #expect(topics(usReport.falling).contains("phrase:stream key"))
        #expect(mxReport.tickets + usReport.tickets == (try f.store.insights(now: pinnedNow)).tickets)
    }

    @Test func weeksFollowTheTeamTimeZone() throws {
        let inside = try f.store.insightTickets(topic: "zeta", now: pinnedNow)
        #expect(inside.count == 4)
        #expect(try f.store.insightTickets(topic: "omega", now: pinnedNow).isEmpty)
        let w47 = try #require(TeamCalendar(zone: try f.store.teamSettings().zone).isoWeek("2026-W47"))
        #expect(try f.store.insightTickets(topic: "omega", week: w47, now: pinnedNow).count == 4)
        let current = try f.store.insights(week: w47, now: pinnedNow)
        #expect(current.isPartial && current.week.end == pinnedNow && current.label == "2026-W47 · partial")
    }

    @Test func rejectsBadInput() throws {
        #expect(throws: GreenroomError.self) { try f.store.insights(weeks: 0, now: pinnedNow) }
        #expect(throws: GreenroomError.self) { try f.store.insights(network: "Nobody", now: pinnedNow) }
    }

    /// Every reported topic's count and baseline mean, recounted with a plain loop over the
    /// rows (own week arithmetic, own word splitting), equal the report's.
    @Test func countsEqualAPlainRecount() throws {
        let r = try f.store.insights(now: pinnedNow)
        struct Row { var subject: String; var category: String; var created: Millis; var tags: [String]; var comments: [String] }
        let rows: [Row] = try f.store.read { db in
            try Row_.fetchAll(db).map { Row(subject: $0.0, category: $0.1, created: $0.2, tags: $0.3, comments: $0.4) }
        }
        // Tokyo has no daylight saving: weeks are 7 × 24 h from Monday 00:00 +09:00.
        let week = 7 * Time.day
        func weekIndex(_ t: Millis) -> Int { Int((Double(t - Self.w46.start) / Double(week)).rounded(.down)) }
        func words(_ s: String) -> [String] { s.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init) }
        func has(_ row: Row, _ topic: InsightTopic) -> Bool {
            switch topic.kind {
            case .category: return row.category == topic.text
            case .tag: return row.tags.contains(topic.text)
            case .term: return ([row.subject] + row.comments).contains { words($0).contains(topic.text) }
            case .phrase:
                return ([row.subject] + row.comments).contains { text in
                    let w = words(text)
                    return zip(w, w.dropFirst()).contains { "\($0) \($1)" == topic.text }
                }
            }
        }
        #expect(r.tickets == rows.filter { weekIndex($0.created) == 0 }.count)
        #expect(r.baselineTickets == (-4 ... -1).map { i in rows.filter { weekIndex($0.created) == i }.count })
        #expect(!(r.rising + r.falling).isEmpty)
        for topic in r.rising + r.falling {
            let count = rows.filter { weekIndex($0.created) == 0 && has($0, topic) }.count
            let base = Double(rows.filter { (-4 ... -1).contains(weekIndex($0.created)) && has($0, topic) }.count) / 4
            #expect(topic.count == count && abs(topic.baselineMean - base) < 1e-9, "\(topic.kind) \(topic.text): \(topic.count)/\(topic.baselineMean) vs \(count)/\(base)")
        }
    }

    @Test func poissonTailsMatchKnownValues() {
        // P(X ≥ 3 | 0.5) = 1 − e^−0.5 (1 + 0.5 + 0.125) = 0.014388; P(X ≤ 0 | 3) = e^−3.
        #expect(abs(InsightAnalysis.upperTail(3, 0.5) - 0.0143877) < 1e-6)
        #expect(abs(InsightAnalysis.lowerTail(0, 3) - exp(-3)) < 1e-12)
        #expect(InsightAnalysis.upperTail(2, 5) == 1 && InsightAnalysis.lowerTail(7, 5) == 1)
        #expect(InsightAnalysis.words("Pagó  retrasado — ¡urgente! 11 x") == ["pago", "retrasado", "urgente", "", ""])
    }
}

/// The rows the recount reads: subject, category, created time, tags, CSAT comments.
private enum Row_ {
    static func fetchAll(_ db: Database) throws -> [(String, String, Millis, [String], [String])] {
        try Row.fetchAll(db, sql: "SELECT id, subject, category, created_at FROM ticket WHERE deleted = 0").map { r in
            let id: String = r["id"]
            let tags = try String.fetchAll(db, sql: "SELECT tag FROM ticket_tag WHERE ticket_id = ? AND deleted = 0", arguments: [id])
            let comments = try String.fetchAll(db, sql: "SELECT body FROM ticket_event WHERE ticket_id = ? AND kind = 'csat' AND body IS NOT NULL",
                                               arguments: [id])
            return (r["subject"], r["category"], r["created_at"], tags, comments)
        }
    }
}
