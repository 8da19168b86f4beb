import Testing
import GreenroomCore
@testable import GreenroomTUI

/// Issue 24: creators belong to a team — the roster filters by it, the creator form edits it.
@Suite struct CreatorTeamTests {
    func type(_ m: inout Model, _ text: String) -> [Command] {
        text.flatMap { update(&m, .key(.char($0))) }
    }

    @Test func theRosterFiltersByTeamOrNoTeam() {
        var m = loadedModel(rosterTotal: 500)
        press(&m, .char("/"))
        let commands = type(&m, "team:\"Tier 1 BPO\"")
        #expect(m.roster.filter == CreatorFilter(conditions: [.team([.named("Tier 1 BPO")], negated: false)]))
        guard case .roster(.load(let query, 0, _, _))? = commands.last else { Issue.record("no load"); return }
        #expect(query.filter == m.roster.filter)
        press(&m, .esc)
        press(&m, .char("/"))
        _ = type(&m, "-team:none")
        #expect(m.roster.filter == CreatorFilter(conditions: [.team([.nobody], negated: true)]))
        press(&m, .esc)
        press(&m, .char("/"))
        _ = type(&m, "team:none,MX")
        #expect(m.roster.filter == CreatorFilter(conditions: [.team([.nobody, .named("MX")], negated: false)]))
    }

    @Test func theFormShowsAndEditsTheCreatorsTeam() {
        var m = loadedModel()
        press(&m, .char("j"))
        _ = press(&m, .char("e"))
        var detail = CreatorScreenTests().detail()
        detail.teamName = "MX creators"
        _ = update(&m, .creator(.detailLoaded(id: "c2", detail: detail)))
        guard case .creatorForm(let f)? = m.overlay else { Issue.record("no form"); return }
        #expect(f.draft[.team] == "MX creators")
        let screen = view(m).render()
        #expect(screen.contains("Team") && screen.contains("MX creators"), "\(screen)")

        // Focus the Team field (after Owner), clear it, name another team and save.
        for _ in 0..<CreatorFormState.order.count {
            guard case .creatorForm(let g)? = m.overlay, g.focus != .team else { break }
            press(&m, .tab)
        }
        for _ in 0..<"MX creators".count { press(&m, .backspace) }
        _ = type(&m, "Tier 2")
        let commands = press(&m, .ctrl("s"))
        guard case .creator(.save(let draft, "c2"))? = commands.first else { Issue.record("no save: \(commands)"); return }
        #expect(draft[.team] == "Tier 2")

        // The store refuses a team that does not exist: the field says why and has the focus.
        _ = update(&m, .creator(.formErrors([.team: "no team called \"Tier 2\""])))
        guard case .creatorForm(let rejected)? = m.overlay else { Issue.record("form closed"); return }
        #expect(rejected.focus == .team && rejected.errors[.team] == "no team called \"Tier 2\"")
        #expect(view(m).render().contains("↳ no team called \"Tier 2\""))
    }

    @Test func aNewCreatorHasNoTeamUntilOneIsTyped() {
        var m = loadedModel()
        press(&m, .char("n"))
        guard case .creatorForm(let form)? = m.overlay else { Issue.record("no form"); return }
        #expect(form.draft[.team] == "")
        #expect(CreatorDraft.Field.allCases.firstIndex(of: .team) == CreatorDraft.Field.allCases.firstIndex(of: .owner)! + 1)
    }
}
