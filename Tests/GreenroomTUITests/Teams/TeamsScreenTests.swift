import Foundation
import Testing
import GreenroomCore
@testable import GreenroomTUI

/// Issue 24: `:teams`, `T` on a ticket and "on shift" in the assignee picker.
@Suite struct TeamsScreenTests {
    static let tier1 = Team(id: "0190aaaa-bbbb-7ccc-8ddd-0000000000a1", name: "Tier 1 BPO", leadID: nil, timeZone: "America/New_York",
                            assignment: .roundRobin, capacity: 8)
    static let tier2 = Team(id: "0190aaaa-bbbb-7ccc-8ddd-0000000000a2", name: "Tier 2 in-house", timeZone: "America/New_York")

    static func status(_ handle: String, open: Int, onShift: Bool, reason: String? = nil, schedule: String? = nil, last: Millis? = nil) -> TeamMemberStatus {
        TeamMemberStatus(memberID: "id" + handle, handle: handle, name: handle, onShift: onShift, offReason: reason, open: open, capacity: 8,
                         schedule: schedule, zone: "America/Bogota", lastAssignedAt: last, lastAssignedOrder: 0)
    }

    static let overviews = [
        TeamOverview(team: tier1, leadHandle: "@grace", members: [
            status("@lucia", open: 3, onShift: true, schedule: "mon-fri 07:00-16:00", last: pinned - 2 * Time.hour),
            status("@sam", open: 8, onShift: true, schedule: "tue-sat 14:00-23:00"),
            status("@tuan", open: 1, onShift: false, reason: "leave until 2026-11-24 00:00", schedule: "mon-fri 08:00-17:00"),
        ], unassigned: 4, open: 19),
        TeamOverview(team: tier2, leadHandle: nil, members: [], unassigned: 0, open: 2),
    ]

    static var pinned: Millis { Time.parseISO("2026-11-20T09:30:00Z")! }

    @Test func teamsOpenFromThePaletteListTeamsAndRunTheRule() {
        var m = loadedModel()
        press(&m, .char(":"))
        for c in "teams" { press(&m, .char(c)) }
        #expect(press(&m, .enter) == [.teams(.load)])
        guard case .teams = m.screen else { Issue.record("not on teams"); return }
        _ = update(&m, .teams(.loaded(TeamsScreenTests.overviews)))
        // `a` on the list: every team's rule; on an open team: that team's.
        #expect(press(&m, .char("a")) == [.teams(.assign(team: nil))])
        #expect(press(&m, .enter) == [])
        guard case .teams(let s) = m.screen else { Issue.record("not on teams"); return }
        #expect(s.open?.team.name == "Tier 1 BPO")
        #expect(press(&m, .char("a")) == [.teams(.assign(team: "Tier 1 BPO"))])
        press(&m, .char("j"))
        guard case .teams(let moved) = m.screen else { return }
        #expect(moved.memberCursor == 1)
        // The team disappears (removed on another laptop): back to the list.
        _ = update(&m, .teams(.loaded([TeamsScreenTests.overviews[1]])))
        guard case .teams(let after) = m.screen else { return }
        #expect(after.open == nil && after.cursor == 0)
        #expect(press(&m, .esc) == [])
        #expect(m.screen == .main)
    }

    @Test func theTeamListAndATeamsMembersAt100x30() {
        var m = loadedModel()
        _ = m.open(TeamsScreen.self)
        #expect(view(m).renderTrimmed().contains("Loading"))
        _ = update(&m, .teams(.loaded(TeamsScreenTests.overviews)))
        let list = view(m).renderTrimmed().split(separator: "\n").map(String.init)
        Golden.expect(list[1...4].joined(separator: "\n"), is: "teams-list-lines-1-4")
        #expect(list.last!.hasPrefix(" TEAMS  j/k move · Enter members · a assign now · Esc back"), "\(list.last!)")
        press(&m, .enter)
        let team = view(m).renderTrimmed().split(separator: "\n").map(String.init)
        Golden.expect(team[1...8].joined(separator: "\n"), is: "team-members-lines-1-8")
        _ = update(&m, .teams(.loaded([])))
        #expect(view(m).renderTrimmed().contains("No teams yet: greenroom team add"))
    }

    @Test func loadBarsFillWithTheShareOfCapacity() {
        #expect(TeamsView.load(0, 8) == "0/8 ▯▯▯▯▯▯▯▯")
        #expect(TeamsView.load(3, 8) == "3/8 ▮▮▮▯▯▯▯▯")
        #expect(TeamsView.load(1, 12) == "1/12 ▮▯▯▯▯▯▯▯")
        #expect(TeamsView.load(9, 8) == "9/8 ▮▮▮▮▮▮▮▮")
        #expect(TeamsView.load(2, 3) == "2/3 ▮▮▯")
    }

    @Test func moveToTeamPicksATeamAndAsksTheRunner() {
        var m = loadedModel()
        m.focus = .tickets
        // No teams: one line saying how to make one.
        press(&m, .char("T"))
        #expect(m.overlay == nil)
        #expect(m.toast?.text.hasPrefix("No teams yet") == true)
        _ = update(&m, .teamDirectoryLoaded(teams: [TeamsScreenTests.tier1, TeamsScreenTests.tier2], timeOff: []))
        press(&m, .char("T"))
        guard case .picker(let p)? = m.overlay else { Issue.record("no picker"); return }
        #expect(p.items.map(\.label) == ["Tier 1 BPO", "Tier 2 in-house", "(no team)"])
        #expect(p.items.map(\.detail) == ["assignment round-robin", "no assignment rule", ""])
        let commands = press(&m, .enter)
        guard case .tickets(.moveToTeam(let ids, let teamID, let label))? = commands.first else { Issue.record("\(commands)"); return }
        #expect(ids.count == 1 && teamID == TeamsScreenTests.tier1.id && label.hasSuffix("to Tier 1 BPO"))
    }

    @Test func theAssigneePickerSaysWhoIsOnShiftAndListsThemFirst() {
        var m = loadedModel()
        m.focus = .tickets
        m.now = TeamsScreenTests.pinned   // Friday 09:30 UTC: 04:30 in Bogotá
        m.members = [
            Member(id: "m1", handle: "@lucia", name: "Lucía", role: .specialist, team: "", tier: 1, timeZone: "America/Bogota", schedule: "mon-fri 07:00-16:00"),
            Member(id: "m2", handle: "@tuan", name: "Tuấn", role: .specialist, team: "", tier: 1, timeZone: "Asia/Manila", schedule: "mon-fri 08:00-17:00"),
            Member(id: "m3", handle: "@kenji", name: "Kenji", role: .specialist, team: "", tier: 2),
            Member(id: "m4", handle: "@grace", name: "Grace", role: .lead, team: ""),
        ]
        let away = ShiftException(id: "0190aaaa-bbbb-7ccc-8ddd-0000000000f1", memberID: "m3", startsAt: TeamsScreenTests.pinned - Time.day,
                                  endsAt: Time.parseISO("2026-11-23T14:00:00Z")!, kind: .sick)
        _ = update(&m, .teamDirectoryLoaded(teams: [], timeOff: [away]))
        press(&m, .char("a"))
        guard case .picker(let p)? = m.overlay else { Issue.record("no picker"); return }
        // Manila is at 17:30: off. Bogotá at 04:30: off. Kenji is sick. Grace has no schedule. (The model's team zone is UTC.)
        #expect(p.items.map(\.label) == ["@kenji", "@lucia", "@tuan", "@grace", "(unassigned)"])
        #expect(p.items[0].detail.hasPrefix("sick until 2026-11-23 14:00 · tier 2"))
        #expect(p.items[1].detail == "off shift · tier 1 · Lucía")
        #expect(p.items[3].detail == "on shift · lead · Grace")
        // Two hours later Lucía is at work: she comes first.
        m.now = TeamsScreenTests.pinned + 4 * Time.hour
        press(&m, .esc)
        press(&m, .char("a"))
        guard case .picker(let later)? = m.overlay else { return }
        #expect(later.items.first?.label == "@lucia")
        #expect(later.items.first?.detail == "on shift · tier 1 · Lucía")
    }
}
