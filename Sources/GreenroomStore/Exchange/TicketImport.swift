import Foundation
import GRDB
import GreenroomCore

// Tickets for `greenroom import`: a Zendesk JSON export (the REST API's shapes) or a generic
// tickets CSV. Like creators, every ticket is checked first; `Store.importFiles` writes the
// checked plan in the same transaction as the rest of the import.

/// A tickets file, read and parsed, waiting to be checked against the database.
enum TicketSource: Sendable {
    case zendesk(file: String, document: ImportJSON)
    case csv(file: String, table: CSVTable)
}

/// A JSON document as read for import. Numbers keep whether they were integers, so Zendesk's
/// 64-bit ids come back as the digits they were written with.
indirect enum ImportJSON: Sendable, Decodable, Equatable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([ImportJSON])
    case object([String: ImportJSON])

    init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() {
            self = .null
        } else if let b = try? c.decode(Bool.self) {
            self = .bool(b)
        } else if let i = try? c.decode(Int64.self) {
            self = .int(i)
        } else if let d = try? c.decode(Double.self) {
            self = .double(d)
        } else if let s = try? c.decode(String.self) {
            self = .string(s)
        } else if let a = try? c.decode([ImportJSON].self) {
            self = .array(a)
        } else {
            self = .object(try c.decode([String: ImportJSON].self))
        }
    }

    subscript(key: String) -> ImportJSON? {
        if case .object(let o) = self { return o[key] }
        return nil
    }

    var array: [ImportJSON]? {
        if case .array(let a) = self { return a }
        return nil
    }

    var isObject: Bool {
        if case .object = self { return true }
        return false
    }

    var isNull: Bool { self == .null }

    /// A scalar as trimmed text (numbers in decimal); nil for null, empty text and containers.
    var text: String? {
        switch self {
        case .string(let s):
            let t = s.trimmingCharacters(in: .whitespacesAndNewlines)
            return t.isEmpty ? nil : t
        case .int(let i): return String(i)
        case .double(let d): return d.rounded() == d && abs(d) < 1e18 ? String(Int64(d)) : String(d)
        case .bool(let b): return b ? "true" : "false"
        default: return nil
        }
    }

    /// A string as written (not trimmed), for message bodies.
    var string: String? {
        if case .string(let s) = self { return s }
        return nil
    }
}

/// Reading a Zendesk export: `{"tickets": [...], "users": [...], "comments": ..., "organizations": [...]}`.
enum ZendeskExport {
    static func read(path: String, file: String) throws -> TicketSource {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw GreenroomError.invalidInput("cannot read \(path)")
        }
        let document: ImportJSON
        do {
            document = try JSONDecoder().decode(ImportJSON.self, from: data)
        } catch {
            throw GreenroomError.invalidInput("\(file): not JSON (\(reason(data)))")
        }
        guard document.isObject else {
            throw GreenroomError.invalidInput("\(file): not a Zendesk export: expected an object with a \"tickets\" array")
        }
        guard document["tickets"]?.array != nil else {
            throw GreenroomError.invalidInput("\(file): no \"tickets\" array (a Zendesk export looks like {\"tickets\": [...], \"users\": [...]})")
        }
        return .zendesk(file: file, document: document)
    }

    /// Where and why `data` does not parse, in one line: Foundation's JSONSerialization says
    /// what it met and at which byte ("Invalid value around character 12."), which becomes a
    /// line and column.
    private static func reason(_ data: Data) -> String {
        if data.isEmpty { return "the file is empty" }
        var text = "the data is not valid JSON"
        do {
            _ = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            if let d = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String, !d.isEmpty { text = d }
        }
        if let r = text.range(of: " around character "), let offset = Int(text[r.upperBound...].prefix(while: \.isNumber)) {
            let bytes = [UInt8](data.prefix(offset))
            let line = bytes.filter { $0 == 10 }.count + 1
            let column = offset - (bytes.lastIndex(of: 10).map { $0 + 1 } ?? 0) + 1
            text = String(text[..<r.lowerBound]) + " at line \(line), column \(column)"
        }
        text = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? text
        if text.hasSuffix(".") { text.removeLast() }
        if let first = text.first, text.dropFirst().first?.isLowercase == true { text = first.lowercased() + text.dropFirst() }
        return text.count > 160 ? String(text.prefix(160)) + "…" : text
    }
}

extension ImportColumns {
    /// Columns of a generic tickets CSV (including the ones `greenroom export` writes).
    static let ticket: [String: [String]] = [
        "subject": ["subject", "title", "summary"],
        "body": ["body", "description", "message", "details", "text", "content"],
        "status": ["status", "state"],
        "priority": ["priority", "urgency"],
        "category": ["category", "type", "topic", "tickettype"],
        "channel": ["channel", "via", "source"],
        "tier": ["tier", "level", "supporttier"],
        "requester": ["requester", "creator", "handle", "requesterhandle", "creatorhandle", "requestedby", "from"],
        "network": ["network", "agency", "mcn", "networkname", "organization", "organisation", "org"],
        "assignee": ["assignee", "agent", "assignedto", "owner", "assigneehandle"],
        "tags": ["tags", "labels", "tag"],
        "created_at": ["created", "createdat", "date", "datetime", "opened", "openedat", "createdon"],
        "key": ["key", "ticketkey", "ticket"],
        "csat": ["csat", "satisfaction", "rating"],
        "id": ["id", "greenroomid"],
    ]
}

/// Parsing the closed ticket vocabularies from what people and Zendesk write.
enum TicketValues {
    static func status(_ text: String) -> TicketStatus? {
        switch CSVTable.fold(text) {
        case "new": return .new
        case "open": return .open
        case "pending": return .pending
        case "hold", "onhold": return .onHold
        case "solved", "resolved": return .solved
        case "closed": return .closed
        default: return nil
        }
    }

    static func priority(_ text: String) -> TicketPriority? {
        TicketPriority(rawValue: text.trimmingCharacters(in: .whitespaces).lowercased())
    }

    static func category(_ text: String) -> TicketCategory? {
        let folded = CSVTable.fold(text)
        return TicketCategory.allCases.first { CSVTable.fold($0.rawValue) == folded }
    }

    static func channel(_ text: String) -> TicketChannel? {
        switch CSVTable.fold(text) {
        case "inapp", "app", "mobile", "api": return .inApp
        case "webform", "web", "form": return .webform
        case "email", "mail": return .email
        case "internal": return .internal
        default: return nil
        }
    }

    /// Zendesk's `via.channel`: web → webform, email → email, api and mobile → in_app, anything else → webform.
    static func zendeskChannel(_ text: String?) -> TicketChannel {
        let c = (text ?? "").lowercased()
        if c == "email" { return .email }
        if c == "api" || c.hasPrefix("mobile") { return .inApp }
        return .webform
    }

    static func tier(_ text: String) -> Int? {
        switch CSVTable.fold(text) {
        case "1", "t1", "tier1": return 1
        case "2", "t2", "tier2": return 2
        default: return nil
        }
    }

    /// A list of tags from a cell: separated by `;`, `,` or `|`, normalised.
    static func tags(_ text: String) -> [String] {
        text.split(whereSeparator: { ";|,".contains($0) }).map { Store.normalizeTag(String($0)) }.filter { !$0.isEmpty }
    }
}

/// The checked tickets of an import: what to write, what is already there, and every problem.
struct TicketImportPlan: Sendable {
    struct Item: Sendable {
        var ticket: Ticket
        var events: [TicketEvent]
        var tags: [TicketTag]
    }

    var items: [Item] = []
    var errors: [String] = []
    /// Teammates and networks `--create-missing` adds for tickets.
    var newMembers: [Member] = []
    var newNetworks: [Network] = []
    /// Tickets already imported (the same Zendesk id, or key, or subject and creation time).
    var skipped = 0

    var events: Int { items.reduce(0) { $0 + $1.events.count } }
    var tags: Int { items.reduce(0) { $0 + $1.tags.count } }
}

/// Checks tickets files against the database (read-only) and builds a `TicketImportPlan`.
struct TicketImportPlanner {
    let db: Database
    let now: Millis
    let zone: TimeZone
    var plan = TicketImportPlan()

    private struct CreatorRef {
        var id: String
        var networkID: String?
    }

    private var members: [Member] = []
    private var networks: [String: String] = [:]
    private var creatorsByHandle: [String: CreatorRef?] = [:]
    private var creatorsByEmail: [String: CreatorRef]?
    private var pending: [Creator]
    private var zendeskTagsInPlan = Set<String>()

    /// `--map`: file column → canonical column.
    private let mapping: [String: String]
    /// `--create-missing`: assignees become specialists, networks are created by name.
    private let createMissing: Bool

    /// `pendingCreators`: creators the same import adds, so its tickets can name them;
    /// `extraMembers`, `extraNetworks`: teammates and networks it creates (`--create-missing`).
    init(db: Database, now: Millis, zone: TimeZone, pendingCreators: [Creator] = [], mapping: [String: String] = [:],
         extraMembers: [Member] = [], extraNetworks: [Network] = [], createMissing: Bool = false) throws {
        self.db = db; self.now = now; self.zone = zone; self.pending = pendingCreators; self.createMissing = createMissing
        self.mapping = ImportColumns.applicable(mapping, to: ImportColumns.ticket)
        members = try Member.fetchAll(db, sql: "SELECT * FROM member WHERE deleted = 0 ORDER BY handle") + extraMembers
        for n in try Network.fetchAll(db, sql: "SELECT * FROM network WHERE deleted = 0 ORDER BY name") + extraNetworks where networks[n.name.lowercased()] == nil {
            networks[n.name.lowercased()] = n.id
        }
        for c in pendingCreators { creatorsByHandle[c.handle] = CreatorRef(id: c.id, networkID: c.networkID) }
    }

    mutating func add(_ source: TicketSource) throws {
        switch source {
        case .zendesk(let file, let document): try addZendesk(document, file: file)
        case .csv(let file, let table): try addCSV(table, file: file)
        }
    }

    // MARK: Directory look-ups

    private mutating func creator(handle raw: String) throws -> CreatorRef? {
        let trimmed = raw.trimmingCharacters(in: .whitespaces).lowercased()
        let handle = trimmed.hasPrefix("@") ? trimmed : "@" + trimmed
        if let cached = creatorsByHandle[handle] { return cached }
        let row = try Row.fetchOne(db, sql: "SELECT id, network_id FROM creator WHERE handle = ? AND deleted = 0", arguments: [handle])
        let ref = row.map { CreatorRef(id: $0["id"], networkID: $0["network_id"]) }
        creatorsByHandle[handle] = ref
        return ref
    }

    /// Creators by email, read once (there is no index on email; one scan beats one per ticket).
    private mutating func creator(email: String) throws -> CreatorRef? {
        if creatorsByEmail == nil {
            var map: [String: CreatorRef] = [:]
            let rows = try Row.fetchCursor(db, sql: "SELECT id, network_id, email FROM creator WHERE deleted = 0 AND email IS NOT NULL AND email <> '' ORDER BY created_at")
            while let r = try rows.next() {
                let e = (r["email"] as String).trimmingCharacters(in: .whitespaces).lowercased()
                if map[e] == nil { map[e] = CreatorRef(id: r["id"], networkID: r["network_id"]) }
            }
            for c in pending {
                if let e = c.email?.trimmingCharacters(in: .whitespaces).lowercased(), !e.isEmpty, map[e] == nil {
                    map[e] = CreatorRef(id: c.id, networkID: c.networkID)
                }
            }
            creatorsByEmail = map
        }
        return creatorsByEmail?[email.trimmingCharacters(in: .whitespaces).lowercased()]
    }

    /// A teammate by email, handle (`@ana`) or name, ignoring case.
    private func member(email: String?, name: String?) -> Member? {
        if let e = email?.lowercased(), !e.isEmpty, let m = members.first(where: { $0.email?.lowercased() == e }) { return m }
        guard let n = name?.trimmingCharacters(in: .whitespaces).lowercased(), !n.isEmpty else { return nil }
        let handle = n.hasPrefix("@") ? n : "@" + n
        return members.first { $0.handle.lowercased() == handle } ?? members.first { $0.name.lowercased() == n }
    }

    private func member(handle raw: String) -> Member? {
        let trimmed = raw.trimmingCharacters(in: .whitespaces).lowercased()
        let handle = trimmed.hasPrefix("@") ? trimmed : "@" + trimmed
        return members.first { $0.handle.lowercased() == handle }
    }

    private func alreadyTagged(_ tag: String) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT 1 FROM ticket_tag WHERE tag = ? AND deleted = 0 LIMIT 1", arguments: [tag]) == true
    }

    // MARK: Zendesk

    mutating func addZendesk(_ document: ImportJSON, file: String) throws {
        var users: [String: ImportJSON] = [:]
        for user in document["users"]?.array ?? [] {
            if let id = user["id"]?.text { users[id] = user }
        }
        var organizations: [String: String] = [:]
        for org in document["organizations"]?.array ?? [] {
            if let id = org["id"]?.text, let name = org["name"]?.text { organizations[id] = name }
        }
        var comments: [String: [ImportJSON]] = [:]
        switch document["comments"] {
        case nil, .null?:
            break
        case .object(let byTicket)?:
            // {"123": [comment, …]} — or {"123": {"comments": [comment, …]}}, the API's per-ticket answer.
            for (ticketID, list) in byTicket {
                if let items = list.array ?? list["comments"]?.array {
                    comments[ticketID, default: []] += items
                } else {
                    plan.errors.append("\(file): comments for ticket \(ticketID) are not a list")
                }
            }
        case .array(let entries)?:
            // [{"ticket_id": 123, "comments": [comment, …]}] — or a flat list of comments that each name their ticket.
            for (i, entry) in entries.enumerated() {
                guard let ticketID = entry["ticket_id"]?.text else {
                    plan.errors.append("\(file): comments entry #\(i) has no ticket_id")
                    continue
                }
                if let items = entry["comments"]?.array {
                    comments[ticketID, default: []] += items
                } else {
                    comments[ticketID, default: []].append(entry)
                }
            }
        default:
            plan.errors.append("\(file): \"comments\" must be an object keyed by ticket id or a list of {ticket_id, comments}")
        }

        let tickets = document["tickets"]?.array ?? []
        var seen: [String: Int] = [:]
        for (index, element) in tickets.enumerated() {
            guard element.isObject else {
                plan.errors.append("\(file) ticket #\(index): not an object")
                continue
            }
            guard let zid = element["id"]?.text else {
                plan.errors.append("\(file) ticket #\(index): missing id")
                continue
            }
            let place = "\(file) ticket #\(index) (Zendesk id \(zid))"
            if let first = seen[zid] {
                plan.errors.append("\(place): the same Zendesk id as ticket #\(first)")
                continue
            }
            seen[zid] = index
            let marker = Store.normalizeTag("zendesk-\(zid)")
            if try zendeskTagsInPlan.contains(marker) || alreadyTagged(marker) {
                plan.skipped += 1
                continue
            }
            let ticketComments = (element["comments"]?.array ?? []) + (comments[zid] ?? [])
            switch try zendeskTicket(element, zendeskID: zid, marker: marker, users: users, organizations: organizations, comments: ticketComments) {
            case .success(let item):
                plan.items.append(item)
                zendeskTagsInPlan.insert(marker)
            case .failure(let problems):
                plan.errors.append("\(place): " + problems.reasons.joined(separator: "; "))
            }
        }
    }

    struct Problems: Error {
        var reasons: [String]
    }

    private func instant(_ value: ImportJSON?) -> (Millis?, String?) {
        guard let text = value?.text else { return (nil, nil) }
        return (Time.parseISO(text), text)
    }

    private mutating func zendeskTicket(_ t: ImportJSON, zendeskID: String, marker: String, users: [String: ImportJSON],
                                        organizations: [String: String], comments rawComments: [ImportJSON]) throws -> Result<TicketImportPlan.Item, Problems> {
        var problems: [String] = []
        let subject = t["subject"]?.text ?? t["raw_subject"]?.text
        if subject == nil { problems.append("missing subject") }

        var status: TicketStatus?
        if let s = t["status"]?.text {
            status = TicketValues.status(s)
            if status == nil { problems.append("unknown status \"\(s)\" (expected new, open, pending, hold, solved or closed)") }
        } else {
            problems.append("missing status")
        }
        var priority = TicketPriority.normal
        if let p = t["priority"]?.text {
            if let v = TicketValues.priority(p) { priority = v } else { problems.append("unknown priority \"\(p)\" (expected urgent, high, normal or low)") }
        }

        let (created, createdText) = instant(t["created_at"])
        if createdText == nil {
            problems.append("missing created_at")
        } else if created == nil {
            problems.append("bad created_at \"\(createdText!)\" (expected ISO 8601, such as 2026-11-20T09:30:00Z)")
        } else if created! > now {
            problems.append("created_at \(createdText!) is in the future")
        }
        let (updated, updatedText) = instant(t["updated_at"])
        if let updatedText, updated == nil {
            problems.append("bad updated_at \"\(updatedText)\"")
        }

        var rawTags: [String] = []
        switch t["tags"] {
        case nil, .null?: break
        case .array(let list)?: rawTags = list.compactMap(\.text)
        default: problems.append("tags is not a list")
        }

        // Comments, in time order; the first is usually the description again.
        struct Comment { var at: Millis; var body: String; var isPublic: Bool; var authorID: String? }
        var parsed: [(Int, Comment)] = []
        for (k, c) in rawComments.enumerated() {
            guard c.isObject else {
                problems.append("comment #\(k): not an object")
                continue
            }
            let (at, atText) = instant(c["created_at"])
            guard let at else {
                problems.append(atText == nil ? "comment #\(k): missing created_at" : "comment #\(k): bad created_at \"\(atText!)\"")
                continue
            }
            let body = (c["body"]?.string ?? c["plain_body"]?.string ?? c["html_body"]?.string ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            if body.isEmpty { continue }
            var isPublic = true
            if case .bool(let b)? = c["public"] { isPublic = b }
            parsed.append((k, Comment(at: at, body: body, isPublic: isPublic, authorID: c["author_id"]?.text)))
        }

        guard problems.isEmpty, let subject, let status, let createdAt = created else {
            return .failure(Problems(reasons: problems))
        }
        var commentList = parsed.sorted { ($0.1.at, $0.0) < ($1.1.at, $1.0) }.map(\.1)

        // Requester: a creator by email or by an @handle name; else their name stays in the body.
        let requesterID = t["requester_id"]?.text
        let requester: ImportJSON? = requesterID.flatMap { users[$0] } ?? (t["requester"]?.isObject == true ? t["requester"] : nil)
        let requesterEmail = requester?["email"]?.text
        let requesterName = requester?["name"]?.text
        var creatorRef: CreatorRef?
        if let requesterEmail { creatorRef = try creator(email: requesterEmail) }
        if creatorRef == nil, let name = requesterName, name.hasPrefix("@"), !name.contains(" ") { creatorRef = try creator(handle: name) }
        var networkID: String?
        if let orgID = t["organization_id"]?.text ?? requester?["organization_id"]?.text, let orgName = organizations[orgID] {
            networkID = networks[orgName.trimmingCharacters(in: .whitespaces).lowercased()]
        }
        if networkID == nil { networkID = creatorRef?.networkID }

        // Assignee: a teammate by email or name.
        let assigneeUserID = t["assignee_id"]?.text
        let assigneeUser = assigneeUserID.flatMap { users[$0] }
        let assignee = assigneeUser.flatMap { member(email: $0["email"]?.text, name: $0["name"]?.text) }

        var description = (t["description"]?.string ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if description.isEmpty, let first = commentList.first { description = first.body }
        if let first = commentList.first, first.body == description { commentList.removeFirst() }
        var body = description
        if creatorRef == nil {
            var from: String
            switch (requesterName, requesterEmail) {
            case let (name?, email?): from = "\(name) <\(email)>"
            case let (name?, nil): from = name
            case let (nil, email?): from = "<\(email)>"
            case (nil, nil): from = requesterID.map { "Zendesk user \($0)" } ?? ""
            }
            if !from.isEmpty { body = "From: \(from)" + (description.isEmpty ? "" : "\n\n" + description) }
        }

        var tags: [String] = []
        for tag in rawTags.map(Store.normalizeTag) + [marker] where !tag.isEmpty && !tags.contains(tag) { tags.append(tag) }
        let category = rawTags.lazy.compactMap { TicketCategory(rawValue: Store.normalizeTag($0).replacingOccurrences(of: "-", with: "_")) }.first ?? .other
        let channel = TicketValues.zendeskChannel(t["via"]?["channel"]?.text)
        var csat: CSAT?
        if let score = t["satisfaction_rating"]?["score"]?.text { csat = CSAT(rawValue: score.lowercased()) }

        let id = UUIDv7.make(millis: createdAt)
        guard let key = TicketKey.full(forID: id) else { throw GreenroomError.invalidInput("could not make a ticket key") }
        let ticket = Ticket(id: id, key: key, subject: subject, body: body, requesterCreatorID: creatorRef?.id, requesterNetworkID: networkID,
                            channel: channel, category: category, priority: priority, status: status, tier: 1,
                            assigneeID: assignee?.id, csat: csat, createdAt: createdAt)

        var events: [TicketEvent] = []
        for c in commentList {
            let author = c.authorID.flatMap { users[$0] }
            let role = author?["role"]?.text?.lowercased()
            let authorMember = author.flatMap { member(email: $0["email"]?.text, name: $0["name"]?.text) }
            // An agent: by Zendesk role, or a teammate we know, or the ticket's assignee (when not also its requester).
            let isAgent = role == "agent" || role == "admin" || authorMember != nil
                || (c.authorID != nil && c.authorID == assigneeUserID && c.authorID != requesterID)
            events.append(TicketEvent(id: UUIDv7.make(millis: c.at), ticketID: id, kind: c.isPublic ? .reply : .note, at: c.at,
                                      actor: isAgent ? .agent : .requester, authorID: isAgent ? authorMember?.id : nil,
                                      isPublic: c.isPublic, body: c.body))
        }
        if !status.isOpen {
            // When it was solved, so `solved_at` is derived: Zendesk's last update, never before the last message.
            let at = max(updated ?? createdAt, events.map(\.at).max() ?? createdAt, createdAt)
            events.append(TicketEvent(id: UUIDv7.make(millis: at), ticketID: id, kind: .status, at: at, actor: .system, authorID: nil,
                                      isPublic: false, fromValue: nil, toValue: status.rawValue))
        }
        let tagRows = tags.map { TicketTag(id: UUIDv7.make(millis: createdAt), ticketID: id, tag: $0) }
        return .success(TicketImportPlan.Item(ticket: ticket, events: events, tags: tagRows))
    }

    // MARK: Tickets CSV

    mutating func addCSV(_ table: CSVTable, file: String) throws {
        let match = try ImportColumns.match(table.header, ImportColumns.ticket, mapping: mapping, file: file)
        let columns = match.columns, unknown = match.unknown
        if !unknown.isEmpty {
            plan.errors.append("\(file):1: unknown column\(unknown.count > 1 ? "s" : "") \(unknown.map { "\"\(TerminalText.sanitize($0))\"" }.joined(separator: ", ")) (known: subject, body, status, priority, category, channel, tier, requester, network, assignee, tags, created, key, csat, id)")
            return
        }
        guard columns["subject"] != nil else {
            plan.errors.append("\(file):1: no subject column")
            return
        }
        var seen: [String: Int] = [:]
        for (line, fields) in table.records {
            func value(_ name: String) -> String {
                guard let i = columns[name], i < fields.count else { return "" }
                return fields[i].trimmingCharacters(in: .whitespacesAndNewlines)
            }
            var problems: [String] = []
            let subject = value("subject")
            if subject.isEmpty { problems.append("subject is empty") }
            var status = TicketStatus.new
            if !value("status").isEmpty {
                if let s = TicketValues.status(value("status")) { status = s } else { problems.append("unknown status \"\(value("status"))\" (expected new, open, pending, on_hold, solved or closed)") }
            }
            var priority = TicketPriority.normal
            if !value("priority").isEmpty {
                if let p = TicketValues.priority(value("priority")) { priority = p } else { problems.append("unknown priority \"\(value("priority"))\" (expected urgent, high, normal or low)") }
            }
            var category = TicketCategory.other
            if !value("category").isEmpty {
                if let c = TicketValues.category(value("category")) { category = c } else { problems.append("unknown category \"\(value("category"))\"") }
            }
            var channel = TicketChannel.webform
            if !value("channel").isEmpty {
                if let c = TicketValues.channel(value("channel")) { channel = c } else { problems.append("unknown channel \"\(value("channel"))\" (expected in_app, webform, email or internal)") }
            }
            var tier = 1
            if !value("tier").isEmpty {
                if let t = TicketValues.tier(value("tier")) { tier = t } else { problems.append("tier \"\(value("tier"))\" is not 1 or 2") }
            }
            var csat: CSAT?
            if !value("csat").isEmpty {
                csat = CSAT(rawValue: value("csat").lowercased())
                if csat == nil { problems.append("csat \"\(value("csat"))\" is not good or bad") }
            }
            var requester: CreatorRef?
            let requesterText = value("requester")
            if !requesterText.isEmpty {
                let isEmail = !requesterText.hasPrefix("@") && requesterText.contains("@")
                requester = isEmail ? try creator(email: requesterText) : try creator(handle: requesterText)
                if requester == nil { problems.append(isEmail ? "no creator with email \(requesterText)" : "requester \(requesterText.hasPrefix("@") ? requesterText.lowercased() : "@" + requesterText.lowercased()) is not a creator") }
            }
            var networkID = requester?.networkID
            if !value("network").isEmpty {
                if let id = networks[value("network").lowercased()] {
                    networkID = id
                } else if createMissing {
                    let network = Network(id: UUIDv7.make(millis: now), name: value("network"), region: "")
                    networks[network.name.lowercased()] = network.id
                    plan.newNetworks.append(network)
                    networkID = network.id
                } else {
                    problems.append("network \"\(TerminalText.sanitize(value("network")))\" does not exist (add it first, or import with --create-missing)")
                }
            }
            var assignee: Member?
            if !value("assignee").isEmpty {
                assignee = member(handle: value("assignee"))
                let handle = ImportValues.handle(value("assignee"))
                if assignee == nil, createMissing, handle.count > 1, handle.count <= 31,
                   handle.dropFirst().unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || "._-".unicodeScalars.contains($0) }) {
                    let member = Member(id: UUIDv7.make(millis: now), handle: handle, name: String(handle.dropFirst()), role: .specialist, team: "", tier: 1)
                    members.append(member)
                    plan.newMembers.append(member)
                    assignee = member
                }
                if assignee == nil { problems.append("assignee \(TerminalText.sanitize(value("assignee"))) is not a teammate (add them first, or import with --create-missing)") }
            }
            var createdAt = now
            let createdText = value("created_at")
            if !createdText.isEmpty {
                if let m = ImportValues.instant(createdText, zone: zone) {
                    createdAt = m
                    if m > now { problems.append("created \(createdText) is in the future") }
                } else {
                    problems.append("created \"\(createdText)\" is not a date and time (2026-11-20T09:30:00Z or 2026-11-20 09:30)")
                }
            }
            guard problems.isEmpty else {
                plan.errors.append("\(file):\(line): " + problems.joined(separator: "; "))
                continue
            }
            // Already there: the same key (a re-imported export), or the same subject at the same time.
            let key = TicketKey.normalize(value("key"))
            let identity = key.isEmpty ? (createdText.isEmpty ? nil : "\(createdAt)|\(subject)") : "key|\(key)"
            if let identity {
                if let first = seen[identity] {
                    plan.errors.append("\(file):\(line): the same ticket as line \(first)")
                    continue
                }
                seen[identity] = line
                let stored = key.isEmpty
                    ? try Bool.fetchOne(db, sql: "SELECT 1 FROM ticket WHERE created_at = ? AND subject = ? AND deleted = 0 LIMIT 1", arguments: [createdAt, subject]) == true
                    : try Bool.fetchOne(db, sql: "SELECT 1 FROM ticket WHERE key = ? LIMIT 1", arguments: [key]) == true
                if stored {
                    plan.skipped += 1
                    continue
                }
            }
            // An export's id keeps the ticket (and so its key) the same in a new database.
            let givenID = value("id")
            if !givenID.isEmpty {
                guard UUIDv7.isValid(givenID) else {
                    plan.errors.append("\(file):\(line): id \"\(TerminalText.sanitize(givenID))\" is not a Greenroom id (a lowercase UUIDv7; leave the cell empty)")
                    continue
                }
                if try Bool.fetchOne(db, sql: "SELECT 1 FROM ticket WHERE id = ?", arguments: [givenID]) == true {
                    plan.skipped += 1
                    continue
                }
            }
            let id = givenID.isEmpty ? UUIDv7.make(millis: createdAt) : givenID
            guard let newKey = TicketKey.full(forID: id) else { throw GreenroomError.invalidInput("could not make a ticket key") }
            let ticket = Ticket(id: id, key: newKey, subject: subject, body: value("body"), requesterCreatorID: requester?.id,
                                requesterNetworkID: networkID, channel: channel, category: category, priority: priority, status: status,
                                tier: tier, assigneeID: assignee?.id, csat: csat, createdAt: createdAt)
            var tags: [String] = []
            for tag in TicketValues.tags(value("tags")) where !tags.contains(tag) { tags.append(tag) }
            plan.items.append(TicketImportPlan.Item(ticket: ticket, events: [],
                                                    tags: tags.map { TicketTag(id: UUIDv7.make(millis: createdAt), ticketID: id, tag: $0) }))
        }
    }
}

extension Store {
    /// Writes checked tickets with their events and tags, inside the caller's transaction, and
    /// derives each ticket's first reply, solve time and SLA due time from its events.
    func insertTickets(_ plan: TicketImportPlan, in db: Database) throws {
        for item in plan.items {
            try insertStamped(item.ticket, in: db)
            for event in item.events { try insertStamped(event, in: db) }
            for tag in item.tags { try insertStamped(tag, in: db) }
            try Derived.refreshTicket(db, ticketID: item.ticket.id)
        }
    }
}
