import Foundation
import GRDB
import GreenroomCore

extension Store {
    /// Writes checked tickets with their events and tags, inside the caller's transaction, and
    /// derives each ticket's first reply, solve time and SLA due time from its events.
    func insertTickets(_ plan: TicketImportPlan, in db: Database) throws {
        for item in plan.items {
            var ticket = item.ticket
            ticket.teamID = try Store.teamForNewTicket(ticket, db)
            try insertStamped(ticket, in: db)
            for event in item.events { try insertStamped(event, in: db) }
            for tag in item.tags { try insertStamped(tag, in: db) }
            try Derived.refreshTicket(db, ticketID: item.ticket.id)
        }
    }
}

extension Store {
    /// A new ticket's team: the one it names, else its requester creator's team (issue 24;
    /// a removed team is none), so the creator's team's rule and SLA apply to it.
    static func teamForNewTicket(_ ticket: Ticket, _ db: Database) throws -> String? {
        if let team = ticket.teamID { return team }
        guard let creator = ticket.requesterCreatorID else { return nil }
        return try String.fetchOne(db.cachedStatement(sql: """
            SELECT t.id FROM creator c JOIN team t ON t.id = c.team_id AND t.deleted = 0 WHERE c.id = ?
            """), arguments: [creator])
    }
}
