import Foundation
import GreenroomCore
import GreenroomStore
import GreenroomTUI

/// The queue's and the ticket screen's commands: pages, detail, triage, new tickets, merges, macros.
extension CommandRunner {
    func run(_ command: TicketsCommand, now: Millis) throws -> [Msg] {
        switch command {
        case .load(let query, let offset, let limit, let seek):
            let store = self.store
            @Sendable func page(_ cancellation: ReadCancellation?) throws -> [Msg] {
                let total = try store.ticketCount(view: query.view, filter: query.filter, me: query.me, now: now, cancellation: cancellation)
                let rows = try store.ticketPage(view: query.view, filter: query.filter, me: query.me, offset: offset, limit: limit, now: now,
                                                total: total, sort: query.sort, seek: seek, cancellation: cancellation)
                return [.tickets(.loaded(query: query, total: total, summary: try store.queueSummary(now: now), offset: offset, rows: rows))]
            }
            // Open views read a partial index and answer inline. The history's count (and a
            // filter over it) may read a million tickets: off the main loop, and each newer
            // search stops the one before it (the next key, a page further on).
            guard !query.view.isOpenQueue else { return try page(nil) }
            let cancellation = ReadCancellation()
            ticketSearch.withLock { previous in
                previous?.cancel()
                previous = cancellation
            }
            return [runInBackground(task: TicketsState.searchTask) {
                do { return try page(cancellation) } catch is CancellationError { return [] }
            }]
        case .loadDetail(let id):
            return [.tickets(.detailLoaded(id: id, detail: try store.ticketDetail(id: id, now: now)))]
        case .action(let draft):
            let set = try ticketChangeSet(draft, now: now)
            if draft.ticketIDs.count > 20 {
                let store = self.store
                let author = try memberID()
                return [runInBackground(task: "triage") { [.applied(inverse: try store.apply(set, by: author), mode: .perform)] }]
            }
            let applied: Msg = .applied(inverse: try store.apply(set, by: try memberID()), mode: .perform)
            // Unassigning hands the ticket back to its team's rule (issue 24).
            return [applied] + (draft.kind == .assignment && draft.fields[TicketField.assigneeID.rawValue] == .null ? try teamRules(now: now) : [])
        case .moveToTeam(let ids, let teamID, let label):
            let set = ChangeSet(label, ids.map { .update(.ticket, id: $0, fields: ["team_id": teamID.map { FieldValue($0) } ?? .null]) })
            return [.applied(inverse: try store.apply(set, by: try memberID()), mode: .perform)] + (try teamRules(now: now))
        case .create(let draft):
            var creator: Creator?
            if !draft.requester.isEmpty {
                guard let found = try store.creator(handle: draft.requester.lowercased()) else {
                    return [.failed("no creator \(draft.requester): the requester must be a creator's handle, or empty")]
                }
                creator = found
            }
            let author = try memberID()
            let store = self.store
            guard let set = TicketChanges.create(draft, id: UUIDv7.make(millis: now), requester: creator, author: author, authorHandle: me, now: now,
                                                 displayKey: { (try? store.displayKey($0)) ?? $0 }) else {
                return [.failed("could not make a ticket key")]
            }
            // A requester's team takes the new ticket (the store sets it); its rule may assign it.
            let applied: Msg = .applied(inverse: try store.apply(set, by: author), mode: .perform)
            return [applied] + (creator?.teamID != nil && !draft.assignToMe ? try teamRules(now: now) : [])
        case .merge(let id, let reference):
            guard let source = try store.ticket(reference: id) else { return [.failed("that ticket no longer exists")] }
            guard let target = try store.ticket(reference: reference), !target.deleted else {
                return [.failed("no single ticket has the key \(reference)")]
            }
            guard target.id != source.id else { return [.failed("a ticket cannot be merged into itself")] }
            if let further = target.mergedIntoID {
                let key = try store.ticket(reference: further).map { try store.displayKey($0.key) } ?? "another ticket"
                return [.failed("\(try store.displayKey(target.key)) was itself merged into \(key): merge into that one")]
            }
            let set = TicketChanges.merge(source, into: target, sourceKey: try store.displayKey(source.key), targetKey: try store.displayKey(target.key),
                                          author: try memberID(), now: now)
            return [.applied(inverse: try store.apply(set, by: try memberID()), mode: .perform)]
        case .select(let query):
            return [.tickets(.selectionLoaded(try store.ticketIDs(view: query.view, filter: query.filter, me: query.me, now: now)))]
        case .loadMergeCandidates(let id, let key):
            return [.tickets(.mergeCandidatesLoaded(id: id, key: key, try store.mergeCandidates(for: id)))]
        case .loadMergePreview(let id, let into):
            guard let source = try store.ticketDetail(id: id, now: now), let target = try store.ticketDetail(id: into, now: now) else {
                return [.failed("that ticket no longer exists")]
            }
            return [.tickets(.mergePreviewLoaded(source: source, target: target))]
        case .loadDrafts:
            return [.tickets(.draftsLoaded(try store.replyDrafts()))]
        case .saveDrafts(let saved, let deleted):
            try store.saveReplyDrafts(saved, deleting: deleted)
            return []
        }
    }

    /// The triage draft's change set: the tickets it names (each must exist) and the handle
    /// of each one's assignee before, for the timeline's "from".
    func ticketChangeSet(_ draft: TicketActionDraft, now: Millis) throws -> ChangeSet {
        if draft.kind == .snooze { return try snoozeChangeSet(draft, now: now) }
        var tickets: [Ticket] = []
        var handles: [String: String] = [:]
        for id in draft.ticketIDs {
            guard let ticket = try store.ticket(reference: id) else { throw GreenroomError.invalidInput("that ticket no longer exists") }
            if draft.kind == .assignment || draft.reassign != nil, let assignee = ticket.assigneeID, handles[assignee] == nil {
                handles[assignee] = try store.member(id: assignee)?.handle
            }
            if draft.kind == .csat && ticket.status != .solved && ticket.status != .closed {
                throw GreenroomError.invalidInput("CSAT is recorded on solved or closed tickets; \(try store.displayKey(ticket.key)) is \(ticket.status.rawValue)")
            }
            tickets.append(ticket)
        }
        return TicketChanges.action(draft, tickets: tickets, handles: handles, author: try memberID(), now: now)
    }

    /// The reply editor for a macro on one ticket: its text with placeholders filled, and
    /// the status, priority and tags it would change (only what differs from the ticket now).
    func macroForm(_ article: Article, _ detail: TicketDetail) throws -> ReplyFormState {
        let creatorName = try detail.ticket.requesterCreatorID.flatMap { try store.creator(id: $0)?.displayName }
        let agent = try me.flatMap { try store.member(handle: $0) }
        let context = MacroContext(detail, creatorName: creatorName, agentHandle: agent?.handle, agentName: agent?.name)
        let rendered = Macro.render(article.body, context)
        let effect = MacroEffect(article).applicable(to: detail.ticket, tags: detail.tags)
        var form = ReplyFormState(ticketID: detail.ticket.id, ticketKey: detail.key, isPublic: true, status: effect.status, text: rendered.text,
                                   currentStatus: detail.ticket.status)
        form.macroTitle = article.title
        form.macroPriority = effect.priority
        form.macroTags = effect.addTags
        form.unknownPlaceholders = rendered.unknown
        return form
    }

    func macroFields(_ form: ReplyFormState) -> [String: FieldValue] {
        var fields: [String: FieldValue] = [:]
        if let s = form.status { fields[TicketField.status.rawValue] = FieldValue(s.rawValue) }
        if let p = form.macroPriority { fields[TicketField.priority.rawValue] = FieldValue(p.rawValue) }
        return fields
    }
}

extension CommandRunner {
    /// The teams' assignment rules after a ticket changed hands or teams (issue 24): what they
    /// hand out is its own undoable change ("Assigned 1 ticket by team rule · u to undo").
    func teamRules(now: Millis) throws -> [Msg] {
        guard let undo = try store.autoAssign(now: now).undo else { return [] }
        return [.applied(inverse: undo, mode: .perform)]
    }
}
