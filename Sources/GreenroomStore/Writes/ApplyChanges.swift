import Foundation
import GRDB
import GreenroomCore

/// Applying the UI's change sets: one transaction each, every field stamped and recorded in
/// the outbox, and the inverse returned so the caller can undo (and redo) it.
extension Store {
    /// Applies `set` as `memberID` and returns its inverse, labelled the same.
    @discardableResult
    public func apply(_ set: ChangeSet, by memberID: String?) throws -> ChangeSet {
        try write(touching: { db in try Store.creatorsTouched(by: set, db) }) { db in
            let targets = Set(set.changes.compactMap { if case .moveStage(_, let stage, _) = $0 { return stage } else { return nil } })
            if !targets.isEmpty {
                let known = Set(try Store.loadSettings(db).allStageNames)
                if let unknown = targets.subtracting(known).sorted().first {
                    throw GreenroomError.invalidInput("\"\(unknown)\" is not a stage of this team")
                }
            }
            var inverse: [Change] = []
            for change in set.changes {
                inverse.append(try apply(change, by: memberID, in: db))
            }
            return ChangeSet(set.label, inverse.reversed())
        }
    }

    /// The creators whose rows (or rows hanging off them: tags, activities, stage events)
    /// `set` changes, for keeping cached counts in step; nil when a change reaches beyond
    /// known creators. Larger sets are cheaper to recount than to look up one by one.
    static func creatorsTouched(by set: ChangeSet, _ db: Database) throws -> Set<String>? {
        guard set.changes.count <= 200 else { return nil }
        var ids = Set<String>()
        for change in set.changes {
            switch change {
            case .insertCreator(let creator, _): ids.insert(creator.id)
            case .insertActivity(let activity): ids.insert(activity.creatorID)
            case .moveStage(let id, _, _), .stageEvent(let id, _, _), .tags(let id, _, _): ids.insert(id)
            case .update(.creator, let id, _): ids.insert(id)
            // Issue 26's records count in no cached creator count.
            case .update(.program, _, _), .update(.workshop, _, _), .update(.community, _, _), .update(.incentiveTask, _, _): continue
            // Nor does coaching on teammates (issue 25).
            case .insertCoachingItem, .holdOneOnOne, .coachingDone, .update(.coachingItem, _, _): continue
            case .update(.activity, let id, _):
                guard let creator = try String.fetchOne(db, sql: "SELECT creator_id FROM activity WHERE id = ?", arguments: [id]) else { return nil }
                ids.insert(creator)
            default: return nil
            }
        }
        return ids
    }

    /// Applies one change inside a transaction the caller holds; returns its inverse.
    func applyInTransaction(_ change: Change, by memberID: String?, in db: Database) throws -> Change {
        try apply(change, by: memberID, in: db)
    }

    private func apply(_ change: Change, by memberID: String?, in db: Database) throws -> Change {
        let now = self.now
        switch change {
        case .insertCreator(let creator, let tags):
            try checkHandleFree(creator.handle, except: nil, db)
            try insertStamped(creator, in: db)
            try insertStamped(StageEvent(id: UUIDv7.make(millis: now), creatorID: creator.id, fromStage: nil, toStage: creator.stage,
                                         at: creator.createdAt, byMemberID: memberID), in: db)
            for tag in Set(tags.map(Store.normalizeTag)).sorted() where !tag.isEmpty {
                try insertStamped(CreatorTag(id: CreatorTag.id(creator: creator.id, tag: tag), creatorID: creator.id, tag: tag), in: db)
            }
            try db.execute(sql: "INSERT OR IGNORE INTO creator_stats(creator_id) VALUES (?)", arguments: [creator.id])
            return .update(.creator, id: creator.id, fields: [CreatorField.deleted.rawValue: FieldValue(true)])

        case .insertActivity(let activity):
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM creator WHERE id = ? AND deleted = 0", arguments: [activity.creatorID]) == true else {
                throw GreenroomError.invalidInput("that creator no longer exists")
            }
            try insertStamped(activity, in: db)
            return .update(.activity, id: activity.id, fields: [ActivityField.deleted.rawValue: FieldValue(true)])

        case .update(let entity, let id, let fields):
            let names = fields.keys.sorted()
            guard let old = try Row.fetchOne(db, sql: "SELECT \(names.joined(separator: ", ")) FROM \(entity.rawValue) WHERE id = ?",
                                             arguments: [id]) else {
                throw GreenroomError.invalidInput("no \(entity.rawValue) with id \(id)")
            }
            if entity == .creator, let handle = fields[CreatorField.handle.rawValue]?.text {
                try checkHandleFree(handle, except: id, db)
            }
            if entity == .creator, fields[CreatorField.deleted.rawValue] == FieldValue(false),
               let handle = try String.fetchOne(db, sql: "SELECT handle FROM creator WHERE id = ?", arguments: [id]) {
                try checkHandleFree(handle, except: id, db) // restoring: the handle may have been reused meanwhile
            }
            var previous: [String: FieldValue] = [:]
            for name in names { previous[name] = Store.fieldValue(old[name] as DatabaseValue) }
            let changed = fields.filter { previous[$0.key] != $0.value }
            try updateStamped(entity, id: id, fields: changed.mapValues(\.databaseValue), in: db)
            return .update(entity, id: id, fields: previous)

        case .moveStage(let creatorID, let stage, let reason):
            guard let from = try String.fetchOne(db, sql: "SELECT stage FROM creator WHERE id = ? AND deleted = 0", arguments: [creatorID]) else {
                throw GreenroomError.invalidInput("that creator no longer exists")
            }
            guard from != stage else { return .moveStage(creatorID: creatorID, to: from, reason: nil) }
            try updateStamped(.creator, id: creatorID, fields: ["stage": stage.databaseValue], in: db)
            let event = StageEvent(id: UUIDv7.make(millis: now), creatorID: creatorID, fromStage: from, toStage: stage,
                                   at: now, byMemberID: memberID, reason: reason)
            try insertStamped(event, in: db)
            return .stageEvent(creatorID: creatorID, eventID: event.id, active: false)

        case .stageEvent(let creatorID, let eventID, let active):
            guard let row = try Row.fetchOne(db, sql: "SELECT from_stage, to_stage, deleted FROM stage_event WHERE id = ? AND creator_id = ?",
                                             arguments: [eventID, creatorID]) else {
                throw GreenroomError.invalidInput("that move is no longer recorded")
            }
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM creator WHERE id = ? AND deleted = 0", arguments: [creatorID]) == true else {
                throw GreenroomError.invalidInput("that creator no longer exists")
            }
            let stage: String? = active ? row["to_stage"] : row["from_stage"]
            if (row["deleted"] as Bool) == active {
                try updateStamped(.stageEvent, id: eventID, fields: ["deleted": (!active).databaseValue], in: db)
            }
            if let stage {
                try updateStamped(.creator, id: creatorID, fields: ["stage": stage.databaseValue], in: db)
            }
            return .stageEvent(creatorID: creatorID, eventID: eventID, active: !active)

        case .insertTicket(var ticket, let tags, let events):
            ticket.teamID = try Store.teamForNewTicket(ticket, db)
            try insertStamped(ticket, in: db)
            for tag in Set(tags.map(Store.normalizeTag)).sorted() where !tag.isEmpty {
                try insertStamped(TicketTag(id: TicketTag.id(ticket: ticket.id, tag: tag), ticketID: ticket.id, tag: tag), in: db)
            }
            for event in events { try insertStamped(event, in: db) }
            return .update(.ticket, id: ticket.id, fields: ["deleted": FieldValue(true)])

        case .ticketAction(let event, var fields):
            try checkTicketWritable(event.ticketID, db)
            fields = try fieldsEndingSnooze(event, fields, now: now, db)
            let previous = try ticketFields(event.ticketID, fields.keys.sorted(), db)
            let changed = fields.filter { previous[$0.key] != $0.value }
            if !changed.isEmpty {
                try updateStamped(.ticket, id: event.ticketID, fields: changed.mapValues(\.databaseValue), in: db)
            }
            try insertStamped(event, in: db)
            return .ticketEvent(ticketID: event.ticketID, eventID: event.id, active: false, fields: previous)

        case .ticketEvent(let ticketID, let eventID, let active, let fields):
            guard let deleted = try Bool.fetchOne(db, sql: "SELECT deleted FROM ticket_event WHERE id = ? AND ticket_id = ?",
                                                  arguments: [eventID, ticketID]) else {
                throw GreenroomError.invalidInput("that ticket action is no longer recorded")
            }
            guard try Bool.fetchOne(db, sql: "SELECT deleted FROM ticket WHERE id = ?", arguments: [ticketID]) == false else {
                throw GreenroomError.invalidInput("that ticket no longer exists")
            }
            let current = try ticketFields(ticketID, fields.keys.sorted(), db)
            if deleted == active {
                try updateStamped(.ticketEvent, id: eventID, fields: ["deleted": (!active).databaseValue], in: db)
            }
            let changed = fields.filter { current[$0.key] != $0.value }
            if !changed.isEmpty {
                try updateStamped(.ticket, id: ticketID, fields: changed.mapValues(\.databaseValue), in: db)
            }
            return .ticketEvent(ticketID: ticketID, eventID: eventID, active: !active, fields: current)

        case .ticketTags(let ticketID, let add, let remove):
            try checkTicketWritable(ticketID, db)
            let (added, removed) = try setTags(.ticketTag, owner: "ticket_id", ownerID: ticketID, add: add, remove: remove, db) {
                TicketTag(id: TicketTag.id(ticket: ticketID, tag: $0), ticketID: ticketID, tag: $0)
            }
            return .ticketTags(ticketID: ticketID, add: removed, remove: added)

        case .insertQAReview(let draft):
            let review = try Store.qaReview(draft, id: UUIDv7.make(millis: now), reviewer: memberID, at: now, db)
            try insertStamped(review, in: db)
            return .update(.qaReview, id: review.id, fields: ["deleted": FieldValue(true)])

        case .insertCoachingItem(let draft):
            let item = try Store.coachingItem(draft, id: UUIDv7.make(millis: now), author: memberID, at: now, db)
            try insertStamped(item, in: db)
            return .update(.coachingItem, id: item.id, fields: [CoachingField.deleted.rawValue: FieldValue(true)])

        case .holdOneOnOne(let member, let notes):
            let item = try Store.oneOnOne(memberID: member, notes: notes, id: UUIDv7.make(millis: now), author: memberID, at: now, db)
            try insertStamped(item, in: db)
            return .update(.coachingItem, id: item.id, fields: [CoachingField.deleted.rawValue: FieldValue(true)])

        case .coachingDone(let id, let done):
            let (fields, inverse) = try Store.setCoachingDone(id: id, done: done, at: now, db)
            try updateStamped(.coachingItem, id: id, fields: fields, in: db)
            return inverse

        case .tags(let creatorID, let add, let remove):
            let (added, removed) = try setTags(.creatorTag, owner: "creator_id", ownerID: creatorID, add: add, remove: remove, db) {
                CreatorTag(id: CreatorTag.id(creator: creatorID, tag: $0), creatorID: creatorID, tag: $0)
            }
            return .tags(creatorID: creatorID, add: removed, remove: added)
        }
    }

    /// Adds and removes tags of one creator or ticket; returns the tags really added and
    /// removed. A tag is one row per owner and tag: its id is derived from both, so the same
    /// tag added on two laptops syncs to one row, and adding it again restores that row.
    /// Removing tombstones every live row of the tag (rows made before ids were derived
    /// included); concurrent add and remove of one tag follow the tombstone's last writer
    /// (the later stamp wins, and the other write shows as a conflict).
    private func setTags<R: StoredRecord>(_ entity: Entity, owner: String, ownerID: String, add: [String], remove: [String], _ db: Database,
                                          make: (String) -> R) throws -> (added: [String], removed: [String]) {
        let rows = try Row.fetchAll(db, sql: "SELECT id, tag, deleted FROM \(entity.rawValue) WHERE \(owner) = ? ORDER BY id", arguments: [ownerID])
        var added: [String] = []
        var removed: [String] = []
        for tag in Set(add.map(Store.normalizeTag)).sorted() where !tag.isEmpty {
            let same = rows.filter { ($0["tag"] as String) == tag }
            guard !same.contains(where: { !($0["deleted"] as Bool) }) else { continue }
            let record = make(tag)
            if same.contains(where: { ($0["id"] as String) == record.id }) {
                try updateStamped(entity, id: record.id, fields: ["deleted": false.databaseValue], in: db)
            } else {
                try insertStamped(record, in: db)
            }
            added.append(tag)
        }
        for tag in Set(remove.map(Store.normalizeTag)).sorted() {
            let live = rows.filter { ($0["tag"] as String) == tag && !($0["deleted"] as Bool) }
            for row in live { try updateStamped(entity, id: row["id"], fields: ["deleted": true.databaseValue], in: db) }
            if !live.isEmpty { removed.append(tag) }
        }
        return (added, removed)
    }

    private func checkTicketWritable(_ ticketID: String, _ db: Database) throws {
        guard let row = try Row.fetchOne(db, sql: "SELECT t.deleted, t.merged_into_id, m.key AS into_key FROM ticket t LEFT JOIN ticket m ON m.id = t.merged_into_id WHERE t.id = ?",
                                         arguments: [ticketID]), !(row["deleted"] as Bool) else {
            throw GreenroomError.invalidInput("that ticket no longer exists")
        }
        if let into: String = row["into_key"] {
            throw GreenroomError.invalidInput("this ticket was merged into \(try Store.shortKey(into, db)) and is read-only")
        }
    }

    /// The ticket's current values of `names`.
    private func ticketFields(_ ticketID: String, _ names: [String], _ db: Database) throws -> [String: FieldValue] {
        guard !names.isEmpty else { return [:] }
        for name in names where TicketField(rawValue: name) == nil {
            throw GreenroomError.invalidInput("a triage action cannot set the ticket's \(name)")
        }
        guard let row = try Row.fetchOne(db, sql: "SELECT \(names.joined(separator: ", ")) FROM ticket WHERE id = ?", arguments: [ticketID]) else {
            throw GreenroomError.invalidInput("that ticket no longer exists")
        }
        var values: [String: FieldValue] = [:]
        for name in names { values[name] = Store.fieldValue(row[name] as DatabaseValue) }
        return values
    }

    private func checkHandleFree(_ handle: String, except id: String?, _ db: Database) throws {
        if try Bool.fetchOne(db, sql: "SELECT 1 FROM creator WHERE handle = ? AND deleted = 0 AND id IS NOT ?", arguments: [handle, id]) == true {
            throw GreenroomError.invalidInput("handle \(handle) is already taken")
        }
    }

    /// Tags are lowercase words with dashes: "Top 100" → "top-100".
    public static func normalizeTag(_ tag: String) -> String {
        CreatorChanges.normalizeTag(tag)
    }

    static func fieldValue(_ value: DatabaseValue) -> FieldValue {
        switch value.storage {
        case .null: return .null
        case .int64(let i): return .int(i)
        case .double(let d): return .int(Int64(d))
        case .string(let s): return .text(s)
        case .blob(let b): return .text(b.base64EncodedString())
        }
    }
}

extension FieldValue {
    var databaseValue: DatabaseValue {
        switch self {
        case .null: return .null
        case .int(let i): return i.databaseValue
        case .text(let s): return s.databaseValue
        }
    }
}
