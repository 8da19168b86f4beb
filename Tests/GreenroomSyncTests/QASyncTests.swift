import Foundation
import GRDB
import Testing
import GreenroomCore
@testable import GreenroomStore
@testable import GreenroomSync

/// QA reviews (issue 25) travel through the sync folder like every record: two laptops that
/// review offline converge, an undo (a tombstone) travels, a rubric change travels with the
/// reviews that use it, and a peer's review with an unknown criterion or a score out of range
/// is quarantined with a one-line reason, changing nothing.
@Suite struct QASyncTests {

    func solvedTickets(_ r: Replica, _ n: Int) throws -> [String] {
        try r.store.read { db in
            try String.fetchAll(db, sql: "SELECT id FROM ticket WHERE first_solved_at IS NOT NULL AND assignee_id IS NOT NULL AND deleted = 0 ORDER BY id LIMIT ?", arguments: [n])
        }
    }

    func reviews(_ r: Replica) throws -> [String] {
        try r.store.read { db in
            try String.fetchAll(db, sql: "SELECT ticket_id || ' ' || scores || ' ' || comment || ' ' || deleted FROM qa_review ORDER BY id")
        }
    }

    @Test func reviewsMadeOfflineOnTwoLaptopsConvergeAndAnUndoTravels() throws {
        let a = try Replica("a", device: device(91)), b = try Replica("b", device: device(92))
        let tickets = try solvedTickets(a, 3)
        try a.store.reviewTicket(QAReviewDraft(ticketID: tickets[0], scores: ["accuracy": 4, "tone": 3], comment: "good"), by: nil)
        let undone = try a.store.apply(ChangeSet("QA", [.insertQAReview(QAReviewDraft(ticketID: tickets[1], scores: ["policy": 1], comment: "oops"))]), by: nil)
        try b.store.reviewTicket(QAReviewDraft(ticketID: tickets[0], scores: ["accuracy": 2], comment: "second opinion"), by: nil)
        try b.store.reviewTicket(QAReviewDraft(ticketID: tickets[2], scores: ["localization": 0], comment: "wrong language"), by: nil)
        _ = try a.store.apply(undone, by: nil) // the undo: a tombstone
        try a.sync(); try b.sync()
        try carry(from: a.folder, to: b.folder); try carry(from: b.folder, to: a.folder)
        #expect(try a.sync().skipped.isEmpty)
        #expect(try b.sync().skipped.isEmpty)
        #expect(try reviews(a) == reviews(b))
        #expect(try reviews(a).count == 4)
        #expect(try a.store.qaReviews(ticketID: tickets[0]).count == 2)
        #expect(try b.store.qaReviews(ticketID: tickets[1]).isEmpty)
        #expect(try a.snapshot() == b.snapshot())
        // Every line written validates against the published schema.
        let validator = SchemaValidator(root: try FormatTests.schema)
        var lines = 0
        for f in filesUnder(a.folder) where f.hasPrefix("ops/") {
            for line in try String(contentsOfFile: a.folder + "/" + f, encoding: .utf8).split(separator: "\n") where line.contains("\"qa_review\"") {
                lines += 1
                #expect(try validator.validate(try JSON.parse(String(line))).isEmpty, "\(line)")
            }
        }
        #expect(lines >= 4)
    }

    @Test func aRubricChangeTravelsWithTheReviewsThatUseIt() throws {
        let a = try Replica("a", device: device(93)), b = try Replica("b", device: device(94))
        let t = try solvedTickets(a, 1)[0]
        try a.store.setQARubric(QARubric(criteria: [.init(key: "accuracy", name: "Accuracy", weight: 50), .init(key: "empathy", name: "Empathy", weight: 50)], passMark: 70))
        try a.store.reviewTicket(QAReviewDraft(ticketID: t, scores: ["empathy": 4, "accuracy": 2], comment: ""), by: nil)
        try a.sync()
        try carry(from: a.folder, to: b.folder)
        let summary = try b.sync()
        #expect(summary.skipped.isEmpty, "\(summary.skipped)")
        #expect(try b.store.teamSettings().qaRubric.keys == ["accuracy", "empathy"])
        #expect(try b.store.qaReviews(ticketID: t).first?.scores == ["empathy": 4, "accuracy": 2])
    }

    @Test func aPeersReviewWithAnUnknownCriterionOrAScoreOutOfRangeIsQuarantined() throws {
        let a = try Replica("a", device: device(95)), b = try Replica("b", device: device(96))
        let tickets = try solvedTickets(a, 3)
        let good = try a.store.reviewTicket(QAReviewDraft(ticketID: tickets[0], scores: ["accuracy": 4], comment: "fine"), by: nil)
        let unknown = try a.store.reviewTicket(QAReviewDraft(ticketID: tickets[1], scores: ["tone": 3], comment: "x"), by: nil)
        let range = try a.store.reviewTicket(QAReviewDraft(ticketID: tickets[2], scores: ["policy": 2], comment: "y"), by: nil)
        try a.sync()
        try tamper(a.folder) { line in
            if line.contains(unknown) { return line.replacingOccurrences(of: "{\\\"tone\\\":3}", with: "{\\\"empathy\\\":3}") }
            if line.contains(range) { return line.replacingOccurrences(of: "{\\\"policy\\\":2}", with: "{\\\"policy\\\":7}") }
            return line
        }
        let before = try b.snapshot()
        try carry(from: a.folder, to: b.folder)
        let summary = try b.sync()
        let reasons = summary.skipped.map(\.reason)
        #expect(reasons.contains("scores: \"empathy\" is not a criterion of the team's rubric (accuracy, tone, policy, localization); quarantined"), "\(reasons)")
        #expect(reasons.contains("scores: policy: score 7 is out of range (0–4); quarantined"), "\(reasons)")
        #expect(summary.skipped.count == 2 && summary.skipped.allSatisfy { !$0.description.contains("\n") }, "\(summary.skipped)")
        #expect(try b.store.qaReviews(ticketID: tickets[0]).map(\.id) == [good])
        #expect(try b.store.qaReviews(ticketID: tickets[1]).isEmpty && b.store.qaReviews(ticketID: tickets[2]).isEmpty)
        #expect(try b.store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sync_quarantine") } == 2)
        #expect(before != (try b.snapshot())) // the good review arrived
    }
}
