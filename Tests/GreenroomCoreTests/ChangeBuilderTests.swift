import Testing
@testable import GreenroomCore

/// The change sets of ticket and creator work, built without a database (`TicketChanges`,
/// `CreatorChanges`): what the runner applies for triage, new tickets, merges, bulk actions.
@Suite struct ChangeBuilderTests {
    let now: Millis = 1_790_000_000_000

    func ticket(_ id: String, status: TicketStatus = .open, priority: TicketPriority = .normal, assignee: String? = nil) -> Ticket {
        Ticket(id: id, key: "K7Q2AAAA", subject: "Payout missing", body: "Where is it?", requesterCreatorID: "c1", requesterNetworkID: nil,
               channel: .email, category: .rewardsPayout, priority: priority, status: status, tier: 1, assigneeID: assignee, createdAt: now - 1000)
    }

    func events(_ set: ChangeSet) -> [(TicketEvent, [String: FieldValue])] {
        set.changes.compactMap { if case .ticketAction(let e, let f) = $0 { return (e, f) } else { return nil } }
    }

    @Test func aStatusChangeRecordsWhatItWasByMeNow() {
        let draft = TicketActionDraft(ticketIDs: ["t1", "t2"], kind: .status, toValue: "pending",
                                      fields: [TicketField.status.rawValue: FieldValue("pending")], label: "Pending 2 tickets")
        let set = TicketChanges.action(draft, tickets: [ticket("t1"), ticket("t2", status: .new)], handles: [:], author: "m1", now: now)
        #expect(set.label == "Pending 2 tickets")
        let e = events(set)
        #expect(e.map(\.0.ticketID) == ["t1", "t2"])
        #expect(e.map(\.0.fromValue) == ["open", "new"])
        #expect(e.allSatisfy { $0.0.toValue == "pending" && $0.0.authorID == "m1" && $0.0.at == now && !$0.0.isPublic })
        #expect(e.allSatisfy { $0.1 == [TicketField.status.rawValue: FieldValue("pending")] })
    }

    @Test func anEscalationThatReassignsWritesTheAssignmentToo() {
        var draft = TicketActionDraft(ticketIDs: ["t1"], kind: .escalation, toValue: "2", reason: "needs finance",
                                      fields: [TicketField.tier.rawValue: .int(2)], label: "Escalated")
        draft.reassign = TicketActionDraft.Reassign(memberID: "m9", handle: "@rosa")
        let set = TicketChanges.action(draft, tickets: [ticket("t1", assignee: "m1")], handles: ["m1": "@ana"], author: "m2", now: now)
        let e = events(set)
        #expect(e.map(\.0.kind) == [.escalation, .assignment])
        #expect(e[0].1 == [TicketField.tier.rawValue: .int(2)] && e[0].0.reason == "needs finance")
        #expect(e[1].0.fromValue == "@ana" && e[1].0.toValue == "@rosa" && e[1].1 == [TicketField.assigneeID.rawValue: FieldValue("m9")])
        // Already theirs: no assignment event.
        let same = TicketChanges.action(draft, tickets: [ticket("t1", assignee: "m9")], handles: [:], author: "m2", now: now)
        #expect(events(same).map(\.0.kind) == [.escalation])
    }

    @Test func anAssignmentNamesTheAssigneeBeforeByHandle() {
        let draft = TicketActionDraft(ticketIDs: ["t1"], kind: .assignment, toValue: "@ben", label: "Assigned to @ben")
        let set = TicketChanges.action(draft, tickets: [ticket("t1", assignee: "m1")], handles: ["m1": "@ana"], author: "m2", now: now)
        #expect(events(set).map(\.0.fromValue) == ["@ana"])
    }

    @Test func aFirstPublicReplyOpensANewTicketAndAMacroAddsPriorityAndTags() {
        let draft = TicketActionDraft(ticketIDs: ["t1"], kind: .reply, isPublic: true, body: "On its way",
                                      fields: [TicketField.priority.rawValue: FieldValue("high")], addTags: ["payout"], label: "Replied")
        let set = TicketChanges.action(draft, tickets: [ticket("t1", status: .new)], handles: [:], author: "m1", now: now)
        let e = events(set)
        #expect(e.map(\.0.kind) == [.reply, .status, .priority])
        #expect(e[0].0.body == "On its way" && e[0].0.isPublic)
        #expect(e[1].0.fromValue == "new" && e[1].0.toValue == "open")
        #expect(e[2].0.fromValue == "normal" && e[2].0.toValue == "high")
        #expect(set.changes.last == .ticketTags(ticketID: "t1", add: ["payout"], remove: []))
    }

    @Test func aNoteChangesNoStatus() {
        let draft = TicketActionDraft(ticketIDs: ["t1"], kind: .note, body: "internal", label: "Noted")
        let set = TicketChanges.action(draft, tickets: [ticket("t1", status: .new)], handles: [:], author: nil, now: now)
        #expect(events(set).map(\.0.kind) == [.note])
    }

    @Test func aNewTicketIsNewTierOneAndAssignedWhenAsked() throws {
        let draft = TicketDraft(subject: "Help", body: "Please", requester: "", category: .rewardsPayout, priority: .high, channel: .email, assignToMe: true)
        let id = UUIDv7.make(millis: now)
        let set = try #require(TicketChanges.create(draft, id: id, requester: nil, author: "m1", authorHandle: "@ana", now: now, displayKey: { String($0.prefix(4)) }))
        guard case .insertTicket(let t, let tags, let events)? = set.changes.first else { Issue.record("not an insert"); return }
        #expect(set.changes.count == 1 && tags.isEmpty)
        #expect(t.id == id && t.status == .new && t.tier == 1 && t.assigneeID == "m1" && t.createdAt == now && t.priority == .high)
        #expect(set.label == "Created ticket \(t.key.prefix(4))")
        #expect(events.map(\.kind) == [.assignment] && events.first?.toValue == "@ana")
        let unassigned = TicketDraft(subject: "Help", body: "", requester: "", category: .rewardsPayout, priority: .low, channel: .email, assignToMe: false)
        let plain = try #require(TicketChanges.create(unassigned, id: id, requester: nil, author: "m1", authorHandle: "@ana", now: now, displayKey: { $0 }))
        guard case .insertTicket(let u, _, let none)? = plain.changes.first else { Issue.record("not an insert"); return }
        #expect(u.assigneeID == nil && none.isEmpty)
    }

    @Test func aMergeClosesTheSourceAndNotesTheTarget() {
        let source = ticket("s"), target = ticket("t")
        let set = TicketChanges.merge(source, into: target, sourceKey: "AAAA", targetKey: "BBBB", author: "m1", now: now)
        #expect(set.label == "Merged AAAA into BBBB")
        let e = events(set)
        #expect(e.map(\.0.kind) == [.merge, .note])
        #expect(e[0].1[TicketField.mergedIntoID.rawValue] == FieldValue("t") && e[0].1[TicketField.status.rawValue] == FieldValue("closed"))
        #expect(e[1].0.ticketID == "t" && e[1].0.body == "Merged K7Q2: Payout missing\n\nWhere is it?")
    }

    @Test func bulkActionsAreOneSetWithOneChangePerCreator() {
        let ids = ["c1", "c2"]
        let assign = CreatorChanges.bulk(BulkPlan(.assignOwner(handle: "@ana"), creatorIDs: ids), ownerID: "m1", author: nil, now: now)
        #expect(assign.label == "Assigned 2 creators to @ana")
        #expect(assign.changes == ids.map { .update(.creator, id: $0, fields: [CreatorField.ownerID.rawValue: FieldValue("m1")]) })
        #expect(CreatorChanges.bulk(BulkPlan(.assignOwner(handle: nil), creatorIDs: ["c1"]), ownerID: nil, author: nil, now: now).label
                == "Removed the owner of 1 creator")
        #expect(CreatorChanges.bulk(BulkPlan(.addTag("Top 100"), creatorIDs: ids), ownerID: nil, author: nil, now: now).label == "Tagged 2 creators with top-100")
        #expect(CreatorChanges.bulk(BulkPlan(.moveStage("active"), creatorIDs: ids), ownerID: nil, author: nil, now: now).changes
                == ids.map { .moveStage(creatorID: $0, to: "active", reason: nil) })
        let workshop = CreatorChanges.bulk(BulkPlan(.logWorkshop(summary: "Lighting"), creatorIDs: ids), ownerID: nil, author: "m1", now: now)
        #expect(workshop.changes.count == 2)
        #expect(workshop.changes.allSatisfy { if case .insertActivity(let a) = $0 { a.kind == .workshop && a.authorID == "m1" && a.summary == "Lighting" } else { false } })
    }

    @Test func anActivityIsLoggedByMeNow() {
        let creator = Creator(id: "c1", handle: "@mila", displayName: "Mila", kind: .creator, market: "DE", language: "de", networkID: nil,
                              ownerID: nil, stage: "lead", source: .inbound, followers: 10, createdAt: now)
        let set = CreatorChanges.activity(ActivityDraft(creatorID: "c1", kind: .call, summary: "Intro", nextStep: nil, followUpDue: nil),
                                          creator: creator, author: "m1", now: now)
        #expect(set.label == "Logged call for @mila")
        guard case .insertActivity(let a)? = set.changes.first else { Issue.record("not an activity"); return }
        #expect(a.creatorID == "c1" && a.authorID == "m1" && a.at == now && a.summary == "Intro")
    }
}
