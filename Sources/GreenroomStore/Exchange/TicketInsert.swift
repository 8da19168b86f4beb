import Foundation
import GRDB
import GreenroomCore

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
