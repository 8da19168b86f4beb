import Foundation
import Testing
@testable import GreenroomCore

@Suite struct KPIPeriodTests {
    /// Chicago: CDT (UTC−5) until 2026-11-01 02:00 local, CST (UTC−6) after.
    let calendar = TeamCalendar(zone: TimeZone(identifier: "America/Chicago")!)
    func utc(_ text: String) -> Millis { Time.parseISO(text)! }

    @Test func isoWeeksStartMondayMidnightInTheTeamZone() {
        // Sunday 2026-11-15 23:59 CST = Monday 05:59Z: still ISO week 46 (Mon Nov 9 00:00 CST = 06:00Z).
        let sundayNight = utc("2026-11-16T05:59:00Z")
        #expect(calendar.startOfISOWeek(sundayNight) == utc("2026-11-09T06:00:00Z"))
        #expect(calendar.weekPeriod(containing: sundayNight) == KPIPeriod(start: utc("2026-11-09T06:00:00Z"), end: utc("2026-11-16T06:00:00Z")))
        #expect(calendar.isoWeekString(sundayNight) == "2026-W46")
        // One minute later it is Monday 00:00 local: week 47.
        let monday = utc("2026-11-16T06:00:00Z")
        #expect(calendar.weekPeriod(containing: monday) == KPIPeriod(start: monday, end: utc("2026-11-23T06:00:00Z")))
        #expect(calendar.isoWeekString(monday) == "2026-W47")
        // In UTC the same Sunday-night instant would already be week 47.
        #expect(TeamCalendar(zone: TimeZone(identifier: "UTC")!).isoWeekString(sundayNight) == "2026-W47")
    }

    @Test func isoWeekTextRoundTripsAndRejectsWeeksThatDoNotExist() {
        #expect(calendar.isoWeek("2026-W47") == KPIPeriod(start: utc("2026-11-16T06:00:00Z"), end: utc("2026-11-23T06:00:00Z")))
        #expect(calendar.isoWeek("2026-w47") == calendar.isoWeek("2026-W47"))
        // 2026 starts on a Thursday, so it has 53 ISO weeks; 2025 has 52.
        let w53 = calendar.isoWeek("2026-W53")
        #expect(w53?.start == utc("2026-12-28T06:00:00Z"))
        #expect(calendar.isoWeekString(utc("2027-01-01T12:00:00Z")) == "2026-W53")
        #expect(calendar.isoWeek("2025-W53") == nil)
        #expect(calendar.isoWeek("2026-W00") == nil)
        #expect(calendar.isoWeek("2026-47") == nil)
        #expect(calendar.isoWeek("W47") == nil)
        // A week that spans the fall-back switch is 7 local days, 169 hours.
        let fallBack = calendar.isoWeek("2026-W44")!
        #expect(fallBack.start == utc("2026-10-26T05:00:00Z"))
        #expect(fallBack.end - fallBack.start == 169 * Time.hour)
        for week in ["2026-W01", "2026-W10", "2026-W44", "2026-W47", "2026-W53"] {
            #expect(calendar.isoWeekString(calendar.isoWeek(week)!.start) == week)
        }
    }

    @Test func daysAndMonthsFollowDaylightSaving() {
        // 2026-11-01 is 25 hours long in Chicago.
        let day = calendar.dayPeriod(containing: utc("2026-11-01T12:00:00Z"))
        #expect(day == KPIPeriod(start: utc("2026-11-01T05:00:00Z"), end: utc("2026-11-02T06:00:00Z")))
        let month = calendar.monthPeriod(containing: utc("2026-11-20T09:30:00Z"))
        #expect(month == KPIPeriod(start: utc("2026-11-01T05:00:00Z"), end: utc("2026-12-01T06:00:00Z")))
        // 2026-11-01 03:30Z is still Oct 31 local.
        #expect(calendar.monthPeriod(containing: utc("2026-11-01T03:30:00Z")).start == utc("2026-10-01T05:00:00Z"))
        #expect(month.contains(month.start) && !month.contains(month.end))
    }

    @Test func lastNPeriodsAreContiguousOldestFirstAndEndWithTheCurrentOne() {
        let now = utc("2026-11-20T09:30:00Z") // Friday 03:30 CST
        let weeks = calendar.lastN(3, .week, endingAt: now)
        #expect(weeks.map(\.start) == [utc("2026-11-02T06:00:00Z"), utc("2026-11-09T06:00:00Z"), utc("2026-11-16T06:00:00Z")])
        let days = calendar.lastN(14, .day, endingAt: now)
        #expect(days.count == 14)
        #expect(days.last!.contains(now))
        #expect(days.last!.start == utc("2026-11-20T06:00:00Z"))
        for (a, b) in zip(days, days.dropFirst()) { #expect(a.end == b.start) }
        let months = calendar.lastN(2, .month, endingAt: now)
        #expect(months.map(\.start) == [utc("2026-10-01T05:00:00Z"), utc("2026-11-01T05:00:00Z")])
        #expect(months[0].end == months[1].start)
        #expect(calendar.lastN(0, .day, endingAt: now).isEmpty)
        #expect(calendar.period(.week, containing: now) == weeks.last!)
    }

    @Test func everyKPIHasATitleUnitAndDirection() {
        #expect(KPIID.allCases.count == 18)
        for id in KPIID.allCases {
            #expect(!id.title.isEmpty)
            #expect(!id.unit.isEmpty)
        }
        #expect(KPIID.backlog.defaultDirection == .lowerIsBetter)
        #expect(KPIID.firstReplyTime.defaultDirection == .lowerIsBetter)
        #expect(KPIID.reopenRate.defaultDirection == .lowerIsBetter)
        #expect(KPIID.activeCreators.defaultDirection == .higherIsBetter)
        #expect(KPIID.csat.defaultDirection == .higherIsBetter)
        #expect(KPIID.liveHours.unit == "h")
        #expect(KPIID.firstReplyTime.unit == "min")
        #expect(KPIID.week4Retention.retentionWeeks == 4)
        #expect(KPIID.backlog.isTicketKPI && !KPIID.activityRate.isTicketKPI)
    }

    @Test func valuesHelpersComputeRatiosAndPercentiles() {
        #expect(KPIValue.ratio(1, 4).value == 0.25)
        #expect(KPIValue.ratio(0, 0).value == nil)
        let d = KPIValue.distribution([8, 2, 5, 3, 7])
        #expect(d.median == 5 && d.value == 5)
        #expect(abs(d.p90! - 7.6) < 1e-9)
        #expect(d.denominator == 5)
        #expect(KPIValue.distribution([]).value == nil)
    }
}
