import Foundation
import Testing
import GreenroomCore
@testable import GreenroomTUI

/// Issue 28's wording, choice-field, too-small and `Ctrl-c` fixes, through `update` and `view`.
@Suite struct WordingAndMannersTests {
    @Test func timesUnderAMinuteReadAsJustNowAndNowNeverNowAgo() {
        #expect(RelativeTime.agoPhrase(now - 10_000, now: now) == "just now")
        #expect(RelativeTime.agoPhrase(now - 5 * Time.minute, now: now) == "5m ago")
        #expect(RelativeTime.inPhrase(now + 10_000, now: now) == "now")
        #expect(RelativeTime.inPhrase(now + 3 * Time.hour, now: now) == "in 3h")
        #expect(RelativeTime.counted(1, "day") == "1 day")
        #expect(RelativeTime.counted(2, "day") == "2 days")
        #expect(RelativeTime.counted(0, "active day") == "0 active days")
    }

    @Test func aTargetAnsweredSecondsAgoSaysJustNow() {
        let late = SLATargetStatus(target: .firstReply, state: .breached, due: now - 5 * Time.minute, remaining: 0, achievedAt: now - 20_000)
        #expect(TicketDetailView.slaText(late, now: now).0 == "breached: answered just now, 4m late")
        let met = SLATargetStatus(target: .firstReply, state: .achieved, due: now + Time.hour, remaining: 0, achievedAt: now - 1_000)
        #expect(TicketDetailView.slaText(met, now: now).0 == "achieved just now")
    }

    @Test func aFollowUpDueWithinAMinuteIsDueNow() {
        let f = TodayReport.FollowUp(activityID: "a", creatorID: "c", handle: "@mila", text: "call back", due: now + 20_000,
                                     authorHandle: nil, ownerHandle: nil, now: now)
        #expect(f.line.hasSuffix("due now"))
        let later = TodayReport.FollowUp(activityID: "a", creatorID: "c", handle: "@mila", text: "call back", due: now + 2 * Time.hour,
                                         authorHandle: nil, ownerHandle: nil, now: now)
        #expect(later.line.hasSuffix("due in 2h"))
    }

    @Test func theReplyEditorSaysWhatTabDoesToThisTicketsStatus() {
        var m = loadedModel()
        _ = press(&m, .char("3"), .char("r"))          // K7Q2 is open
        var screen = view(m).renderTrimmed()
        #expect(screen.contains("Tab: status stays open"))
        #expect(!screen.contains("a new ticket opens"))
        _ = press(&m, .tab)
        #expect(view(m).renderTrimmed().contains("Tab: then set pending"))
        _ = press(&m, .esc, .char("j"), .char("r"))     // 9FZD is new
        screen = view(m).renderTrimmed()
        #expect(screen.contains("Tab: status unchanged (a public reply opens a new ticket)"))
    }

    @Test func thePaletteShowsATypedCommandInsteadOfNoMatch() {
        var m = loadedModel()
        _ = press(&m, .char(":"))
        for ch in "enrol 12.12" { _ = update(&m, .key(.char(ch))) }
        let screen = view(m).renderTrimmed()
        #expect(screen.contains("Enter: Enrol the selected creators in \"12.12\""))
        #expect(!screen.contains("no matching command"))
    }

    @Test func aChoiceFieldCyclesOrPicksAndNeverTakesTypedText() {
        var m = loadedModel()
        _ = press(&m, .char("n"), .tab, .tab)          // handle → name → kind
        guard case .creatorForm(let before)? = m.overlay, before.focus == .kind else { Issue.record("not on the kind field"); return }
        let start = before.inputs[.kind]?.text
        _ = press(&m, .char("z"), .char("z"), .backspace)
        guard case .creatorForm(let typed)? = m.overlay else { Issue.record("form closed"); return }
        #expect(typed.inputs[.kind]?.text == start)
        _ = press(&m, .char("m"))
        guard case .creatorForm(let picked)? = m.overlay else { return }
        #expect(picked.inputs[.kind]?.text == "merchant")
        _ = press(&m, .char(" "))
        guard case .creatorForm(let cycled)? = m.overlay else { return }
        #expect(cycled.inputs[.kind]?.text == "affiliate")
        _ = press(&m, .left, .left)
        guard case .creatorForm(let back)? = m.overlay else { return }
        #expect(back.inputs[.kind]?.text == "creator")
        _ = update(&m, .paste("creatorzz"))
        guard case .creatorForm(let pasted)? = m.overlay else { return }
        #expect(pasted.inputs[.kind]?.text == "creator")
    }

    @Test func behindTheTooSmallScreenKeysDoNothingButQuit() {
        var m = loadedModel()
        _ = update(&m, .resize(width: 60, height: 20))
        #expect(view(m).renderTrimmed().contains("terminal too small"))
        #expect(press(&m, .char("3"), .char("?"), .char(":"), .char("t"), .char("n")).isEmpty)
        #expect(m.focus == .roster && m.overlay == nil && m.screen == .main)
        #expect(press(&m, .char("q")) == [.quit])
        #expect(m.quitting)
    }

    @Test func ctrlCInAnEditorAsksLikeEscInsteadOfQuitting() {
        var m = loadedModel()
        _ = press(&m, .char("3"), .char("r"))
        #expect(press(&m, .ctrl("c")).isEmpty)          // nothing typed: closes, as Esc does
        #expect(m.overlay == nil && !m.quitting)
        _ = press(&m, .char("r"))
        for ch in "Hello" { _ = update(&m, .key(.char(ch))) }
        #expect(press(&m, .ctrl("c")).isEmpty)
        guard case .confirm(let c)? = m.overlay else { Issue.record("Ctrl-c did not ask: \(String(describing: m.overlay))"); return }
        #expect(c.message == "Discard this reply?")
        #expect(!m.quitting)
        _ = press(&m, .char("n"))                        // keep writing
        guard case .replyForm(let form)? = m.overlay else { Issue.record("the editor did not come back"); return }
        #expect(form.text.text == "Hello")
        // Outside an editor Ctrl-c still quits at once.
        _ = press(&m, .esc, .char("y"))
        #expect(press(&m, .ctrl("c")).last == .quit)
    }
}
