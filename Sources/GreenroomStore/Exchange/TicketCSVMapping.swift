import Foundation
import GreenroomCore

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
