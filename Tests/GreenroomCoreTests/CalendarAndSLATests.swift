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

    @Test func isoInstantsPrintMillisecondsExactlyAndRoundTrip() throws {
        #expect(Time.iso(0) == "1970-01-01T00:00:00Z")
        #expect(Time.iso(1_795_167_000_863) == "2026-11-20T09:30:00.863Z")
        #expect(Time.iso(1_795_167_000_007) == "2026-11-20T09:30:00.007Z")
        #expect(Time.iso(-1) == "1969-12-31T23:59:59.999Z")
        #expect(Time.iso(-623_760_338_479) == "1950-03-27T13:14:21.521Z")
        #expect(Time.parseISO("2026-11-20T11:30:00.5+02:00") == 1_795_167_000_500)
        #expect(Time.parseISO("2026-11-20T09:30:00.123456Z") == 1_795_167_000_123)
        #expect(Time.parseISO(" 2026-11-20T09:30:00Z") == 1_795_167_000_000)
        for text in ["2026-11-20", "2026-11-20 09:30:00Z", "2026-13-01T00:00:00Z", ""] { #expect(Time.parseISO(text) == nil, "\(text)") }
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let millis = Millis.random(in: -2_000_000_000_000...4_000_000_000_000, using: &generator)
            #expect(Time.parseISO(Time.iso(millis)) == millis)
        }
    }
}
