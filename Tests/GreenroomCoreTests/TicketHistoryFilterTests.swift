import Testing
@testable import GreenroomCore

/// Issue 28: the ticket filter's `created:` and `solved:` terms, and the All tickets view's name.
@Suite struct TicketHistoryFilterTests {
    @Test func createdAndSolvedTakeADayComparison() throws {
        let f = try TicketFilterParser().parse("payout created:<7d solved:>=2w status:solved")
        #expect(f.words == ["payout"])
        #expect(f.conditions.contains(.createdDays(CreatorFilter.Comparison(.less, 7))))
        #expect(f.conditions.contains(.solvedDays(CreatorFilter.Comparison(.greaterOrEqual, 14))))
        #expect(f.conditions.contains(.status([.solved], negated: false)))
    }

    @Test func badAgeTermsSayWhy() {
        #expect(throws: FilterError.self) { try TicketFilterParser().parse("created:soon") }
        #expect(throws: FilterError.self) { try TicketFilterParser().parse("-solved:<7d") }
        #expect(throws: FilterError.self) { try TicketFilterParser().parse("created:<7x") }
        do {
            _ = try TicketFilterParser().parse("solved:recently")
            Issue.record("parsed")
        } catch let e as FilterError {
            #expect(e.message.hasPrefix("solved: needs a number"))
        } catch { Issue.record("\(error)") }
    }

    @Test func allMeansEveryTicketAndAllOpenStays() {
        #expect(TicketView.named("all") == .all)
        #expect(TicketView.named("All tickets") == .all)
        #expect(TicketView.named("all-open") == .allOpen)
        #expect(!TicketView.all.isOpenQueue)
    }
}
