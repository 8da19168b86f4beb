import Foundation
import Testing
import GreenroomCore
@testable import GreenroomTUI

/// Issue 28: Today acts on follow-ups (`Space` done, `w` snooze, `e` reschedule) and every
/// section scrolls to its end.
@Suite struct TodayActionsTests {
    func today(_ report: TodayReport = todayReport()) -> Model {
        var m = loadedModel()
        _ = update(&m, .key(.char("t")))
        _ = update(&m, .today(.loaded(report)))
        return m
    }

    func applied(_ commands: [Command]) -> ChangeSet? {
        commands.compactMap { if case .apply(let set, .perform) = $0 { return set } else { return nil } }.first
    }

    @Test func spaceMarksTheFollowUpDone() throws {
        var m = today()
        let set = try #require(applied(update(&m, .key(.char(" ")))))
        #expect(set.label == "Marked @mila.cooks's follow-up done")
        #expect(set.changes == [.update(.activity, id: "a1", fields: [ActivityField.done.rawValue: FieldValue(true)])])
        // The store answers; Today reloads.
        let reload = update(&m, .applied(inverse: set, mode: .perform))
        #expect(reload.contains(.today(.load(me: "@ana"))))
    }

    @Test func onATicketRowTheFollowUpKeysSayWhyAndDoNothing() {
        var m = today()
        _ = press(&m, .char("j"), .char("j"))                       // the breaching ticket
        #expect(press(&m, .char(" ")).isEmpty)
        #expect(m.toast?.text.hasPrefix("Only follow-ups take done here") == true)
        #expect(press(&m, .char("w")).isEmpty && m.overlay == nil)
    }

    @Test func wSnoozesUntilATypedTimeAndBadInputChangesNothing() throws {
        var m = today()
        _ = press(&m, .char("w"))
        guard case .prompt(let p)? = m.overlay else { Issue.record("no prompt"); return }
        #expect(p.title.hasPrefix("Snooze @mila.cooks's follow-up until?"))
        for ch in "soonish" { _ = update(&m, .key(.char(ch))) }
        #expect(press(&m, .enter).isEmpty)
        guard case .prompt(let bad)? = m.overlay else { Issue.record("the prompt closed on bad input"); return }
        #expect(bad.error?.hasPrefix("could not read \"soonish\"") == true)
        #expect(view(m).renderTrimmed().contains("could not read \"soonish\""))
        _ = press(&m, .ctrl("u"))
        for ch in "tomorrow 9:00" { _ = update(&m, .key(.char(ch))) }
        let set = try #require(applied(press(&m, .enter)))
        let due = Time.parseISO("2026-11-21T09:00:00Z")!
        #expect(set.changes == [.update(.activity, id: "a1", fields: [ActivityField.followUpDue.rawValue: .int(Int64(due))])])
        #expect(set.label.hasPrefix("Snoozed @mila.cooks's follow-up until"))
        #expect(m.overlay == nil)
    }

    @Test func eReschedulesToADate() throws {
        var m = today()
        _ = press(&m, .char("j"), .char("e"))                       // the second follow-up
        guard case .prompt(let p)? = m.overlay else { Issue.record("no prompt"); return }
        #expect(p.title.hasPrefix("New due date for @zoe.live's follow-up?"))
        for ch in "2026-11-30" { _ = update(&m, .key(.char(ch))) }
        let set = try #require(applied(press(&m, .enter)))
        #expect(set.changes == [.update(.activity, id: "a2", fields: [ActivityField.followUpDue.rawValue: .int(Int64(Time.parseISO("2026-11-30T09:00:00Z")!))])])
        #expect(set.label.hasPrefix("Rescheduled @zoe.live's follow-up to"))
    }

    @Test func reachingASectionsLastLoadedRowLoadsTheRest() {
        let rows = (0..<50).map { i in
            TodayReport.FollowUp(activityID: "a\(i)", creatorID: "c\(i)", handle: "@c\(i)", text: "call", due: now - Millis(i) * Time.minute,
                                 authorHandle: nil, ownerHandle: nil, now: now)
        }
        var report = todayReport(me: nil)
        report.followUps = .init(count: 78, rows: rows)
        var m = loadedModel()
        _ = update(&m, .key(.char("t")))
        _ = update(&m, .key(.char("a")))                            // the team
        _ = update(&m, .today(.loaded(report)))
        var last: [Command] = []
        for _ in 0..<49 { last = update(&m, .key(.char("j"))) }
        #expect(last == [.today(.loadMore(me: nil, limit: 250))])
        // The longer answer keeps the cursor on its row; the 78 rows can all be reached.
        var more = report
        more.followUps = .init(count: 78, rows: rows + (50..<78).map { i in
            TodayReport.FollowUp(activityID: "a\(i)", creatorID: "c\(i)", handle: "@c\(i)", text: "call", due: now - Millis(i) * Time.minute,
                                 authorHandle: nil, ownerHandle: nil, now: now)
        })
        _ = update(&m, .today(.loaded(more)))
        guard case .today(let s) = m.screen else { return }
        #expect(s.cursor == 49 && s.followUpUnderCursor?.activityID == "a49")
        for _ in 0..<28 { _ = update(&m, .key(.char("j"))) }
        guard case .today(let end) = m.screen else { return }
        #expect(end.followUpUnderCursor?.activityID == "a77")
        #expect(!view(m).renderTrimmed().contains("+28 more"))
    }
}
