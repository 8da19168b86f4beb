import Testing
import GreenroomCore

/// `TicketStatusHistory`: the one status rule every ticket KPI reads.
@Suite struct TicketStatusHistoryTests {
    let created: Millis = 1_000_000

    func history(_ current: TicketStatus, _ events: [SLAEvent]) -> TicketStatusHistory {
        TicketStatusHistory(SLATicket(createdAt: created, priority: .normal, status: current, events: events))
    }

    @Test func aSolvedTicketClosedLaterKeepsItsFirstSolve() {
        let h = history(.closed, [.status(at: created + 10, to: .open), .status(at: created + 50, to: .solved), .status(at: created + 90, to: .closed)])
        #expect(h.firstSolve == created + 50)
        #expect(h.reopenedAt == nil)
        // Solved → closed is neither a solve nor a reopen: one done move.
        #expect(h.doneMoves == [TicketFact(kind: .solve, at: created + 50, outcome: nil)])
        #expect(h.status(at: created + 50) == .open)   // moves strictly before an instant count
        #expect(h.status(at: created + 51) == .solved)
        #expect(h.status(at: created + 91) == .closed)
    }

    @Test func reopeningAlternatesWithSolvesAndKeepsTheFirstSolve() {
        let h = history(.solved, [.status(at: created + 10, to: .solved), .agentReply(at: created + 15, isPublic: true),
                                  .status(at: created + 20, to: .pending), .status(at: created + 30, to: .open),
                                  .status(at: created + 40, to: .closed)])
        #expect(h.firstSolve == created + 10)
        #expect(h.reopenedAt == created + 20)
        // pending → open is no done move; the current status (solved) differs from the last event's (closed):
        // it is taken to have begun at the last event, and closed → solved is no done move either.
        #expect(h.doneMoves.map(\.kind) == [.solve, .reopen, .solve])
        #expect(h.doneMoves.map(\.at) == [created + 10, created + 20, created + 40])
        #expect(h.status(at: created + 100) == .solved)
    }

    @Test func aStatusWrittenWithoutAnEventBeginsAtTheLastEventOrTheCreation() {
        // Imported as solved, no events: solved from its creation.
        #expect(history(.solved, []).firstSolve == created)
        // Open by its events, solved by its column: solved at its last event (a reply here), as the SLA engine reads it.
        let h = history(.solved, [.status(at: created + 5, to: .open), .agentReply(at: created + 70, isPublic: true)])
        #expect(h.firstSolve == created + 70)
        // Events out of order are read in time order; events before the creation count at it.
        let o = history(.open, [.status(at: created + 30, to: .open), .status(at: created - 5, to: .solved)])
        #expect(o.firstSolve == created && o.reopenedAt == created + 30)
        // A ticket open from the start never solved.
        #expect(history(.new, []).firstSolve == nil && history(.new, []).doneMoves.isEmpty)
    }

    @Test func solveFactsComeFromTheHistoryAlongsideTheSLATargets() {
        let ticket = SLATicket(createdAt: created, priority: .normal, status: .closed,
                               events: [.agentReply(at: created + Time.minute, isPublic: true), .status(at: created + Time.hour, to: .closed)])
        let policy = SLAPolicy(id: "p", priority: .normal, firstReplyMinutes: 60, nextReplyMinutes: 60, resolutionMinutes: 600, businessHours: false)
        let facts = TicketFact.derive(ticket, policy: policy, clock: SLAClock(hours: nil))
        // Closed straight from new: that is its first solve.
        #expect(facts.filter { $0.kind == .solve } == [TicketFact(kind: .solve, at: created + Time.hour, outcome: nil)])
        #expect(facts.contains { $0.kind == .firstReply && $0.outcome == .achieved })
        #expect(facts.contains { $0.kind == .resolution && $0.outcome == .achieved })
    }
}
