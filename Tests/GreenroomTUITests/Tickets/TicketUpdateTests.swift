import Foundation
import Testing
import GreenroomCore
@testable import GreenroomTUI

/// The queue and the ticket detail, through `update` only.
@Suite struct TicketUpdateTests {
    func queue() -> Model {
        var m = loadedModel()
        _ = update(&m, .key(.char("3")))
        return m
    }

    func drafts(_ commands: [Command]) -> [TicketActionDraft] {
        commands.compactMap { if case .tickets(.action(let d)) = $0 { return d } else { return nil } }
    }

    func pick(_ m: inout Model, _ text: String) -> [Command] {
        for ch in text { _ = update(&m, .key(.char(ch))) }
        return update(&m, .key(.enter))
    }

    @Test func enterOpensTheTicketAndEscReturnsToTheSameRow() {
        var m = queue()
        _ = update(&m, .key(.char("j")))
        let commands = update(&m, .key(.enter))
        #expect(commands == [.tickets(.loadDetail(id: "t2"))])
        guard case .ticket(let s) = m.screen else { Issue.record("not on the ticket screen"); return }
        #expect(s.id == "t2")
        #expect(m.keyContexts == [.ticket, .global])
        let back = update(&m, .key(.esc))
        #expect(m.screen == .main && m.focus == .tickets && m.tickets.list.cursor == 1)
        #expect(back.contains { if case .tickets(.load) = $0 { return true } else { return false } })
    }

    @Test func viewsRestartTheListAndIgnoreAnswersToTheOldQuery() {
        var m = queue()
        _ = update(&m, .key(.char("v")))
        guard case .picker(let p)? = m.overlay else { Issue.record("no view picker"); return }
        #expect(p.items.map(\.label) == ["My open", "Unassigned", "Breaching soon", "Escalated", "Pending", "Snoozed", "All open", "Solved last 7 days",
                                                "All tickets"])
        #expect(p.choice?.value == "all-open")
        let commands = pick(&m, "breaching")
        let query = TicketQuery(view: .breachingSoon, filter: .all, me: "@ana")
        #expect(commands == [.tickets(.load(query, offset: 0, limit: m.ticketsHeight * 3))])
        #expect(m.tickets.list.loaded == false)
        // A late answer for the old view is dropped; the new one lands.
        _ = update(&m, .tickets(.loaded(query: TicketQuery(me: "@ana"), total: 3, summary: QueueSummary(open: 3, breaching: 1), offset: 0, rows: queueRows(count: 3))))
        #expect(m.tickets.list.loaded == false)
        _ = update(&m, .tickets(.loaded(query: query, total: 1, summary: QueueSummary(open: 3, breaching: 1), offset: 0, rows: Array(queueRows(count: 1)))))
        #expect(m.tickets.list.total == 1)
    }

    @Test func theFilterParsesAsYouTypeAndKeepsTheLastValidOne() {
        var m = queue()
        _ = update(&m, .key(.char("/")))
        var last: [Command] = []
        for ch in "priority:urgent" { last = update(&m, .key(.char(ch))) }
        #expect(m.tickets.filter.conditions == [.priority([.urgent], negated: false)])
        #expect(last.contains { if case .tickets(.load(let q, _, _, _)) = $0 { return q.filter == m.tickets.filter } else { return false } })
        for ch in " tier:3" { _ = update(&m, .key(.char(ch))) }
        #expect(m.tickets.filterError?.message == "tier: is 1 or 2")
        #expect(m.tickets.filter.conditions == [.priority([.urgent], negated: false)]) // still the last valid one
        _ = update(&m, .key(.enter))
        #expect(m.tickets.filterText == "priority:urgent tier") // what last parsed ("tier" was a word then)
        #expect(m.toast?.kind == .error)
        _ = update(&m, .key(.esc))
        #expect(m.tickets.filter.isEmpty)
    }

    @Test func replyOpensTheEditorAndCtrlSSendsOnePublicReply() throws {
        var m = queue()
        _ = update(&m, .key(.char("r")))
        guard case .replyForm(let f)? = m.overlay else { Issue.record("no reply form"); return }
        #expect(f.isPublic && f.ticketID == "t1")
        // Empty replies are refused with a reason.
        _ = update(&m, .key(.ctrl("s")))
        guard case .replyForm(let empty)? = m.overlay else { Issue.record("form closed"); return }
        #expect(empty.error == "write the reply first")
        for ch in "Hi Mila" { _ = update(&m, .key(.char(ch))) }
        _ = update(&m, .key(.tab)) // then set pending
        let commands = update(&m, .key(.ctrl("s")))
        let draft = try #require(drafts(commands).first)
        #expect(draft.ticketIDs == ["t1"] && draft.kind == .reply && draft.isPublic && draft.body == "Hi Mila")
        #expect(draft.fields == [TicketField.status.rawValue: .text("pending")])
        // The store answers: the form closes, the toast offers undo, the queue reloads.
        let reload = update(&m, .applied(inverse: ChangeSet(draft.label, [.ticketEvent(ticketID: "t1", eventID: "e9", active: false, fields: [:])]),
                                         mode: .perform))
        #expect(!reload.contains { if case .roster(.load) = $0 { return true } else { return false } }) // a reply does not recount creators
        #expect(m.overlay == nil)
        #expect(m.toast?.text == "Replied to K7Q2 · u to undo")
        #expect(reload.contains { if case .tickets(.load) = $0 { return true } else { return false } })
    }

    @Test func escOnADirtyReplyAsksBeforeLosingIt() {
        var m = queue()
        _ = update(&m, .key(.char("i")))
        for ch in "note" { _ = update(&m, .key(.char(ch))) }
        _ = update(&m, .key(.esc))
        guard case .confirm(let c)? = m.overlay else { Issue.record("no confirmation"); return }
        #expect(c.message == "Discard this note?")
        _ = update(&m, .key(.char("n")))
        guard case .replyForm(let f)? = m.overlay else { Issue.record("form lost"); return }
        #expect(f.text.text == "note" && !f.isPublic)
    }

    @Test func statusPriorityAndAssignAreOneKeyAndAPick() {
        var m = queue()
        _ = update(&m, .key(.char("s")))
        var d = drafts(pick(&m, "solved"))
        #expect(d.first?.kind == .status && d.first?.fields == [TicketField.status.rawValue: .text("solved")])
        _ = update(&m, .key(.char("p")))
        d = drafts(pick(&m, "low"))
        #expect(d.first?.kind == .priority && d.first?.toValue == "low")
        _ = update(&m, .key(.char("a")))
        d = drafts(pick(&m, "rosa"))
        #expect(d.first?.fields == [TicketField.assigneeID.rawValue: .text("m-rosa")] && d.first?.label == "Assigned K7Q2 to @rosa")
        d = drafts(update(&m, .key(.char("A"))))
        #expect(d.first?.fields == [TicketField.assigneeID.rawValue: .text("m-ana")] && d.first?.toValue == "@ana")
    }

    @Test func escalateNeedsAReason() {
        var m = queue()
        _ = update(&m, .key(.char("e")))
        #expect(update(&m, .key(.enter)).isEmpty) // no reason: refused, the prompt stays
        guard case .prompt(let p)? = m.overlay else { Issue.record("prompt closed"); return }
        #expect(p.error != nil)
        #expect(pick(&m, "payment provider outage").isEmpty)
        // Then who takes it on tier 2: the tier-2 members first, or keep, or nobody.
        guard case .picker(let who)? = m.overlay else { Issue.record("no tier-2 picker"); return }
        #expect(who.title == "Escalate K7Q2 to tier 2 and assign to")
        #expect(who.items.map(\.label) == ["@rosa", "(keep the assignee)", "(unassigned)"])
        let d = drafts(update(&m, .key(.enter)))
        #expect(d.first?.kind == .escalation && d.first?.reason == "payment provider outage")
        #expect(d.first?.fields == [TicketField.tier.rawValue: .int(2)])
        #expect(d.first?.reassign == TicketActionDraft.Reassign(memberID: "m-rosa", handle: "@rosa"))
        #expect(d.first?.label == "Escalated K7Q2 to tier 2, assigned to @rosa")
    }

    @Test func escalatingCanKeepTheAssignee() {
        var m = queue()
        _ = update(&m, .key(.char("e")))
        _ = pick(&m, "needs finance")
        let d = drafts(pick(&m, "keep"))
        #expect(d.first?.reassign == nil && d.first?.label == "Escalated K7Q2 to tier 2")
    }

    @Test func bulkTriageAsksOnceForTheSelection() {
        var m = queue()
        _ = update(&m, .key(.char("x")))
        _ = update(&m, .key(.char("x")))
        #expect(m.tickets.selection == ["t1", "t2"])
        _ = update(&m, .key(.char("s")))
        #expect(pick(&m, "pending").isEmpty) // a confirmation first
        guard case .confirm(let c)? = m.overlay else { Issue.record("no confirmation"); return }
        #expect(c.message == "Set 2 tickets to pending?")
        let d = drafts(update(&m, .key(.char("y"))))
        #expect(d.first?.ticketIDs == ["t1", "t2"])
        // Replies go to one ticket.
        _ = update(&m, .key(.char("r")))
        #expect(m.overlay == nil && m.toast?.kind == .error)
        _ = update(&m, .key(.esc))
        #expect(m.tickets.selection.isEmpty)
    }

    @Test func enterOnATicketOpensItsRequesterAndEscComesBack() {
        var m = queue()
        _ = update(&m, .key(.enter))
        _ = update(&m, .tickets(.detailLoaded(id: "t1", detail: ticketDetail())))
        #expect(update(&m, .key(.enter)) == [.creator(.loadDetail(id: "c2"))])
        guard case .creator(let c) = m.screen else { Issue.record("not on the creator"); return }
        #expect(c.id == "c2" && c.returnTicket?.id == "t1")
        #expect(update(&m, .key(.esc)) == [.tickets(.loadDetail(id: "t1"))])
        guard case .ticket(let t) = m.screen else { Issue.record("not back on the ticket"); return }
        #expect(t.id == "t1" && t.detail != nil)
    }

    @Test func newTicketFormValidatesThenCreates() {
        var m = queue()
        _ = update(&m, .key(.char("n")))
        guard case .ticketForm = m.overlay else { Issue.record("no form"); return }
        #expect(update(&m, .key(.ctrl("s"))).isEmpty)
        guard case .ticketForm(let bad)? = m.overlay else { Issue.record("form closed"); return }
        #expect(bad.errors[.subject] == "a subject is required" && bad.errors[.body] == "describe the request")
        for ch in "Gift rewards not credited" { _ = update(&m, .key(.char(ch))) }
        _ = update(&m, .key(.tab))
        for ch in "@mila.cooks" { _ = update(&m, .key(.char(ch))) }
        _ = update(&m, .key(.tab))                                  // category
        for _ in 0..<2 { _ = update(&m, .key(.char(" "))) }          // other → account_access → verification
        _ = update(&m, .key(.tab))                                  // priority
        _ = update(&m, .key(.left))                                 // normal → high
        _ = update(&m, .key(.tab)); _ = update(&m, .key(.tab))       // channel, body
        for ch in "Since Friday." { _ = update(&m, .key(.char(ch))) }
        let commands = update(&m, .key(.ctrl("s")))
        #expect(commands == [.tickets(.create(TicketDraft(subject: "Gift rewards not credited", body: "Since Friday.", requester: "@mila.cooks",
                                                        category: .verification, priority: .high, channel: .email, assignToMe: true)))])
    }

    @Test func mergeCSATAndTagsAreOneKeyEach() {
        var m = queue()
        #expect(update(&m, .key(.char("M"))) == [.tickets(.loadMergeCandidates(id: "t1", key: "K7Q2"))])
        // CSAT only on a solved or closed ticket: K7Q2 is open.
        #expect(update(&m, .key(.char("c"))).isEmpty)
        #expect(m.overlay == nil)
        #expect(m.toast?.text == "CSAT is recorded on solved or closed tickets; K7Q2 is open")
        var solved = queueRows(count: 3)
        solved[0].status = .solved
        _ = update(&m, .tickets(.loaded(query: m.ticketQuery, total: 3, summary: QueueSummary(open: 2, breaching: 0), offset: 0, rows: solved)))
        _ = update(&m, .key(.char("c")))
        let d = drafts(pick(&m, "bad"))
        #expect(d.first?.kind == .csat && d.first?.fields == [TicketField.csat.rawValue: .text("bad")])
        _ = update(&m, .key(.char("#")))
        var commands = pick(&m, "vip")
        #expect(commands == [.apply(ChangeSet("Tagged K7Q2 with vip", [.ticketTags(ticketID: "t1", add: ["vip"], remove: [])]), mode: .perform)])
        _ = update(&m, .key(.char("#")))
        commands = pick(&m, "-vip")
        #expect(commands == [.apply(ChangeSet("Removed tag vip from K7Q2", [.ticketTags(ticketID: "t1", add: [], remove: ["vip"])]), mode: .perform)])
    }

    @Test func aMacroFillsTheReplyAndShowsWhatItWillChangeBeforeSending() throws {
        var m = queue()
        #expect(update(&m, .key(.char("m"))) == [.knowledgeBase(.load(macrosOnly: true))])
        let macro = Article(id: "a1", title: "Payout delayed", body: "Hi {{creator.handle}}", isMacro: true, macroStatus: .pending,
                            macroPriority: .high, macroTags: ["payout"], updatedAt: now)
        _ = update(&m, .knowledgeBase(.loaded([macro], macrosOnly: true)))
        guard case .picker(let p)? = m.overlay else { Issue.record("no macro picker"); return }
        #expect(p.items.map(\.label) == ["Payout delayed"] && p.items[0].detail == "sets status pending · priority high · tags +payout")
        #expect(update(&m, .key(.enter)) == [.knowledgeBase(.prepareMacro(ticketID: "t1", articleID: "a1"))])
        // The runner renders it for this ticket; the editor shows it before anything is sent.
        var form = ReplyFormState(ticketID: "t1", ticketKey: "K7Q2", isPublic: true, status: .pending, text: "Hi @mila.cooks")
        form.macroTitle = "Payout delayed"
        form.macroPriority = .high
        form.macroTags = ["payout"]
        _ = update(&m, .knowledgeBase(.macroPrepared(form)))
        let screen = view(m).render()
        #expect(screen.contains("Macro \"Payout delayed\": sets status pending · priority high · tags +payout"))
        let d = try #require(drafts(update(&m, .key(.ctrl("s")))).first)
        #expect(d.body == "Hi @mila.cooks" && d.isPublic && d.addTags == ["payout"])
        #expect(d.fields == [TicketField.status.rawValue: .text("pending"), TicketField.priority.rawValue: .text("high")])
        #expect(d.label == "Applied \"Payout delayed\" to K7Q2")
    }

    @Test func aMacroOnASelectionAsksOnce() {
        var m = queue()
        _ = update(&m, .key(.char("x"))); _ = update(&m, .key(.char("x")))
        _ = update(&m, .key(.char("m")))
        _ = update(&m, .knowledgeBase(.loaded([Article(id: "a1", title: "Payout delayed", body: "Hi", isMacro: true, updatedAt: now)], macrosOnly: true)))
        #expect(update(&m, .key(.enter)).isEmpty)
        guard case .confirm? = m.overlay else { Issue.record("no confirmation"); return }
        #expect(update(&m, .key(.char("y"))) == [.knowledgeBase(.applyMacro(ids: ["t1", "t2"], articleID: "a1", label: "2 tickets"))])
    }

    @Test func theKnowledgeBaseSearchesAndEditsArticles() {
        var m = queue()
        _ = update(&m, .key(.char(":")))
        for ch in "kb" { _ = update(&m, .key(.char(ch))) }
        #expect(update(&m, .key(.enter)) == [.knowledgeBase(.load(macrosOnly: false))])
        _ = update(&m, .knowledgeBase(.loaded([
            Article(id: "a1", title: "Payout schedule", body: "Payouts run on the 15th.", isMacro: false, updatedAt: now),
            Article(id: "a2", title: "Verification checklist", body: "ID, selfie, address.", isMacro: false, updatedAt: now),
        ], macrosOnly: false)))
        for ch in "verif" { _ = update(&m, .key(.char(ch))) }
        guard case .kb(let kb)? = m.overlay else { Issue.record("no kb"); return }
        #expect(kb.choice?.id == "a2")
        _ = update(&m, .key(.enter))
        guard case .articleForm(let f, _)? = m.overlay else { Issue.record("no form"); return }
        #expect(f.title.text == "Verification checklist" && !f.isDirty)
        _ = update(&m, .key(.char("!")))
        let commands = update(&m, .key(.ctrl("s")))
        #expect(commands == [.knowledgeBase(.save(ArticleEdit(id: "a2", title: "Verification checklist!", body: "ID, selfie, address.", isMacro: false,
                                                      status: nil, priority: nil, tags: [])))])
        _ = update(&m, .knowledgeBase(.saved("Verification checklist!")))
        guard case .kb? = m.overlay else { Issue.record("not back in the kb"); return }
        // A new macro with a placeholder Greenroom does not know is warned about once.
        _ = update(&m, .key(.ctrl("n")))
        for ch in "Hello" { _ = update(&m, .key(.char(ch))) }
        for _ in 0..<3 { _ = update(&m, .key(.tab)) }                     // past kind and URL
        _ = update(&m, .key(.char(" ")))                                    // a macro
        for _ in 0..<4 { _ = update(&m, .key(.tab)) }                     // to the body
        for ch in "Hi {{creator.nickname}}" { _ = update(&m, .key(.char(ch))) }
        #expect(update(&m, .key(.ctrl("s"))).isEmpty)
        guard case .articleForm(let warned, _)? = m.overlay else { Issue.record("form closed"); return }
        #expect(warned.error?.hasPrefix("unknown placeholder creator.nickname") == true)
        #expect(update(&m, .key(.ctrl("s"))).count == 1)
    }

    @Test func aMergedTicketIsReadOnly() {
        var m = queue()
        _ = update(&m, .key(.enter))
        var detail = ticketDetail()
        detail.ticket.mergedIntoID = "t9"
        detail.mergedIntoKey = "ZZ91"
        _ = update(&m, .tickets(.detailLoaded(id: "t1", detail: detail)))
        #expect(update(&m, .key(.char("r"))).isEmpty)
        #expect(m.overlay == nil)
        #expect(m.toast?.text == "This ticket was merged into ZZ91 and is read-only")
    }

    @Test func theDetailScrollsWithinItsTimeline() {
        var m = loadedModel(width: 100, height: 24)
        _ = update(&m, .key(.char("3")))
        _ = update(&m, .key(.enter))
        var detail = ticketDetail()
        for i in 0..<30 {
            detail.events.append(TicketDetail.EventRow(event: TicketEvent(id: "n\(i)", ticketID: "t1", kind: .status, at: now - Millis(30 - i) * Time.minute,
                                                                          actor: .agent, authorID: nil, isPublic: false, toValue: "open"), authorHandle: "@tuan"))
        }
        _ = update(&m, .tickets(.detailLoaded(id: "t1", detail: detail)))
        _ = update(&m, .key(.char("G")))
        guard case .ticket(let s) = m.screen else { return }
        let lines = TicketDetailView.timelineLineCount(m, s)
        #expect(s.scroll == lines - TicketDetailView.timelineHeight(m))
        _ = update(&m, .key(.char("g")))
        guard case .ticket(let top) = m.screen else { return }
        #expect(top.scroll == 0)
    }
}
