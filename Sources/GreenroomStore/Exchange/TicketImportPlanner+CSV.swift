import Foundation
import GRDB
import GreenroomCore

/// Tickets from a generic tickets CSV.
extension TicketImportPlanner {
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
