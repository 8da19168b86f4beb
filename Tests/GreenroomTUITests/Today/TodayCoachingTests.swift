import Foundation
import Testing
import GreenroomCore
@testable import GreenroomTUI

/// Issue 25: a lead's coaching follow-ups on teammates, due today, are on Today — `Enter`
/// opens the teammate's 1:1, `Space` marks it done; with none, Today is as it was.
@Suite struct TodayCoachingTests {
    func report() -> TodayReport {
        var r = todayReport()
        r.coachingFollowUps = .init(count: 1, rows: [
            .init(itemID: "ci1", memberHandle: "@tuan", text: "Pair on two appeal tickets", due: now - Time.hour, now: now),
        ])
        return r
    }

    @Test func enterOpensTheTeammatesOneOnOneAndSpaceMarksItDone() {
        var m = loadedModel()
        _ = update(&m, .key(.char("t")))
        _ = update(&m, .today(.loaded(report())))
        guard case .today(let s) = m.screen else { Issue.record("not on Today"); return }
        #expect(s.items.count == 5 && s.report?.total == 7)
        // The coaching row comes right after the creators' follow-ups.
        _ = update(&m, .key(.char("j"))); _ = update(&m, .key(.char("j")))
        let done = update(&m, .key(.char(" ")))
        #expect(done == [.apply(ChangeSet("Done: follow-up with @tuan", [.coachingDone(id: "ci1", done: true)]), mode: .perform)])
        let opened = update(&m, .key(.enter))
        guard case .oneOnOne(let one) = m.screen else { Issue.record("not on the 1:1 screen: \(opened)"); return }
        #expect(one.handle == "@tuan")
        // Snooze and reschedule stay with the creators' follow-ups (a coaching date changes on the 1:1 screen).
        _ = update(&m, .key(.esc))
        guard case .today = m.screen else { Issue.record("not back on Today"); return }
    }

    @Test func theSectionShowsOnlyWhenThereIsOne() {
        var m = loadedModel(width: 100, height: 30)
        _ = update(&m, .key(.char("t")))
        _ = update(&m, .today(.loaded(report())))
        let lines = view(m).renderTrimmed().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let header = lines.firstIndex(where: { $0.contains("Coaching follow-ups with teammates 1") }) else {
            Issue.record("no coaching section: \(lines.joined(separator: "\n"))"); return
        }
        #expect(lines[header + 1].contains("1:1 @tuan · Pair on two appeal tickets · overdue 1h"), "\(lines[header + 1])")
        #expect(lines[header - 4].contains("Follow-ups due today or overdue 2"))
        #expect(lines.contains { $0.contains("Today for @ana · 7 to do") })
        _ = update(&m, .today(.loaded(todayReport())))
        #expect(!view(m).renderTrimmed().contains("Coaching"))
    }
}
