import Foundation
import GRDB
import Testing
import GreenroomCore
@testable import GreenroomStore

@Suite(.serialized) struct DemoTests {
    static let dir = TempDir()
    static let path: String = {
        let p = dir.file("demo.sqlite")
        _ = try! Store.generateDemo(at: p, options: DemoOptions(), clock: .fixed(pinnedNow))
        return p
    }()

    func store() throws -> Store { try Store.open(at: DemoTests.path, clock: .fixed(pinnedNow)) }

    func count(_ sql: String) throws -> Int {
        try store().read { db in try Int.fetchOne(db, sql: sql) ?? -1 }
    }

    func strings(_ sql: String) throws -> Set<String> {
        Set(try store().read { db in try String.fetchAll(db, sql: sql) })
    }

    @Test func defaultSizeMatchesTheSpecification() throws {
        #expect(try count("SELECT COUNT(*) FROM member") == 12)
        #expect(try count("SELECT COUNT(*) FROM network") == 6)
        #expect(try count("SELECT COUNT(*) FROM creator") == 400)
        #expect(try count("SELECT COUNT(*) FROM ticket") == 1500)
        #expect(try count("SELECT COUNT(*) FROM article") == 30)
        #expect(try count("SELECT COUNT(*) FROM article WHERE is_macro = 1") >= 5)
        #expect(try strings("SELECT DISTINCT market FROM creator").isSuperset(of: ["US", "MX", "MY"]))
        #expect(try strings("SELECT DISTINCT stage FROM creator") == Set(Stage.all))
    }

    @Test func creatorsHaveStageHistoriesThatEndInTheirStage() throws {
        #expect(try count("SELECT COUNT(*) FROM creator c WHERE NOT EXISTS (SELECT 1 FROM stage_event e WHERE e.creator_id = c.id)") == 0)
        #expect(try count("""
            SELECT COUNT(*) FROM creator c WHERE c.stage <> (
              SELECT e.to_stage FROM stage_event e WHERE e.creator_id = c.id ORDER BY e.at DESC LIMIT 1)
            """) == 0)
        #expect(try count("SELECT COUNT(*) FROM stage_event WHERE to_stage IN ('lost','paused') AND (reason IS NULL OR reason = '')") == 0)
        #expect(try count("SELECT COUNT(*) FROM creator WHERE stage_entered_at IS NULL") == 0)
    }

    @Test func liveSessionsSpanTheWindowWithWeeklyPatternsAndIdleCreators() throws {
        let first = try count("SELECT MIN(started_at) FROM live_session")
        let last = try count("SELECT MAX(started_at) FROM live_session")
        #expect(Millis(last) <= pinnedNow)
        #expect(Millis(last) - Millis(first) > 80 * Time.day)
        // Some activated or established creators have gone idle: no LIVE in the last 7 days.
        let idle = try count("""
            SELECT COUNT(*) FROM creator c WHERE c.stage IN ('activated','established')
              AND EXISTS (SELECT 1 FROM live_session s WHERE s.creator_id = c.id)
              AND NOT EXISTS (SELECT 1 FROM live_session s WHERE s.creator_id = c.id AND s.started_at >= \(pinnedNow - 7 * Time.day))
            """)
        #expect(idle >= 5)
        // Nobody goes live before activation.
        #expect(try count("""
            SELECT COUNT(*) FROM live_session s WHERE s.started_at < (
              SELECT MIN(e.at) FROM stage_event e WHERE e.creator_id = s.creator_id AND e.to_stage = 'activated')
            """) == 0)
    }

    @Test func ticketsCoverEveryCategoryPriorityAndStatusWithTimelines() throws {
        #expect(try strings("SELECT DISTINCT category FROM ticket") == Set(TicketCategory.allCases.map(\.rawValue)))
        #expect(try strings("SELECT DISTINCT priority FROM ticket") == Set(TicketPriority.allCases.map(\.rawValue)))
        #expect(try strings("SELECT DISTINCT status FROM ticket") == Set(TicketStatus.allCases.map(\.rawValue)))
        #expect(try strings("SELECT DISTINCT kind FROM ticket_event").isSuperset(of: ["reply", "note", "status", "assignment", "escalation", "csat"]))
        #expect(try count("SELECT COUNT(*) FROM ticket_event WHERE kind = 'reply' AND actor = 'requester'") > 0)
        #expect(try count("SELECT COUNT(*) FROM ticket WHERE tier = 2") > 0)
        #expect(try count("SELECT COUNT(*) FROM ticket t WHERE t.tier = 2 AND NOT EXISTS (SELECT 1 FROM ticket_event e WHERE e.ticket_id = t.id AND e.kind = 'escalation')") == 0)
        #expect(try strings("SELECT DISTINCT csat FROM ticket WHERE csat IS NOT NULL") == ["good", "bad"])
        #expect(try count("SELECT COUNT(*) FROM ticket_event e JOIN ticket t ON t.id = e.ticket_id WHERE e.at < t.created_at OR e.at > \(pinnedNow)") == 0)
        #expect(try count("SELECT COUNT(*) FROM ticket WHERE status IN ('solved','closed') AND solved_at IS NULL") == 0)
    }

    @Test func ticketSearchAndDueTimesAreFilledLikeTheTriggersWould() throws {
        let s = try store()
        // Every open ticket has its search document; the history indexes have every subject.
        #expect(try count("SELECT COUNT(*) FROM ticket_open_fts") == count("SELECT COUNT(*) FROM ticket WHERE deleted = 0 AND status IN ('new','open','pending','on_hold')"))
        #expect(try count("SELECT COUNT(*) FROM ticket_text_fts WHERE ticket_text_fts MATCH 'payout'") > 0)
        let first = try #require(try s.ticketPage(view: .allOpen, me: nil, offset: 0, limit: 1, now: pinnedNow).first)
        let word = try #require(first.subject.split(separator: " ").map(String.init).first { $0.count >= 4 && $0.allSatisfy(\.isLetter) })
        let found = try s.ticketPage(view: .allOpen, filter: try TicketFilterParser().parse(word), me: nil, offset: 0, limit: 500, now: pinnedNow)
        #expect(found.contains { $0.id == first.id }, "\(word)")
        // Due times are the SLA engine's, as a write would derive them.
        let stored = try s.read { db in try Row.fetchAll(db, sql: "SELECT id, sla_due_at FROM ticket WHERE deleted = 0 AND status IN ('new','open','pending','on_hold') LIMIT 200") }
        try s.write { db in try Derived.refreshAllOpenTickets(db) }
        for row in stored {
            let again = try s.read { db in try Millis?.fetchOne(db, sql: "SELECT sla_due_at FROM ticket WHERE id = ?", arguments: [row["id"] as String]) }
            #expect(again == (row["sla_due_at"] as Millis?), "\(row["id"] as String)")
        }
    }

    @Test func kpiFactsAreDerivedLikeWritesAndTheMigrationDeriveThem() throws {
        let s = try store()
        func snapshot() throws -> [String] {
            try s.read { db in
                try String.fetchAll(db, sql: """
                    SELECT ticket_id || ' ' || kind || ' ' || at || ' ' || IFNULL(outcome, '-') FROM ticket_fact
                    UNION ALL SELECT id || ' first_solved ' || IFNULL(first_solved_at, '-') FROM ticket
                    ORDER BY 1
                    """)
            }
        }
        let demo = try snapshot()
        #expect(demo.contains { $0.contains(" first_reply ") && $0.hasSuffix(" achieved") })
        #expect(demo.contains { $0.contains(" resolution ") && $0.hasSuffix(" breached") })
        #expect(demo.contains { $0.contains(" solve ") })
        #expect(demo.contains { $0.contains(" first_solved ") && !$0.hasSuffix(" -") })
        // The migration's bulk pass gives the same facts...
        try s.write { db in try Derived.fillTicketFacts(db) }
        #expect(try snapshot() == demo)
        // ...and so does the write path, ticket by ticket (from an empty fact table).
        try s.write { db in
            try db.execute(sql: "DELETE FROM ticket_fact")
            try db.execute(sql: "UPDATE ticket SET first_solved_at = NULL")
            for id in try String.fetchAll(db, sql: "SELECT id FROM ticket") { try Derived.refreshTicket(db, ticketID: id) }
        }
        #expect(try snapshot() == demo)
    }

    /// With reopen- and close-heavy tickets the demo's derived columns and facts are still
    /// the write path's, and v15's refill (run on them) changes nothing.
    @Test func reopenAndCloseHeavyTicketsAreDerivedLikeWrites() throws {
        let dir = TempDir()
        let path = dir.file("mix.sqlite")
        _ = try Store.generateDemo(at: path, options: DemoOptions(creators: 60, tickets: 400, seed: 9, reopens: 0.5, closes: 0.8), clock: .fixed(pinnedNow))
        let s = try Store.open(at: path, clock: .fixed(pinnedNow))
        func snapshot() throws -> [String] {
            try s.read { db in
                try String.fetchAll(db, sql: """
                    SELECT ticket_id || ' ' || kind || ' ' || at || ' ' || IFNULL(outcome, '-') || ' ' || IFNULL(assignee_id, '-') FROM ticket_fact
                    UNION ALL SELECT id || ' ' || IFNULL(first_solved_at, '-') || ' ' || IFNULL(reopened_at, '-') || ' ' || IFNULL(solved_at, '-') FROM ticket
                    ORDER BY 1
                    """)
            }
        }
        let demo = try snapshot()
        let counts = try s.read { db in
            try Row.fetchOne(db, sql: """
                SELECT SUM(reopened_at IS NOT NULL), SUM(status = 'closed'), SUM(status = 'open' AND reopened_at IS NOT NULL) FROM ticket
                """)
        }
        #expect((counts?[0] as Int? ?? 0) > 40 && (counts?[1] as Int? ?? 0) > 100 && (counts?[2] as Int? ?? 0) > 0, "\(String(describing: counts))")
        try s.write { db in try Derived.refillStatusFacts(db) }
        #expect(try snapshot() == demo)
        try s.write { db in
            try db.execute(sql: "DELETE FROM ticket_fact")
            try db.execute(sql: "UPDATE ticket SET first_solved_at = NULL, reopened_at = NULL")
            for id in try String.fetchAll(db, sql: "SELECT id FROM ticket") { try Derived.refreshTicket(db, ticketID: id) }
        }
        #expect(try snapshot() == demo)
        #expect(throws: GreenroomError.self) { try DemoOptions(reopens: 1.5).validate() }
        #expect(throws: GreenroomError.self) { try DemoOptions(closes: -0.1).validate() }
    }

    @Test func aSessionTargetIsMetClosely() throws {
        let dir = TempDir()
        for target in [300, 4_000] {
            let path = dir.file("sessions-\(target).sqlite")
            let report = try Store.generateDemo(at: path, options: DemoOptions(creators: 200, tickets: 10, sessions: target), clock: .fixed(pinnedNow))
            let written = report.rowsByTable["live_session"] ?? 0
            #expect(abs(written - target) <= max(20, target / 50), "asked \(target), wrote \(written)")
        }
        #expect(throws: GreenroomError.self) { try DemoOptions(sessions: -1).validate() }
    }

    /// Issue 26's screens have something to show: programs with modules, enrolments and
    /// progress, workshops with attendance, communities with members, tasks with rewards due —
    /// and the Review of the last complete week measures the programs and workshops in it.
    @Test func programsWorkshopsCommunitiesAndTasksAreThere() throws {
        let s = try store()
        let programs = try s.programSummaries()
        #expect(programs.map(\.program.name) == ["Onboarding Essentials", "Seller Bootcamp"])
        #expect(programs.allSatisfy { $0.modules >= 3 && $0.enrolled > 10 })
        #expect(programs.contains { $0.completed > 0 })
        let board = try #require(try s.programBoard(id: programs[1].program.id, now: pinnedNow, cardsPerColumn: 10))
        #expect(board.board.columns.filter { $0.count > 0 }.count >= 3, "creators stand at several modules")
        let workshops = try s.workshops()
        #expect(workshops.count == 2 && workshops.allSatisfy { $0.invited > 0 && $0.attended > 0 && $0.attended < $0.invited })
        #expect(workshops.contains { $0.moduleTitle == "Product pinning" })
        let communities = try s.communitySummaries()
        #expect(communities.count == 2 && communities.allSatisfy { $0.members > 5 && $0.moderators >= 1 })
        #expect(communities.contains { $0.left > 0 })
        let tasks = TaskGroup.group(try s.taskRows(now: pinnedNow))
        #expect(tasks.map(\.title) == ["LIVE 4 days this week", "3h LIVE last week"])
        #expect(tasks[0].campaignName == "11.11 Mega Sale")
        #expect(tasks[1].due > 0 && tasks[1].count(.missed) > 0)
        let lastWeek = TeamCalendar(zone: try s.teamSettings().zone).weekPeriod(containing: pinnedNow - 7 * Time.day)
        let effects = try s.interventionEffects(in: lastWeek, now: pinnedNow)
        // The demo's managers log coaching every week: it leads the list (issue 26's coaching effect).
        #expect(Set(effects.map(\.kind)) == [.coaching, .program, .workshop])
        #expect(effects.first?.kind == .coaching && (effects.first?.joined ?? 0) > 0)
        #expect(effects.contains { $0.result != nil })
        // Generated like the rest: the same seed and now give the same rows.
        let dir = TempDir()
        let again = dir.file("again.sqlite")
        _ = try Store.generateDemo(at: again, options: DemoOptions(), clock: .fixed(pinnedNow))
        func dump(_ p: String) throws -> [String] {
            try Store.open(at: p).read { db in
                try ["program", "program_module", "program_enrolment", "module_completion", "workshop", "workshop_invite", "community",
                     "community_member", "incentive_task"].flatMap { table in
                    try Row.fetchAll(db, sql: "SELECT * FROM \(table) ORDER BY id").map { "\(table) \($0)" }
                }
            }
        }
        #expect(try dump(again) == dump(DemoTests.path))
        withExtendedLifetime(dir) {}
    }

    @Test func namesIncludeAccentsCJKAndEmoji() throws {
        let names = try strings("SELECT display_name FROM creator")
        #expect(names.contains { $0.unicodeScalars.contains { (0x00C0...0x017F).contains($0.value) } })
        #expect(names.contains { $0.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) } })
        #expect(names.contains { $0.unicodeScalars.contains { $0.properties.isEmojiPresentation } })
    }

    @Test func theSameSeedAndNowGiveTheSameData() throws {
        let other = TempDir()
        let path = other.file("again.sqlite")
        _ = try Store.generateDemo(at: path, options: DemoOptions(), clock: .fixed(pinnedNow))
        func dump(_ p: String) throws -> [String] {
            let s = try Store.open(at: p)
            return try s.read { db in
                var lines: [String] = []
                for table in ["member", "network", "creator", "stage_event", "live_session", "activity", "ticket", "ticket_event", "article"] {
                    lines += try Row.fetchAll(db, sql: "SELECT * FROM \(table) ORDER BY id").map { "\(table) \($0)" }
                }
                return lines
            }
        }
        #expect(try dump(path) == dump(DemoTests.path))
        let differentSeed = other.file("seed2.sqlite")
        _ = try Store.generateDemo(at: differentSeed, options: DemoOptions(creators: 20, tickets: 10, seed: 2), clock: .fixed(pinnedNow))
        #expect(try Store.open(at: differentSeed).rosterCount(now: pinnedNow) == 20)
    }

    @Test func theDemoIsAHealthyGreenroomDatabase() throws {
        let s = try store()
        #expect(try s.integrityCheck() == ["ok"])
        #expect(try s.journalMode() == "wal")
        #expect(try s.appliedMigrations() == ["v1", "v2-roster", "v3-pipeline", "v4-tickets", "v5-kpis", "v6-review", "v7-sync", "v8-speed", "v9-campaigns", "v10-conversion", "v11-checks", "v12-deferred-search", "v13-quiet-triggers"]
                + Schema.migrationIdentifiers.dropFirst(13))
        let mode = try FileManager.default.attributesOfItem(atPath: DemoTests.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        // Nothing is left of the temporary files (the database under construction, the events'
        // file, their journals).
        #expect(try FileManager.default.contentsOfDirectory(atPath: DemoTests.dir.path).filter { !$0.hasPrefix("demo.sqlite-") } == ["demo.sqlite"])
        // Ticket keys are unique and derived from ids.
        let keys = try s.read { db in try Row.fetchAll(db, sql: "SELECT id, key FROM ticket") }
        #expect(keys.allSatisfy { TicketKey.full(forID: $0["id"]) == ($0["key"] as String) })
    }

    @Test func demoRefusesToOverwriteAndValidatesItsOptions() throws {
        #expect(throws: GreenroomError.self) { _ = try Store.generateDemo(at: DemoTests.path, options: DemoOptions(), clock: .fixed(pinnedNow)) }
        let dir = TempDir()
        #expect(throws: GreenroomError.self) { _ = try Store.generateDemo(at: dir.file("x.sqlite"), options: DemoOptions(creators: 0), clock: .system) }
        #expect(throws: GreenroomError.self) { _ = try Store.generateDemo(at: dir.file("x.sqlite"), options: DemoOptions(days: 0), clock: .system) }
        #expect(!FileManager.default.fileExists(atPath: dir.file("x.sqlite")))
    }
}
