import Foundation
import GRDB
import GreenroomCore

/// Writing coaching (issue 25): a note, goal or follow-up on a teammate, a goal or follow-up
/// done (or reopened), a 1:1 held. Each is a change set (`Store.apply`), so it is stamped,
/// synced and undoable like every write; refusals are one line and change nothing.
extension Store {
    /// The item a draft makes, checked: a live teammate, text, a due date only on a goal or
    /// follow-up, a live ticket if one is named.
    static func coachingItem(_ draft: CoachingDraft, id: String, author: String?, at: Millis, _ db: Database) throws -> CoachingItem {
        if let problem = draft.problem { throw GreenroomError.invalidInput(problem) }
        guard try Bool.fetchOne(db, sql: "SELECT 1 FROM member WHERE id = ? AND deleted = 0", arguments: [draft.memberID]) == true else {
            throw GreenroomError.invalidInput("that teammate no longer exists")
        }
        if let ticket = draft.ticketID {
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM ticket WHERE id = ? AND deleted = 0", arguments: [ticket]) == true else {
                throw GreenroomError.invalidInput("that ticket no longer exists")
            }
        }
        return CoachingItem(id: id, memberID: draft.memberID, kind: draft.kind, body: draft.body.trimmingCharacters(in: .whitespacesAndNewlines),
                            ticketID: draft.ticketID, dueAt: draft.dueAt, authorID: author, at: at)
    }

    /// The 1:1 held with `memberID` at `at`: its notes, and the agenda it closes in words.
    static func oneOnOne(memberID: String, notes: String, id: String, author: String?, at: Millis, _ db: Database) throws -> CoachingItem {
        guard let member = try Member.fetchOne(db, sql: "SELECT \(Member.selectColumns) FROM member WHERE id = ? AND deleted = 0", arguments: [memberID]) else {
            throw GreenroomError.invalidInput("that teammate no longer exists")
        }
        let text = notes.trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.utf8.count <= FieldRules.maxTextBytes else { throw GreenroomError.invalidInput("the notes are over \(FieldRules.maxTextBytes / 1024) KiB") }
        let agenda = try oneOnOneAgenda(member: member, now: at, db)
        return CoachingItem(id: id, memberID: memberID, kind: .oneOnOne, body: text, discussed: agenda.discussed(zone: try loadSettings(db).zone),
                            authorID: author, at: at)
    }

    /// Marks a goal or follow-up done at `at` (or open again); returns the inverse.
    static func setCoachingDone(id: String, done: Bool, at: Millis, _ db: Database) throws -> (fields: [String: DatabaseValue], inverse: Change) {
        guard let row = try Row.fetchOne(db, sql: "SELECT kind, done_at, deleted FROM coaching_item WHERE id = ?", arguments: [id]) else {
            throw GreenroomError.invalidInput("no coaching item \(TerminalText.sanitize(id))")
        }
        guard !(row["deleted"] as Bool) else { throw GreenroomError.invalidInput("that item was deleted") }
        guard let kind = CoachingKind(rawValue: row["kind"] as String? ?? ""), kind.canBeDone else {
            throw GreenroomError.invalidInput("only a goal or follow-up is marked done")
        }
        let previous: Int64? = row["done_at"]
        let inverse = Change.update(.coachingItem, id: id, fields: [CoachingField.doneAt.rawValue: FieldValue(previous)])
        // Done stays done at its first time; open stays open.
        if done == (previous != nil) { return ([:], inverse) }
        return ([CoachingField.doneAt.rawValue: done ? at.databaseValue : .null], inverse)
    }

    // MARK: What the app and the command line call

    /// Writes a note, goal or follow-up; returns its id. Undo tombstones it.
    @discardableResult
    public func addCoaching(_ draft: CoachingDraft, by memberID: String?) throws -> String {
        let inverse = try apply(ChangeSet("Added a \(draft.kind.label)", [.insertCoachingItem(draft)]), by: memberID)
        guard case .update(.coachingItem, let id, _)? = inverse.changes.first else { throw GreenroomError.invalidInput("the \(draft.kind.label) was not written") }
        return id
    }

    /// Records a 1:1 held with the teammate now, closing this agenda; returns the 1:1.
    @discardableResult
    public func holdOneOnOne(memberID: String, notes: String, by author: String?) throws -> CoachingItem {
        let inverse = try apply(ChangeSet("Held a 1:1", [.holdOneOnOne(memberID: memberID, notes: notes)]), by: author)
        guard case .update(.coachingItem, let id, _)? = inverse.changes.first,
              let item = try read({ db in try CoachingItem.fetchOne(db, sql: "SELECT \(CoachingItem.selectColumns) FROM coaching_item WHERE id = ?", arguments: [id]) }) else {
            throw GreenroomError.invalidInput("the 1:1 was not recorded")
        }
        return item
    }

    /// Marks a goal or follow-up done (or open again); returns the inverse.
    @discardableResult
    public func setCoachingDone(id: String, _ done: Bool, by memberID: String?) throws -> ChangeSet {
        try apply(ChangeSet(done ? "Marked done" : "Reopened", [.coachingDone(id: id, done: done)]), by: memberID)
    }

    /// Deletes (tombstones) a coaching item; returns the inverse (the trash restores it too).
    @discardableResult
    public func removeCoaching(id: String, by memberID: String?) throws -> ChangeSet {
        let deleted = try read { db in try Bool.fetchOne(db, sql: "SELECT deleted FROM coaching_item WHERE id = ?", arguments: [id]) }
        guard let deleted else { throw GreenroomError.invalidInput("no coaching item \(TerminalText.sanitize(id))") }
        guard !deleted else { throw GreenroomError.invalidInput("that item is already deleted") }
        return try apply(ChangeSet("Deleted", [.update(.coachingItem, id: id, fields: [CoachingField.deleted.rawValue: FieldValue(true)])]), by: memberID)
    }
}
