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

    public init(dryRun: Bool = false, skipInvalid: Bool = false, kind: Kind? = nil) {
        self.dryRun = dryRun; self.skipInvalid = skipInvalid; self.kind = kind
    }
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
    /// Row-numbered problems: `creators.csv line 17: market "Mexico" is not an ISO code`.
    public var errors: [String] = []
    /// Whether anything was written.
    public var applied = false

    public var summary: String {
        var parts: [String] = []
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

/// Column names people use for the same thing, folded (see `CSVTable.fold`).
enum ImportColumns {
    static let creator: [String: [String]] = [
        "handle": ["handle", "username", "user", "account", "creator", "creatorhandle", "tiktokhandle", "uniqueid"],
        "display_name": ["name", "displayname", "fullname", "creatorname", "nickname"],
        "kind": ["kind", "type", "creatortype"],
        "market": ["market", "country", "countrycode", "region"],
        "language": ["language", "lang", "locale"],
        "network": ["network", "agency", "mcn", "networkname"],
        "owner": ["owner", "manager", "accountmanager", "am", "ownerhandle"],
        "stage": ["stage", "pipelinestage", "status"],
        "source": ["source", "leadsource", "origin"],
        "followers": ["followers", "followercount", "fans", "followerscount"],
        "email": ["email", "mail", "emailaddress"],
        "phone": ["phone", "phonenumber", "mobile", "whatsapp"],
        "tags": ["tags", "labels", "tag"],
        "notes": ["notes", "note", "comments", "comment"],
    ]
    static let session: [String: [String]] = [
        "handle": creator["handle"]!,
        "started_at": ["startedat", "start", "starttime", "started", "livestart", "begin", "date", "datetime", "startedon"],
        "minutes": ["minutes", "duration", "durationmin", "durationminutes", "livedurationmin", "livedurationminutes", "length", "lengthmin"],
        "peak_viewers": ["peakviewers", "peak", "maxviewers", "peakconcurrentviewers", "pcu"],
        "viewer_minutes": ["viewerminutes", "watchminutes", "watchtime", "totalviewerminutes"],
        "gifts": ["gifts", "diamonds", "giftcount", "giftvalue"],
    ]

    /// Column index by canonical name; unknown columns are reported.
    static func map(_ header: [String], _ table: [String: [String]]) -> (columns: [String: Int], unknown: [String]) {
        var columns: [String: Int] = [:]
        var unknown: [String] = []
        for (i, name) in header.enumerated() {
            let folded = CSVTable.fold(name)
            if let canonical = table.first(where: { $0.value.contains(folded) })?.key, columns[canonical] == nil {
                columns[canonical] = i
            } else if !folded.isEmpty {
                unknown.append(name)
            }
        }
        return (columns, unknown)
    }
}

extension Store {
    /// Imports creators and live sessions from CSV files, all or nothing by default: every
    /// row is checked first, and the writes happen in one transaction only when none failed
    /// (or, with `skipInvalid`, for the rows that passed).
    public func importFiles(_ paths: [String], options: ImportOptions, by memberHandle: String? = nil) throws -> ImportReport {
        var report = ImportReport()
        var creatorFiles: [(String, CSVTable)] = []
        var sessionFiles: [(String, CSVTable)] = []
        var ticketFiles: [TicketSource] = []
        for path in paths {
            let name = (path as NSString).lastPathComponent
            if options.kind == .zendesk || (options.kind == nil && name.lowercased().hasSuffix(".json")) {
                ticketFiles.append(try ZendeskExport.read(path: path, file: name))
                continue
            }
            let table = try CSVTable.read(path: path)
            let kind = options.kind ?? detectKind(table.header)
            switch kind {
            case .creators?: creatorFiles.append((name, table))
            case .sessions?: sessionFiles.append((name, table))
            case .tickets?, .zendesk?: ticketFiles.append(.csv(file: name, table: table))
            case nil:
                throw GreenroomError.invalidInput("\(name): cannot tell what it holds: creators need a handle column; live sessions need handle, start and minutes; tickets need subject and status or priority (use --type)")
            }
        }
        let now = self.now
        let (plan, ticketPlan) = try read { db -> (ImportPlan, TicketImportPlan) in
            let settings = try Store.loadSettings(db)
            var builder = ImportPlan.Builder(db: db, now: now, stages: settings.allStageNames, zone: settings.zone)
            try builder.loadDirectory()
            for (name, table) in creatorFiles { try builder.addCreators(table, file: name) }
            for (name, table) in sessionFiles { try builder.addSessions(table, file: name) }
            guard !ticketFiles.isEmpty else { return (builder.plan, TicketImportPlan()) }
            let newCreators = builder.plan.changes.compactMap { change -> Creator? in
                if case .insertCreator(let c, _) = change { return c }
                return nil
            }
            var tickets = try TicketImportPlanner(db: db, now: now, zone: settings.zone, pendingCreators: newCreators)
            for source in ticketFiles { try tickets.add(source) }
            return (builder.plan, tickets.plan)
        }
        report.errors = plan.errors + ticketPlan.errors
        report.ticketsAdded = ticketPlan.items.count
        report.ticketsSkipped = ticketPlan.skipped
        report.ticketEventsAdded = ticketPlan.events
        report.ticketTagsAdded = ticketPlan.tags
        report.creatorsAdded = plan.added
        report.creatorsUpdated = plan.updated
        report.creatorsUnchanged = plan.unchanged
        report.sessionsAdded = plan.sessions.count
        report.sessionsUnchanged = plan.sessionsUnchanged
        if options.dryRun || (!report.errors.isEmpty && !options.skipInvalid) { return report }
        guard !plan.changes.isEmpty || !plan.sessions.isEmpty || !ticketPlan.items.isEmpty else { return report }
        let memberID = try memberHandle.flatMap { try member(handle: $0)?.id }
        try write { db in
            for change in plan.changes { _ = try applyInTransaction(change, by: memberID, in: db) }
            for session in plan.sessions { try insertStamped(session, in: db) }
            try insertTickets(ticketPlan, in: db)
            if !plan.changes.isEmpty || !plan.sessions.isEmpty { try Store.refreshCreatorStats(db, now: now) }
        }
        report.applied = true
        return report
    }

    func detectKind(_ header: [String]) -> ImportOptions.Kind? {
        let ticket = ImportColumns.map(header, ImportColumns.ticket).columns
        if ticket["subject"] != nil && (ticket["status"] != nil || ticket["priority"] != nil) { return .tickets }
        let session = ImportColumns.map(header, ImportColumns.session).columns
        if session["handle"] != nil && session["started_at"] != nil && session["minutes"] != nil { return .sessions }
        if ImportColumns.map(header, ImportColumns.creator).columns["handle"] != nil { return .creators }
        return nil
    }
}

/// The checked result of reading import files: the changes to make, and every problem.
struct ImportPlan {
    var changes: [Change] = []
    var sessions: [LiveSession] = []
    var errors: [String] = []
    var added = 0, updated = 0, unchanged = 0, sessionsUnchanged = 0

    struct Builder {
        let db: Database
        let now: Millis
        let stages: [String]
        let zone: TimeZone
        var plan = ImportPlan()
        var creators: [String: Creator] = [:]
        var tags: [String: [String]] = [:]
        var members: [String: String] = [:]
        var networks: [String: String] = [:]
        var newHandles: [String: String] = [:]

        init(db: Database, now: Millis, stages: [String], zone: TimeZone) {
            self.db = db; self.now = now; self.stages = stages; self.zone = zone
        }

        mutating func loadDirectory() throws {
            for m in try Member.fetchAll(db, sql: "SELECT * FROM member WHERE deleted = 0") { members[m.handle] = m.id }
            for n in try Network.fetchAll(db, sql: "SELECT * FROM network WHERE deleted = 0") { networks[n.name.lowercased()] = n.id }
        }

        mutating func existing(_ handle: String) throws -> Creator? {
            if let c = creators[handle] { return c }
            let c = try Creator.fetchOne(db, sql: "SELECT * FROM creator WHERE handle = ? AND deleted = 0", arguments: [handle])
            if let c { creators[handle] = c }
            return c
        }

        mutating func addCreators(_ table: CSVTable, file: String) throws {
            let (columns, unknown) = ImportColumns.map(table.header, ImportColumns.creator)
            if !unknown.isEmpty {
                plan.errors.append("\(file) line 1: unknown column\(unknown.count > 1 ? "s" : "") \(unknown.map { "\"\($0)\"" }.joined(separator: ", ")) (known: handle, name, kind, market, language, network, owner, stage, source, followers, email, phone, tags, notes)")
                return
            }
            var seen: [String: Int] = [:]
            for (line, fields) in table.records {
                var updating = false
                /// A cell's value; for an existing creator an empty cell leaves the field as it is.
                func value(_ name: String) -> String? {
                    guard let i = columns[name] else { return nil }
                    let v = i < fields.count ? fields[i].trimmingCharacters(in: .whitespacesAndNewlines) : ""
                    return updating && v.isEmpty && name != "handle" ? nil : v
                }
                var problems: [String] = []
                let rawHandle = value("handle") ?? ""
                guard !rawHandle.isEmpty else {
                    plan.errors.append("\(file) line \(line): handle is empty")
                    continue
                }
                var draft = CreatorDraft()
                draft[.handle] = rawHandle
                let handle = draft.normalizedHandle
                if let first = seen[handle] {
                    plan.errors.append("\(file) line \(line): handle \(handle) appears again (first on line \(first))")
                    continue
                }
                seen[handle] = line
                let current = try existing(handle)
                updating = current != nil
                let currentTags = try current.map { c -> [String] in
                    if let t = tags[c.id] { return t }
                    let t = try String.fetchAll(db, sql: "SELECT DISTINCT tag FROM creator_tag WHERE creator_id = ? AND deleted = 0 ORDER BY tag", arguments: [c.id])
                    tags[c.id] = t
                    return t
                } ?? []
                // Start from what is stored (or defaults) and overlay the file's columns.
                if let c = current {
                    draft = CreatorDraft.editing(c, ownerHandle: members.first { $0.value == c.ownerID }?.key,
                                                 networkName: nil, tags: currentTags)
                    draft[.network] = ""
                } else {
                    draft = CreatorDraft.new(owner: nil)
                    draft[.handle] = handle
                    draft[.displayName] = String(handle.dropFirst())
                }
                var networkID = current?.networkID
                var ownerID = current?.ownerID
                for (field, column) in [(CreatorDraft.Field.displayName, "display_name"), (.kind, "kind"), (.market, "market"),
                                        (.language, "language"), (.stage, "stage"), (.source, "source"), (.email, "email"),
                                        (.phone, "phone"), (.tags, "tags"), (.notes, "notes")] {
                    if let v = value(column) {
                        if field == .tags {
                            draft[field] = v.split(whereSeparator: { ";|,".contains($0) }).map { Store.normalizeTag(String($0)) }.joined(separator: ", ")
                        } else if field == .kind || field == .source || field == .stage {
                            draft[field] = v.lowercased()
                        } else {
                            draft[field] = v
                        }
                    }
                }
                if let v = value("market"), !v.isEmpty, !Market.isValid(v.uppercased()) {
                    problems.append("market \"\(v)\" is not an ISO code")
                }
                if let v = value("followers") {
                    if let n = ImportValues.count(v) { draft[.followers] = String(n) } else { problems.append("followers \"\(v)\" is not a number") }
                }
                if let v = value("owner") {
                    let h = v.isEmpty ? "" : (v.hasPrefix("@") ? v.lowercased() : "@" + v.lowercased())
                    if h.isEmpty { ownerID = nil } else if let id = members[h] { ownerID = id } else { problems.append("owner \(h) is not a teammate") }
                }
                if let v = value("network") {
                    if v.isEmpty { networkID = nil } else if let id = networks[v.lowercased()] { networkID = id } else { problems.append("network \"\(v)\" does not exist") }
                }
                if current == nil && (value("market") ?? "").isEmpty { problems.append("market is required for a new creator") }
                for (field, message) in draft.formatErrors(stages: stages) where field != .market && field != .followers && field != .owner && field != .network {
                    problems.append("\(field.label.lowercased()): \(message)")
                }
                if let existingElsewhere = newHandles[handle], current == nil, existingElsewhere != handle {
                    problems.append("handle \(handle) is already taken")
                }
                guard problems.isEmpty else {
                    plan.errors.append("\(file) line \(line): " + problems.joined(separator: "; "))
                    continue
                }
                if let c = current {
                    let changes = draft.changes(from: c, originalTags: currentTags, ownerID: ownerID, networkID: networkID)
                    if changes.isEmpty { plan.unchanged += 1 } else { plan.updated += 1; plan.changes += changes }
                } else {
                    let creator = draft.creator(id: UUIDv7.make(millis: now), createdAt: now, ownerID: ownerID, networkID: networkID)
                    var c = creator
                    c.source = value("source") == nil ? .import : creator.source
                    plan.changes.append(.insertCreator(c, tags: draft.tagList))
                    plan.added += 1
                    creators[handle] = c
                    newHandles[handle] = handle
                }
            }
        }

        mutating func addSessions(_ table: CSVTable, file: String) throws {
            let (columns, unknown) = ImportColumns.map(table.header, ImportColumns.session)
            if !unknown.isEmpty {
                plan.errors.append("\(file) line 1: unknown column\(unknown.count > 1 ? "s" : "") \(unknown.map { "\"\($0)\"" }.joined(separator: ", ")) (known: handle, started_at, minutes, peak_viewers, viewer_minutes, gifts)")
                return
            }
            var seen = Set<String>()
            for (line, fields) in table.records {
                func value(_ name: String) -> String? {
                    guard let i = columns[name] else { return nil }
                    return i < fields.count ? fields[i].trimmingCharacters(in: .whitespacesAndNewlines) : ""
                }
                var problems: [String] = []
                var draft = CreatorDraft()
                draft[.handle] = value("handle") ?? ""
                let handle = draft.normalizedHandle
                let creator = handle == "@" ? nil : try existing(handle)
                if handle == "@" { problems.append("handle is empty") } else if creator == nil { problems.append("no creator \(handle) (import the creator first)") }
                let startText = value("started_at") ?? ""
                let start = ImportValues.instant(startText, zone: zone)
                if start == nil { problems.append("start \"\(startText)\" is not a date and time (2026-11-20T19:30:00Z or 2026-11-20 19:30)") }
                if let s = start, s > now { problems.append("start \(startText) is in the future") }
                let minutesText = value("minutes") ?? ""
                let minutes = ImportValues.minutes(minutesText)
                if minutes == nil { problems.append("minutes \"\(minutesText)\" is not a duration (90 or 1:30)") }
                var extras: [String: Int] = [:]
                for column in ["peak_viewers", "viewer_minutes", "gifts"] {
                    guard let v = value(column), !v.isEmpty else { continue }
                    if let n = ImportValues.count(v) { extras[column] = n } else { problems.append("\(column.replacingOccurrences(of: "_", with: " ")) \"\(v)\" is not a number") }
                }
                guard problems.isEmpty, let creator, let start, let minutes else {
                    plan.errors.append("\(file) line \(line): " + problems.joined(separator: "; "))
                    continue
                }
                let key = "\(creator.id)|\(start)"
                let stored = try Bool.fetchOne(db, sql: "SELECT 1 FROM live_session WHERE creator_id = ? AND started_at = ?", arguments: [creator.id, start]) == true
                if stored || seen.contains(key) {
                    plan.sessionsUnchanged += 1
                    continue
                }
                seen.insert(key)
                plan.sessions.append(LiveSession(id: UUIDv7.make(millis: start), creatorID: creator.id, startedAt: start, minutes: minutes,
                                                 peakViewers: extras["peak_viewers"] ?? 0, viewerMinutes: extras["viewer_minutes"] ?? 0,
                                                 gifts: extras["gifts"] ?? 0))
            }
        }
    }
}

/// Parsing values people put in spreadsheets.
enum ImportValues {
    /// `12300`, `12,300`, `12.3k`, `1.2M`.
    static func count(_ text: String) -> Int? {
        let t = text.replacingOccurrences(of: ",", with: "").replacingOccurrences(of: "_", with: "").lowercased()
        if let n = Int(t), n >= 0 { return n }
        for (suffix, factor) in [("k", 1_000.0), ("m", 1_000_000.0)] where t.hasSuffix(suffix) {
            if let v = Double(t.dropLast()), v >= 0 { return Int((v * factor).rounded()) }
        }
        return nil
    }

    /// Minutes as `90` or `1:30`, at most a day.
    static func minutes(_ text: String) -> Int? {
        if let n = Int(text), (0...1440).contains(n) { return n }
        let parts = text.split(separator: ":")
        if parts.count == 2, let h = Int(parts[0]), let m = Int(parts[1]), (0..<60).contains(m), h * 60 + m <= 1440 { return h * 60 + m }
        return nil
    }

    /// ISO 8601 with a zone, or a local `YYYY-MM-DD HH:MM[:SS]` in the team's zone.
    static func instant(_ text: String, zone: TimeZone) -> Millis? {
        if let m = Time.parseISO(text) { return m }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        for format in ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm"] {
            formatter.dateFormat = format
            if let d = formatter.date(from: text) { return Time.millis(d) }
        }
        return nil
    }
}
