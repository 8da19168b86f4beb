import Foundation
import GRDB
import Testing
import GreenroomCore
@testable import GreenroomStore
@testable import GreenroomSync

/// Coaching on teammates (issue 25) travels through the sync folder like every record: a note,
/// goal, follow-up or 1:1 made on one laptop arrives on the other, marking done and deleting
/// travel back, and a peer's malformed item is quarantined with a one-line reason.
@Suite struct OneOnOneSyncTests {
    func agent(_ r: Replica) throws -> Member {
        try #require(try r.store.members().filter { !$0.deleted && $0.role == .specialist }.sorted { $0.handle < $1.handle }.first)
    }

    func items(_ r: Replica) throws -> [String] {
        try r.store.read { db in
            try String.fetchAll(db, sql: """
                SELECT kind || ' ' || body || ' ' || IFNULL(due_at, '-') || ' ' || IFNULL(done_at, '-') || ' ' || IFNULL(discussed, '-') || ' ' || deleted
                FROM coaching_item ORDER BY id
                """)
        }
    }

    @Test func coachingMadeOnOneLaptopArrivesOnTheOtherAndDoneAndDeleteTravelBack() throws {
        let a = try Replica("a", device: device(101)), b = try Replica("b", device: device(102))
        let member = try agent(a)
        let due = Time.parseISO("2026-11-24T00:00:00Z")!
        let fu = try a.store.addCoaching(CoachingDraft(memberID: member.id, kind: .followUp, body: "pair on appeals", dueAt: due), by: nil)
        let note = try a.store.addCoaching(CoachingDraft(memberID: member.id, kind: .note, body: "calm under pressure"), by: nil)
        let held = try a.store.holdOneOnOne(memberID: member.id, notes: "went well", by: nil)
        try a.sync()
        try carry(from: a.folder, to: b.folder)
        #expect(try b.sync().skipped.isEmpty)
        #expect(try items(b) == items(a))
        let there = try b.store.oneOnOneAgenda(handle: member.handle)
        #expect(there.followUps.map(\.id) == [fu] && there.followUps[0].dueAt == due)
        #expect(there.lastOneOnOne?.id == held.id && there.lastOneOnOne?.discussed == held.discussed)
        #expect(held.discussed?.contains("Open follow-ups (1): pair on appeals (due ") == true, "\(held.discussed ?? "")")
        // b marks the follow-up done and deletes the note; a gets both.
        try b.store.setCoachingDone(id: fu, true, by: nil)
        try b.store.removeCoaching(id: note, by: nil)
        try b.sync()
        try carry(from: b.folder, to: a.folder)
        #expect(try a.sync().skipped.isEmpty)
        #expect(try items(a) == items(b))
        let back = try a.store.oneOnOneAgenda(handle: member.handle)
        #expect(back.followUps.isEmpty)
        #expect(try a.store.read { db in try Bool.fetchOne(db, sql: "SELECT deleted FROM coaching_item WHERE id = ?", arguments: [note]) } == true)
        #expect(try a.snapshot() == b.snapshot())
        // Every line written validates against the published schema.
        let validator = SchemaValidator(root: try FormatTests.schema)
        var lines = 0
        for folder in [a.folder, b.folder] {
            for f in filesUnder(folder) where f.hasPrefix("ops/") {
            for line in try String(contentsOfFile: folder + "/" + f, encoding: .utf8).split(separator: "\n") where line.contains("\"coaching_item\"") {
                lines += 1
                #expect(try validator.validate(try JSON.parse(String(line))).isEmpty, "\(line)")
            }
            }
        }
        #expect(lines >= 5)
    }

    @Test func aPeersMalformedCoachingItemIsQuarantinedWithAOneLineReason() throws {
        let a = try Replica("a", device: device(103)), b = try Replica("b", device: device(104))
        let member = try agent(a)
        let good = try a.store.addCoaching(CoachingDraft(memberID: member.id, kind: .goal, body: "fewer reopens"), by: nil)
        let kind = try a.store.addCoaching(CoachingDraft(memberID: member.id, kind: .goal, body: "becomes a pep talk"), by: nil)
        let blank = try a.store.addCoaching(CoachingDraft(memberID: member.id, kind: .followUp, body: "becomes blank"), by: nil)
        let due = try a.store.addCoaching(CoachingDraft(memberID: member.id, kind: .followUp, body: "due becomes text", dueAt: pinnedNow), by: nil)
        try a.sync()
        let edited = try tamper(a.folder) { line in
            if line.contains(kind) { return line.replacingOccurrences(of: "\"kind\":\"goal\"", with: "\"kind\":\"pep_talk\"") }
            if line.contains(blank) { return line.replacingOccurrences(of: "\"body\":\"becomes blank\"", with: "\"body\":\"   \"") }
            if line.contains(due) { return line.replacingOccurrences(of: "\"due_at\":\(pinnedNow)", with: "\"due_at\":\"tomorrow\"") }
            return line
        }
        #expect(edited == 3)
        try carry(from: a.folder, to: b.folder)
        let summary = try b.sync()
        let reasons = summary.skipped.map(\.reason)
        #expect(reasons.contains("kind: \"pep_talk\" is not one of note, goal, follow_up, one_on_one; quarantined"), "\(reasons)")
        #expect(reasons.contains("body: a follow-up must not be blank; quarantined"), "\(reasons)")
        #expect(reasons.contains("due_at: must be a time (milliseconds since 1970); quarantined"), "\(reasons)")
        #expect(summary.skipped.count == 3 && summary.skipped.allSatisfy { !$0.description.contains("\n") }, "\(summary.skipped)")
        #expect(try b.store.read { db in try String.fetchAll(db, sql: "SELECT id FROM coaching_item") } == [good])
        #expect(try b.store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sync_quarantine") } == 3)
        #expect(try b.store.oneOnOneAgenda(handle: member.handle).goals.map(\.body) == ["fewer reopens"])
    }
}
