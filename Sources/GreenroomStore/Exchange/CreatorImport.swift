import Foundation
import Synchronization
import GRDB
import GRDBSQLite
import GreenroomCore

/// Checking a creators file against the database (read-only): every row is validated, and
/// new creators are collected for `ImportWriter` while edits of existing ones become the
/// ordinary changes the app makes.
///
/// Choices where the issue was silent, kept here so they are written down:
/// - A row names an existing creator by `id` (when the file has one, as exports do) or by
///   handle. Matched by id, a different handle renames the creator.
/// - For an existing creator an empty cell leaves the field as it is; for a new one it
///   takes the default (kind `creator`, stage: the first stage, source `import`, 0
///   followers), so a spreadsheet with gaps still imports.
/// - Duplicates: the same handle twice is an error. A new creator whose handle equals
///   another once case and `. _ -` are ignored (`@Mila.Cooks`, `@mila_cooks`), or who has
///   the same email, is reported with both lines (or the creator already here) as a
///   possible duplicate, in the dry run and after the import — a warning, not a refusal:
///   real rosters hold different people called `@siti.fit` and `@sitifit`, and a roster
///   exported from Greenroom must import back. `greenroom creators merge` joins two.
/// - Owners and networks the database lacks are errors that say how to bring them along;
///   with `--create-missing` they are created (an owner as a manager whose name is the
///   handle, a network with no region) and listed in the report.
struct CreatorPlanner {
    let db: Database
    let now: Millis
    let stages: [String]
    let options: ImportOptions
    var plan: ImportPlan

    /// Live creators by handle: rowid; filled once.
    private(set) var rowids: [String: Int64] = [:]
    /// Creators known by their duplicate key and by email (database, then earlier rows).
    private var byKey: [String: (handle: String, line: Int?)] = [:]
    private var byEmail: [String: (handle: String, line: Int?)] = [:]
    var members: [String: String] = [:]
    var networks: [String: String] = [:]
    /// Live teams by lowercased name (issue 24).
    var teams: [String: String] = [:]
    /// Creators this import adds, by handle (for live sessions in the same import).
    var added: [String: String] = [:]
    private var creatorsByID: [String: Creator] = [:]
    /// Every creator id in the database (deleted ones too): a row whose id is not here is new
    /// without a query (a query a row was a twentieth of importing 100,000 exported creators).
    private var storedIDs = Set<String>()

    init(db: Database, now: Millis, stages: [String], options: ImportOptions, plan: ImportPlan) throws {
        self.db = db; self.now = now; self.stages = stages; self.options = options; self.plan = plan
        for m in try Member.fetchAll(db, sql: "SELECT * FROM member WHERE deleted = 0") { members[m.handle] = m.id }
        for n in try Network.fetchAll(db, sql: "SELECT * FROM network WHERE deleted = 0 ORDER BY name, id") where networks[n.name.lowercased()] == nil {
            networks[n.name.lowercased()] = n.id
        }
        for t in try Team.fetchAll(db, sql: "SELECT \(Team.selectColumns) FROM team WHERE deleted = 0 ORDER BY name, id") where teams[t.name.lowercased()] == nil {
            teams[t.name.lowercased()] = t.id
        }
    }

    /// The live creators' handles, duplicate keys and emails, and every creator's id, read
    /// once per import.
    mutating func loadCreators() throws {
        guard rowids.isEmpty else { return }
        let statement = try db.cachedStatement(sql: "SELECT handle, rowid, email, id, deleted FROM creator").sqliteStatement
        var rows: [(String, Int64, String?)] = []
        var ids = Set<String>()
        try SQLite.readRows(statement, db) { s in
            if let id = SQLite.text(s, 3) { ids.insert(id) }
            if sqlite3_column_int64(s, 4) == 0 { rows.append((SQLite.text(s, 0) ?? "", sqlite3_column_int64(s, 1), SQLite.text(s, 2))) }
        }
        storedIDs = ids
        rowids.reserveCapacity(rows.count)
        for (handle, rowid, email) in rows {
            rowids[handle] = rowid
            byKey[CreatorPlanner.duplicateKey(handle)] = (handle, nil)
            if let email, !email.isEmpty { byEmail[email.lowercased()] = (handle, nil) }
        }
    }

    /// A handle with case and `@ . _ -` ignored: two handles with the same key are most
    /// likely one person typed twice.
    static func duplicateKey(_ handle: String) -> String {
        let utf8 = handle.utf8
        if utf8.allSatisfy({ $0 < 0x80 }) {
            // ASCII (nearly every handle): bytes, without Unicode case tables.
            let bytes = utf8.compactMap { b -> UInt8? in
                switch b {
                case UInt8(ascii: "@"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"): return nil
                case UInt8(ascii: "A")...UInt8(ascii: "Z"): return b + 32
                default: return b
                }
            }
            return String(decoding: bytes, as: UTF8.self)
        }
        return String(String.UnicodeScalarView(handle.lowercased().unicodeScalars.filter { !"@._-".unicodeScalars.contains($0) }))
    }

    func existing(rowid: Int64) throws -> Creator? {
        try Creator.fetchOne(db.cachedStatement(sql: "SELECT * FROM creator WHERE rowid = ?"), arguments: [rowid])
    }

    mutating func add(_ table: CSVTable, file: String, match: ImportColumns.Match) throws {
        try loadCreators()
        // The file's columns as (name, index) pairs, searched in order: the names are short
        // (small strings compare as two words), and a dictionary lookup for every cell hashed
        // 1.6 million strings for 100,000 rows — a sixth of checking them.
        let columns = match.columns.sorted { $0.value < $1.value }.map { ($0.key, $0.value) }
        let prepared = prepare(table, columns: columns)
        var seenHandles: [String: Int] = [:]
        seenHandles.reserveCapacity(table.records.count)
        for (index, (line, _)) in table.records.enumerated() {
            if index % 4096 == 0 { options.progress?(ImportProgress(phase: .checking, done: index, total: table.records.count)) }
            let row = prepared[index]
            func cell(_ name: String) -> String? { row.cell(name, columns) }
            let at = "\(file):\(line)"
            let handle = row.handle
            guard !handle.isEmpty else { plan.errors.append("\(at): handle is empty"); continue }
            if let first = seenHandles[handle] {
                plan.errors.append("\(at): handle \(handle) appears again (first on line \(first))")
                continue
            }
            seenHandles[handle] = line
            var problems: [String] = []
            // Which creator the row is: by id when given, else by handle.
            let id = cell("id") ?? ""
            var current: Creator?
            if !id.isEmpty {
                if !UUIDv7.isValid(id) {
                    problems.append("id \"\(TerminalText.sanitize(id))\" is not a Greenroom id (a lowercase UUIDv7; leave the cell empty for a new creator)")
                } else if storedIDs.contains(id),
                          let stored = try Creator.fetchOne(db.cachedStatement(sql: "SELECT * FROM creator WHERE id = ?"), arguments: [id]) {
                    if stored.deleted {
                        problems.append("id \(id) is a deleted creator (\(stored.handle)); restore it in the app or leave the id empty")
                    } else {
                        current = stored
                        if stored.handle != handle, rowids[handle] != nil {
                            problems.append("cannot rename \(stored.handle) to \(handle): that handle belongs to another creator")
                        }
                    }
                } else if let other = rowids[handle] {
                    let otherID = try existing(rowid: other)?.id ?? ""
                    problems.append("handle \(handle) belongs to a creator with another id (\(otherID))")
                }
            } else if let rowid = rowids[handle] {
                current = try existing(rowid: rowid)
            }
            if current == nil, added[handle] != nil {
                problems.append("handle \(handle) is already taken")
            }
            if current == nil {
                plan.notices += duplicateProblems(handle: handle, keys: row.duplicateKeys, line: line).map { "\(at): possible duplicate: \($0)" }
            }
            if let current {
                try planUpdate(current, cell: cell, problems: &problems, at: at)
            } else {
                // (`prepare` worked out the rows it could tell were new; the rest, here.)
                let facts = row.insert ?? CreatorPlanner.insertFacts(handle: handle, id: id, cell: cell, stages: stages, now: now, zone: zoneForDates)
                planInsert(facts, cell: cell, problems: &problems, at: at)
            }
        }
    }

    /// A handle's duplicate key and an email's lowercase form (worked out in `prepare`).
    static func duplicateKeys(handle: String, email: String?) -> (handle: String, email: String?) {
        (duplicateKey(handle), email?.lowercased())
    }

    /// Same-person hints: a handle equal to another once case and `. _ -` are ignored, or
    /// the same email, earlier in the file (with its line) or already in the database.
    private mutating func duplicateProblems(handle: String, keys: (handle: String, email: String?), line: Int) -> [String] {
        var problems: [String] = []
        let key = keys.handle
        if let other = byKey[key], other.handle != handle {
            problems.append("\(handle) looks like \(other.handle) \(other.line.map { "on line \($0)" } ?? "already here") (the same handle ignoring case and . _ -)")
        } else if byKey[key] == nil {
            byKey[key] = (handle, line)
        }
        if let email = keys.email, !email.isEmpty {
            if let other = byEmail[email], other.handle != handle {
                problems.append("\(handle) has the same email as \(other.handle) \(other.line.map { "on line \($0)" } ?? "already here") (\(TerminalText.sanitize(email)))")
            } else if byEmail[email] == nil {
                byEmail[email] = (handle, line)
            }
        }
        return problems
    }

    /// What each distinct owner, network and team cell resolved to, and the problem it gave:
    /// a file names a handful of each across 100,000 rows, and resolving one lowercases and
    /// hashes it. The answer for a cell cannot change within an import (a missing one is
    /// created on first sight, after which the lookup finds it; one refused stays refused).
    private var resolved: [Reference: (id: String??, problem: String?)] = [:]
    /// Reference ids that passed the field rules once (an id's verdict does not change).
    private var checkedReferences = Set<String>()
    private enum Reference: Hashable { case owner(String), network(String), team(String) }

    private mutating func memo(_ key: Reference, problems: inout [String], _ resolve: (inout CreatorPlanner, inout [String]) -> String??) -> String?? {
        if let known = resolved[key] {
            if let problem = known.problem { problems.append(problem) }
            return known.id
        }
        var found: [String] = []
        let id = resolve(&self, &found)
        resolved[key] = (id, found.first)
        problems += found
        return id
    }

    private mutating func owner(_ text: String, problems: inout [String]) -> String?? {
        memo(.owner(text), problems: &problems) { planner, found in planner.resolveOwner(text, problems: &found) }
    }

    private mutating func network(_ text: String, problems: inout [String]) -> String?? {
        memo(.network(text), problems: &problems) { planner, found in planner.resolveNetwork(text, problems: &found) }
    }

    private mutating func team(_ text: String, problems: inout [String]) -> String?? {
        memo(.team(text), problems: &problems) { planner, found in planner.resolveTeam(text, problems: &found) }
    }

    /// Owner handle → member id, creating the member with `--create-missing`.
    private mutating func resolveOwner(_ text: String, problems: inout [String]) -> String?? {
        if text.isEmpty { return .some(nil) }
        let h = ImportValues.handle(text)
        if let id = members[h] { return .some(id) }
        guard options.createMissing else {
            problems.append("owner \(h) is not a teammate (add them first, or import with --create-missing to create missing teammates and networks)")
            return nil
        }
        guard h.count > 1, h.count <= 31, h.dropFirst().unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || "._-".unicodeScalars.contains($0) }) else {
            problems.append("owner \(TerminalText.sanitize(h)) is not a handle (up to 30 letters, digits, dots, dashes or underscores)")
            return nil
        }
        let member = Member(id: UUIDv7.make(millis: now), handle: h, name: String(h.dropFirst()), role: .manager, team: "")
        members[h] = member.id
        plan.newMembers.append(member)
        return .some(member.id)
    }

    /// Network name → id, creating the network with `--create-missing`.
    private mutating func resolveNetwork(_ text: String, problems: inout [String]) -> String?? {
        if text.isEmpty { return .some(nil) }
        if let id = networks[text.lowercased()] { return .some(id) }
        guard options.createMissing else {
            problems.append("network \"\(TerminalText.sanitize(text))\" does not exist (add it first, or import with --create-missing)")
            return nil
        }
        let network = Network(id: UUIDv7.make(millis: now), name: text, region: "")
        networks[text.lowercased()] = network.id
        plan.newNetworks.append(network)
        return .some(network.id)
    }

    /// Team name → id, creating the team (in the team setting's zone, no rule) with `--create-missing`.
    private mutating func resolveTeam(_ text: String, problems: inout [String]) -> String?? {
        let name = text.trimmingCharacters(in: .whitespaces)
        if name.isEmpty { return .some(nil) }
        if let id = teams[name.lowercased()] { return .some(id) }
        guard options.createMissing else {
            problems.append("team \"\(TerminalText.sanitize(name))\" does not exist (add it first with greenroom team add, or import with --create-missing)")
            return nil
        }
        guard name.count <= Store.teamNameLimit, FieldRules.problem(entity: .team, fields: ["name": .text(name)], insert: false) == nil else {
            problems.append("team \"\(TerminalText.sanitize(String(name.prefix(60))))\" is not a team name (at most \(Store.teamNameLimit) characters)")
            return nil
        }
        let zone = (try? Store.loadSettings(db).team.timeZone) ?? "UTC"
        let team = Team(id: UUIDv7.make(millis: now), name: name, timeZone: zone)
        teams[name.lowercased()] = team.id
        plan.newTeams.append(team)
        return .some(team.id)
    }

    /// What a row says about a new creator on its own — every check that needs neither the
    /// database nor the rows before it — worked out for all rows at once, on every core
    /// (`prepare`); the rest (`planInsert`) runs row after row in file order.
    struct InsertFacts: Sendable {
        let handle: String
        /// The row's problems in the order the row-by-row import listed them: `before` come
        /// ahead of the owner, network and team checks, `after` behind them.
        var before: [String] = []
        var after: [String] = []
        var creator: Creator?
        var tags: [String] = []
        /// The field rules' verdict on `creator` with no owner, network or team (those are
        /// checked once they are known), then on its tags.
        var ruleProblem: String?
    }

    /// A row with its cells trimmed once (in `columns` order) and, for a row that is not an
    /// existing creator's, its `InsertFacts`.
    struct PreparedRow: Sendable {
        var cells: [String?]
        var insert: InsertFacts?
        /// The row's handle as written to the database (empty when its cell is), and its keys
        /// for `duplicateProblems`.
        var handle: String = ""
        var duplicateKeys: (handle: String, email: String?) = ("", nil)

        /// The trimmed cell of column `name`, if the file has it.
        func cell(_ name: String, _ columns: [(String, Int)]) -> String? {
            for (k, (column, _)) in columns.enumerated() where column == name { return cells[k] }
            return nil
        }
    }

    /// Trims every row's cells and works out each new creator's `InsertFacts`, the rows split
    /// over the machine's cores (checking 100,000 rows on one took ~1.4 s of an import's ~6.5).
    /// Which rows are new is read from the creators loaded up front; a row this guesses wrong
    /// (a handle taken earlier in the same file) is simply worked out again in order.
    func prepare(_ table: CSVTable, columns: [(String, Int)]) -> [PreparedRow] {
        let records = table.records
        let stages = self.stages, now = self.now, zone = zoneForDates, rowids = self.rowids, storedIDs = self.storedIDs
        let idColumn = columns.firstIndex { $0.0 == "id" }, handleColumn = columns.firstIndex { $0.0 == "handle" }
        @Sendable func prepareRow(_ fields: [String]) -> PreparedRow {
            var row = PreparedRow(cells: columns.map { fields.indices.contains($0.1) ? ImportValues.trim(fields[$0.1]) : nil }, insert: nil)
            func cell(_ name: String) -> String? { row.cell(name, columns) }
            let rawHandle = handleColumn.flatMap { row.cells[$0] } ?? ""
            guard !rawHandle.isEmpty else { return row }
            let handle = ImportValues.handle(rawHandle), id = idColumn.flatMap { row.cells[$0] } ?? ""
            row.handle = handle
            row.duplicateKeys = CreatorPlanner.duplicateKeys(handle: handle, email: cell("email"))
            let isNew = id.isEmpty ? rowids[handle] == nil : (UUIDv7.isValid(id) && !storedIDs.contains(id) && rowids[handle] == nil)
            if isNew { row.insert = CreatorPlanner.insertFacts(handle: handle, id: id, cell: cell, stages: stages, now: now, zone: zone) }
            return row
        }
        let lanes = records.count < 2_000 ? 1 : max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))
        if lanes == 1 { return records.map { prepareRow($0.fields) } }
        let parts = Mutex([[PreparedRow]](repeating: [], count: lanes))
        let size = (records.count + lanes - 1) / lanes
        DispatchQueue.concurrentPerform(iterations: lanes) { lane in
            let range = min(records.count, lane * size)..<min(records.count, (lane + 1) * size)
            let part = records[range].map { prepareRow($0.fields) }
            parts.withLock { $0[lane] = part }
        }
        return parts.withLock { $0.flatMap { $0 } }
    }

    /// A new creator's checks that need neither the database nor other rows, with the edit
    /// form's rules and words (`CreatorDraft.formatErrors`), without building a draft: the
    /// draft's Foundation trimming was a fifth of a 100,000-row import.
    static func insertFacts(handle: String, id: String, cell: (String) -> String?, stages: [String], now: Millis, zone: TimeZone) -> InsertFacts {
        func value(_ name: String, _ fallback: String) -> String {
            let v = cell(name) ?? ""
            return v.isEmpty ? fallback : v
        }
        var facts = InsertFacts(handle: handle)
        // Problems in the order the row-by-row import listed them: numbers and references
        // first, then the form's checks in field order.
        var followers = 0
        if let v = cell("followers"), !v.isEmpty {
            if let n = ImportValues.count(v) { followers = n } else { facts.before.append("followers \"\(TerminalText.sanitize(v))\" is not a number") }
        }
        let marketText = cell("market") ?? ""
        let market = marketText.uppercased()
        if marketText.isEmpty { facts.before.append("market is required for a new creator") } else if !Market.isValid(market) {
            facts.before.append("market \"\(TerminalText.sanitize(marketText))\" is not an ISO code")
        }
        // (owner, network and team: `planInsert`)
        let email = cell("email") ?? ""
        if !email.isEmpty && (!email.utf8.contains(UInt8(ascii: "@")) || email.utf8.contains(UInt8(ascii: " "))) { facts.after.append("email: not an email address") }
        let body = handle.utf8.dropFirst()
        if body.isEmpty || body.count > 30 || !body.allSatisfy({ ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 46 || $0 == 95 || $0 == 45 }) {
            facts.after.append("handle: use up to 30 letters, digits, dots, dashes or underscores")
        }
        let name = value("display_name", String(handle.dropFirst()))
        let kindText = value("kind", CreatorKind.creator.rawValue)
        let kind = CreatorKind(rawValue: kindText) ?? CreatorKind(rawValue: kindText.lowercased())
        if kind == nil { facts.after.append("kind: one of \(CreatorDraft.Field.kind.hint)") }
        let language = (cell("language") ?? "").lowercased()
        if !language.isEmpty && !(2...3).contains(language.count) { facts.after.append("language: use a 2- or 3-letter code") }
        let sourceText = value("source", CreatorSource.import.rawValue)
        let source = CreatorSource(rawValue: sourceText) ?? CreatorSource(rawValue: sourceText.lowercased())
        if source == nil { facts.after.append("source: one of \(CreatorDraft.Field.source.hint)") }
        let stageText = value("stage", stages.first ?? Stage.lead)
        let stage = stages.contains(stageText) ? stageText : stageText.lowercased()
        if !stages.contains(stage) { facts.after.append("stage: one of \(stages.joined(separator: ", "))") }
        var createdAt = now
        if let text = cell("created_at"), !text.isEmpty {
            if let m = ImportValues.instant(text, zone: zone) {
                if m > now { facts.after.append("created \(TerminalText.sanitize(text)) is in the future") } else { createdAt = m }
            } else {
                facts.after.append("created \"\(TerminalText.sanitize(text))\" is not a date and time (2026-11-20T09:30:00Z or 2026-11-20 09:30)")
            }
        }
        guard facts.before.isEmpty, facts.after.isEmpty, let kind, let source else { return facts }
        let phone = cell("phone") ?? "", notes = cell("notes") ?? ""
        let creator = Creator(id: id.isEmpty ? UUIDv7.make(millis: createdAt) : id, handle: handle, displayName: name, kind: kind, market: market,
                              language: language, networkID: nil, ownerID: nil, stage: stage, source: source, followers: followers,
                              email: email.isEmpty ? nil : email, phone: phone.isEmpty ? nil : phone, notes: notes.isEmpty ? nil : notes,
                              createdAt: createdAt, teamID: nil)
        facts.creator = creator
        facts.tags = ImportValues.tags(cell("tags") ?? "")
        // The rules every write obeys (what a peer's sync would refuse), after the checks above.
        facts.ruleProblem = Store.fieldProblem(creator)
            ?? facts.tags.lazy.compactMap({ FieldRules.problem(entity: .creatorTag, fields: ["tag": .text($0)], insert: false) }).first
        return facts
    }

    /// A new creator from a row's `InsertFacts`, with the checks that depend on what came
    /// before: its owner, network and team (created with `--create-missing`).
    private mutating func planInsert(_ facts: InsertFacts, cell: (String) -> String?, problems: inout [String], at: String) {
        problems += facts.before
        let ownerID = owner(cell("owner") ?? "", problems: &problems)
        let networkID = network(cell("network") ?? "", problems: &problems)
        let teamID = team(cell("team") ?? "", problems: &problems)
        problems += facts.after
        guard problems.isEmpty, let ownerID, let networkID, let teamID, var creator = facts.creator else {
            plan.errors.append("\(at): " + problems.joined(separator: "; "))
            return
        }
        creator.networkID = networkID; creator.ownerID = ownerID; creator.teamID = teamID
        // The references' rules (an id from this database or made here; the rest were checked
        // in `insertFacts`).
        let ids = [networkID, ownerID, teamID]
        var references: String?
        if !ids.allSatisfy({ $0.map(checkedReferences.contains) ?? true }) {
            references = FieldRules.problem(entity: .creator, names: ["network_id", "owner_id", "team_id"],
                                            values: ids.map { $0.map(FieldValue.text) ?? .null }, insert: false)
            if references == nil { for case let id? in ids { checkedReferences.insert(id) } }
        }
        if let problem = facts.ruleProblem ?? references {
            plan.errors.append("\(at): \(TerminalText.sanitize(problem))")
            return
        }
        plan.newCreators.append((creator, facts.tags))
        added[facts.handle] = creator.id
        plan.added += 1
    }

    private mutating func planUpdate(_ current: Creator, cell: (String) -> String?, problems: inout [String], at: String) throws {
        /// An empty cell leaves the field as it is.
        func value(_ name: String) -> String? {
            guard let v = cell(name), !v.isEmpty else { return nil }
            return v
        }
        let currentTags = try String.fetchAll(db.cachedStatement(sql: "SELECT DISTINCT tag FROM creator_tag WHERE creator_id = ? AND deleted = 0 ORDER BY tag"),
                                              arguments: [current.id])
        var draft = CreatorDraft.editing(current, ownerHandle: members.first { $0.value == current.ownerID }?.key, networkName: nil, tags: currentTags)
        if let h = value("handle") { draft[.handle] = ImportValues.handle(h) }
        for (field, column) in [(CreatorDraft.Field.displayName, "display_name"), (.kind, "kind"), (.market, "market"), (.language, "language"),
                                (.stage, "stage"), (.source, "source"), (.email, "email"), (.phone, "phone"), (.notes, "notes")] {
            if let v = value(column) { draft[field] = field == .kind || field == .source || field == .stage ? v.lowercased() : v }
        }
        if let v = value("tags") { draft[.tags] = ImportValues.tags(v).joined(separator: ", ") }
        if let v = value("market"), !Market.isValid(v.uppercased()) { problems.append("market \"\(TerminalText.sanitize(v))\" is not an ISO code") }
        if let v = value("followers") {
            if let n = ImportValues.count(v) { draft[.followers] = String(n) } else { problems.append("followers \"\(TerminalText.sanitize(v))\" is not a number") }
        }
        var ownerID: String?? = .some(current.ownerID)
        var networkID: String?? = .some(current.networkID)
        if let v = value("owner") { ownerID = owner(v, problems: &problems) }
        if let v = value("network") { networkID = network(v, problems: &problems) }
        var teamID: String?? = .some(current.teamID)
        if let v = value("team") { teamID = team(v, problems: &problems) }
        for (field, message) in draft.formatErrors(stages: stages).sorted(by: { $0.key.rawValue < $1.key.rawValue })
        where field != .market && field != .followers && field != .owner && field != .network {
            problems.append("\(field.label.lowercased()): \(message)")
        }
        guard problems.isEmpty, let ownerID, let networkID, let teamID else {
            plan.errors.append("\(at): " + problems.joined(separator: "; "))
            return
        }
        let changes = draft.changes(from: current, originalTags: currentTags, ownerID: ownerID, networkID: networkID, teamID: .some(teamID))
        if changes.isEmpty { plan.unchanged += 1 } else { plan.updated += 1; plan.changes += changes }
    }

    /// The team's zone, for local times in the file.
    var zoneForDates: TimeZone { plan.zone }
}
