import Foundation
import GRDB
import GreenroomCore

/// What merging one creator into another moved.
public struct CreatorMergeReport: Sendable, Hashable {
    public var kept: String
    public var merged: String
    public var activities = 0
    public var stageEvents = 0
    public var liveSessions = 0
    public var tickets = 0
    public var tagsAdded: [String] = []
    /// Fields of the kept creator that were empty and took the merged one's value.
    public var fieldsFilled: [String] = []
    /// Campaigns the merged creator was enrolled in (enrolments are not moved).
    public var campaigns: [String] = []
    /// Program enrolments and completions, workshop invitations, community memberships,
    /// incentive tasks and resource sends (`mergeProgramRows`).
    public var programRows = ProgramRowsMerged()

    public var summary: String {
        var moved: [String] = []
        func count(_ n: Int, _ word: String) { if n > 0 { moved.append("\(n) \(word)\(n == 1 ? "" : "s")") } }
        count(activities, "activity"); count(stageEvents, "stage event"); count(liveSessions, "live session"); count(tickets, "ticket")
        moved += programRows.phrases
        var text = "Merged \(merged) into \(kept)"
        text += moved.isEmpty ? "; nothing to move" : ": moved " + moved.joined(separator: ", ")
        if programRows.combined > 0 {
            text += "; \(programRows.combined) of them \(kept) already had (one row kept, with the further progress)"
        }
        if !tagsAdded.isEmpty { text += "; tags added: " + tagsAdded.joined(separator: ", ") }
        if !fieldsFilled.isEmpty { text += "; filled in: " + fieldsFilled.joined(separator: ", ") }
        return text + "; \(merged) is deleted."
    }
}

/// Merging two creators who are one person (`greenroom creators merge @keep @other`): the
/// other's live sessions, activities, stage events and tickets move to the kept creator, and
/// so do their program enrolments and module completions, workshop invitations, community
/// memberships, incentive tasks and resource sends (`mergeProgramRows` says how rows the kept
/// creator already had are combined);
/// tags the kept one lacks are added, the kept one's empty fields (name aside: it always has
/// one) take the other's values, notes are joined, and the other creator is deleted (a
/// tombstone). It is one change set of ordinary stamped writes, so it syncs like any edit,
/// and its inverse is kept on this laptop so `greenroom creators unmerge @other` puts every
/// row back (with stamped writes of its own, which sync too). Campaign enrolments stay with the deleted
/// creator (an enrolment's id is derived from its campaign and creator); the report names
/// those campaigns so the kept creator can be enrolled.
extension Store {
    public func mergeCreators(keep keepHandle: String, merge otherHandle: String, by memberID: String?) throws -> CreatorMergeReport {
        let keepHandle = ImportValues.handle(keepHandle), otherHandle = ImportValues.handle(otherHandle)
        guard let keep = try creator(handle: keepHandle) else { throw GreenroomError.invalidInput("no creator \(TerminalText.sanitize(keepHandle))") }
        guard let other = try creator(handle: otherHandle) else { throw GreenroomError.invalidInput("no creator \(TerminalText.sanitize(otherHandle))") }
        guard keep.id != other.id else { throw GreenroomError.invalidInput("\(keep.handle) cannot be merged into itself") }
        var report = CreatorMergeReport(kept: keep.handle, merged: other.handle)
        let (changes, campaigns) = try read { db -> ([Change], [String]) in
            var changes: [Change] = []
            func move(_ table: Entity, _ column: String, _ where: String = "") throws -> Int {
                let ids = try String.fetchAll(db, sql: "SELECT id FROM \(table.rawValue) WHERE \(column) = ? \(`where`) ORDER BY id", arguments: [other.id])
                changes += ids.map { .update(table, id: $0, fields: [column: .text(keep.id)]) }
                return ids.count
            }
            report.liveSessions = try move(.liveSession, "creator_id")
            report.activities = try move(.activity, "creator_id", "AND deleted = 0")
            report.stageEvents = try move(.stageEvent, "creator_id", "AND deleted = 0")
            report.tickets = try move(.ticket, "requester_creator_id", "AND deleted = 0")
            let keptTags = Set(try String.fetchAll(db, sql: "SELECT DISTINCT tag FROM creator_tag WHERE creator_id = ? AND deleted = 0", arguments: [keep.id]))
            report.tagsAdded = try String.fetchAll(db, sql: "SELECT DISTINCT tag FROM creator_tag WHERE creator_id = ? AND deleted = 0 ORDER BY tag", arguments: [other.id])
                .filter { !keptTags.contains($0) }
            if !report.tagsAdded.isEmpty { changes.append(.tags(creatorID: keep.id, add: report.tagsAdded, remove: [])) }
            var fill: [String: FieldValue] = [:]
            func fillIn(_ field: CreatorField, _ mine: String?, _ theirs: String?) {
                if (mine ?? "").isEmpty, let theirs, !theirs.isEmpty { fill[field.rawValue] = .text(theirs) }
            }
            fillIn(.email, keep.email, other.email)
            fillIn(.phone, keep.phone, other.phone)
            fillIn(.networkID, keep.networkID, other.networkID)
            fillIn(.ownerID, keep.ownerID, other.ownerID)
            fillIn(.language, keep.language, other.language)
            if let theirs = other.notes, !theirs.isEmpty, theirs != keep.notes {
                fill[CreatorField.notes.rawValue] = .text((keep.notes ?? "").isEmpty ? theirs : keep.notes! + "\n\n" + theirs)
            }
            if other.followers > keep.followers { fill[CreatorField.followers.rawValue] = .int(Int64(other.followers)) }
            report.fieldsFilled = fill.keys.sorted().map { $0 == "network_id" ? "network" : $0 == "owner_id" ? "owner" : $0 }
            if !fill.isEmpty { changes.append(.update(.creator, id: keep.id, fields: fill)) }
            changes.append(.update(.creator, id: other.id, fields: [CreatorField.deleted.rawValue: FieldValue(true)]))
            let campaigns = try String.fetchAll(db, sql: """
                SELECT c.name FROM campaign_enrolment e JOIN campaign c ON c.id = e.campaign_id
                WHERE e.creator_id = ? AND e.deleted = 0 AND c.deleted = 0 ORDER BY c.name
                """, arguments: [other.id])
            return (changes, campaigns)
        }
        report.campaigns = campaigns
        // One transaction: the moves, the tombstone and the record that undoes them.
        report.programRows = try write { db in
            var inverse: [Change] = []
            for change in changes { inverse.append(try applyInTransaction(change, by: memberID, in: db)) }
            let rows = try mergeProgramRows(keep: keep.id, other: other.id, by: memberID, in: db, inverse: &inverse)
            try db.execute(sql: "INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)",
                           arguments: ["unmerge:" + other.id, ChangeCodec.encode(inverse.reversed())])
            return rows
        }
        return report
    }

    /// Undoes `mergeCreators` made on this laptop: the deleted creator comes back with every
    /// row that moved, and the kept creator loses what the merge gave it.
    public func unmergeCreator(_ handle: String, by memberID: String?) throws -> String {
        let normalized = ImportValues.handle(handle)
        let candidates = try read { db in
            try Row.fetchAll(db, sql: """
                SELECT c.id, m.value FROM creator c JOIN meta m ON m.key = 'unmerge:' || c.id
                WHERE c.handle = ? AND c.deleted = 1 ORDER BY c.id DESC
                """, arguments: [normalized])
        }
        guard let row = candidates.first else {
            throw GreenroomError.invalidInput("no merge of \(normalized) to undo on this laptop (a merge is undone where it was made)")
        }
        let id: String = row[0]
        guard let changes = ChangeCodec.decode(row[1]) else { throw GreenroomError.invalidInput("the record of that merge is damaged") }
        try write { db in
            for change in changes { _ = try applyInTransaction(change, by: memberID, in: db) }
            try db.execute(sql: "DELETE FROM meta WHERE key = ?", arguments: ["unmerge:" + id])
        }
        return normalized
    }
}

/// The inverse of a merge, kept as JSON in `meta`: it holds only field updates and tag
/// changes, which is all a merge writes.
enum ChangeCodec {
    static func encode(_ changes: [Change]) -> String {
        let items: [[String: Any]] = changes.compactMap { change in
            switch change {
            case .update(let entity, let id, let fields):
                return ["update": entity.rawValue, "id": id, "fields": fields.mapValues(json)]
            case .tags(let creatorID, let add, let remove):
                return ["tags": creatorID, "add": add, "remove": remove]
            default:
                return nil
            }
        }
        return (try? JSONOutput.string(items, pretty: false)) ?? "[]"
    }

    static func decode(_ text: String) -> [Change]? {
        guard let items = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [[String: Any]] else { return nil }
        var changes: [Change] = []
        for item in items {
            if let entityName = item["update"] as? String, let entity = Entity(rawValue: entityName), let id = item["id"] as? String,
               let fields = item["fields"] as? [String: Any] {
                var values: [String: FieldValue] = [:]
                for (k, v) in fields {
                    switch v {
                    case let s as String: values[k] = .text(s)
                    case let n as NSNumber: values[k] = .int(n.int64Value)
                    default: values[k] = .null
                    }
                }
                changes.append(.update(entity, id: id, fields: values))
            } else if let creatorID = item["tags"] as? String {
                changes.append(.tags(creatorID: creatorID, add: item["add"] as? [String] ?? [], remove: item["remove"] as? [String] ?? []))
            } else {
                return nil
            }
        }
        return changes
    }

    private static func json(_ value: FieldValue) -> Any {
        switch value {
        case .null: return NSNull()
        case .int(let i): return NSNumber(value: i)
        case .text(let s): return s
        }
    }
}
