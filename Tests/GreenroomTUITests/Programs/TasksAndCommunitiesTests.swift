import Foundation
import Testing
import GreenroomCore
@testable import GreenroomTUI

/// Two tasks as given — "LIVE 5 days" to four creators (one due, one paid, one open, one
/// missed… as of the pinned now) and "3h LIVE" to one — and a community with a member who
/// left.
enum TaskFixtures {
    static func row(_ id: String, _ handle: String, _ title: String, metric: TaskMetric = .liveDays, goal: Int = 5, start: String = "2026-11-16",
                    end: String = "2026-11-22", raw: Int, state: TaskState, paid: Bool = false, amount: Int = 50) -> TaskRow {
        let task = IncentiveTask(id: id, creatorID: "c-" + id, title: title, metric: metric, goal: goal, startDate: start, endDate: end,
                                 reward: "Boost", amount: amount, paidAt: paid ? now - Time.day : nil)
        return TaskRow(task: task, handle: handle, campaignName: nil,
                       progress: TaskProgress(raw: raw, goalRaw: goal * metric.scale, completedAt: state == .completed ? now - 2 * Time.day : nil, state: state))
    }

    static let rows = [
        row("t1", "@nova.shop", "LIVE 5 days", raw: 2, state: .open),
        row("t2", "@mila.cooks", "LIVE 5 days", raw: 5, state: .completed),
        row("t3", "@djrafa", "LIVE 5 days", raw: 5, state: .completed, paid: true),
        row("t4", "@zoe.live", "LIVE 5 days", raw: 4, state: .open),
        row("t5", "@kai", "LIVE 5 days", start: "2026-11-09", end: "2026-11-15", raw: 1, state: .missed),
        row("t6", "@kai", "3h LIVE", metric: .liveHours, goal: 3, raw: 90, state: .open, amount: 0),
    ]

    static var groups: [TaskGroup] { TaskGroup.group(rows) }

    static func openList() -> Model {
        var m = loadedModel()
        press(&m, .char(":"))
        for c in "tasks" { press(&m, .char(c)) }
        _ = press(&m, .enter)
        _ = update(&m, .tasks(.loaded(groups)))
        return m
    }

    static func screen(_ m: Model) -> TasksScreen? {
        guard case .tasks(let s) = m.screen else { return nil }
        return s
    }

    static let community = Community(id: "k1", name: "MX sellers", channel: .whatsapp, market: "MX", link: "https://chat.example/mx")
    static let summaries = [CommunitySummary(community: community, members: 2, moderators: 1, left: 1),
                            CommunitySummary(community: Community(id: "k2", name: "US creators", channel: .inApp, market: "US"), members: 0, moderators: 0, left: 0)]
    static let members = [CommunityMemberRow(handle: "@mila.cooks", role: .moderator, joinedAt: now - 40 * Time.day, leftAt: nil, creatorID: "c1"),
                          CommunityMemberRow(handle: "@nova.shop", role: .member, joinedAt: now - 20 * Time.day, leftAt: nil, creatorID: "c2"),
                          CommunityMemberRow(handle: "@djrafa", role: .member, joinedAt: now - 30 * Time.day, leftAt: now - 10 * Time.day, creatorID: "c3")]

    static func openCommunity() -> Model {
        var m = loadedModel()
        press(&m, .char(":"))
        for c in "communities" { press(&m, .char(c)) }
        _ = press(&m, .enter)
        _ = update(&m, .communities(.loaded(summaries)))
        _ = press(&m, .enter)
        _ = update(&m, .communities(.membersLoaded(id: "k1", members)))
        _ = update(&m, .communities(.effectLoaded(id: "k1", ProgramFixtures.effect)))
        return m
    }
}

@Suite struct TaskScreenTests {
    @Test func tasksGroupByHowTheyWereGivenLatestDaysFirstWithRewardsDueFirst() {
        let groups = TaskFixtures.groups
        #expect(groups.map(\.title) == ["3h LIVE", "LIVE 5 days", "LIVE 5 days"])
        #expect(groups.map(\.startDate) == ["2026-11-16", "2026-11-16", "2026-11-09"])
        let week = groups[1]
        // Due first, then open by progress, then paid.
        #expect(week.rows.map(\.handle) == ["@mila.cooks", "@zoe.live", "@nova.shop", "@djrafa"])
        #expect((week.count(.completed), week.count(.open), week.count(.missed), week.due, week.dueAmount, week.paid) == (2, 2, 0, 1, 50, 1))
    }

    @Test func enterShowsATasksCreatorsAndPPaysOnlyACompletedUnpaidReward() {
        var m = TaskFixtures.openList()
        #expect(press(&m, .char("j")) == [])
        #expect(press(&m, .enter) == [])
        #expect(TaskFixtures.screen(m)?.openGroup?.title == "LIVE 5 days")
        #expect(press(&m, .char("p")) == [.tasks(.pay(taskID: "t2"))])
        press(&m, .char("j"))
        #expect(press(&m, .char("p")) == [])
        #expect(m.toast?.text == "@zoe.live's task is open, not completed: nothing is due")
        press(&m, .char("G"))
        #expect(press(&m, .char("p")) == [])
        #expect(m.toast?.text == "@djrafa's reward was already paid")
        #expect(press(&m, .enter) == [.creator(.loadDetail(id: "c-t3"))])
        _ = press(&m, .esc)
        #expect(TaskFixtures.screen(m)?.open != nil)
        // A payment reloads; a task gone meanwhile goes back to the list.
        #expect(update(&m, .tasks(.changed)) == [.tasks(.load)])
        _ = update(&m, .tasks(.loaded(Array(TaskFixtures.groups.prefix(1)))))
        #expect(TaskFixtures.screen(m)?.open == nil)
        #expect(press(&m, .esc) == [])
        #expect(m.screen == .main)
    }

    @Test func theListShowsGoalDaysRewardAndProgressCounts() {
        let m = TaskFixtures.openList()
        let lines = view(m).renderTrimmed().split(separator: "\n").map(String.init)
        Golden.expect(lines[1...6].joined(separator: "\n"), is: "tasks-list-lines-1-6")
        #expect(lines.last!.hasPrefix(" TASKS  j/k move · Enter creators · d remove · export: greenroom task list --state due --format csv"), "\(lines.last!)")
    }

    @Test func aTasksCreatorsShowProgressStateAndReward() {
        var m = TaskFixtures.openList()
        press(&m, .char("j"))
        _ = press(&m, .enter)
        let lines = view(m).renderTrimmed().split(separator: "\n").map(String.init)
        Golden.expect(lines[1...7].joined(separator: "\n"), is: "tasks-creators-lines-1-7")
        #expect(lines.last!.hasPrefix(" TASKS  j/k move · p paid · Enter creator · d remove creator's task · Esc back"), "\(lines.last!)")
    }
}

@Suite struct CommunityScreenTests {
    @Test func enterOpensACommunitysMembersAndItsComparisonAndEscWalksBack() {
        var m = loadedModel()
        press(&m, .char(":"))
        for c in "communities" { press(&m, .char(c)) }
        #expect(press(&m, .enter) == [.communities(.load)])
        _ = update(&m, .communities(.loaded(TaskFixtures.summaries)))
        #expect(press(&m, .enter) == [.communities(.loadMembers(id: "k1")), .communities(.loadEffect(id: "k1"))])
        _ = update(&m, .communities(.membersLoaded(id: "k1", TaskFixtures.members)))
        // A late answer for another community changes nothing.
        _ = update(&m, .communities(.membersLoaded(id: "k2", [])))
        press(&m, .char("j"))
        #expect(press(&m, .enter) == [.creator(.loadDetail(id: "c2"))])
        _ = press(&m, .esc)
        guard case .communities(let s) = m.screen else { Issue.record("not on communities"); return }
        #expect(s.open?.members?.count == 3 && s.open?.cursor == 1)
        #expect(press(&m, .esc) == [.communities(.load)])
        #expect(press(&m, .esc) == [])
        #expect(m.screen == .main)
    }

    @Test func theListShowsChannelMarketAndMembers() {
        var m = loadedModel()
        press(&m, .char(":"))
        for c in "communities" { press(&m, .char(c)) }
        _ = press(&m, .enter)
        _ = update(&m, .communities(.loaded(TaskFixtures.summaries)))
        let lines = view(m).renderTrimmed().split(separator: "\n").map(String.init)
        Golden.expect(lines[1...4].joined(separator: "\n"), is: "communities-list-lines-1-4")
    }

    @Test func aCommunityShowsMembersAgainstNonMembersAndItsMembers() {
        let m = TaskFixtures.openCommunity()
        let lines = view(m).renderTrimmed().split(separator: "\n").map(String.init)
        Golden.expect(lines[1...9].joined(separator: "\n"), is: "community-members-lines-1-9")
        #expect(lines.last!.hasPrefix(" COMMUNITIES  j/k move · Enter creator · d remove community · Esc back"), "\(lines.last!)")
    }
}

@Suite struct ResourceSendTests {
    static let guide = Article(id: "a1", title: "LIVE lighting guide", body: "Face a window.", isMacro: false, updatedAt: now, kind: .guide)
    static let macro = Article(id: "a2", title: "Payout delay", body: "We are on it.", isMacro: true, updatedAt: now)

    static func kbModel() -> Model {
        var m = loadedModel()
        _ = update(&m, .perform(.knowledgeBase))
        _ = update(&m, .knowledgeBase(.loaded([guide, macro], macrosOnly: false)))
        return m
    }

    @Test func ctrlTOffersTheSelectedCreatorThenCommunitiesAndSendsToTheOnePicked() {
        var m = Self.kbModel()
        guard case .kb(let kb)? = m.overlay else { Issue.record("no knowledge base"); return }
        #expect(kb.choice?.id == "a1")
        #expect(press(&m, .ctrl("t")) == [.knowledgeBase(.loadSendTargets)])
        guard case .picker(let p)? = m.overlay else { Issue.record("no picker"); return }
        #expect(p.title == "Send \"LIVE lighting guide\" to")
        #expect(p.items.map(\.label) == [m.roster.list.selected!.handle])
        _ = update(&m, .knowledgeBase(.sendTargetsLoaded(TaskFixtures.summaries)))
        guard case .picker(let q)? = m.overlay else { Issue.record("no picker"); return }
        #expect(q.items.map(\.label) == [m.roster.list.selected!.handle, "MX sellers", "US creators"])
        #expect(q.items[1].detail == "community · whatsapp · MX · 2 members")
        press(&m, .down)
        #expect(press(&m, .enter) == [.knowledgeBase(.sendResource(articleID: "a1", title: "LIVE lighting guide", creatorID: nil, communityID: "k1", to: "MX sellers"))])
        // Back in the knowledge base.
        guard case .kb? = m.overlay else { Issue.record("not back in the knowledge base"); return }
        _ = press(&m, .ctrl("t"))
        #expect(press(&m, .enter) == [.knowledgeBase(.sendResource(articleID: "a1", title: "LIVE lighting guide", creatorID: m.roster.list.selected!.id,
                                                                   communityID: nil, to: m.roster.list.selected!.handle))])
    }

    @Test func aMacroIsNotSentAndNobodyToSendToSaysSo() {
        var m = Self.kbModel()
        press(&m, .down)
        #expect(press(&m, .ctrl("t")) == [])
        #expect(m.toast?.text == "\"Payout delay\" is a macro (it answers tickets): pick a guide, toolkit or link to send")
        // From the tickets pane no creator is selected, and there are no communities.
        var t = loadedModel()
        press(&t, .char("3"))
        _ = update(&t, .perform(.knowledgeBase))
        _ = update(&t, .knowledgeBase(.loaded([Self.guide], macrosOnly: false)))
        #expect(press(&t, .ctrl("t")) == [.knowledgeBase(.loadSendTargets)])
        _ = update(&t, .knowledgeBase(.sendTargetsLoaded([])))
        guard case .kb? = t.overlay else { Issue.record("not back in the knowledge base"); return }
        #expect(t.toast?.text == "Nobody to send to: select a creator before opening the knowledge base, or create a community")
    }
}
