import Foundation
import Testing
@testable import GreenroomCore

/// Instants written as ISO 8601 in the tests; a typo is a programming error.
private func at(_ iso: String) -> Millis {
    guard let millis = Time.parseISO(iso) else { preconditionFailure("bad instant \(iso)") }
    return millis
}

private let minute = Time.minute
private let hour = Time.hour

/// Mon–Fri 09:00–17:00 in New York.
private let newYork = BusinessHours(timeZone: "America/New_York", weekdays: [1, 2, 3, 4, 5],
                                    startMinute: 9 * 60, endMinute: 17 * 60, holidays: [])
/// Every day 09:00–17:00 in New York, so the DST Sundays are working days.
private let newYorkEveryDay = BusinessHours(timeZone: "America/New_York", weekdays: [1, 2, 3, 4, 5, 6, 7],
                                            startMinute: 9 * 60, endMinute: 17 * 60, holidays: [])

@Suite struct SLAEngineTests {
    // 2026-11-16 is a Monday, so 2026-11-20 is a Friday and 2026-11-23 the next Monday.

    // MARK: BusinessHours

    @Test func standardHoursAreUTCWeekdaysNineToFive() {
        let h = BusinessHours.standard
        #expect(h.timeZone == "UTC")
        #expect(h.weekdays == [1, 2, 3, 4, 5])
        #expect(h.startMinute == 540 && h.endMinute == 1020)
        #expect(h.holidays.isEmpty)
        #expect(h.validationError() == nil)
        #expect(newYork.validationError() == nil)
    }

    @Test func validationErrorExplainsEachProblem() {
        func with(_ change: (inout BusinessHours) -> Void) -> String? {
            var h = BusinessHours.standard
            change(&h)
            return h.validationError()
        }
        #expect(with { $0.timeZone = "Mars/Olympus_Mons" } == "unknown time zone \"Mars/Olympus_Mons\"")
        #expect(with { $0.weekdays = [] } == "no working weekdays (need at least one of 1…7, 1 = Monday)")
        #expect(with { $0.weekdays = [1, 8] } == "weekday 8 is outside 1…7 (1 = Monday, 7 = Sunday)")
        #expect(with { $0.weekdays = [0] } == "weekday 0 is outside 1…7 (1 = Monday, 7 = Sunday)")
        #expect(with { $0.startMinute = -30 } == "start minute -30 is outside 0…1440")
        #expect(with { $0.endMinute = 1441 } == "end minute 1441 is outside 0…1440")
        #expect(with { $0.startMinute = 17 * 60; $0.endMinute = 9 * 60 + 30 } == "end 09:30 is not after start 17:00")
        #expect(with { $0.endMinute = 9 * 60 } == "end 09:00 is not after start 09:00")
        #expect(with { $0.holidays = ["2026-12-25", "25/12/2026"] } == "holiday \"25/12/2026\" is not a YYYY-MM-DD date")
        #expect(with { $0.holidays = ["2026-1-05"] } == "holiday \"2026-1-05\" is not a YYYY-MM-DD date")
        #expect(with { $0.holidays = ["2026-02-29"] } == "holiday \"2026-02-29\" is not a real date")
        #expect(with { $0.holidays = ["2026-13-01"] } == "holiday \"2026-13-01\" is not a real date")
        // Valid edge cases.
        #expect(with { $0.holidays = ["2028-02-29"]; $0.startMinute = 0; $0.endMinute = 1440 } == nil)
    }

    @Test func businessHoursRoundTripThroughJSONAndHolidaysDefaultToNone() throws {
        let hours = BusinessHours(timeZone: "Europe/Berlin", weekdays: [1, 2, 3], startMinute: 480, endMinute: 960,
                                  holidays: ["2026-12-25"])
        let data = try JSONEncoder().encode(hours)
        #expect(try JSONDecoder().decode(BusinessHours.self, from: data) == hours)
        let json = #"{"timeZone":"UTC","weekdays":[1,2,3,4,5],"startMinute":540,"endMinute":1020}"#
        #expect(try JSONDecoder().decode(BusinessHours.self, from: Data(json.utf8)) == .standard)
    }

    // MARK: SLAClock

    @Test func calendarClockCountsEveryMillisecond() {
        let clock = SLAClock(hours: nil)
        #expect(!clock.isBusinessTime)
        #expect(clock.elapsed(from: 1_000, to: 6_000) == 5_000)
        #expect(clock.elapsed(from: 6_000, to: 6_000) == 0)
        #expect(clock.elapsed(from: 6_000, to: 1_000) == 0)
        #expect(clock.advance(100, by: 50) == 150)
        #expect(clock.advance(100, by: 0) == 100)
        #expect(clock.advance(100, by: -5) == 100)
        #expect(clock.advance(.max - 1, by: 5) == .max)
    }

    @Test func invalidHoursCountCalendarTime() {
        var bad = BusinessHours.standard
        bad.weekdays = []
        let clock = SLAClock(hours: bad)
        #expect(!clock.isBusinessTime)
        let saturday = at("2026-11-21T12:00:00Z")
        #expect(clock.elapsed(from: saturday, to: saturday + hour) == hour)
        #expect(clock.advance(saturday, by: hour) == saturday + hour)
    }

    @Test func fridayFourPMPlusTwoBusinessHoursIsMondayTenAM() {
        let clock = SLAClock(hours: .standard)
        #expect(clock.isBusinessTime)
        #expect(clock.advance(at("2026-11-20T16:00:00Z"), by: 2 * hour) == at("2026-11-23T10:00:00Z"))
    }

    @Test func elapsedOverTheWeekendCountsOnlyWorkingTime() {
        let clock = SLAClock(hours: .standard)
        #expect(clock.elapsed(from: at("2026-11-20T16:00:00Z"), to: at("2026-11-23T10:00:00Z")) == 2 * hour)
        // Friday noon to the next Friday noon: five working days of 8 hours.
        #expect(clock.elapsed(from: at("2026-11-20T12:00:00Z"), to: at("2026-11-27T12:00:00Z")) == 40 * hour)
        // Nothing counts on Saturday or Sunday, nor before 09:00 or after 17:00.
        #expect(clock.elapsed(from: at("2026-11-21T00:00:00Z"), to: at("2026-11-23T00:00:00Z")) == 0)
        #expect(clock.elapsed(from: at("2026-11-23T17:00:00Z"), to: at("2026-11-24T09:00:00Z")) == 0)
        #expect(clock.elapsed(from: at("2026-11-23T08:00:00Z"), to: at("2026-11-23T09:30:00Z")) == 30 * minute)
    }

    @Test func countingFromOutsideHoursStartsAtTheNextOpening() {
        let clock = SLAClock(hours: .standard)
        #expect(clock.advance(at("2026-11-21T12:00:00Z"), by: 30 * minute) == at("2026-11-23T09:30:00Z"))
        #expect(clock.advance(at("2026-11-23T07:00:00Z"), by: hour) == at("2026-11-23T10:00:00Z"))
        #expect(clock.advance(at("2026-11-23T18:00:00Z"), by: hour) == at("2026-11-24T10:00:00Z"))
        #expect(clock.advance(at("2026-11-23T17:00:00Z"), by: 1) == at("2026-11-24T09:00:00Z") + 1)
    }

    @Test func anAmountUsedUpAtClosingTimeLandsOnTheClose() {
        let clock = SLAClock(hours: .standard)
        // Friday 16:00 + 1h is Friday 17:00 — the earliest instant with an hour counted — not Monday 09:00.
        #expect(clock.advance(at("2026-11-20T16:00:00Z"), by: hour) == at("2026-11-20T17:00:00Z"))
        #expect(clock.advance(at("2026-11-20T16:00:00Z"), by: hour + 1) == at("2026-11-23T09:00:00Z") + 1)
    }

    @Test func holidaysAreSkipped() {
        var hours = BusinessHours.standard
        hours.holidays = ["2026-11-26"] // Thursday
        let clock = SLAClock(hours: hours)
        // Wednesday 16:00 + 2h: one hour on Wednesday, Thursday off, one hour on Friday.
        #expect(clock.advance(at("2026-11-25T16:00:00Z"), by: 2 * hour) == at("2026-11-27T10:00:00Z"))
        #expect(clock.elapsed(from: at("2026-11-25T09:00:00Z"), to: at("2026-11-27T09:00:00Z")) == 8 * hour)
        #expect(clock.elapsed(from: at("2026-11-26T00:00:00Z"), to: at("2026-11-27T00:00:00Z")) == 0)
        // Without the holiday, Thursday counts.
        #expect(SLAClock(hours: .standard).elapsed(from: at("2026-11-26T00:00:00Z"), to: at("2026-11-27T00:00:00Z")) == 8 * hour)
    }

    @Test func longAmountsSpanManyWeeks() {
        let clock = SLAClock(hours: .standard)
        // 400 business hours = 50 working days = 10 weeks: from Monday 09:00 it is used up at
        // 17:00 on the Friday of the tenth week (2026-11-16 + 9 weeks + 4 days = 2027-01-22).
        let monday = at("2026-11-16T09:00:00Z")
        #expect(clock.advance(monday, by: 400 * hour) == at("2027-01-22T17:00:00Z"))
        #expect(clock.elapsed(from: monday, to: at("2027-01-25T09:00:00Z")) == 400 * hour)
        // A whole 2027 (365 days, 2027-01-01 a Friday): 52 weeks + 1 day (Friday) = 261 working days.
        #expect(clock.elapsed(from: at("2027-01-01T00:00:00Z"), to: at("2028-01-01T00:00:00Z")) == 261 * 8 * hour)
    }

    @Test func springForwardWeekendInNewYork() {
        // DST starts Sunday 2026-03-08 at 02:00 EST (07:00Z). Friday 16:00 EST is 21:00Z;
        // Monday 10:00 EDT is 14:00Z.
        #expect(TimeZone(identifier: "America/New_York")?.nextDaylightSavingTimeTransition(after: Time.date(at("2026-03-01T00:00:00Z")))
                == Time.date(at("2026-03-08T07:00:00Z")))
        let business = SLAClock(hours: newYork)
        let friday = at("2026-03-06T21:00:00Z"), monday = at("2026-03-09T14:00:00Z")
        #expect(business.advance(friday, by: 2 * hour) == monday)
        #expect(business.elapsed(from: friday, to: monday) == 2 * hour)
        // Calendar time counts real time: Friday 16:00 → Monday 10:00 is 66 wall-clock hours but 65 real ones.
        let calendar = SLAClock(hours: nil)
        #expect(calendar.elapsed(from: friday, to: monday) == 65 * hour)
        // A 24-hour calendar target from Saturday noon EST (17:00Z) is due Sunday 13:00 EDT (17:00Z).
        #expect(calendar.advance(at("2026-03-07T17:00:00Z"), by: 24 * hour) == at("2026-03-08T17:00:00Z"))
    }

    @Test func springForwardSundayIsStillEightWorkingHours() {
        let clock = SLAClock(hours: newYorkEveryDay)
        // The local day 2026-03-08 runs 05:00Z → 04:00Z (23 hours); 09:00–17:00 EDT is 13:00Z–21:00Z.
        #expect(clock.elapsed(from: at("2026-03-08T05:00:00Z"), to: at("2026-03-09T04:00:00Z")) == 8 * hour)
        #expect(clock.elapsed(from: at("2026-03-08T12:59:00Z"), to: at("2026-03-08T13:01:00Z")) == minute)
        // Saturday 16:00 EST (21:00Z) + 2h: one hour Saturday, then Sunday 10:00 EDT (14:00Z).
        #expect(clock.advance(at("2026-03-07T21:00:00Z"), by: 2 * hour) == at("2026-03-08T14:00:00Z"))
    }

    @Test func fallBackWeekendInNewYork() {
        // DST ends Sunday 2026-11-01 at 02:00 EDT (06:00Z).
        #expect(TimeZone(identifier: "America/New_York")?.nextDaylightSavingTimeTransition(after: Time.date(at("2026-10-01T00:00:00Z")))
                == Time.date(at("2026-11-01T06:00:00Z")))
        // Friday 16:00 EDT (20:00Z) + 2h = Monday 10:00 EST (15:00Z).
        let friday = at("2026-10-30T20:00:00Z"), monday = at("2026-11-02T15:00:00Z")
        #expect(SLAClock(hours: newYork).advance(friday, by: 2 * hour) == monday)
        // Wall clock Friday 16:00 → Monday 10:00 is 66 hours; real time 67.
        #expect(SLAClock(hours: nil).elapsed(from: friday, to: monday) == 67 * hour)
        // The 25-hour Sunday still has 09:00–17:00 EST = 14:00Z–22:00Z.
        let everyDay = SLAClock(hours: newYorkEveryDay)
        #expect(everyDay.elapsed(from: at("2026-11-01T04:00:00Z"), to: at("2026-11-02T05:00:00Z")) == 8 * hour)
        #expect(everyDay.advance(at("2026-10-31T20:00:00Z"), by: 2 * hour) == at("2026-11-01T15:00:00Z"))
    }

    @Test func aroundTheClockHoursFollowRealTimeOnSwitchDays() {
        let allDay = BusinessHours(timeZone: "America/New_York", weekdays: [1, 2, 3, 4, 5, 6, 7], startMinute: 0,
                                   endMinute: 1440, holidays: [])
        let clock = SLAClock(hours: allDay)
        // Local days are calendar days, not 24-hour blocks: 23 hours in March, 25 in November.
        #expect(clock.elapsed(from: at("2026-03-08T05:00:00Z"), to: at("2026-03-09T04:00:00Z")) == 23 * hour)
        #expect(clock.elapsed(from: at("2026-11-01T04:00:00Z"), to: at("2026-11-02T05:00:00Z")) == 25 * hour)
        // With every minute working, business time equals calendar time.
        let a = at("2026-03-01T10:17:00Z"), b = at("2026-11-20T03:41:05Z")
        #expect(clock.elapsed(from: a, to: b) == b - a)
        #expect(clock.advance(a, by: b - a) == b)
    }

    @Test func wallTimesSkippedOrRepeatedBySwitchesFollowFoundation() {
        // 02:30–03:30 does not exist on 2026-03-08 in New York (02:30 reads as 03:30 EDT): no working time.
        let skipped = BusinessHours(timeZone: "America/New_York", weekdays: [7], startMinute: 150, endMinute: 210, holidays: [])
        #expect(SLAClock(hours: skipped).elapsed(from: at("2026-03-08T05:00:00Z"), to: at("2026-03-09T04:00:00Z")) == 0)
        #expect(SLAClock(hours: skipped).elapsed(from: at("2026-03-15T04:00:00Z"), to: at("2026-03-16T04:00:00Z")) == hour)
        // 01:00–02:00 on 2026-11-01 opens at the first 01:00 (EDT, 05:00Z) and closes at 02:00 EST (07:00Z).
        let repeated = BusinessHours(timeZone: "America/New_York", weekdays: [7], startMinute: 60, endMinute: 120, holidays: [])
        let clock = SLAClock(hours: repeated)
        #expect(clock.elapsed(from: at("2026-11-01T04:00:00Z"), to: at("2026-11-02T05:00:00Z")) == 2 * hour)
        #expect(clock.advance(at("2026-11-01T00:00:00Z"), by: 1) == at("2026-11-01T05:00:00Z") + 1)
    }

    @Test func elapsedAndAdvanceRoundTripOverRandomInstants() {
        let hours = BusinessHours(timeZone: "America/New_York", weekdays: [1, 2, 3, 4, 6], startMinute: 8 * 60 + 30,
                                  endMinute: 19 * 60 + 15, holidays: ["2026-01-01", "2026-07-03", "2026-11-26", "2026-12-25"])
        let clock = SLAClock(hours: hours)
        var rng = SeededGenerator(seed: 20_261_120)
        let base = at("2025-06-01T00:00:00Z")
        let span = 3 * 365 * Time.day
        for _ in 0..<3_000 {
            let from = base + Millis(rng.below(Int(span)))
            let amount = Millis(rng.below(Int(40 * Time.day / 3)))  // up to ~13 days of counted time
            let to = clock.advance(from, by: amount)
            #expect(to >= from)
            #expect(clock.elapsed(from: from, to: to) == amount)
            if amount > 0 { #expect(clock.elapsed(from: from, to: to - 1) == amount - 1) }  // earliest such instant
            // And back: advancing by what elapsed never overshoots, and elapsed is additive.
            let other = from + Millis(rng.below(Int(30 * Time.day)))
            let counted = clock.elapsed(from: from, to: other)
            #expect(clock.advance(from, by: counted) <= other)
            #expect(clock.elapsed(from: from, to: clock.advance(from, by: counted)) == counted)
            let middle = from + (other - from) / 3
            #expect(clock.elapsed(from: from, to: middle) + clock.elapsed(from: middle, to: other) == counted)
        }
    }

    @Test func businessTimeAgreesWithADayByDayFoundationCalendarWalk() throws {
        let hours = BusinessHours(timeZone: "America/New_York", weekdays: [1, 2, 3, 4, 5, 7], startMinute: 7 * 60 + 45,
                                  endMinute: 16 * 60 + 10, holidays: ["2026-03-09", "2026-11-03"])
        let zone = try #require(TimeZone(identifier: hours.timeZone))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        /// Independent reference: walk local days with Foundation and add overlaps.
        func reference(_ a: Millis, _ b: Millis) -> Millis {
            var day = calendar.startOfDay(for: Time.date(a - Time.day))
            var total: Millis = 0
            while Time.millis(day) < b {
                let c = calendar.dateComponents([.year, .month, .day, .weekday], from: day)
                let iso = c.weekday! == 1 ? 7 : c.weekday! - 1
                let key = String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
                if hours.weekdays.contains(iso), !hours.holidays.contains(key) {
                    let open = Time.millis(calendar.date(bySettingHour: hours.startMinute / 60, minute: hours.startMinute % 60, second: 0, of: day)!)
                    let close = Time.millis(calendar.date(bySettingHour: hours.endMinute / 60, minute: hours.endMinute % 60, second: 0, of: day)!)
                    total += max(0, min(close, b) - max(open, a))
                }
                day = calendar.date(byAdding: .day, value: 1, to: day)!
            }
            return total
        }
        let clock = SLAClock(hours: hours)
        var rng = SeededGenerator(seed: 7)
        let base = at("2026-02-20T00:00:00Z")
        for _ in 0..<300 {
            let a = base + Millis(rng.below(Int(300 * Time.day)))
            let b = a + Millis(rng.below(Int(20 * Time.day)))
            #expect(clock.elapsed(from: a, to: b) == reference(a, b))
        }
    }

    // MARK: Engine

    /// First reply 60 min, next reply 120 min, resolution 600 min, calendar time.
    let policy = SLAPolicy(id: "p", priority: .high, firstReplyMinutes: 60, nextReplyMinutes: 120,
                           resolutionMinutes: 600, businessHours: false)
    let t0 = at("2026-11-16T12:00:00Z")

    /// `m` minutes after `t0`.
    func m(_ minutes: Int) -> Millis { t0 + Millis(minutes) * minute }

    func report(_ events: [SLAEvent], status: TicketStatus = .open, now: Millis, policy: SLAPolicy? = nil,
                hours: BusinessHours? = nil) -> SLAReport {
        SLAEngine.evaluate(SLATicket(createdAt: t0, priority: .high, status: status, events: events),
                           policy: policy ?? self.policy, hours: hours, now: now)
    }

    @Test func anUntouchedTicketRunsFirstReplyAndResolution() {
        let r = report([], status: .new, now: m(10))
        #expect(r.targets.map(\.target) == [.firstReply, .resolution])
        #expect(r[.firstReply] == SLATargetStatus(target: .firstReply, state: .active, due: m(60), remaining: 50 * minute, achievedAt: nil))
        #expect(r[.resolution] == SLATargetStatus(target: .resolution, state: .active, due: m(600), remaining: 590 * minute, achievedAt: nil))
        #expect(r.nextBreach?.target == .firstReply)
        #expect(r.nextBreach?.due == m(60))
    }

    @Test func aPublicReplyInTimeAchievesFirstReply() {
        let r = report([.status(at: m(5), to: .open), .agentReply(at: m(30), isPublic: true)], now: m(45))
        #expect(r[.firstReply] == SLATargetStatus(target: .firstReply, state: .achieved, due: m(60), remaining: 30 * minute, achievedAt: m(30)))
        #expect(r.nextBreach?.target == .resolution)
        #expect(r.nextBreach?.due == m(600))
    }

    @Test func pendingForThreeHoursDoesNotCount() {
        let slow = SLAPolicy(id: "p", priority: .high, firstReplyMinutes: 240, nextReplyMinutes: 120, resolutionMinutes: 600, businessHours: false)
        // Runs 0–60, pending 60–240, runs 240–300: 120 minutes counted.
        let r = report([.status(at: m(60), to: .pending), .status(at: m(240), to: .open)], now: m(300), policy: slow)
        #expect(r[.firstReply] == SLATargetStatus(target: .firstReply, state: .active, due: m(420), remaining: 120 * minute, achievedAt: nil))
        #expect(r[.resolution] == SLATargetStatus(target: .resolution, state: .active, due: m(780), remaining: 480 * minute, achievedAt: nil))
        #expect(r.nextBreach?.due == m(420))
    }

    @Test func onHoldPausesWithAFrozenRemainder() {
        let events: [SLAEvent] = [.status(at: m(30), to: .onHold)]
        for now in [m(30), m(200), m(5_000)] {
            let r = report(events, status: .onHold, now: now)
            #expect(r[.firstReply] == SLATargetStatus(target: .firstReply, state: .paused, due: nil, remaining: 30 * minute, achievedAt: nil))
            #expect(r[.resolution] == SLATargetStatus(target: .resolution, state: .paused, due: nil, remaining: 570 * minute, achievedAt: nil))
            #expect(r.nextBreach == nil)
        }
        // Back to open at 200: 30 minutes counted, so due 30 minutes after resuming.
        let resumed = report(events + [.status(at: m(200), to: .open)], status: .open, now: m(210))
        #expect(resumed[.firstReply]?.due == m(230))
        #expect(resumed[.firstReply]?.remaining == 20 * minute)
        #expect(resumed[.firstReply]?.state == .active)
    }

    @Test func aTargetOverdueWhenPausedStaysBreachedWithItsDue() {
        let r = report([.status(at: m(90), to: .pending)], status: .pending, now: m(200))
        #expect(r[.firstReply] == SLATargetStatus(target: .firstReply, state: .breached, due: m(60), remaining: -30 * minute, achievedAt: nil))
        #expect(r[.resolution]?.state == .paused)
        #expect(r.nextBreach == nil)
    }

    @Test func pausingExactlyAtTheDueIsPausedWithNothingLeft() {
        let r = report([.status(at: m(60), to: .pending)], status: .pending, now: m(61))
        #expect(r[.firstReply] == SLATargetStatus(target: .firstReply, state: .paused, due: nil, remaining: 0, achievedAt: nil))
    }

    @Test func aReplyWhilePausedStillSatisfies() {
        let r = report([.status(at: m(30), to: .pending), .agentReply(at: m(100), isPublic: true)], status: .pending, now: m(120))
        // 30 minutes counted when the reply came; the due it had assumes the clock ran on from the reply.
        #expect(r[.firstReply] == SLATargetStatus(target: .firstReply, state: .achieved, due: m(130), remaining: 30 * minute, achievedAt: m(100)))
    }

    @Test func aRequesterMessageAfterAnAgentReplyStartsNextReply() {
        let r = report([.agentReply(at: m(10), isPublic: true), .requesterMessage(at: m(30))], now: m(50))
        #expect(r.targets.map(\.target) == [.firstReply, .nextReply, .resolution])
        #expect(r[.nextReply] == SLATargetStatus(target: .nextReply, state: .active, due: m(150), remaining: 100 * minute, achievedAt: nil))
        #expect(r.nextBreach?.target == .nextReply)
        #expect(r.nextBreach?.due == m(150))
    }

    @Test func nextReplyResetsWithEachCycle() {
        let firstCycle: [SLAEvent] = [.agentReply(at: m(10), isPublic: true), .requesterMessage(at: m(30)),
                                      .agentReply(at: m(60), isPublic: true)]
        // Cycle 1 (30 → 60) achieved and shown while no cycle is open.
        let answered = report(firstCycle, now: m(90))
        #expect(answered[.nextReply] == SLATargetStatus(target: .nextReply, state: .achieved, due: m(150), remaining: 90 * minute, achievedAt: m(60)))
        // A new message at 100 opens cycle 2, due at 220.
        let secondCycle = firstCycle + [.requesterMessage(at: m(100))]
        let open = report(secondCycle, now: m(130))
        #expect(open[.nextReply] == SLATargetStatus(target: .nextReply, state: .active, due: m(220), remaining: 90 * minute, achievedAt: nil))
        // Answered late at 300: the most recent cycle is breached.
        let late = report(secondCycle + [.agentReply(at: m(300), isPublic: true)], now: m(400))
        #expect(late[.nextReply] == SLATargetStatus(target: .nextReply, state: .breached, due: m(220), remaining: -80 * minute, achievedAt: m(300)))
        #expect(late.nextBreach?.target == .resolution)
    }

    @Test func theOldestUnansweredMessageStartsTheCycle() {
        let r = report([.agentReply(at: m(10), isPublic: true), .requesterMessage(at: m(30)), .requesterMessage(at: m(90))], now: m(100))
        #expect(r[.nextReply]?.due == m(150))
        #expect(r[.nextReply]?.remaining == 50 * minute)
    }

    @Test func requesterMessagesBeforeTheFirstReplyDoNotStartNextReply() {
        let r = report([.requesterMessage(at: m(5)), .requesterMessage(at: m(20)), .agentReply(at: m(40), isPublic: true)], now: m(50))
        #expect(r.targets.map(\.target) == [.firstReply, .resolution])
        #expect(r[.nextReply] == nil)
        #expect(r[.firstReply]?.achievedAt == m(40))
    }

    @Test func internalNotesNeverSatisfyAnything() {
        let r = report([.agentReply(at: m(10), isPublic: false)], now: m(50))
        #expect(r[.firstReply] == SLATargetStatus(target: .firstReply, state: .active, due: m(60), remaining: 10 * minute, achievedAt: nil))
        let later = report([.agentReply(at: m(10), isPublic: false), .agentReply(at: m(20), isPublic: true),
                            .requesterMessage(at: m(30)), .agentReply(at: m(40), isPublic: false)], now: m(200))
        #expect(later[.firstReply]?.achievedAt == m(20))
        #expect(later[.nextReply] == SLATargetStatus(target: .nextReply, state: .breached, due: m(150), remaining: -50 * minute, achievedAt: nil))
        #expect(later.nextBreach?.target == .nextReply)
        // A note is not a first reply, so a requester message after it starts no next-reply cycle.
        let noteOnly = report([.agentReply(at: m(10), isPublic: false), .requesterMessage(at: m(20))], now: m(30))
        #expect(noteOnly[.nextReply] == nil)
    }

    @Test func breachIsExactlyOneMillisecondAfterTheDue() {
        let atDue = report([], status: .new, now: m(60))
        #expect(atDue[.firstReply] == SLATargetStatus(target: .firstReply, state: .active, due: m(60), remaining: 0, achievedAt: nil))
        let after = report([], status: .new, now: m(60) + 1)
        #expect(after[.firstReply] == SLATargetStatus(target: .firstReply, state: .breached, due: m(60), remaining: -1, achievedAt: nil))
        #expect(after.nextBreach?.target == .firstReply)
        #expect(after.nextBreach?.due == m(60))
        let replyAtDue = report([.agentReply(at: m(60), isPublic: true)], now: m(90))
        #expect(replyAtDue[.firstReply] == SLATargetStatus(target: .firstReply, state: .achieved, due: m(60), remaining: 0, achievedAt: m(60)))
        let replyLate = report([.agentReply(at: m(60) + 1, isPublic: true)], now: m(90))
        #expect(replyLate[.firstReply] == SLATargetStatus(target: .firstReply, state: .breached, due: m(60), remaining: -1, achievedAt: m(60) + 1))
    }

    @Test func resolutionSurvivesSolvingAndReopening() {
        let solved: [SLAEvent] = [.agentReply(at: m(10), isPublic: true), .status(at: m(300), to: .solved)]
        let r1 = report(solved, status: .solved, now: m(350))
        #expect(r1[.resolution] == SLATargetStatus(target: .resolution, state: .achieved, due: m(600), remaining: 300 * minute, achievedAt: m(300)))
        #expect(r1.nextBreach == nil)
        // Reopened at 400: 300 minutes already counted, so due 300 minutes later.
        let reopened = solved + [.status(at: m(400), to: .open)]
        let r2 = report(reopened, now: m(500))
        #expect(r2[.resolution] == SLATargetStatus(target: .resolution, state: .active, due: m(700), remaining: 200 * minute, achievedAt: nil))
        #expect(r2.nextBreach?.target == .resolution)
        // Solved again at 800: 300 + 400 = 700 minutes counted, over the 600 target.
        let r3 = report(reopened + [.status(at: m(800), to: .solved)], status: .solved, now: m(900))
        #expect(r3[.resolution] == SLATargetStatus(target: .resolution, state: .breached, due: m(700), remaining: -100 * minute, achievedAt: m(800)))
    }

    @Test func closingAfterSolvingKeepsTheSolveInstant() {
        let r = report([.status(at: m(300), to: .solved), .status(at: m(2_000), to: .closed)], status: .closed, now: m(3_000))
        #expect(r[.resolution]?.achievedAt == m(300))
        #expect(r[.resolution]?.state == .achieved)
        #expect(r.nextBreach == nil)
    }

    @Test func solvingFulfilsOpenReplyTargets() {
        let inTime = report([.status(at: m(30), to: .solved)], status: .solved, now: m(100))
        #expect(inTime[.firstReply] == SLATargetStatus(target: .firstReply, state: .achieved, due: m(60), remaining: 30 * minute, achievedAt: m(30)))
        let late = report([.status(at: m(90), to: .solved)], status: .solved, now: m(100))
        #expect(late[.firstReply] == SLATargetStatus(target: .firstReply, state: .breached, due: m(60), remaining: -30 * minute, achievedAt: m(90)))
        // Reopening resumes the unanswered first reply with its 30 minutes kept.
        let reopened = report([.status(at: m(30), to: .solved), .status(at: m(100), to: .open)], now: m(110))
        #expect(reopened[.firstReply] == SLATargetStatus(target: .firstReply, state: .active, due: m(130), remaining: 20 * minute, achievedAt: nil))
    }

    @Test func aStatusEventAtCreationReplacesNew() {
        let r = report([.status(at: t0, to: .pending)], status: .pending, now: m(100))
        #expect(r[.firstReply] == SLATargetStatus(target: .firstReply, state: .paused, due: nil, remaining: 60 * minute, achievedAt: nil))
        #expect(r.nextBreach == nil)
    }

    @Test func theCurrentStatusWinsFromTheLastEventWhenEventsDisagree() {
        // The row says solved but no status event says so: taken as solved at the last event (20).
        let r = report([.agentReply(at: m(20), isPublic: true)], status: .solved, now: m(100))
        #expect(r[.resolution]?.state == .achieved)
        #expect(r[.resolution]?.achievedAt == m(20))
        #expect(r[.resolution]?.remaining == 580 * minute)
    }

    @Test func eventsOutOfOrderOrAfterNowAreHandled() {
        let ordered: [SLAEvent] = [.agentReply(at: m(10), isPublic: true), .requesterMessage(at: m(30))]
        let shuffled = report(Array(ordered.reversed()), now: m(50))
        #expect(shuffled == report(ordered, now: m(50)))
        // A reply after now has not happened yet.
        let future = report([.agentReply(at: m(70), isPublic: true)], now: m(50))
        #expect(future[.firstReply]?.state == .active)
        #expect(future[.firstReply]?.achievedAt == nil)
    }

    @Test func nextBreachPutsBreachedTicketsFirst() throws {
        // Ticket A: unanswered since t0, first reply breached at 60. Ticket B: created at 50,
        // due at 110. At 100 the queue puts A (due 60) above B (due 110).
        let now = m(100)
        let a = report([], status: .new, now: now)
        let b = SLAEngine.evaluate(SLATicket(createdAt: m(50), priority: .high, status: .new, events: []),
                                   policy: policy, hours: nil, now: now)
        #expect(a[.firstReply]?.state == .breached)
        #expect(b[.firstReply]?.state == .active)
        let aDue = try #require(a.nextBreach?.due), bDue = try #require(b.nextBreach?.due)
        #expect(aDue == m(60))
        #expect(bDue == m(110))
        #expect(aDue < bDue)
        // Among one ticket's targets the soonest wins; paused tickets have none.
        let ticket = report([.agentReply(at: m(10), isPublic: true), .requesterMessage(at: m(550))], now: m(560))
        #expect(ticket.nextBreach?.target == .resolution)  // 600 before the next reply's 670
        #expect(report([.status(at: m(90), to: .pending)], status: .pending, now: now).nextBreach == nil)
    }

    @Test func businessHoursPoliciesCountTheTeamsWorkingTime() {
        let business = SLAPolicy(id: "b", priority: .high, firstReplyMinutes: 120, nextReplyMinutes: 240,
                                 resolutionMinutes: 16 * 60, businessHours: true)
        let friday = at("2026-11-20T16:00:00Z")
        let ticket = SLATicket(createdAt: friday, priority: .high, status: .new, events: [])
        let saturday = at("2026-11-21T12:00:00Z")
        let r = SLAEngine.evaluate(ticket, policy: business, hours: .standard, now: saturday)
        // One business hour counted on Friday; an hour left, due Monday 10:00.
        #expect(r[.firstReply] == SLATargetStatus(target: .firstReply, state: .active, due: at("2026-11-23T10:00:00Z"),
                                                   remaining: hour, achievedAt: nil))
        // 16 business hours: 1 on Friday, 8 on Monday, 7 on Tuesday → Tuesday 16:00.
        #expect(r[.resolution]?.due == at("2026-11-24T16:00:00Z"))
        // The same policy on calendar time (no team hours, or a calendar policy) is due Friday 18:00.
        #expect(SLAEngine.evaluate(ticket, policy: business, hours: nil, now: saturday)[.firstReply]?.due == at("2026-11-20T18:00:00Z"))
        var calendar = business
        calendar.businessHours = false
        #expect(SLAEngine.evaluate(ticket, policy: calendar, hours: .standard, now: saturday)[.firstReply]?.state == .breached)
    }

    @Test func aTargetBreachedAtFridaysCloseIsBreachedOverTheWeekend() {
        let business = SLAPolicy(id: "b", priority: .high, firstReplyMinutes: 60, nextReplyMinutes: 60,
                                 resolutionMinutes: 600, businessHours: true)
        let ticket = SLATicket(createdAt: at("2026-11-20T16:00:00Z"), priority: .high, status: .open, events: [])
        let atClose = SLAEngine.evaluate(ticket, policy: business, hours: .standard, now: at("2026-11-20T17:00:00Z"))
        #expect(atClose[.firstReply]?.state == .active)
        let saturday = SLAEngine.evaluate(ticket, policy: business, hours: .standard, now: at("2026-11-21T10:00:00Z"))
        // Due Friday 17:00; no counted time since, so 0 remaining, but the instant has passed.
        #expect(saturday[.firstReply] == SLATargetStatus(target: .firstReply, state: .breached, due: at("2026-11-20T17:00:00Z"),
                                                          remaining: 0, achievedAt: nil))
    }

    @Test func seventyThousandTicketsEvaluateQuickly() {
        let business = SLAPolicy(id: "b", priority: .normal, firstReplyMinutes: 8 * 60, nextReplyMinutes: 24 * 60,
                                 resolutionMinutes: 7 * 24 * 60, businessHours: true)
        let clock = SLAClock(hours: newYork)
        var rng = SeededGenerator(seed: 42)
        let base = at("2026-01-01T00:00:00Z")
        let statuses: [TicketStatus] = [.open, .pending, .open, .onHold, .open, .solved]
        var tickets: [SLATicket] = []
        tickets.reserveCapacity(70_000)
        for _ in 0..<70_000 {
            let created = base + Millis(rng.below(Int(300 * Time.day)))
            var t = created
            var events: [SLAEvent] = []
            var status = TicketStatus.new
            for k in 0..<6 {
                t += Millis(rng.below(Int(2 * Time.day)))
                switch k % 3 {
                case 0: events.append(.agentReply(at: t, isPublic: rng.chance(0.8)))
                case 1: events.append(.requesterMessage(at: t))
                default: status = rng.pick(statuses); events.append(.status(at: t, to: status))
                }
            }
            tickets.append(SLATicket(createdAt: created, priority: .normal, status: status, events: events))
        }
        let now = base + 320 * Time.day
        let start = ContinuousClock.now
        var breached = 0
        for ticket in tickets {
            let r = SLAEngine.evaluate(ticket, policy: business, clock: clock, now: now)
            if r.targets.contains(where: { $0.state == .breached }) { breached += 1 }
        }
        let took = ContinuousClock.now - start
        #expect(breached > 0 && breached < 70_000)
        // Well under a second in release; the bound leaves room for unoptimised debug builds.
        #expect(took < .seconds(5))
    }
}
