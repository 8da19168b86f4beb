import Foundation
import Testing
import GreenroomCore
@testable import GreenroomTUI

/// Issue 26's resource hub in the knowledge base: kinds and URLs in the list, the view and the
/// form, the kind filter (`Tab`), and `Ctrl-t` sending only resources.
enum KBFixtures {
    /// In title order, as the store lists them.
    static let articles = [
        Article(id: "a4", title: "Community guidelines", body: "", isMacro: false, updatedAt: now, kind: .link,
                url: "https://creators.example.com/live/community-guidelines"),
        Article(id: "a3", title: "LIVE lighting guide", body: "Face a window; one soft light behind the phone.", isMacro: false, updatedAt: now, kind: .guide),
        Article(id: "a5", title: "Onboarding toolkit", body: "Checklist, overlays, a first-week plan.", isMacro: false, updatedAt: now, kind: .toolkit,
                url: "https://creators.example.com/toolkits/onboarding.pdf"),
        Article(id: "a1", title: "Payout schedule", body: "Payouts run on the 15th.", isMacro: false, updatedAt: now),
        Article(id: "a2", title: "Reset 2FA", body: "Done, {{creator.handle}}.", isMacro: true, macroStatus: .pending, updatedAt: now),
    ]

    static func kb(width: Int = 100, height: Int = 30) -> Model {
        var m = loadedModel(width: width, height: height)
        _ = update(&m, .perform(.knowledgeBase))
        _ = update(&m, .knowledgeBase(.loaded(articles, macrosOnly: false)))
        return m
    }

    static func state(_ m: Model) -> KBState? {
        guard case .kb(let kb)? = m.overlay else { return nil }
        return kb
    }

    static func form(_ m: Model) -> ArticleFormState? {
        guard case .articleForm(let f, _)? = m.overlay else { return nil }
        return f
    }
}

@Suite struct KnowledgeBaseKindUpdateTests {
    @Test func tabShowsOnlyResourcesThenEachKindAndShiftTabGoesBack() {
        var m = KBFixtures.kb()
        #expect(KBFixtures.state(m)?.matches.count == 5)
        press(&m, .down, .down)
        press(&m, .tab)
        var kb = KBFixtures.state(m)
        #expect(kb?.kindFilter == .resources && kb?.selected == 0)
        #expect(kb?.matches.map(\.id) == ["a4", "a3", "a5"])
        #expect(kb.map { [$0.count(.all), $0.count(.resources), $0.count(.guides), $0.count(.links), $0.count(.replies)] } == [5, 3, 1, 1, 2])
        press(&m, .tab, .tab, .tab)
        #expect(KBFixtures.state(m)?.kindFilter == .links)
        #expect(KBFixtures.state(m)?.matches.map(\.id) == ["a4"])
        press(&m, .tab)
        #expect(KBFixtures.state(m)?.matches.map(\.id) == ["a1", "a2"])       // replies, macros among them
        press(&m, .tab)
        #expect(KBFixtures.state(m)?.kindFilter == .all)
        press(&m, .backTab)
        #expect(KBFixtures.state(m)?.kindFilter == .replies)
        // The search works within the kind shown, over URLs too.
        press(&m, .backTab, .backTab, .backTab, .backTab)
        for c in "onboarding.pdf" { press(&m, .char(c)) }
        kb = KBFixtures.state(m)
        #expect(kb?.kindFilter == .resources && kb?.matches.first?.id == "a5")
    }

    @Test func ctrlNUnderAKindWritesOneOfThatKind() {
        var m = KBFixtures.kb()
        press(&m, .tab, .tab, .tab, .tab)
        #expect(KBFixtures.state(m)?.kindFilter == .links)
        press(&m, .ctrl("n"))
        #expect(KBFixtures.form(m)?.kind == .link)
        #expect(KBFixtures.form(m)?.visibleFields == [.title, .kind, .url, .body])
    }

    @Test func theFormCyclesTheKindHidesTheMacroSwitchForResourcesAndChecksTheURL() {
        var m = KBFixtures.kb()
        press(&m, .ctrl("n"))
        for c in "Lights kit" { press(&m, .char(c)) }
        press(&m, .tab)                                                      // Kind
        #expect(KBFixtures.form(m)?.focus == .kind)
        #expect(KBFixtures.form(m)?.visibleFields == [.title, .kind, .url, .macro, .body])
        press(&m, .char(" "))
        #expect(KBFixtures.form(m)?.kind == .guide)
        #expect(KBFixtures.form(m)?.visibleFields == [.title, .kind, .url, .body])
        press(&m, .char(" "), .char(" "))
        #expect(KBFixtures.form(m)?.kind == .link)
        // A link needs its URL; a hostile one is refused with the reason, on the URL field.
        #expect(press(&m, .ctrl("s")) == [])
        #expect(KBFixtures.form(m)?.error == "a link needs a URL (http:// or https://)" && KBFixtures.form(m)?.focus == .url)
        for c in "https://example.com/my kit" { press(&m, .char(c)) }
        #expect(press(&m, .ctrl("s")) == [])
        #expect(KBFixtures.form(m)?.error == "a URL cannot hold a space")
        for _ in 0..<4 { press(&m, .backspace) }
        for c in "-kit" { press(&m, .char(c)) }
        // A link needs no text.
        #expect(press(&m, .ctrl("s")) == [.knowledgeBase(.save(ArticleEdit(id: nil, title: "Lights kit", body: "", isMacro: false, status: nil, priority: nil,
                                                                       tags: [], kind: .link, url: "https://example.com/my-kit")))])
    }

    @Test func aMacroTurnedIntoAGuideIsNoLongerAMacro() {
        var m = KBFixtures.kb()
        press(&m, .down, .down, .down, .down)                                // Reset 2FA, a macro
        press(&m, .enter)
        #expect(KBFixtures.form(m)?.isMacro == true && KBFixtures.form(m)?.visibleFields.contains(.status) == true)
        press(&m, .tab, .char(" "))
        let edit = KBFixtures.form(m)?.edit
        #expect(edit?.kind == .guide && edit?.isMacro == false && edit?.status == nil)
    }

    @Test func ctrlTRefusesAReplyWithTheReason() {
        var m = KBFixtures.kb()
        #expect(KBFixtures.state(m)?.choice?.id == "a4")
        press(&m, .down, .down, .down)
        #expect(KBFixtures.state(m)?.choice?.id == "a1")
        #expect(press(&m, .ctrl("t")) == [])
        #expect(m.toast?.text == "\"Payout schedule\" is a reply (it answers tickets): make it a guide, toolkit or link to send it")
        press(&m, .up, .up, .up)
        #expect(press(&m, .ctrl("t")) == [.knowledgeBase(.loadSendTargets)])
    }
}

@Suite struct KnowledgeBaseKindViewTests {
    func lines(_ m: Model) -> [String] { view(m).renderTrimmed().split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }

    /// The list with every kind's count, each resource's kind beside its title, and the link's
    /// URL above its text.
    @Test func theListShowsKindsAndCountsAndTheViewTheKindAndURL() {
        let m = KBFixtures.kb()
        Golden.expect(lines(m)[1...9].joined(separator: "\n"), is: "kb-all-lines-1-9")
    }

    @Test func resourcesOnlyWithAToolkitSelected() {
        var m = KBFixtures.kb()
        press(&m, .tab, .down, .down)
        Golden.expect(lines(m)[1...9].joined(separator: "\n"), is: "kb-resources-toolkit-lines-1-9")
    }

    @Test func anEmptyKindSaysSo() {
        var m = loadedModel()
        _ = update(&m, .perform(.knowledgeBase))
        _ = update(&m, .knowledgeBase(.loaded([KBFixtures.articles[3]], macrosOnly: false)))
        press(&m, .tab)
        #expect(view(m).renderTrimmed().contains("No resources yet: Ctrl-n writes one."))
    }

    /// The form of a link: kind and URL under the title, no macro switch.
    @Test func theFormOfALink() {
        var m = KBFixtures.kb()
        press(&m, .enter)
        Golden.expect(lines(m)[1...8].joined(separator: "\n"), is: "kb-form-link-lines-1-8")
    }

    @Test func withoutUnicodeTheFilterUsesBars() {
        var m = KBFixtures.kb(width: 80, height: 24)
        m.capabilities = TerminalCapabilities(unicode: false, colors: 0)
        let text = view(m).renderTrimmed()
        #expect(text.contains("All 5 | Resources 3 | Guides 1 | Toolkits 1 | Links 1 | Replies 2"), "\(text)")
    }
}
