import Foundation
import GRDB
import GRDBSQLite
import GreenroomCore

/// One enrolled creator's progress (CLI `program show`, JSON).
public struct ProgramParticipant: Hashable, Sendable {
    public var handle: String
    public var standing: ProgramStanding
    /// The module they stand at; nil when done.
    public var at: String?
}

extension Store {
    // MARK: Programs

    /// Live programs: running first, then drafts, then ended; by name.
    public func programs() throws -> [Program] {
        try read { db in
            try Program.fetchAll(db, sql: """
                SELECT \(Program.selectColumns) FROM program WHERE deleted = 0
                ORDER BY CASE status WHEN 'running' THEN 0 WHEN 'draft' THEN 1 ELSE 2 END, name COLLATE NOCASE, id
                """)
        }
    }

    /// The program `ref` names: its id, its exact name, a unique name prefix, or a unique part
    /// of a name (case-insensitive); else a one-line reason.
    public func program(ref: String) throws -> Program {
        let wanted = ref.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        guard !wanted.isEmpty else { throw GreenroomError.invalidInput("name a program by its name (or the start of it) or its id") }
        let all = try programs()
        if let p = all.first(where: { $0.id == wanted || $0.name.lowercased() == wanted }) { return p }
        var matches = all.filter { $0.name.lowercased().hasPrefix(wanted) }
        if matches.isEmpty { matches = all.filter { $0.name.lowercased().contains(wanted) } }
        switch matches.count {
        case 1: return matches[0]
        case 0: throw GreenroomError.invalidInput("no program matches \"\(TerminalText.sanitize(ref))\"\(all.isEmpty ? " (there are none yet: greenroom program create)" : "")")
        default:
            let names = matches.prefix(4).map { "\"\(TerminalText.sanitize($0.name))\"" }.joined(separator: ", ")
            throw GreenroomError.invalidInput("\"\(TerminalText.sanitize(ref))\" matches \(matches.count) programs (\(names)); give more of the name")
        }
    }

    public func programModules(_ programID: String) throws -> [ProgramModule] {
        try read { db in ProgramProgress.ordered(try Store.modules(programID, db)) }
    }

    /// Every live program with its counts (the programs list).
    public func programSummaries() throws -> [ProgramSummary] {
        let list = try programs()
        return try read { db in
            try list.map { p in
                let modules = ProgramProgress.ordered(try Store.modules(p.id, db))
                let standings = try Store.standings(p.id, modules: modules, db)
                let owner = try p.ownerID.flatMap { try String.fetchOne(db, sql: "SELECT handle FROM member WHERE id = ?", arguments: [$0]) }
                return ProgramSummary(program: p, ownerHandle: owner, modules: modules.count, enrolled: standings.count,
                                      completed: modules.isEmpty ? 0 : standings.filter { $0.column >= modules.count }.count)
            }
        }
    }

    /// Every enrolled (live) creator's standing, from the two covering indexes. Rows are read
    /// through SQLite's C interface (`SQLite.readRows`): at 20,000 enrolled and 40,000
    /// completions, GRDB's row decoding was most of the board's time.
    static func standings(_ programID: String, modules: [ProgramModule], _ db: Database) throws -> [ProgramStanding] {
        var enrolled: [ProgramProgress.Enrolled] = []
        let e = try SQLite.ready(db.cachedStatement(sql: """
            SELECT e.creator_id, e.enrolled_at FROM program_enrolment e INDEXED BY program_enrolment_live
            WHERE e.program_id = ? AND e.deleted = 0 AND \(Store.liveEnrolledCreator)
            """).sqliteStatement)
        SQLite.bind(e, 1, .text(programID))
        try SQLite.readRows(e, db) { row in
            guard let id = SQLite.text(row, 0) else { return }
            enrolled.append(.init(creatorID: id, enrolledAt: sqlite3_column_int64(row, 1)))
        }
        var completed: [ProgramProgress.Completed] = []
        let c = try SQLite.ready(db.cachedStatement(sql: """
            SELECT creator_id, module_id, completed_at FROM module_completion INDEXED BY module_completion_live
            WHERE program_id = ? AND deleted = 0
            """).sqliteStatement)
        SQLite.bind(c, 1, .text(programID))
        try SQLite.readRows(c, db) { row in
            guard let creator = SQLite.text(row, 0), let module = SQLite.text(row, 1) else { return }
            completed.append(.init(creatorID: creator, moduleID: module, at: sqlite3_column_int64(row, 2)))
        }
        return ProgramProgress.standings(modules: modules, enrolled: enrolled, completed: completed)
    }

    /// Stages that count as activated for the program funnel (as for the activity-rate KPI).
    static let activatedStages = [Stage.activated, Stage.established]

    /// A program's board (at most `cardsPerColumn` creators a column, handles filled) and its
    /// funnel; nil when the program no longer exists.
    public func programBoard(id: String, now: Millis, cardsPerColumn: Int, stuckAfterDays: Int = ProgramProgress.defaultStuckAfterDays) throws -> ProgramBoardData? {
        try read { db in
            guard let p = try Program.fetchOne(db, sql: "SELECT \(Program.selectColumns) FROM program WHERE id = ? AND deleted = 0", arguments: [id]) else { return nil }
            let modules = ProgramProgress.ordered(try Store.modules(id, db))
            let standings = try Store.standings(id, modules: modules, db)
            var board = ProgramProgress.board(modules: modules, standings: standings, now: now, stuckAfterDays: stuckAfterDays, cardsPerColumn: cardsPerColumn)
            let done = standings.filter { $0.column >= modules.count && !modules.isEmpty }.map(\.creatorID)
            var activated = Set<String>()
            for chunk in stride(from: 0, to: done.count, by: 500).map({ Array(done[$0..<min(done.count, $0 + 500)]) }) {
                let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
                let stages = Store.activatedStages.map { "'\($0)'" }.joined(separator: ",")
                activated.formUnion(try String.fetchAll(db, sql: "SELECT id FROM creator WHERE id IN (\(marks)) AND stage IN (\(stages))",
                                                        arguments: StatementArguments(chunk)))
            }
            let shown = board.columns.flatMap { $0.cards.map(\.creatorID) }
            var handles: [String: String] = [:]
            for chunk in stride(from: 0, to: shown.count, by: 500).map({ Array(shown[$0..<min(shown.count, $0 + 500)]) }) {
                let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
                for r in try Row.fetchAll(db, sql: "SELECT id, handle FROM creator WHERE id IN (\(marks))", arguments: StatementArguments(chunk)) {
                    handles[r[0]] = r[1]
                }
            }
            for c in board.columns.indices {
                for k in board.columns[c].cards.indices { board.columns[c].cards[k].handle = handles[board.columns[c].cards[k].creatorID] ?? "?" }
            }
            return ProgramBoardData(program: p, modules: modules, board: board,
                                    funnel: ProgramProgress.funnel(modules: modules, standings: standings, activated: activated))
        }
    }

    /// Every enrolled creator's progress, by handle (CLI `program show --format json`).
    public func programParticipants(id: String) throws -> [ProgramParticipant] {
        try read { db in
            let modules = ProgramProgress.ordered(try Store.modules(id, db))
            let standings = try Store.standings(id, modules: modules, db)
            var handles: [String: String] = [:]
            for r in try Row.fetchAll(db, sql: """
                SELECT c.id, c.handle FROM program_enrolment e JOIN creator c ON c.id = e.creator_id WHERE e.program_id = ? AND e.deleted = 0
                """, arguments: [id]) { handles[r[0]] = r[1] }
            return standings.map { s in
                ProgramParticipant(handle: handles[s.creatorID] ?? "?", standing: s, at: s.column < modules.count ? modules[s.column].title : nil)
            }.sorted { $0.handle < $1.handle }
        }
    }

    // MARK: Effect

    /// The matched comparison for a program: participants are its enrolled creators, the
    /// anchor their median enrolment time (`MatchedEffect`).
    public func programEffect(id: String, now: Millis, days: Int = 28) throws -> MatchedEffect.Result? {
        let rows = try read { db in
            try Row.fetchAll(db, sql: "SELECT e.creator_id, e.enrolled_at FROM program_enrolment e WHERE e.program_id = ? AND e.deleted = 0 AND \(Store.liveEnrolledCreator)",
                             arguments: [id])
        }
        let participants = Set(rows.map { $0[0] as String })
        guard let anchor = MatchedEffect.anchor(rows.map { $0[1] as Millis }) else { return nil }
        return try effect(participants: participants, anchor: anchor, now: now, days: days)
    }

    /// The matched comparison for a workshop: participants are those who attended, the
    /// anchor its start.
    public func workshopEffect(id: String, now: Millis, days: Int = 28) throws -> MatchedEffect.Result? {
        let (anchor, attended) = try read { db -> (Millis?, [String]) in
            (try Millis.fetchOne(db, sql: "SELECT starts_at FROM workshop WHERE id = ? AND deleted = 0", arguments: [id]),
             try String.fetchAll(db, sql: "SELECT e.creator_id FROM workshop_invite e WHERE e.workshop_id = ? AND e.deleted = 0 AND e.attended = 1 AND \(Store.liveEnrolledCreator)",
                                 arguments: [id]))
        }
        guard let anchor, !attended.isEmpty else { return nil }
        return try effect(participants: Set(attended), anchor: anchor, now: now, days: days)
    }

    /// Every creator that existed at the anchor, with market, stage at the anchor and LIVE
    /// before and after, split into participants and the rest (less `excluding`: creators
    /// who took part at another time and so belong to neither group).
    ///
    /// Kept in the count cache until the database changes (and for the minute of `now`): each
    /// comparison reads every creator's LIVE around its anchor (~1 s at 100k creators), and the
    /// Review measures up to a dozen of them each time it opens.
    func effect(participants: Set<String>, anchor: Millis, now: Millis, days: Int, excluding: Set<String> = []) throws -> MatchedEffect.Result? {
        var hasher = Hasher()
        for id in participants.sorted() { hasher.combine(id) }
        hasher.combine("|")
        for id in excluding.sorted() { hasher.combine(id) }
        let key = "effect|\(anchor)|\(now / Time.minute)|\(days)|\(participants.count)|\(excluding.count)|\(hasher.finalize())"
        return try counts.value(key) { try uncachedEffect(participants: participants, anchor: anchor, now: now, days: days, excluding: excluding) }
    }

    func uncachedEffect(participants: Set<String>, anchor: Millis, now: Millis, days: Int, excluding: Set<String>) throws -> MatchedEffect.Result? {
        guard let w = MatchedEffect.windows(anchor: anchor, now: now, days: days) else { return nil }
        let subjects = try read { db -> [MatchedEffect.Subject] in
            let zone = try Store.loadSettings(db).zone
            let span = w.before.lowerBound..<w.after.upperBound
            let day = Store.localDay("x.started_at", zone: zone, span: span)
            let sql = """
                SELECT c.id, c.market,
                  COALESCE((SELECT s.to_stage FROM stage_event s INDEXED BY stage_event_creator
                            WHERE s.creator_id = c.id AND s.at <= :anchor AND s.deleted = 0 ORDER BY s.at DESC LIMIT 1), c.stage),
                  IFNULL((SELECT SUM(x.minutes) FROM live_session x INDEXED BY live_session_creator
                          WHERE x.creator_id = c.id AND x.started_at >= :b0 AND x.started_at < :anchor), 0),
                  IFNULL((SELECT SUM(x.minutes) FROM live_session x INDEXED BY live_session_creator
                          WHERE x.creator_id = c.id AND x.started_at >= :anchor AND x.started_at < :a1), 0),
                  (SELECT COUNT(DISTINCT \(day)) FROM live_session x INDEXED BY live_session_creator
                   WHERE x.creator_id = c.id AND x.started_at >= :b0 AND x.started_at < :anchor),
                  (SELECT COUNT(DISTINCT \(day)) FROM live_session x INDEXED BY live_session_creator
                   WHERE x.creator_id = c.id AND x.started_at >= :anchor AND x.started_at < :a1)
                FROM creator c WHERE c.deleted = 0 AND c.created_at <= :anchor
                """
            var out: [MatchedEffect.Subject] = []
            let cursor = try Row.fetchCursor(db, sql: sql, arguments: ["anchor": anchor, "b0": w.before.lowerBound, "a1": w.after.upperBound])
            while let r = try cursor.next() {
                out.append(MatchedEffect.Subject(creatorID: r[0], market: r[1], stage: r[2], beforeMinutes: r[3], afterMinutes: r[4], beforeDays: r[5], afterDays: r[6]))
            }
            return out
        }
        let takers = subjects.filter { participants.contains($0.creatorID) }
        let length = Int((w.after.upperBound - w.after.lowerBound) / Time.day)
        return MatchedEffect.estimate(participants: takers, others: excluding.isEmpty ? subjects : subjects.filter { !excluding.contains($0.creatorID) },
                                      days: max(1, length))
    }

    // MARK: Workshops

    public func workshops() throws -> [WorkshopSummary] {
        try read { db in
            try Workshop.fetchAll(db, sql: "SELECT \(Workshop.selectColumns) FROM workshop WHERE deleted = 0 ORDER BY starts_at DESC, id").map { w in
                let counts = try Row.fetchOne(db, sql: """
                    SELECT COUNT(*), IFNULL(SUM(e.attended), 0) FROM workshop_invite e WHERE e.workshop_id = ? AND e.deleted = 0 AND \(Store.liveEnrolledCreator)
                    """, arguments: [w.id])
                return WorkshopSummary(workshop: w,
                                       hostHandle: try w.hostID.flatMap { try String.fetchOne(db, sql: "SELECT handle FROM member WHERE id = ?", arguments: [$0]) },
                                       moduleTitle: try w.moduleID.flatMap { try String.fetchOne(db, sql: "SELECT title FROM program_module WHERE id = ?", arguments: [$0]) },
                                       invited: counts?[0] ?? 0, attended: counts?[1] ?? 0)
            }
        }
    }

    /// The workshop `ref` names: its id, its title, or a unique start of a title.
    public func workshop(ref: String) throws -> Workshop {
        let wanted = ref.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        let all = try workshops().map(\.workshop)
        if let w = all.first(where: { $0.id == wanted || $0.title.lowercased() == wanted }) { return w }
        let matches = all.filter { $0.title.lowercased().hasPrefix(wanted) && !wanted.isEmpty }
        switch matches.count {
        case 1: return matches[0]
        case 0: throw GreenroomError.invalidInput("no workshop matches \"\(TerminalText.sanitize(ref))\"")
        default: throw GreenroomError.invalidInput("\"\(TerminalText.sanitize(ref))\" matches \(matches.count) workshops; give more of the title or its id")
        }
    }

    /// The invited, by handle, for the attendance checklist.
    public func attendees(workshopID: String) throws -> [WorkshopAttendee] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT c.id, c.handle, c.display_name, i.attended FROM workshop_invite i JOIN creator c ON c.id = i.creator_id
                WHERE i.workshop_id = ? AND i.deleted = 0 AND c.deleted = 0 ORDER BY c.handle
                """, arguments: [workshopID]).map { WorkshopAttendee(creatorID: $0[0], handle: $0[1], displayName: $0[2], attended: $0[3]) }
        }
    }

    // MARK: Tasks

    /// Every live task with its progress at `now`, latest window first.
    public func taskRows(now: Millis) throws -> [TaskRow] {
        try read { db in
            let zone = try Store.loadSettings(db).zone
            let tasks = try IncentiveTask.fetchAll(db, sql: """
                SELECT \(IncentiveTask.selectColumns) FROM incentive_task t WHERE t.deleted = 0
                AND NOT EXISTS (SELECT 1 FROM creator c WHERE c.id = t.creator_id AND c.deleted = 1)
                ORDER BY end_date DESC, start_date DESC, id
                """)
            var out: [TaskRow] = []
            for t in tasks {
                guard let window = t.window(zone: zone) else { continue }
                let sessions = try Row.fetchAll(db.cachedStatement(sql: """
                    SELECT started_at, minutes FROM live_session INDEXED BY live_session_creator WHERE creator_id = ? AND started_at >= ? AND started_at < ?
                    """), arguments: [t.creatorID, window.lowerBound, window.upperBound]).map { TaskProgress.Session(startedAt: $0[0], minutes: $0[1]) }
                guard let progress = TaskProgress.of(t, sessions: sessions, now: now, zone: zone) else { continue }
                let handle = try String.fetchOne(db.cachedStatement(sql: "SELECT handle FROM creator WHERE id = ?"), arguments: [t.creatorID]) ?? "?"
                let campaign = try t.campaignID.flatMap { try String.fetchOne(db, sql: "SELECT name FROM campaign WHERE id = ?", arguments: [$0]) }
                out.append(TaskRow(task: t, handle: handle, campaignName: campaign, progress: progress))
            }
            return out
        }
    }
}
