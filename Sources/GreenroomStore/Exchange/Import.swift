import Foundation
import GRDB
import GreenroomCore

/// What `greenroom import` should do.
public struct ImportOptions: Sendable {
    public enum Kind: String, CaseIterable, Sendable {
        case creators
        case sessions = "live-sessions"
        /// A generic tickets CSV (see `ImportColumns.ticket`).
        case tickets
        /// A Zendesk JSON export (see `ZendeskExport`).
        case zendesk
    }

    /// Report what would change; write nothing.
    public var dryRun = false
    /// Import the good rows and report the bad ones, instead of refusing the whole file.
    public var skipInvalid = false
    /// What the files hold; nil means tell from their headers.
    public var kind: Kind?
    /// Create teammates (owners) and networks a creators file names but the database lacks.
    public var createMissing = false
    /// File column → canonical column (`handle`, `market`, …), or `-` to ignore the column.
    public var mapping: [String: String] = [:]
    /// 64 KiB: longer than any handle, name or note a person types, short of a pasted file.
    public static let defaultMaxFieldBytes = 64 * 1024
    /// The longest value a CSV cell may hold.
    public var maxFieldBytes = ImportOptions.defaultMaxFieldBytes
    /// Told how far reading, checking and writing have got (from the importing thread).
    public var progress: (@Sendable (ImportProgress) -> Void)?

    public init(dryRun: Bool = false, skipInvalid: Bool = false, kind: Kind? = nil, createMissing: Bool = false,
                mapping: [String: String] = [:], maxFieldBytes: Int = ImportOptions.defaultMaxFieldBytes,
                progress: (@Sendable (ImportProgress) -> Void)? = nil) {
        self.dryRun = dryRun; self.skipInvalid = skipInvalid; self.kind = kind; self.createMissing = createMissing
        self.mapping = mapping; self.maxFieldBytes = maxFieldBytes; self.progress = progress
    }
}

/// How far an import or export has got.
public struct ImportProgress: Sendable, Hashable {
    public enum Phase: String, Sendable { case reading, checking, writing }
    public var phase: Phase
    public var done: Int
    public var total: Int
    public init(phase: Phase, done: Int, total: Int) { self.phase = phase; self.done = done; self.total = total }
}

/// What an import did, or would do.
public struct ImportReport: Sendable {
    public var creatorsAdded = 0
    public var creatorsUpdated = 0
    public var creatorsUnchanged = 0
    public var sessionsAdded = 0
    public var sessionsUnchanged = 0
    public var ticketsAdded = 0
    /// Tickets imported before (the same Zendesk id, key, or subject and creation time).
    public var ticketsSkipped = 0
    public var ticketEventsAdded = 0
    public var ticketTagsAdded = 0
    /// Teammates and networks `--create-missing` adds (handles; names).
    public var membersCreated: [String] = []
    public var networksCreated: [String] = []
    /// Teams `--create-missing` adds for creators' `team` column (names).
    public var teamsCreated: [String] = []
    /// How each CSV file's columns were read: `creators.csv: handle ← "Username", …`.
    public var columns: [String] = []
    /// `file:line: reason` for every problem.
    public var errors: [String] = []
    /// Warnings, not errors: possible duplicates (`file:line: possible duplicate: …`).
    public var notices: [String] = []
    /// Data rows read from CSV files.
    public var rowsRead = 0
    /// Whether anything was written.
    public var applied = false
    /// Where the time went, phase by phase (`greenroom import --timings`).
    public var phases: [(name: String, seconds: Double)] { timings.phases }
    /// How the import wrote, where it chose (e.g. `journal: rollback (sole writer)`).
    public var writeNotes: [String] { timings.notes }
    let timings = PhaseTimings()

    public var summary: String {
        var parts: [String] = []
        if !membersCreated.isEmpty { parts.append("teammates: \(membersCreated.count) created (\(membersCreated.joined(separator: ", ")))") }
        if !teamsCreated.isEmpty { parts.append("teams: \(teamsCreated.count) created (\(teamsCreated.map { "\"\($0)\"" }.joined(separator: ", ")))") }
        if !networksCreated.isEmpty { parts.append("networks: \(networksCreated.count) created (\(networksCreated.map { "\"\($0)\"" }.joined(separator: ", ")))") }
        if creatorsAdded + creatorsUpdated + creatorsUnchanged > 0 {
            parts.append("creators: \(creatorsAdded) added, \(creatorsUpdated) updated, \(creatorsUnchanged) unchanged")
        }
        if sessionsAdded + sessionsUnchanged > 0 {
            parts.append("live sessions: \(sessionsAdded) added, \(sessionsUnchanged) already there")
        }
        if ticketsAdded + ticketsSkipped > 0 {
            parts.append("tickets: \(ticketsAdded) added, \(ticketsSkipped) already there (skipped), \(ticketEventsAdded) events, \(ticketTagsAdded) tags")
        }
        return parts.isEmpty ? "nothing to import" : parts.joined(separator: "; ")
    }
}

/// Wall time per phase of an import, appended as each phase ends (a reference, so the
/// writer and the transaction's wrapper add to the report's list).
final class PhaseTimings: @unchecked Sendable {
    private(set) var phases: [(name: String, seconds: Double)] = []
    private var mark = DispatchTime.now().uptimeNanoseconds

    /// Ends the phase running since the last call (or since this object was made).
    func end(_ name: String) {
        let now = DispatchTime.now().uptimeNanoseconds
        phases.append((name, Double(now - mark) / 1e9))
        mark = now
    }

    private(set) var notes: [String] = []
    func note(_ name: String, _ value: String) { notes.append("\(name): \(value)") }
}

/// The checked result of reading import files: what to write, and every problem.
struct ImportPlan {
    var zone: TimeZone
    var newMembers: [Member] = []
    var newNetworks: [Network] = []
    var newTeams: [Team] = []
    var newCreators: [(creator: Creator, tags: [String])] = []
    var changes: [Change] = []
    var sessions: [LiveSession] = []
    var errors: [String] = []
    var notices: [String] = []
    var added = 0, updated = 0, unchanged = 0, sessionsUnchanged = 0
}

extension Store {
    /// Imports creators, live sessions and tickets, all or nothing by default: every file is
    /// read strictly (`StrictCSV`) and every row checked first, inside the write
    /// transaction; the rows are written (by `ImportWriter`) only when none failed — or, with
    /// `skipInvalid`, the rows that passed. A dry run checks in a read transaction.
    public func importFiles(_ paths: [String], options: ImportOptions, by memberHandle: String? = nil) throws -> ImportReport {
        var report = ImportReport()
        var creatorFiles: [(String, CSVTable, ImportColumns.Match)] = []
        var sessionFiles: [(String, CSVTable, ImportColumns.Match)] = []
        var ticketFiles: [TicketSource] = []
        var mappedColumns = Set<String>()
        for (source, target) in options.mapping.sorted(by: { $0.key < $1.key }) where target != "-" {
            let tables = [ImportColumns.creator, ImportColumns.session, ImportColumns.ticket]
            guard tables.contains(where: { ImportColumns.resolve(target, in: $0) != nil }) else {
                throw GreenroomError.invalidInput("--map \(source)=\(target): \"\(target)\" is not a column Greenroom reads (creators: \(ImportColumns.names(ImportColumns.creator).joined(separator: ", ")); live sessions: \(ImportColumns.names(ImportColumns.session).joined(separator: ", ")))")
            }
        }
        for (n, path) in paths.enumerated() {
            options.progress?(ImportProgress(phase: .reading, done: n, total: paths.count))
            let name = (path as NSString).lastPathComponent
            if options.kind == .zendesk || (options.kind == nil && name.lowercased().hasSuffix(".json")) {
                ticketFiles.append(try ZendeskExport.read(path: path, file: name))
                continue
            }
            let table = try CSVTable.read(path: path, name: name, maxFieldBytes: options.maxFieldBytes)
            report.rowsRead += table.records.count
            report.errors += table.problems
            for source in options.mapping.keys where table.header.contains(where: { CSVTable.fold($0) == CSVTable.fold(source) }) {
                mappedColumns.insert(source)
            }
            let kind = try options.kind ?? detectKind(table.header, mapping: options.mapping, file: name)
            let unknownColumns: (ImportColumns.Match, [String: [String]]) -> String? = { match, columns in
                guard !match.unknown.isEmpty else { return nil }
                return "\(name):1: unknown column\(match.unknown.count > 1 ? "s" : "") \(match.unknown.map { "\"\(TerminalText.sanitize($0))\"" }.joined(separator: ", ")) (known: \(ImportColumns.names(columns).joined(separator: ", ")); --map \"\(match.unknown[0])=NAME\" reads it as one of them, --map \"\(match.unknown[0])=-\" ignores it)"
            }
            switch kind {
            case .creators?:
                let match = try ImportColumns.match(table.header, ImportColumns.creator, mapping: ImportColumns.applicable(options.mapping, to: ImportColumns.creator), file: name)
                if let problem = unknownColumns(match, ImportColumns.creator) { report.errors.append(problem); continue }
                guard match.columns["handle"] != nil else { report.errors.append("\(name):1: no handle column (--map \"COLUMN=handle\" names it)"); continue }
                report.columns.append("\(name) (creators): " + match.describe(table.header))
                creatorFiles.append((name, table, match))
            case .sessions?:
                let match = try ImportColumns.match(table.header, ImportColumns.session, mapping: ImportColumns.applicable(options.mapping, to: ImportColumns.session), file: name)
                if let problem = unknownColumns(match, ImportColumns.session) { report.errors.append(problem); continue }
                for needed in ["handle", "started_at", "minutes"] where match.columns[needed] == nil {
                    report.errors.append("\(name):1: no \(needed) column (--map \"COLUMN=\(needed)\" names it)")
                }
                report.columns.append("\(name) (live sessions): " + match.describe(table.header))
                sessionFiles.append((name, table, match))
            case .tickets?, .zendesk?:
                ticketFiles.append(.csv(file: name, table: table))
            case nil:
                throw GreenroomError.invalidInput("\(name): cannot tell what it holds: creators need a handle column; live sessions need handle, start and minutes; tickets need subject and status or priority (use --type, or --map to name the columns)")
            }
        }
        if let unused = options.mapping.keys.sorted().first(where: { !mappedColumns.contains($0) }) {
            throw GreenroomError.invalidInput("--map names column \"\(unused)\", which no file has")
        }
        report.timings.end("read")
        let memberID = try memberHandle.flatMap { try member(handle: $0)?.id }
        let now = self.now
        /// Checks everything; writes when `writing` and nothing failed (or `skipInvalid`).
        func run(_ db: Database, writing: Bool) throws -> Bool {
            let settings = try Store.loadSettings(db)
            var creators = try CreatorPlanner(db: db, now: now, stages: settings.allStageNames, options: options, plan: ImportPlan(zone: settings.zone))
            for (name, table, match) in creatorFiles { try creators.add(table, file: name, match: match) }
            for (name, table, match) in sessionFiles { try creators.addSessions(table, file: name, match: match) }
            let plan = creators.plan
            // (The new creators matter to tickets only: 100,000 of them were worth skipping.)
            var tickets = try TicketImportPlanner(db: db, now: now, zone: settings.zone, pendingCreators: ticketFiles.isEmpty ? [] : plan.newCreators.map(\.creator),
                                                  mapping: options.mapping, extraMembers: plan.newMembers, extraNetworks: plan.newNetworks,
                                                  createMissing: options.createMissing)
            for source in ticketFiles { try tickets.add(source) }
            let ticketPlan = tickets.plan
            report.errors += plan.errors + ticketPlan.errors
            report.notices += plan.notices
            report.ticketsAdded = ticketPlan.items.count
            report.ticketsSkipped = ticketPlan.skipped
            report.ticketEventsAdded = ticketPlan.events
            report.ticketTagsAdded = ticketPlan.tags
            report.creatorsAdded = plan.added
            report.creatorsUpdated = plan.updated
            report.creatorsUnchanged = plan.unchanged
            report.sessionsAdded = plan.sessions.count
            report.sessionsUnchanged = plan.sessionsUnchanged
            let newMembers = plan.newMembers + ticketPlan.newMembers, newNetworks = plan.newNetworks + ticketPlan.newNetworks
            report.membersCreated = newMembers.map(\.handle)
            report.networksCreated = newNetworks.map(\.name)
            report.teamsCreated = plan.newTeams.map(\.name)
            report.timings.end("check")
            guard writing, report.errors.isEmpty || options.skipInvalid else { return false }
            let total = plan.newCreators.count + plan.sessions.count + plan.changes.count + ticketPlan.items.count
            guard total > 0 || !newMembers.isEmpty || !newNetworks.isEmpty || !plan.newTeams.isEmpty else { return false }
            options.progress?(ImportProgress(phase: .writing, done: 0, total: total))
            for m in newMembers { try insertStamped(m, in: db) }
            for n in newNetworks { try insertStamped(n, in: db) }
            for t in plan.newTeams { try insertStamped(t, in: db) }
            var writer = ImportWriter(store: self, db: db, memberID: memberID, timings: report.timings) { done in
                options.progress?(ImportProgress(phase: .writing, done: done, total: total))
            }
            try writer.insertCreators(plan.newCreators)
            for change in plan.changes { _ = try applyInTransaction(change, by: memberID, in: db) }
            if !plan.changes.isEmpty { report.timings.end("changes") }
            try writer.insertSessions(plan.sessions)
            try insertTickets(ticketPlan, in: db)
            if !ticketPlan.items.isEmpty { report.timings.end("tickets") }
            // New creators got their statistics as they were written; edits (a stage moves a
            // creator in or out of `idle`) and live sessions change others'.
            if !plan.changes.isEmpty || !plan.sessions.isEmpty {
                try Store.refreshCreatorStats(db, now: now)
                report.timings.end("statistics")
            }
            options.progress?(ImportProgress(phase: .writing, done: total, total: total))
            report.applied = true
            return true
        }
        guard report.errors.isEmpty || options.skipInvalid || options.dryRun else {
            // The files themselves are malformed: say so without reading the database.
            return report
        }
        if options.dryRun {
            _ = try read { db in try run(db, writing: false) }
        } else {
            // A damaged database is not written to (issue 19; `quick_check`, once a day).
            try verifyIntegrityBeforeWriting()
            try withBulkImport(timings: report.timings, rows: report.rowsRead) { db in try run(db, writing: true) }
        }
        return report
    }

    func detectKind(_ header: [String], mapping: [String: String] = [:], file: String = "") throws -> ImportOptions.Kind? {
        let ticket = try ImportColumns.match(header, ImportColumns.ticket, mapping: ImportColumns.applicable(mapping, to: ImportColumns.ticket), file: file).columns
        if ticket["subject"] != nil && (ticket["status"] != nil || ticket["priority"] != nil) { return .tickets }
        let session = try ImportColumns.match(header, ImportColumns.session, mapping: ImportColumns.applicable(mapping, to: ImportColumns.session), file: file).columns
        if session["handle"] != nil && session["started_at"] != nil && session["minutes"] != nil { return .sessions }
        if try ImportColumns.match(header, ImportColumns.creator, mapping: ImportColumns.applicable(mapping, to: ImportColumns.creator), file: file).columns["handle"] != nil { return .creators }
        return nil
    }
}
