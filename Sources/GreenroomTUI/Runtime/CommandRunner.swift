import Foundation
import GreenroomCore
import GreenroomStore
import GreenroomSync

/// Runs the commands `update` asks for against the store and turns results into messages.
///
/// This is the only file in the TUI that knows the store exists (DESIGN.md §5). Page loads
/// are indexed queries that take a few milliseconds, so they run inline and the next frame
/// is complete; anything long runs on `background` and reports through `deliver`.
public final class CommandRunner: @unchecked Sendable {
    let store: Store
    let clock: WallClock
    private let background = DispatchQueue(label: "greenroom.runner.background", qos: .userInitiated)
    private let inFlight = DispatchGroup()
    private let lock = NSLock()
    private var delivered: [Msg] = []
    /// Called from a background thread when messages are waiting in `drainDelivered`.
    public var wake: (@Sendable () -> Void)?

    /// Who "me" is, to sign changes (the member's handle).
    let me: String?
    private var meID: String??

    /// The team's sync folder (config.toml `sync_folder`), if one was ever chosen.
    let syncFolder: String?

    public init(store: Store, clock: WallClock, me: String? = nil, syncFolder: String? = nil) {
        self.store = store
        self.clock = clock
        self.me = me
        self.syncFolder = syncFolder
    }

    /// Delivers a message from background work before the work ends (progress).
    func deliver(_ msg: Msg) {
        lock.lock()
        delivered.append(msg)
        lock.unlock()
        wake?()
    }

    /// The member id of "me", looked up once.
    func memberID() throws -> String? {
        if let cached = meID { return cached }
        let id = try me.flatMap { try store.member(handle: $0)?.id }
        meID = .some(id)
        return id
    }

    /// Executes one command and returns the messages it produces now.
    public func run(_ command: Command) -> [Msg] {
        do {
            return try execute(command)
        } catch let error as GreenroomError {
            return [.failed(error.description)]
        } catch {
            return [.failed("\(error)")]
        }
    }

    /// Messages from background work that finished since the last call.
    public func drainDelivered() -> [Msg] {
        lock.lock()
        defer { lock.unlock() }
        let out = delivered
        delivered.removeAll()
        return out
    }

    /// Runs `work` off the main loop; its messages, then `backgroundFinished(task)`, arrive
    /// through `drainDelivered`. Returns the message that marks the task as running.
    func runInBackground(task: String, _ work: @escaping @Sendable () throws -> [Msg]) -> Msg {
        inFlight.enter()
        background.async { [weak self] in
            var msgs: [Msg]
            do {
                msgs = try work()
            } catch let error as GreenroomError {
                msgs = [.failed(error.description)]
            } catch {
                msgs = [.failed("\(error)")]
            }
            msgs.append(.backgroundFinished(task))
            if let self {
                self.lock.lock()
                self.delivered.append(contentsOf: msgs)
                self.lock.unlock()
                self.wake?()
                self.inFlight.leave()
            }
        }
        return .backgroundStarted(task)
    }

    /// Blocks until every background task has delivered its messages (tests and the bench).
    public func waitUntilIdle(timeout: Double = 30) -> Bool {
        inFlight.wait(timeout: .now() + timeout) == .success
    }

    private func execute(_ command: Command) throws -> [Msg] {
        let now = clock.now()
        switch command {
        case .loadSettings:
            return [.settingsLoaded(try store.teamSettings())]
        case .loadHeader:
            return [.headerLoaded(lastSyncAt: try store.lastSyncAt(), conflicts: try store.openConflictCount())]
        case .loadDirectory:
            return [.directoryLoaded(members: try store.members(), networks: try store.networks())]
        case .loadRoster(let query, let offset, let limit):
            let total = try store.rosterCount(filter: query.filter, me: query.me, now: now)
            let unfiltered = query.filter.isEmpty ? total : try store.rosterCount(now: now)
            let rows = try store.rosterPage(filter: query.filter, sort: query.sort, me: query.me, offset: offset, limit: limit, now: now, total: total)
            return [.rosterLoaded(query: query, total: total, unfiltered: unfiltered, offset: offset, rows: rows)]
        case .loadPipeline(let query, let stages, let offsets, let limit):
            let board = try store.pipelineColumns(stages: stages, filter: query.filter, me: query.me, offsets: offsets, limit: limit, now: now)
            return [.pipelineLoaded(query: query, counts: board.counts, columns: board.columns)]
        case .loadPipelineColumn(let query, let stage, let offset, let limit):
            let count = try store.stageCounts(filter: query.filter, me: query.me, now: now)[stage] ?? 0
            return [.pipelineColumnLoaded(query: query, stage: stage, count: count, offset: offset,
                                          cards: try store.pipelineCards(stage: stage, filter: query.filter, me: query.me, offset: offset,
                                                                         limit: limit, total: count, now: now))]
        case .locateCard(let query, let id):
            let found = try store.locateCard(creatorID: id, filter: query.filter, me: query.me, now: now)
            return [.cardLocated(creatorID: id, stage: found?.stage, index: found?.index ?? 0)]
        case .loadFunnel(let query, let days):
            let window = TeamCalendar(zone: try store.teamSettings().zone).window(days: days, endingAt: now)
            return [.funnelLoaded(try store.funnel(start: window.lowerBound, end: window.upperBound, filter: query.filter, me: query.me, now: now))]
        case .loadTickets(let query, let offset, let limit):
            let total = try store.ticketCount(view: query.view, filter: query.filter, me: query.me, now: now)
            let rows = try store.ticketPage(view: query.view, filter: query.filter, me: query.me, offset: offset, limit: limit, now: now, total: total)
            return [.ticketsLoaded(query: query, total: total, summary: try store.queueSummary(now: now), offset: offset, rows: rows)]
        case .loadTicketDetail(let id):
            return [.ticketDetailLoaded(id: id, detail: try store.ticketDetail(id: id, now: now))]
        case .ticketAction(let draft):
            let set = try ticketChangeSet(draft, now: now)
            if draft.ticketIDs.count > 20 {
                let store = self.store
                let author = try memberID()
                return [runInBackground(task: "triage") { [.applied(inverse: try store.apply(set, by: author), mode: .perform)] }]
            }
            return [.applied(inverse: try store.apply(set, by: try memberID()), mode: .perform)]
        case .loadToday(let me):
            // Four sections over the whole team's data: off the loop, so keys stay instant.
            let store = self.store
            return [runInBackground(task: "Today") { [.todayLoaded(try store.today(me: me, now: now))] }]
        case .createTicket(let draft):
            var creator: Creator?
            if !draft.requester.isEmpty {
                guard let found = try store.creator(handle: draft.requester.lowercased()) else {
                    return [.failed("no creator \(draft.requester): the requester must be a creator's handle, or empty")]
                }
                creator = found
            }
            let id = UUIDv7.make(millis: now)
            guard let key = TicketKey.full(forID: id) else { return [.failed("could not make a ticket key")] }
            let author = try memberID()
            let ticket = Ticket(id: id, key: key, subject: draft.subject, body: draft.body, requesterCreatorID: creator?.id,
                                requesterNetworkID: creator?.networkID, channel: draft.channel, category: draft.category, priority: draft.priority,
                                status: .new, tier: 1, assigneeID: draft.assignToMe ? author : nil, createdAt: now)
            var events: [TicketEvent] = []
            if let author, draft.assignToMe {
                events.append(TicketEvent(id: UUIDv7.make(millis: now), ticketID: id, kind: .assignment, at: now, actor: .agent, authorID: author,
                                          isPublic: false, toValue: me))
            }
            let set = ChangeSet("Created ticket \(try store.displayKey(key))", [.insertTicket(ticket, tags: [], events: events)])
            return [.applied(inverse: try store.apply(set, by: author), mode: .perform)]
        case .mergeTicket(let id, let reference):
            guard let source = try store.ticket(reference: id) else { return [.failed("that ticket no longer exists")] }
            guard let target = try store.ticket(reference: reference), !target.deleted else {
                return [.failed("no single ticket has the key \(reference)")]
            }
            guard target.id != source.id else { return [.failed("a ticket cannot be merged into itself")] }
            if let further = target.mergedIntoID {
                let key = try store.ticket(reference: further).map { try store.displayKey($0.key) } ?? "another ticket"
                return [.failed("\(try store.displayKey(target.key)) was itself merged into \(key): merge into that one")]
            }
            let author = try memberID()
            let set = ChangeSet("Merged \(try store.displayKey(source.key)) into \(try store.displayKey(target.key))", [
                .ticketAction(TicketEvent(id: UUIDv7.make(millis: now), ticketID: source.id, kind: .merge, at: now, actor: .agent, authorID: author,
                                          isPublic: false, fromValue: source.status.rawValue, toValue: String(target.key.prefix(4))),
                              fields: [TicketField.mergedIntoID.rawValue: FieldValue(target.id), TicketField.status.rawValue: FieldValue("closed")]),
                .ticketAction(TicketEvent(id: UUIDv7.make(millis: now), ticketID: target.id, kind: .note, at: now, actor: .agent, authorID: author,
                                          isPublic: false, body: "Merged \(source.key.prefix(4)): \(source.subject)\n\n\(source.body)"), fields: [:]),
            ])
            return [.applied(inverse: try store.apply(set, by: author), mode: .perform)]
        case .loadArticles(let macrosOnly):
            return [.articlesLoaded(try store.articles(macrosOnly: macrosOnly, limit: 5_000), macrosOnly: macrosOnly)]
        case .saveArticle(let edit):
            let saved = try store.saveArticle(ArticleDraft(id: edit.id, title: edit.title, body: edit.body, isMacro: edit.isMacro,
                                                           macroStatus: edit.status, macroPriority: edit.priority, macroTags: edit.tags))
            return [.articleSaved(saved.title)]
        case .prepareMacro(let ticketID, let articleID):
            guard let article = try store.article(id: articleID) else { return [.failed("that macro no longer exists")] }
            guard let detail = try store.ticketDetail(id: ticketID, now: now) else { return [.failed("that ticket no longer exists")] }
            return [.macroPrepared(try macroForm(article, detail))]
        case .applyMacro(let ids, let articleID, let label):
            guard let article = try store.article(id: articleID) else { return [.failed("that macro no longer exists")] }
            var changes: [Change] = []
            for id in ids {
                guard let detail = try store.ticketDetail(id: id, now: now) else { continue }
                if detail.isReadOnly { continue }
                let form = try macroForm(article, detail)
                let draft = TicketActionDraft(ticketIDs: [id], kind: .reply, isPublic: true, body: form.text.text,
                                              fields: macroFields(form), addTags: form.macroTags, label: label)
                changes += try ticketChangeSet(draft, now: now).changes
            }
            guard !changes.isEmpty else { return [.failed("none of those tickets can take a macro (merged or gone)")] }
            let set = ChangeSet("Applied \"\(article.title)\" to \(label)", changes)
            let store = self.store
            let author = try memberID()
            return [runInBackground(task: "macro") { [.applied(inverse: try store.apply(set, by: author), mode: .perform)] }]
        case .selectTickets(let query):
            return [.ticketSelectionLoaded(try store.ticketIDs(view: query.view, filter: query.filter, me: query.me, now: now))]
        case .loadKPIs(let unit, let toDate):
            // From the KPI cache; what is missing is computed off the loop, so keys stay instant.
            let store = self.store
            return [runInBackground(task: "KPIs") {
                [.kpisLoaded(unit: unit, series: try store.kpiPanel(unit: unit, count: unit.sparklineLength, now: now, toDate: toDate),
                             toDate: toDate)]
            }]
        case .loadDrill(let request):
            let store = self.store
            return [runInBackground(task: "drill-down") { [.drillLoaded(request, try store.drillDown(request, now: now))] }]
        case .loadReview(let week):
            let store = self.store
            let me = self.me
            return [runInBackground(task: "Review") { [.reviewLoaded(week: week, try store.weeklyReview(week: week, me: me, now: now, breachedLimit: ReviewScreen.breachedShown, withToday: false))] }]
        case .sync:
            guard let folder = syncFolder else {
                return [.syncFinished("No sync folder yet: run `greenroom sync --folder DIR` once, then S syncs with it", failed: true)]
            }
            let store = self.store
            let deliver: @Sendable (Msg) -> Void = { [weak self] msg in self?.deliver(msg) }
            return [runInBackground(task: "sync") {
                do {
                    let summary = try Syncer(store: store, folder: folder).run { p in
                        let share = p.total > 0 ? " \(Int(Double(p.done) * 100 / Double(p.total)))%" : ""
                        deliver(.syncProgress("sync: \(p.phase.rawValue)\(share)"))
                    }
                    let held = summary.heldDeletes.map { HeldDeleteRow(device: $0.device, description: $0.description) }
                    return [.syncFinished(CommandRunner.describe(summary), failed: false), .deletesHeld(held)]
                } catch {
                    return [.syncFinished("Sync failed: \(error)", failed: true)]
                }
            }]
        case .loadCampaigns, .loadCampaignDetail, .loadCampaignPage, .loadCampaignDaily, .loadCampaignPlan, .applyCampaignPlan, .enrol, .unenrol, .setCampaignTarget:
            return try runCampaign(command, now: now)
        case .loadConflicts:
            return [.conflictsLoaded(try store.openConflicts().map { CommandRunner.row($0, thisDevice: store.deviceID) })]
        case .resolveConflict(let id, let keepCurrent):
            try store.resolveConflict(id: id, keep: keepCurrent ? .current : .lost, by: try memberID())
            return [.notice(keepCurrent ? "Kept the current value; the decision syncs with the next S"
                                        : "Brought back the value that lost; it syncs with the next S"),
                    .conflictsLoaded(try store.openConflicts().map { CommandRunner.row($0, thisDevice: store.deviceID) }),
                    .headerLoaded(lastSyncAt: try store.lastSyncAt(), conflicts: try store.openConflictCount())]
        case .loadTrash:
            return [.trashLoaded(try trashRows())]
        case .restoreFromTrash(let kind, let id, let label):
            guard let entity = Entity(rawValue: kind) else { return [] }
            let inverse = try store.restoreFromTrash(entity, id: id, by: try memberID())
            return [.applied(inverse: ChangeSet("Restored \(label)", inverse.changes), mode: .perform)]
        case .decideDeletes(let device, let accept):
            guard let folder = syncFolder else { return [] }
            let store = self.store
            let author = try memberID()
            return [runInBackground(task: "sync") {
                let syncer = Syncer(store: store, folder: folder)
                let outcome: String
                if accept {
                    let n = try syncer.acceptDeletes(device: device)
                    outcome = "Applied \(n) held delete\(n == 1 ? "" : "s") from \(device)"
                } else {
                    let (restored, refused) = try syncer.keepDeleted(device: device, by: author)
                    outcome = "Kept \(restored) record\(restored == 1 ? "" : "s") \(device) deleted; the restores sync with the next S"
                        + (refused.isEmpty ? "" : " (\(refused.count) not restored: \(refused[0]))")
                }
                let held = try store.heldDeletes().map { HeldDeleteRow(device: $0.device, description: $0.description) }
                return [.syncFinished(outcome, failed: false), .deletesHeld(held)]
            }]
        case .loadCohorts:
            let store = self.store
            return [runInBackground(task: "cohorts") { [.cohortsLoaded(try store.cohortTable(now: now))] }]
        case .loadCreatorDetail(let id):
            return [.creatorDetailLoaded(id: id, detail: try store.creatorDetail(id: id, now: now))]
        case .refreshStats(let maxAge):
            let store = self.store
            if let asOf = try store.creatorStatsAsOf(), now - asOf < maxAge, now >= asOf { return [] }
            return [runInBackground(task: "statistics") {
                try store.refreshCreatorStats(now: now)
                return [.statsRefreshed]
            }]
        case .apply(let set, let mode):
            return [.applied(inverse: try store.apply(set, by: try memberID()), mode: mode)]
        case .saveCreator(let draft, let editingID):
            return try saveCreator(draft, editingID: editingID, now: now)
        case .saveActivity(let draft):
            guard let creator = try store.creator(id: draft.creatorID), !creator.deleted else {
                return [.failed("that creator no longer exists")]
            }
            let activity = Activity(id: UUIDv7.make(millis: now), creatorID: draft.creatorID, kind: draft.kind, authorID: try memberID(),
                                    at: now, summary: draft.summary, nextStep: draft.nextStep, followUpDue: draft.followUpDue)
            let set = ChangeSet("Logged \(draft.kind.rawValue) for \(creator.handle)", [.insertActivity(activity)])
            return [.applied(inverse: try store.apply(set, by: try memberID()), mode: .perform)]
        case .bulk(let plan):
            let set = try bulkChangeSet(plan, now: now)
            let store = self.store
            let author = try memberID()
            return [runInBackground(task: "bulk") { [.applied(inverse: try store.apply(set, by: author), mode: .perform)] }]
        case .selectAll(let query):
            return [.selectionLoaded(try store.rosterIDs(filter: query.filter, me: query.me, now: now))]
        case .saveView(let name, let filter, let sort):
            try store.saveView(name: name, filter: filter, sort: sort == .default ? nil : sort)
            return [.settingsLoaded(try store.teamSettings()), .notice("Saved view \"\(name)\" · v to pick it")]
        case .deleteView(let name):
            try store.deleteView(name: name)
            return [.settingsLoaded(try store.teamSettings()), .notice("Deleted view \"\(name)\"")]
        case .quit, .suspend, .redraw, .editExternally:
            return [] // handled by the runtime
        }
    }

    private func saveCreator(_ draft: CreatorDraft, editingID: String?, now: Millis) throws -> [Msg] {
        let errors = try store.validate(draft, editing: editingID)
        guard errors.isEmpty else { return [.formErrors(errors)] }
        let (ownerID, networkID) = try store.resolve(draft)
        let author = try memberID()
        if let id = editingID {
            guard let original = try store.creator(id: id), !original.deleted else { return [.failed("that creator no longer exists")] }
            let changes = draft.changes(from: original, originalTags: try store.tags(ofCreator: id), ownerID: ownerID, networkID: networkID)
            guard !changes.isEmpty else { return [.notice("Nothing changed")] }
            let set = ChangeSet("Edited \(draft.normalizedHandle)", changes)
            return [.applied(inverse: try store.apply(set, by: author), mode: .perform)]
        }
        let creator = draft.creator(id: UUIDv7.make(millis: now), createdAt: now, ownerID: ownerID, networkID: networkID)
        let set = ChangeSet("Added \(creator.handle)", [.insertCreator(creator, tags: draft.tagList)])
        return [.applied(inverse: try store.apply(set, by: author), mode: .perform)]
    }

    /// The reply editor for a macro on one ticket: its text with placeholders filled, and
    /// the status, priority and tags it would change (only what differs from the ticket now).
    private func macroForm(_ article: Article, _ detail: TicketDetail) throws -> ReplyFormState {
        let creatorName = try detail.ticket.requesterCreatorID.flatMap { try store.creator(id: $0)?.displayName }
        let agent = try me.flatMap { try store.member(handle: $0) }
        let context = MacroContext(detail, creatorName: creatorName, agentHandle: agent?.handle, agentName: agent?.name)
        let rendered = Macro.render(article.body, context)
        let effect = MacroEffect(article).applicable(to: detail.ticket, tags: detail.tags)
        var form = ReplyFormState(ticketID: detail.ticket.id, ticketKey: detail.key, isPublic: true, status: effect.status, text: rendered.text)
        form.macroTitle = article.title
        form.macroPriority = effect.priority
        form.macroTags = effect.addTags
        form.unknownPlaceholders = rendered.unknown
        return form
    }

    private func macroFields(_ form: ReplyFormState) -> [String: FieldValue] {
        var fields: [String: FieldValue] = [:]
        if let s = form.status { fields[TicketField.status.rawValue] = FieldValue(s.rawValue) }
        if let p = form.macroPriority { fields[TicketField.priority.rawValue] = FieldValue(p.rawValue) }
        return fields
    }

    /// One event per ticket, by "me", now; "from" is each ticket's value before.
    private func ticketChangeSet(_ draft: TicketActionDraft, now: Millis) throws -> ChangeSet {
        let author = try memberID()
        var changes: [Change] = []
        for id in draft.ticketIDs {
            guard let ticket = try store.ticket(reference: id) else { throw GreenroomError.invalidInput("that ticket no longer exists") }
            var from: String?
            switch draft.kind {
            case .status: from = ticket.status.rawValue
            case .priority: from = ticket.priority.rawValue
            case .escalation: from = String(ticket.tier)
            case .assignment: from = try ticket.assigneeID.flatMap { try store.member(id: $0)?.handle }
            default: from = nil
            }
            if draft.kind == .reply || draft.kind == .note {
                changes.append(.ticketAction(TicketEvent(id: UUIDv7.make(millis: now), ticketID: id, kind: draft.kind, at: now, actor: .agent,
                                                         authorID: author, isPublic: draft.isPublic, body: draft.body), fields: [:]))
                // The status chosen with the reply; a first reply opens a new ticket (the Zendesk habit).
                var status = draft.fields[TicketField.status.rawValue]?.text
                if status == nil && draft.isPublic && ticket.status == .new { status = TicketStatus.open.rawValue }
                if let status, status != ticket.status.rawValue {
                    changes.append(.ticketAction(TicketEvent(id: UUIDv7.make(millis: now), ticketID: id, kind: .status, at: now, actor: .agent,
                                                             authorID: author, isPublic: false, fromValue: ticket.status.rawValue, toValue: status),
                                                 fields: [TicketField.status.rawValue: FieldValue(status)]))
                }
                // A macro's priority and tags come with its reply.
                if let priority = draft.fields[TicketField.priority.rawValue]?.text, priority != ticket.priority.rawValue {
                    changes.append(.ticketAction(TicketEvent(id: UUIDv7.make(millis: now), ticketID: id, kind: .priority, at: now, actor: .agent,
                                                             authorID: author, isPublic: false, fromValue: ticket.priority.rawValue, toValue: priority),
                                                 fields: [TicketField.priority.rawValue: FieldValue(priority)]))
                }
                if !draft.addTags.isEmpty { changes.append(.ticketTags(ticketID: id, add: draft.addTags, remove: [])) }
                continue
            }
            changes.append(.ticketAction(TicketEvent(id: UUIDv7.make(millis: now), ticketID: id, kind: draft.kind, at: now, actor: .agent,
                                                     authorID: author, isPublic: false, fromValue: from, toValue: draft.toValue,
                                                     reason: draft.reason), fields: draft.fields))
        }
        return ChangeSet(draft.label, changes)
    }

    private func bulkChangeSet(_ plan: BulkPlan, now: Millis) throws -> ChangeSet {
        let n = plan.creatorIDs.count
        let count = "\(n) creator\(n == 1 ? "" : "s")"
        switch plan.kind {
        case .assignOwner(let handle):
            var ownerID: String?
            if let handle {
                guard let member = try store.member(handle: handle) else { throw GreenroomError.invalidInput("no teammate \(handle)") }
                ownerID = member.id
            }
            return ChangeSet(handle.map { "Assigned \(count) to \($0)" } ?? "Removed the owner of \(count)",
                             plan.creatorIDs.map { .update(.creator, id: $0, fields: [CreatorField.ownerID.rawValue: FieldValue(ownerID)]) })
        case .addTag(let tag):
            return ChangeSet("Tagged \(count) with \(Store.normalizeTag(tag))", plan.creatorIDs.map { .tags(creatorID: $0, add: [tag], remove: []) })
        case .removeTag(let tag):
            return ChangeSet("Removed tag \(Store.normalizeTag(tag)) from \(count)", plan.creatorIDs.map { .tags(creatorID: $0, add: [], remove: [tag]) })
        case .moveStage(let stage):
            return ChangeSet("Moved \(count) to \(stage)", plan.creatorIDs.map { .moveStage(creatorID: $0, to: stage, reason: nil) })
        case .logWorkshop(let summary):
            let author = try memberID()
            return ChangeSet("Logged workshop for \(count)", plan.creatorIDs.map {
                .insertActivity(Activity(id: UUIDv7.make(millis: now), creatorID: $0, kind: .workshop, authorID: author, at: now, summary: summary))
            })
        }
    }
}

extension CommandRunner {
    /// The trash as rows, with who deleted each thing in words.
    func trashRows() throws -> [TrashRow] {
        let names = Dictionary(try store.syncPeers().map { ($0.device, $0.name) }, uniquingKeysWith: { a, _ in a })
        return try store.trash().map { item in
            let by = item.deletedBy.map { $0 == store.deviceID ? "this laptop" : (names[$0].flatMap { $0.isEmpty ? nil : $0 } ?? $0) } ?? "—"
            return TrashRow(kind: item.entity.rawValue, id: item.id, label: item.label, deletedAt: item.deletedAt, deletedBy: by)
        }
    }

    /// A sync's summary in one status line.
    static func describe(_ s: SyncSummary) -> String {
        var parts = ["Synced: \(s.filesRead) file\(s.filesRead == 1 ? "" : "s") read", "\(s.applied) change\(s.applied == 1 ? "" : "s") applied",
                     "\(s.exported) sent"]
        if s.conflicts > 0 { parts.append("\(s.conflicts) conflict\(s.conflicts == 1 ? "" : "s") (:conflicts)") }
        if s.quarantined > 0 { parts.append("\(s.quarantined) quarantined (greenroom sync status)") }
        if s.waiting > 0 { parts.append("\(s.waiting) waiting for rows not here yet") }
        if !s.heldDeletes.isEmpty { parts.append("deletes held: \(s.heldDeletes.map(\.description).joined(separator: "; "))") }
        for notice in s.notices.prefix(1) { parts.append(notice) }
        if let first = s.skipped.first { parts.append("\(s.skipped.count) skipped (\(first))") }
        return parts.joined(separator: ", ")
    }

    static func row(_ c: SyncConflict, thisDevice: String) -> ConflictRow {
        func text(_ v: FieldValue) -> String {
            switch v {
            case .null: return "(empty)"
            case .int(let i): return String(i)
            case .text(let t): return t
            }
        }
        func who(_ device: String, _ name: String?) -> String { device == thisDevice ? "this laptop" : name ?? device }
        return ConflictRow(id: c.id, entity: c.entity.rawValue, label: c.label, field: c.field,
                           current: text(c.current), currentBy: who(c.currentDevice, c.currentDeviceName),
                           lost: text(c.lost), lostTime: c.lostTime, lostBy: who(c.lostDevice, c.lostDeviceName))
    }
}

/// The Campaigns screen's commands. Reads are indexed (a campaign's ranked creators are
/// computed once per database change, then paged); writes go through the store's stamped
/// path like every edit, so they sync.
extension CommandRunner {
    func runCampaign(_ command: Command, now: Millis) throws -> [Msg] {
        switch command {
        case .loadCampaigns:
            // Every campaign's standings: ~80 ms at 100k creators after a write, so off the loop.
            let store = self.store
            return [runInBackground(task: "campaigns") { [.campaignsLoaded(try store.campaignSummaries(now: now))] }]
        case .loadCampaignDetail(let id):
            return [.campaignDetailLoaded(id: id, try store.campaignDetail(id: id, now: now, daily: false))]
        case .loadCampaignDaily(let id):
            let store = self.store
            return [runInBackground(task: "daily progress") { [.campaignDailyLoaded(id: id, try store.campaignDaily(id: id, now: now))] }]
        case .loadCampaignPage(let id, let listing, let offset, let limit):
            return [.campaignPageLoaded(id: id, listing: listing, try store.campaignPage(id: id, listing: listing, offset: offset, limit: limit, now: now))]
        case .loadCampaignPlan(let id, let split):
            return [.campaignPlanLoaded(id: id, try store.campaignPlan(id: id, split: split, now: now))]
        case .applyCampaignPlan(let id, let split):
            let n = try store.applyPlan(campaignID: id, try store.campaignPlan(id: id, split: split, now: now))
            return [.campaignChanged("Split the goal \(split == .even ? "evenly" : "by baseline"): \(n) target\(n == 1 ? "" : "s") changed")]
        case .enrol(let name, let creatorIDs):
            let campaign = try store.campaign(ref: name)
            let result = try store.enrol(campaignID: campaign.id, creatorIDs: creatorIDs)
            var text = "Enrolled \(NumberFormat.grouped(result.added)) in \(TerminalText.sanitize(campaign.name))"
            if result.already > 0 { text += " (\(NumberFormat.grouped(result.already)) already enrolled)" }
            return [.enrolled(text + " · C opens campaigns")]
        case .unenrol(let id, let creatorIDs):
            let n = try store.unenrol(campaignID: id, creatorIDs: creatorIDs)
            return [.campaignChanged("Unenrolled \(n) creator\(n == 1 ? "" : "s")")]
        case .setCampaignTarget(let id, let creatorID, let target):
            let n = try store.setTargets(campaignID: id, [creatorID: target])
            return [.campaignChanged(n == 0 ? "Nothing changed" : "Target set to \(NumberFormat.grouped(target))")]
        default:
            return []
        }
    }
}
