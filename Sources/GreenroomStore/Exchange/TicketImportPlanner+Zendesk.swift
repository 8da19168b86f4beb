import Foundation
import GRDB
import GreenroomCore

/// Tickets from a Zendesk export.
extension TicketImportPlanner {
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

    func instant(_ value: ImportJSON?) -> (Millis?, String?) {
        guard let text = value?.text else { return (nil, nil) }
        return (Time.parseISO(text), text)
    }

    mutating func zendeskTicket(_ t: ImportJSON, zendeskID: String, marker: String, users: [String: ImportJSON],
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

}
