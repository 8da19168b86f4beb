import Testing
import GreenroomCore
@testable import GreenroomTUI

/// Pickers, the palette, prompts, confirmations and the knowledge base list take their keys
/// from the key map (`picker`, `prompt`, `confirm`, `kb` contexts), so `keys.toml` rebinds them.
@Suite struct DialogKeyTests {
    func rebound(_ toml: String) throws -> Model {
        var m = loadedModel()
        m.keyMap = try KeyMap.parse(toml, file: "keys.toml")
        return m
    }

    @Test func theDialogContextsAreModalAndListedInHelp() {
        let map = KeyMap.defaults
        for context in [Action.Context.picker, .prompt, .confirm, .kb] {
            #expect(context.isModal)
            #expect(map.helpSections().contains { $0.title == context.title && !$0.rows.isEmpty })
        }
        #expect(map.action(for: .esc, in: .picker) == .pickerCancel)
        #expect(map.action(for: .char("q"), in: .picker) == nil) // typed, not quit
        #expect(map.action(for: .enter, in: .confirm) == .confirmYes)
    }

    @Test func aReboundPickerKeyChoosesAndTheOldOneNoLonger() throws {
        var m = try rebound("\"picker.choose\" = \"ctrl-o\"\n\"picker.next\" = \"ctrl-j\"\n")
        press(&m, .char("v"))
        guard case .picker? = m.overlay else { Issue.record("no views picker"); return }
        press(&m, .enter) // no longer picks
        guard case .picker(let state)? = m.overlay else { Issue.record("Enter closed the picker"); return }
        #expect(state.selected == 0)
        press(&m, .tab) // no longer moves: tab is not bound, and not typed either
        press(&m, .ctrl("j"))
        guard case .picker(let moved)? = m.overlay else { Issue.record("picker closed"); return }
        #expect(moved.selected == 1)
        press(&m, .ctrl("o"))
        #expect(m.overlay == nil)
    }

    @Test func aReboundPaletteCancelClosesIt() throws {
        var m = try rebound("\"picker.cancel\" = \"ctrl-g\"\n")
        press(&m, .char(":"), .esc)
        guard case .palette? = m.overlay else { Issue.record("Esc still closes the palette"); return }
        press(&m, .ctrl("g"))
        #expect(m.overlay == nil)
    }

    @Test func aReboundPromptSubmitSendsTheText() throws {
        var m = try rebound("\"prompt.submit\" = \"ctrl-s\"\n\"prompt.cancel\" = \"ctrl-g\"\n")
        m.overlay = .prompt(PromptState(title: "Say", purpose: DialogAnswerTests.EchoPrompt()))
        for c in "hi" { press(&m, .char(c)) }
        press(&m, .enter, .esc)
        guard case .prompt? = m.overlay else { Issue.record("Enter or Esc still close the prompt"); return }
        press(&m, .ctrl("s"))
        #expect(m.overlay == nil)
        #expect(m.toast?.text == "typed hi")
    }

    @Test func aReboundConfirmationAnswersWithTheNewKeys() throws {
        var m = try rebound("\"confirm.yes\" = \"o\"\n\"confirm.no\" = \"x\"\n")
        let set = ChangeSet("Tag", [.ticketTags(ticketID: "t1", add: ["vip"], remove: [])])
        m.overlay = .confirm(ConfirmState(message: "Tag?", action: .apply(set)))
        #expect(press(&m, .char("y"), .enter, .char("n"), .esc).isEmpty)
        guard case .confirm? = m.overlay else { Issue.record("an old key answered"); return }
        press(&m, .char("x"))
        #expect(m.overlay == nil)
        m.overlay = .confirm(ConfirmState(message: "Tag?", action: .apply(set)))
        #expect(press(&m, .char("o")) == [.apply(set, mode: .perform)])
    }

    @Test func aReboundKnowledgeBaseKeyMovesTheList() throws {
        var m = try rebound("\"kb.next\" = \"ctrl-f\"\n\"kb.edit\" = \"ctrl-o\"\n")
        let articles = [Article(id: "a1", title: "Payouts", body: "b", isMacro: false, updatedAt: now),
                        Article(id: "a2", title: "Verification", body: "b", isMacro: false, updatedAt: now)]
        m.overlay = .kb(KBState())
        _ = update(&m, .knowledgeBase(.loaded(articles, macrosOnly: false)))
        press(&m, .down)
        guard case .kb(let still)? = m.overlay else { Issue.record("kb closed"); return }
        #expect(still.selected == 0)
        press(&m, .ctrl("f"))
        guard case .kb(let moved)? = m.overlay else { Issue.record("kb closed"); return }
        #expect(moved.selected == 1)
        press(&m, .enter)
        guard case .kb? = m.overlay else { Issue.record("Enter still edits"); return }
        press(&m, .ctrl("o"))
        guard case .articleForm(let form, _)? = m.overlay else { Issue.record("no article form"); return }
        #expect(form.title.text == "Verification")
    }
}
