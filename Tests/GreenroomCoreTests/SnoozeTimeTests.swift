import Foundation
import Testing
@testable import GreenroomCore

/// Issue 28: snooze and reschedule times as people type them (now: Friday 2026-11-20 09:30 UTC).
@Suite struct SnoozeTimeTests {
    let now = Time.parseISO("2026-11-20T09:30:00Z")!
    let utc = TimeZone(identifier: "UTC")!

    func at(_ text: String) -> String? {
        if case .success(let t) = SnoozeTime.parse(text, now: now, zone: utc) { return Time.iso(t) }
        return nil
    }

    func problem(_ text: String) -> String? {
        if case .failure(let e) = SnoozeTime.parse(text, now: now, zone: utc) { return e.message }
        return nil
    }

    @Test func daysWakeAtNineAndTimesAreKept() {
        #expect(at("tomorrow 9:00") == "2026-11-21T09:00:00Z")
        #expect(at("tomorrow") == "2026-11-21T09:00:00Z")
        #expect(at("mon") == "2026-11-23T09:00:00Z")
        #expect(at("Mon 14:30") == "2026-11-23T14:30:00Z")
        #expect(at("+3d") == "2026-11-23T09:00:00Z")
        #expect(at("+1w 8:15") == "2026-11-27T08:15:00Z")
        #expect(at("2026-12-01 5pm") == "2026-12-01T17:00:00Z")
    }

    @Test func hoursCountFromNowAndATimeAloneIsTheNextOne() {
        #expect(at("+2h") == "2026-11-20T11:30:00Z")
        #expect(at("+45m") == "2026-11-20T10:15:00Z")
        #expect(at("14:30") == "2026-11-20T14:30:00Z")
        #expect(at("8:00") == "2026-11-21T08:00:00Z")
    }

    @Test func badOrPastTimesSayWhyInOneLine() {
        #expect(problem("soonish")?.hasPrefix("could not read \"soonish\": try tomorrow 9:00") == true)
        #expect(problem("today") == "\"today\" has already passed: pick a time after now")
        #expect(problem("tomorrow 25:00") != nil)
        #expect(problem("") != nil)
        for p in [problem("soonish"), problem("today")] { #expect(p?.contains("\n") == false) }
    }
}
