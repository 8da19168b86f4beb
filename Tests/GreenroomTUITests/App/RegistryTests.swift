import Testing
import GreenroomCore
@testable import GreenroomTUI

/// The screen registry: every registered screen is reachable from the palette (by its words
/// and by its action), comes back from its case of `Screen`, and `Esc` leaves it.
@Suite struct RegistryTests {
    @Test func everyRegisteredScreenOpensFromThePaletteByItsWords() {
        #expect(!Screens.openable.isEmpty)
        for type in Screens.openable {
            for word in type.paletteWords {
                var m = loadedModel()
                press(&m, .char(":"))
                for c in word { press(&m, .char(c)) }
                let commands = press(&m, .enter)
                #expect(m.overlay == nil)
                #expect(m.screen.component.map { Swift.type(of: $0) == type } == true, "\(word) did not open \(type)")
                #expect(commands == m.screen.component?.reload(m.screenEnv), "\(word): opening loads what a reload loads")
                press(&m, .esc)
                #expect(m.screen == .main, "Esc leaves \(type)")
            }
        }
    }

    @Test func everyRegisteredScreensActionIsInThePaletteList() {
        var m = loadedModel()
        press(&m, .char(":"))
        guard case .palette(let state)? = m.overlay else { Issue.record("palette not open"); return }
        let listed = Set(state.matches(keyMap: m.keyMap).map(\.action))
        for type in Screens.openable {
            #expect(listed.contains(type.openAction), "\(type.openAction.rawValue) is not in the palette")
            var opened = loadedModel()
            _ = update(&opened, .perform(type.openAction))
            #expect(opened.screen.component.map { Swift.type(of: $0) == type } == true)
            #expect(opened.screen.component?.screen == opened.screen, "\(type) round-trips through Screen")
        }
    }

    @Test func registeredScreensHaveDistinctActionsAndWords() {
        let actions = Screens.openable.map { $0.openAction }
        #expect(Set(actions).count == actions.count)
        let words = Screens.openable.flatMap { $0.paletteWords }
        #expect(Set(words).count == words.count)
    }

    @Test func everyRegisteredScreenOpensByAnActionExceptDrillDownsAndDetails() {
        // A screen no action opens is reached from another one (a drill-down from a number, a
        // detail from a row, a page from a name); any other must be an `OpenableScreen`, or nothing would reach it.
        let unopenable = Screens.all.filter { !($0 is any OpenableScreen.Type) }.map { "\($0)" }
        // (An agent's page opens from the Review's agent row and the palette's `agent @h`; the 1:1
        // screen from the agent's page and the palette's `1on1 @h`.)
        #expect(Set(unopenable) == ["DrillScreen", "CreatorScreen", "TicketScreen", "AgentScreen", "OneOnOneScreen"])
        #expect(Screens.all.count >= 6)
    }

    @Test func aScreenMessageReachesOnlyItsOpenScreen() {
        var m = loadedModel()
        // Not open: the message changes nothing on the main screen.
        _ = update(&m, .trash(.loaded([])))
        #expect(m.screen == .main)
        _ = m.openTrash()
        _ = update(&m, .trash(.loaded([TrashRow(kind: "creator", id: "c9", label: "@gone", deletedAt: nil, deletedBy: "this laptop")])))
        guard case .trash(let s) = m.screen else { Issue.record("not on the trash"); return }
        #expect(s.rows?.count == 1)
        // A conflicts message while the trash is open leaves the trash alone but the header counts it.
        _ = update(&m, .conflicts(.loaded(sampleConflicts)))
        #expect(m.screen == .trash(s))
        #expect(m.openConflictCount == sampleConflicts.count)
    }
}

/// Pickers and prompts carry the opening feature's purpose; Enter sends back the message the
/// purpose makes, so no central place answers them.
@Suite struct DialogAnswerTests {
    struct EchoPick: PickerPurpose {
        var tag: String
        func picked(_ item: PickerItem) -> Msg { .notice("\(tag) picked \(item.value)") }
    }

    struct EchoPrompt: PromptPurpose {
        func answered(_ text: String) -> Msg { .notice("typed \(text)") }
    }

    @Test func aPickerDeliversThePurposesMessageForTheChoice() {
        var m = loadedModel()
        m.overlay = .picker(PickerState(title: "Pick", purpose: EchoPick(tag: "test"), items: [PickerItem("One", value: "1"), PickerItem("Two", value: "2")]))
        press(&m, .down, .enter)
        #expect(m.overlay == nil)
        #expect(m.toast?.text == "test picked 2")
    }

    @Test func aPromptDeliversThePurposesMessageForTheText() {
        var m = loadedModel()
        m.overlay = .prompt(PromptState(title: "Say", purpose: EchoPrompt()))
        for c in " hi " { press(&m, .char(c)) }
        press(&m, .enter)
        #expect(m.toast?.text == "typed hi")
    }

    @Test func aRosterViewPickerSendsTheRosterMessage() {
        var m = loadedModel()
        press(&m, .char("v"))
        guard case .picker(let state)? = m.overlay else { Issue.record("no picker"); return }
        guard case .roster(.picked(let item, .view)) = state.purpose.picked(PickerItem("All creators", value: "")) else {
            Issue.record("the views picker does not answer the roster"); return
        }
        #expect(item.value == "")
    }

    @Test func pickersWithDifferentPurposesDiffer() {
        let a = PickerState(title: "T", purpose: TicketsPick.status(ids: ["t1"], label: "K1"), items: [])
        let b = PickerState(title: "T", purpose: TicketsPick.status(ids: ["t2"], label: "K1"), items: [])
        #expect(a != b)
        #expect(a == PickerState(title: "T", purpose: TicketsPick.status(ids: ["t1"], label: "K1"), items: []))
    }
}
