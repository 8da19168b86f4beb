import Foundation
import Testing
import GreenroomCore
@testable import GreenroomTUI

/// Issue 28: the reply editor soft-wraps, scrolls to the cursor, grows with its text, and
/// keeps a draft per ticket that survives `Ctrl-c`, a crash or a restart.
@Suite struct ReplyEditorTests {
    static let sentence = "Thanks for writing in about the payout for October. "

    func editor(width: Int = 100, height: Int = 30) -> Model {
        var m = loadedModel(width: width, height: height)
        _ = press(&m, .char("3"), .char("r"))
        return m
    }

    func form(_ m: Model) -> ReplyFormState? {
        if case .replyForm(let f)? = m.overlay { return f }
        return nil
    }

    func saves(_ commands: [Command]) -> [([ReplyDraft], [ReplyDraftKey])] {
        commands.compactMap { if case .tickets(.saveDrafts(let s, let d)) = $0 { return (s, d) } else { return nil } }
    }

    @Test func textWrapsAtWordsAndNeverPassesTheBoxEdge() {
        let area = TextArea("hello world again and again")
        let rows = area.wrapped(width: 11)
        #expect(rows.map { String($0.chars) } == ["hello world ", "again and ", "again"])
        for r in rows { #expect(DisplayWidth.of(String(r.chars).trimmingCharacters(in: .whitespaces)) <= 11) }
        // One long word breaks where it must.
        #expect(TextArea(String(repeating: "x", count: 25)).wrapped(width: 10).map(\.chars.count) == [10, 10, 5])
    }

    @Test func upAndDownMoveByScreenRowsOfTheWrappedText() {
        var area = TextArea("aaaa bbbb cccc dddd")           // cursor at the end
        let rows = area.wrapped(width: 10)
        #expect(rows.count == 2)
        #expect(area.cursorPlace(in: rows).row == 1)
        area.moveVisually(by: -1, width: 10)
        #expect(area.row == 0 && area.cursorPlace(in: area.wrapped(width: 10)).row == 0)
        area.moveVisually(by: 1, width: 10)
        #expect(area.cursorPlace(in: area.wrapped(width: 10)).row == 1)
    }

    @Test func aLongReplyWrapsScrollsToTheCursorAndShowsWhereItIs() throws {
        var m = editor()
        _ = update(&m, .paste(String(repeating: ReplyEditorTests.sentence, count: 40) + "THE END"))
        let f = try #require(form(m))
        let screen = view(m).renderTrimmed()
        #expect(screen.contains("THE END"))                         // the cursor's line shows
        #expect(screen.contains("line \(f.text.wrapped(width: ReplyFormState.textWidth(100)).count)/"))
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
        // The box grew to the screen: its bottom border is on the last row above the status line.
        #expect(lines[m.height - 2].hasPrefix("  └") || lines[m.height - 2].contains("└"))
        // Every text row stays inside the box's borders.
        for line in lines where line.contains("Thanks for") {
            #expect(line.contains("│"), "a row ran past the border: \(line)")
        }
        // Moving up far enough scrolls back to the start.
        for _ in 0..<200 { _ = update(&m, .key(.up)) }
        let top = view(m).renderTrimmed()
        #expect(!top.contains("THE END"))
        #expect(top.contains("line 1/"))
        #expect(try #require(form(m)).text.top == 0)
    }

    @Test func theEditorGrowsWithItsTextUpToTheScreen() {
        var m = editor()
        let small = form(m)!.dialogHeight(screenWidth: m.width, screenHeight: m.height)
        #expect(small == 20)
        _ = update(&m, .paste(String(repeating: ReplyEditorTests.sentence, count: 40)))
        #expect(form(m)!.dialogHeight(screenWidth: m.width, screenHeight: m.height) == m.height - 3)
    }

    @Test func typedTextIsSavedOnTheNextTickAndComesBackAfterARestart() throws {
        var m = editor()
        for ch in "Hello Mila" { _ = update(&m, .key(.char(ch))) }
        let saved = saves(update(&m, .tick(now: now, monotonic: 1)))
        #expect(saved.count == 1)
        let draft = try #require(saved.first?.0.first)
        #expect(draft.key == ReplyDraftKey(ticketID: "t1", isPublic: true) && draft.body == "Hello Mila")
        #expect(saves(update(&m, .tick(now: now, monotonic: 2))).isEmpty)   // nothing new: nothing written
        // Ctrl-c asks; a second Ctrl-c quits, the draft already on disk.
        _ = press(&m, .ctrl("c"))
        guard case .confirm? = m.overlay else { Issue.record("Ctrl-c did not ask"); return }
        #expect(press(&m, .ctrl("c")) == [.quit])

        // A new start reads the drafts; r on that ticket puts the text back.
        var next = loadedModel()
        #expect(initialCommands(next).contains(.tickets(.loadDrafts)))
        _ = update(&next, .tickets(.draftsLoaded([draft])))
        // The note on the same ticket is another draft: none.
        _ = press(&next, .char("3"), .char("i"))
        #expect(form(next)?.text.text == "")
        _ = press(&next, .esc, .char("r"))
        #expect(form(next)?.text.text == "Hello Mila")
        #expect(next.toast?.text.hasPrefix("Restored your unsent reply") == true)
    }

    @Test func keysTypedJustBeforeQuittingAreSavedOnTheWayOut() {
        var m = editor()
        for ch in "Almost" { _ = update(&m, .key(.char(ch))) }
        _ = press(&m, .ctrl("c"))
        let commands = press(&m, .ctrl("c"))
        #expect(commands.last == .quit)
        #expect(saves(commands).first?.0.first?.body == "Almost")
    }

    @Test func sendingOrDiscardingForgetsTheDraft() {
        var m = editor()
        for ch in "Sent" { _ = update(&m, .key(.char(ch))) }
        _ = update(&m, .tick(now: now, monotonic: 1))
        _ = press(&m, .ctrl("s"))
        _ = update(&m, .applied(inverse: ChangeSet("Replied to K7Q2", [.ticketEvent(ticketID: "t1", eventID: "e9", active: false, fields: [:])]),
                                mode: .perform))
        #expect(m.drafts.isEmpty)
        #expect(saves(update(&m, .tick(now: now, monotonic: 2))).first?.1 == [ReplyDraftKey(ticketID: "t1", isPublic: true)])

        _ = press(&m, .char("r"))
        for ch in "Nope" { _ = update(&m, .key(.char(ch))) }
        _ = press(&m, .esc, .char("y"))                             // discard on purpose
        #expect(m.overlay == nil && m.drafts.isEmpty)
        _ = press(&m, .char("r"))
        #expect(form(m)?.text.text == "")
    }
}
