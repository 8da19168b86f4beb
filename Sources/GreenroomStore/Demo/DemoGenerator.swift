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

extension Store {
    /// The device id stamped on demo rows, identical everywhere so that laptops generating
    /// the same seed start from identical data.
    static let demoDevice = "00000000000000de"

    /// Writes a realistic, deterministic demo database at `path`, which must not exist yet.
    ///
    /// The data is built in a private temporary file next to `path`, without fsyncs, since
    /// nobody can see the file until it is complete. Rows are generated on this thread and
    /// written by two others (`BulkLoader`): the ticket events, over half the rows, go to a
    /// second private file by their own connection while everything else goes to the first,
    /// and are then copied over in one statement — the two writers keep both cores busy
    /// (100k creators / 1M tickets: 52–59 s → 37–38 s of rows plus a 10 s copy). The result is
    /// the same database, row for row and rowid for rowid, as one writer makes.
    /// Secondary indexes are created after the rows (much faster than maintaining them row by
    /// row), and CHECK constraints are not evaluated row by row during the load (they cost
    /// about a third of the load time; the generator only writes values from the closed
    /// vocabularies, which `DemoTests` verifies). Then statistics are gathered with `ANALYZE`,
    /// the file is switched to WAL, fsynced and only then renamed into place. An interrupted
    /// run never leaves a half-written database under `path`.
    public static func generateDemo(at path: String, options: DemoOptions, clock: WallClock,
                                    progress: (@Sendable (Int) -> Void)? = nil) throws -> DemoReport {
        try options.validate()
        let fm = FileManager.default
        if fm.fileExists(atPath: path) {
            throw GreenroomError.invalidInput("\(path) already exists; demo writes a new database (choose another path or remove it)")
        }
        let parent = (path as NSString).deletingLastPathComponent
        if !parent.isEmpty && !fm.fileExists(atPath: parent) {
            throw GreenroomError.invalidInput("cannot create \(path): directory \(parent) does not exist")
        }
        try refuseOrphanedJournal(path)
        let temp = path + ".demo-tmp-\(getpid())"
        // Ticket events (the biggest table) are written by a second writer into a file of their
        // own, then copied in one statement (see below).
        let eventsTemp = temp + "-events"
        func remove(_ file: String) {
            for suffix in ["", "-wal", "-shm", "-journal"] { try? fm.removeItem(atPath: file + suffix) }
        }
        func removeTemporaries() { remove(temp); remove(eventsTemp) }
        removeTemporaries()
        try createPrivateFile(at: temp)
        try createPrivateFile(at: eventsTemp)
        let started = Date()
        do {
            var config = Configuration()
            config.prepareDatabase { db in
                // No memory map: at 1M tickets it made no measurable difference (SQLite maps at
                // most 2 GB of the 5 GB file) and every mapped page counts in the process's RSS.
                try db.execute(sql: "PRAGMA synchronous = OFF; PRAGMA cache_size = -200000; PRAGMA temp_store = FILE; PRAGMA ignore_check_constraints = ON")
            }
            let queue = try DatabaseQueue(path: temp, configuration: config)
            let eventsQueue = try DatabaseQueue(path: eventsTemp, configuration: config)
            var phases: [(name: String, seconds: Double)] = []
            var mark = Date()
            func phase(_ name: String) {
                phases.append((name, Date().timeIntervalSince(mark)))
                mark = Date()
            }
            // Indexes whose keys arrive in order (rows are generated in time order) stay and
            // grow by appending; the other indexes and the search triggers are dropped, in
            // their own transaction, and rebuilt once the rows are in. The events file gets
            // the same schema and the same drops, so its table matches the main one exactly.
            let appendOrdered = ["ticket_event_ticket", "ticket_created", "live_session_started"]
            var indexes: [(String, String)] = []
            for q in [queue, eventsQueue] {
                try Schema.migrator().migrate(q)
                indexes = try q.write { db in
                    let all = try Row.fetchAll(db, sql: """
                        SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') AND sql IS NOT NULL
                          AND tbl_name NOT IN ('meta', 'setting', 'field_stamp', 'outbox', 'grdb_migrations', 'creator_stats')
                        ORDER BY type
                        """).map { ($0["type"] as String, $0["name"] as String, $0["sql"] as String) }.filter { !appendOrdered.contains($0.1) }
                    for (type, name, _) in all { try db.execute(sql: "DROP \(type == "index" ? "INDEX" : "TRIGGER") \(name)") }
                    return all.map { ($0.1, $0.2) }
                }
            }
            let counts = try queue.writeWithoutTransaction { db -> [String: Int] in
                try db.execute(sql: "ATTACH DATABASE ? AS demo_events", arguments: [eventsTemp])
                var counts: [String: Int] = [:]
                // Each transaction rolls back if anything in it fails (the files are then removed).
                try db.inTransaction(.deferred) {
                    try db.execute(sql: "INSERT INTO meta(key, value) VALUES ('device_id', ?), ('created_at', ?)",
                                   arguments: [DeviceID.make(), Time.iso(clock.now())])
                    try seedDefaults(db, clock: clock, device: demoDevice)
                    try eventsQueue.writeWithoutTransaction { eventsDB in
                        try eventsDB.inTransaction(.deferred) {
                            var generator = DemoGenerator(options: options, now: clock.now(), progress: progress)
                            counts = try generator.write(db, events: eventsDB)
                            return .commit
                        }
                    }
                    try eventsQueue.close()
                    phase("rows")
                    // Both tables are empty and alike, so SQLite copies the rows and the index
                    // entries as they are, in order, without re-sorting or re-encoding them (its
                    // transfer optimization) — several times faster than inserting them again.
                    try db.execute(sql: "INSERT INTO ticket_event SELECT * FROM demo_events.ticket_event")
                    phase("event copy")
                    // Index builds sort every key: in runs of a few megabytes, sorted by a second
                    // thread while this one reads the table, then merged from temporary files — about
                    // twice as fast as one in-memory sort of the whole index (whose list outgrows the
                    // CPU caches). The big page cache only helps the inserts and the search build.
                    try db.execute(sql: "PRAGMA threads = 2; PRAGMA cache_size = -2000")
                    for (_, sql) in indexes { try db.execute(sql: sql) }
                    try db.execute(sql: "PRAGMA threads = 0; PRAGMA cache_size = -200000")
                    phase("indexes")
                    // Derived data the triggers would have kept: search text and roster statistics.
                    try db.execute(sql: "INSERT INTO creator_fts(rowid, handle, display_name, tags, notes) " + Schema.ftsRowSelect + " WHERE c.deleted = 0")
                    phase("creator search")
                    try Schema.fillTicketSearch(db)
                    phase("ticket search")
                    try refreshCreatorStats(db, now: clock.now())
                    phase("statistics")
                    return .commit
                }
                try db.execute(sql: "DETACH DATABASE demo_events")
                try db.execute(sql: "ANALYZE")
                return counts
            }
            remove(eventsTemp)
            try queue.writeWithoutTransaction { db in
                _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")
                // The file keeps its identity through the rename below, so a copy of it is
                // told apart from it on its first open (`DeviceIdentity.swift`).
                if let identity = fileIdentity(temp) {
                    try db.execute(sql: "INSERT OR REPLACE INTO meta(key, value) VALUES ('file_identity', ?)", arguments: [identity])
                }
            }
            try queue.close()
            try fsyncFile(temp)
            try refuseOrphanedJournal(path)
            try fm.moveItem(atPath: temp, toPath: path)
            try fsyncFile(parent.isEmpty ? "." : parent)
            phase("commit, analyze, fsync")
            return DemoReport(rowsByTable: counts, seconds: Date().timeIntervalSince(started), phases: phases)
        } catch {
            removeTemporaries()
            if let e = error as? GreenroomError { throw e }
            throw describe(error, path: path)
        }
    }

    static func fsyncFile(_ path: String) throws {
        let fd = Foundation.open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw GreenroomError.database("cannot open \(path) to flush it: \(String(cString: strerror(errno)))") }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        defer { try? handle.close() }
        guard fsync(fd) == 0 else { throw GreenroomError.database("fsync \(path) failed: \(String(cString: strerror(errno)))") }
    }
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
            try memberInsert.insert(.text(mid), .text(seed.handle), .text(seed.name), .text(seed.role), .text(seed.team),
                                    .int(seed.tier), .text(String(seed.handle.dropFirst()) + "@greenroom.example"), .bool(false), .text(stamp))
            members.append(MemberRef(id: mid, handle: seed.handle, role: seed.role, tier: seed.tier, market: seed.market))
        }
        counts["member"] = memberInsert.rows
        tick(memberInsert.rows)
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
                                     .text(email), .null, .text(notes), .int(createdAt), .bool(false), .int(times[path.count - 1]), .text(stamp))
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

        try writeTickets(db, loader, events: eventLoader, requesters: requesters, tier1: tier1, tier2: tier2, counts: &counts)
        try writeArticles(loader, counts: &counts)
        try writeCampaigns(db, loader, managers: managers, calendar: calendar, counts: &counts)
        try loader.drain()
        try eventLoader.drain()
        return counts
    }

    private mutating func writeArticles(_ loader: BulkLoader, counts: inout [String: Int]) throws {
        let insert = try loader.inserter(table: "article", columns: Article.columns + ["hlc"])
        for a in DemoVocabulary.articles {
            let updated = now - Millis(rng.below(60 * 24)) * Time.hour
            try insert.insert(.text(id(at: updated)), .text(a.title), .text(a.body), .bool(a.macro != nil), .text(a.macro?.status),
                              .text(a.macro?.priority), .text(JSONText.encode(a.macro?.tags ?? [])), .int(updated), .bool(false), .text(stamp))
            tick()
        }
        counts["article"] = insert.rows
    }
}
