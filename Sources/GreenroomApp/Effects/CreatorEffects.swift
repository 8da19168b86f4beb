import Foundation
import GreenroomCore
import GreenroomStore
import GreenroomTUI

/// The roster's commands: pages, selection, saved views, bulk actions.
extension CommandRunner {
    func run(_ command: RosterCommand, now: Millis) throws -> [Msg] {
        switch command {
        case .load(let query, let offset, let limit, let seek):
            let total = try store.rosterCount(filter: query.filter, me: query.me, now: now)
            let unfiltered = query.filter.isEmpty ? total : try store.rosterCount(now: now)
            let rows = try store.rosterPage(filter: query.filter, sort: query.sort, me: query.me, offset: offset, limit: limit, now: now,
                                            total: total, seek: seek)
            return [.roster(.loaded(query: query, total: total, unfiltered: unfiltered, offset: offset, rows: rows))]
        case .selectAll(let query):
            return [.roster(.selectionLoaded(try store.rosterIDs(filter: query.filter, me: query.me, now: now)))]
        case .saveView(let name, let filter, let sort):
            try store.saveView(name: name, filter: filter, sort: sort == .default ? nil : sort)
            return [.settingsLoaded(try store.teamSettings()), .notice("Saved view \"\(name)\" · v to pick it")]
        case .deleteView(let name):
            try store.deleteView(name: name)
            return [.settingsLoaded(try store.teamSettings()), .notice("Deleted view \"\(name)\"")]
        case .bulk(let plan):
            var ownerID: String?
            if case .assignOwner(let handle?) = plan.kind {
                guard let member = try store.member(handle: handle) else { throw GreenroomError.invalidInput("no teammate \(handle)") }
                ownerID = member.id
            }
            let set = CreatorChanges.bulk(plan, ownerID: ownerID, author: try memberID(), now: now)
            let store = self.store
            let author = try memberID()
            return [runInBackground(task: "bulk") { [.applied(inverse: try store.apply(set, by: author), mode: .perform)] }]
        }
    }

    /// A creator's screen and forms: the detail, saving the creator, logging an activity.
    func run(_ command: CreatorCommand, now: Millis) throws -> [Msg] {
        switch command {
        case .loadDetail(let id):
            return [.creator(.detailLoaded(id: id, detail: try store.creatorDetail(id: id, now: now)))]
        case .save(let draft, let editingID):
            return try saveCreator(draft, editingID: editingID, now: now)
        case .saveActivity(let draft):
            guard let creator = try store.creator(id: draft.creatorID), !creator.deleted else {
                return [.failed("that creator no longer exists")]
            }
            let set = CreatorChanges.activity(draft, creator: creator, author: try memberID(), now: now)
            return [.applied(inverse: try store.apply(set, by: try memberID()), mode: .perform)]
        }
    }

    private func saveCreator(_ draft: CreatorDraft, editingID: String?, now: Millis) throws -> [Msg] {
        let errors = try store.validate(draft, editing: editingID)
        guard errors.isEmpty else { return [.creator(.formErrors(errors))] }
        let (ownerID, networkID) = try store.resolve(draft)
        let teamID = try store.resolveTeam(draft)
        let author = try memberID()
        if let id = editingID {
            guard let original = try store.creator(id: id), !original.deleted else { return [.failed("that creator no longer exists")] }
            guard let set = CreatorChanges.edit(draft, original: original, originalTags: try store.tags(ofCreator: id), ownerID: ownerID,
                                                networkID: networkID, teamID: .some(teamID)) else { return [.notice("Nothing changed")] }
            return [.applied(inverse: try store.apply(set, by: author), mode: .perform)]
        }
        let set = CreatorChanges.add(draft, id: UUIDv7.make(millis: now), ownerID: ownerID, networkID: networkID, teamID: teamID, now: now)
        return [.applied(inverse: try store.apply(set, by: author), mode: .perform)]
    }
}
