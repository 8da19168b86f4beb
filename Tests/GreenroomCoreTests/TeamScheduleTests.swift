import Foundation
import Testing
@testable import GreenroomCore

/// Issue 24: members' weekly shifts in their own zones, and fair assignment among those on
/// shift with room.
@Suite struct WeeklyScheduleTests {
    func at(_ iso: String) -> Millis { Time.parseISO(iso)! }
    let bogota = TimeZone(identifier: "America/Bogota")!     // UTC-5, no DST
    let madrid = TimeZone(identifier: "Europe/Madrid")!

    @Test func readsWhatPeopleWriteAndStoresOneForm() throws {
        #expect(try WeeklySchedule(parsing: "mon-fri 09:00-17:00; sat 10:00-14:00").canonical == "mon-fri 09:00-17:00; sat 10:00-14:00")
        #expect(try WeeklySchedule(parsing: "sat 10:00-14:00;mon-fri 9:00-17:00").canonical == "mon-fri 09:00-17:00; sat 10:00-14:00")
        #expect(try WeeklySchedule(parsing: "weekdays 08:00-12:00 13:00-17:00").canonical == "mon-fri 08:00-12:00 13:00-17:00")
        #expect(try WeeklySchedule(parsing: "mon,wed,fri 22:00-06:00").canonical == "mon 22:00-06:00; wed 22:00-06:00; fri 22:00-06:00")
        #expect(try WeeklySchedule(parsing: "daily 18:00-00:00").canonical == "mon-sun 18:00-24:00")
        #expect(try WeeklySchedule(parsing: "").isEmpty)
        #expect(try WeeklySchedule(parsing: "mon-fri 09:00-17:00").weeklyMinutes == 5 * 8 * 60)
    }

    @Test func refusesWithTheReason() {
        func reason(_ text: String) -> String {
            do { _ = try WeeklySchedule(parsing: text); return "accepted" } catch { return "\(error)" }
        }
        #expect(reason("mon-fri") == "schedule: \"mon-fri\" needs days and a time range, e.g. \"mon-fri 09:00-17:00\"")
        #expect(reason("funday 09:00-17:00").contains("\"funday\" is not a day"))
        #expect(reason("mon 25:00-26:00").contains("\"25:00-26:00\" is not a time range"))
        #expect(reason("mon 09:00-09:00").contains("starts and ends at the same time"))
        #expect(reason("mon-fri 09:00-17:00; fri 16:00-18:00") == "schedule: two shifts overlap on fri at 16:00")
        // An overnight Sunday shift runs into Monday morning.
        #expect(reason("sun 22:00-06:00; mon 05:00-09:00") == "schedule: two shifts overlap on mon at 05:00")
    }

    @Test func onShiftIsReadOnTheMembersOwnClock() throws {
        let s = try WeeklySchedule(parsing: "mon-fri 07:00-16:00")
        // Friday 2026-11-20: 11:59 UTC is 06:59 in Bogotá, 12:00 is 07:00.
        #expect(!s.isOn(at: at("2026-11-20T11:59:00Z"), zone: bogota))
        #expect(s.isOn(at: at("2026-11-20T12:00:00Z"), zone: bogota))
        #expect(s.isOn(at: at("2026-11-20T20:59:00Z"), zone: bogota))
        #expect(!s.isOn(at: at("2026-11-20T21:00:00Z"), zone: bogota))       // 16:00: the end is not in
        #expect(!s.isOn(at: at("2026-11-21T15:00:00Z"), zone: bogota))       // Saturday
        #expect(s.isOn(at: at("2026-11-20T12:00:00Z"), zone: .gmt))           // the same hours in UTC
        #expect(try WeeklySchedule(parsing: "").isOn(at: at("2026-11-21T03:00:00Z"), zone: bogota))
    }

    @Test func overnightShiftsRunPastMidnightAndAcrossTheWeek() throws {
        let s = try WeeklySchedule(parsing: "fri-sun 22:00-06:00")
        // Saturday 03:00 in Madrid (UTC+1 in November) is Friday's shift.
        #expect(s.isOn(at: at("2026-11-21T02:00:00Z"), zone: madrid))
        // Monday 05:59 is Sunday's shift; Monday 06:00 is not.
        #expect(s.isOn(at: at("2026-11-23T04:59:00Z"), zone: madrid))
        #expect(!s.isOn(at: at("2026-11-23T05:00:00Z"), zone: madrid))
        // Friday 03:00 would be Thursday's night: none.
        #expect(!s.isOn(at: at("2026-11-20T02:00:00Z"), zone: madrid))
    }

    @Test func daylightSavingMovesTheUTCHoursNotTheLocalOnes() throws {
        let s = try WeeklySchedule(parsing: "mon-fri 09:00-17:00")
        // Madrid is UTC+2 on Friday 2026-10-23 and UTC+1 on Friday 2026-10-30.
        #expect(s.isOn(at: at("2026-10-23T07:00:00Z"), zone: madrid))
        #expect(!s.isOn(at: at("2026-10-30T07:00:00Z"), zone: madrid))
        #expect(s.isOn(at: at("2026-10-30T08:00:00Z"), zone: madrid))
    }
}

@Suite struct AssignmentRuleTests {
    func member(_ handle: String, open: Int = 0, capacity: Int = 8, onShift: Bool = true, last: Millis? = nil) -> AssignmentCandidate {
        AssignmentCandidate(memberID: "id" + handle, handle: handle, open: open, capacity: capacity, onShift: onShift, lastAssignedAt: last)
    }

    @Test func roundRobinTakesTurnsFromWhoWaitedLongest() {
        var batch = AssignmentRule.Batch(mode: .roundRobin, team: "Tier 1 BPO", candidates: [
            member("@lucia", open: 3, last: 3_000), member("@sam", open: 0, last: 1_000), member("@tuan", open: 5, last: nil),
        ])
        let picks = (0..<7).compactMap { _ in batch.next()?.handle }
        // Never assigned first, then the longest wait, then in turn, whatever the load.
        #expect(picks == ["@tuan", "@sam", "@lucia", "@tuan", "@sam", "@lucia", "@tuan"])
    }

    @Test func explainsThePick() {
        let pick = AssignmentRule.pick(mode: .roundRobin, team: "Tier 1 BPO", candidates: [member("@lucia", open: 3, capacity: 8)])
        #expect(pick?.explanation == "assigned by rule Tier 1 BPO round-robin: @lucia had 3 of 8")
        #expect(pick?.memberID == "id@lucia")
    }

    @Test func onlyMembersOnShiftWithRoom() {
        var batch = AssignmentRule.Batch(mode: .roundRobin, team: "T", candidates: [
            member("@away", onShift: false), member("@full", open: 8, capacity: 8), member("@one", open: 1, capacity: 3),
        ])
        #expect(batch.next()?.handle == "@one")
        #expect(batch.next()?.handle == "@one")
        #expect(batch.next() == nil)   // @one now holds 3 of 3
        #expect(AssignmentRule.whyNobody(mode: .roundRobin, candidates: batch.candidatesNow)
                == "everyone on shift is at capacity (@full 8/8, @one 3/3)")
        #expect(AssignmentRule.whyNobody(mode: .roundRobin, candidates: [member("@a", onShift: false)]) == "nobody on the team is on shift")
        #expect(AssignmentRule.whyNobody(mode: .roundRobin, candidates: []) == "the team has no members")
        #expect(AssignmentRule.pick(mode: .off, team: "T", candidates: [member("@a")]) == nil)
    }

    @Test func leastLoadedFillsTheEmptiestFirst() {
        var batch = AssignmentRule.Batch(mode: .leastLoaded, team: "Tier 2", candidates: [
            member("@kenji", open: 4, last: 1), member("@rosa", open: 1, last: 5), member("@omar", open: 2, last: 2),
        ])
        let picks = (0..<5).compactMap { _ in batch.next()?.handle }
        // rosa 1 → 2; omar 2 (waited longer than rosa) → 3; rosa 2 → 3; then omar and rosa at 3
        // in turn before kenji at 4.
        #expect(picks == ["@rosa", "@omar", "@rosa", "@omar", "@rosa"])
    }

    @Test func modesReadAsPeopleWriteThem() {
        #expect(AssignmentMode(label: "round-robin") == .roundRobin)
        #expect(AssignmentMode(label: "Least_Loaded") == .leastLoaded)
        #expect(AssignmentMode(label: "sometimes") == nil)
    }

    @Test func fieldRulesCheckZonesSchedulesAndSpans() {
        #expect(FieldRules.problem(entity: .member, fields: ["time_zone": .text("Mars/Base")], insert: false)
                == "time_zone: \"Mars/Base\" is not a time zone (e.g. Europe/Madrid)")
        #expect(FieldRules.problem(entity: .member, fields: ["schedule": .text("mon 25:00-26:00")], insert: false)?.hasPrefix("schedule: ") == true)
        #expect(FieldRules.problem(entity: .member, fields: ["schedule": .text("mon-fri 09:00-17:00")], insert: false) == nil)
        #expect(FieldRules.problem(entity: .shiftException, fields: ["starts_at": .int(1_800_000_000_000), "ends_at": .int(1_700_000_000_000)], insert: false)
                == "ends_at: must be after starts_at")
        #expect(FieldRules.problem(entity: .team, fields: ["assignment": .text("random")], insert: false)?.hasPrefix("assignment: ") == true)
        #expect(FieldRules.problem(entity: .team, fields: ["capacity": .int(0)], insert: false) == "capacity: must be from 1 to 1000")
    }
}
