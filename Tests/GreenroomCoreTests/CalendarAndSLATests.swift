import Foundation
import Testing
@testable import GreenroomCore

@Suite struct CalendarAndSLATests {
    @Test func daysFollowTheTeamTimeZoneAcrossDaylightSaving() throws {
        let calendar = TeamCalendar(zone: try #require(TimeZone(identifier: "America/New_York")))
        // 2026-03-08 is the spring-forward day in New York: 23 hours long.
        let now = try #require(Time.parseISO("2026-03-09T15:00:00Z"))
        let days = calendar.lastDays(3, endingAt: now)
        #expect(days.count == 3)
        #expect(Time.iso(days[0].lowerBound) == "2026-03-07T05:00:00Z")
        #expect(days[1].upperBound - days[1].lowerBound == 23 * Time.hour)
        #expect(days[2].lowerBound == days[1].upperBound)
        #expect(Time.iso(days[2].lowerBound) == "2026-03-09T04:00:00Z")
        #expect(days[2].contains(now))
    }

    @Test func weekdaysAreISONumbered() throws {
        let calendar = TeamCalendar(zone: try #require(TimeZone(identifier: "UTC")))
        let monday = try #require(Time.parseISO("2026-11-16T10:00:00Z"))
        let sunday = try #require(Time.parseISO("2026-11-22T23:59:00Z"))
        #expect(calendar.hourAndWeekday(monday) == (10, 1))
        #expect(calendar.hourAndWeekday(sunday) == (23, 7))
    }

    @Test func greenroomNowPinsTheClockAndRejectsGarbage() throws {
        let clock = try WallClock.fromEnvironment(["GREENROOM_NOW": "2026-11-20T09:30:00Z"])
        #expect(Time.iso(clock.now()) == "2026-11-20T09:30:00Z")
        #expect(throws: GreenroomError.self) { try WallClock.fromEnvironment(["GREENROOM_NOW": "yesterday"]) }
    }
}
