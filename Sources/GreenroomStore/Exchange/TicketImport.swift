import Foundation
import GreenroomCore

// Tickets for `greenroom import`: a Zendesk JSON export (the REST API's shapes) or a generic
// tickets CSV. Like creators, every ticket is checked first; `Store.importFiles` writes the
// checked plan in the same transaction as the rest of the import.
//
// ImportJSON.swift parses JSON, ZendeskExport.swift reads a Zendesk export, TicketCSVMapping.swift
// names the CSV columns and values, TicketImportPlanner*.swift check tickets against the database
// and TicketInsert.swift writes the plan.

/// A tickets file, read and parsed, waiting to be checked against the database.
enum TicketSource: Sendable {
    case zendesk(file: String, document: ImportJSON)
    case csv(file: String, table: CSVTable)
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

