import Foundation
import GRDB
import Testing
import GreenroomCore
@testable import GreenroomStore

/// Issue 28: free text over every ticket searches one document per ticket (`v20TicketText`).
/// Checked against a plain loop over the tickets' own text, not against the index.
@Suite struct TicketTextSearchTests {
    /// Every word anywhere in the ticket: one in the subject and one in a message is a match
    /// (the two indexes before v20 asked for all words in the subject or all in one message).
    @Test func wordsMayBeSpreadOverTheSubjectAndTheMessages() throws {
        let q = try QueueFixture()
        #expect(try q.keys(.all, "password link") == ["solved"])     // "Password reset" + "Reset link sent."
        #expect(try q.keys(.all, "payout ledger") == [])
        #expect(try q.keys(.solvedRecently, "pass sent") == ["solved"])
    }

    /// A reply is searchable at once; withdrawn (undone), it is not; solved, the ticket stays.
    @Test func theIndexFollowsRepliesUndoAndSolving() throws {
        let q = try QueueFixture()
        let id = try #require(q.ids["pending"])
        let reply = TicketEvent(id: UUIDv7.make(millis: pinnedNow), ticketID: id, kind: .reply, at: pinnedNow, actor: .agent, authorID: nil,
                                isPublic: true, body: "The quokkaword letter arrived")
        let undo = try q.store.apply(ChangeSet("reply", [.ticketAction(reply, fields: [:])]), by: nil)
        #expect(try q.keys(.all, "quokka") == ["pending"])
        try q.store.apply(undo, by: nil)
        #expect(try q.keys(.all, "quokka") == [])
        #expect(try q.keys(.all, "agency letter") == ["pending"])
        let solve = TicketEvent(id: UUIDv7.make(millis: pinnedNow + 1), ticketID: id, kind: .status, at: pinnedNow, actor: .agent, authorID: nil,
                                isPublic: false, fromValue: "pending", toValue: "solved")
        try q.store.apply(ChangeSet("solve", [.ticketAction(solve, fields: [TicketField.status.rawValue: .text("solved")])]), by: nil)
        #expect(try q.keys(.allOpen, "agency letter") == [])
        #expect(try q.keys(.all, "agency letter status:solved") == ["pending"])
    }

    /// Random tickets, messages and prefixes: every page and count equals a plain loop over
    /// the tickets' subjects and live messages.
    @Test func pagesAndCountsEqualALoopOverTheText() throws {
        var rng = SplitMix(seed: 2812)
        let f = try Fixture()
        let mila = try f.creator("@mila")
        let vocabulary = ["payout", "payment", "pay", "gift", "giftcard", "ledger", "agency", "letter", "verify", "verified", "stream", "ban"]
        struct Doc { let id: String; let created: Millis; let status: TicketStatus; var words: [String] }
        var docs: [Doc] = []
        for i in 0..<80 {
            let created = pinnedNow - Millis(rng.next(1000)) * Time.minute - Millis(i)
            let id = UUIDv7.make(millis: created)
            let subject = (0..<(1 + rng.next(3))).map { _ in vocabulary[rng.next(vocabulary.count)] }
            let status: TicketStatus = [.new, .open, .pending, .solved, .closed][rng.next(5)]
            let t = Ticket(id: id, key: TicketKey.full(forID: id)!, subject: subject.joined(separator: ", ").capitalized, body: "",
                           requesterCreatorID: mila.id, requesterNetworkID: nil, channel: .email, category: .other, priority: .normal,
                           status: status, tier: 1, assigneeID: nil, createdAt: created)
            var words = subject
            var events: [TicketEvent] = []
            for m in 0..<rng.next(4) {
                let body = (0..<(1 + rng.next(4))).map { _ in vocabulary[rng.next(vocabulary.count)] }
                let kind: TicketEventKind = rng.next(3) == 0 ? .note : .reply
                events.append(TicketEvent(id: UUIDv7.make(millis: created + Millis(m + 1)), ticketID: id, kind: kind, at: created + Millis(m + 1),
                                          actor: .agent, authorID: nil, isPublic: kind == .reply, body: body.joined(separator: " ") + "."))
                words += body
            }
            try f.store.apply(ChangeSet("add", [.insertTicket(t, tags: [], events: events)]), by: nil)
            docs.append(Doc(id: id, created: created, status: status, words: words))
        }
        for round in 0..<60 {
            var terms: [String] = []
            for _ in 0..<(1 + rng.next(2)) {
                let word = vocabulary[rng.next(vocabulary.count)]
                terms.append(String(word.prefix(1 + rng.next(word.count))))
            }
            let solvedOnly = rng.next(3) == 0
            let text = terms.joined(separator: " ") + (solvedOnly ? " status:solved" : "")
            let expected = docs.filter { d in
                terms.allSatisfy { term in d.words.contains { $0.hasPrefix(term) } } && (!solvedOnly || d.status == .solved)
            }.sorted { ($0.created, $0.id) > ($1.created, $1.id) }.map(\.id)
            let filter = try TicketFilterParser().parse(text)
            let count = try f.store.ticketCount(view: .all, filter: filter, me: nil, now: pinnedNow)
            let page = try f.store.ticketPage(view: .all, filter: filter, me: nil, offset: 0, limit: 200, now: pinnedNow).map(\.id)
            #expect(count == expected.count, "round \(round): \(text)")
            #expect(page == expected, "round \(round): \(text)")
            // Both plans (`ticketPlan` picks by the number of matches) give the same rows.
            for walk in [false, true] {
                let w = Store.ticketWhere(view: .all, filter: filter, me: nil, now: pinnedNow, walk: walk)
                let (planned, counted): ([String], Int) = try f.store.read { db in
                    (try String.fetchAll(db, sql: "SELECT t.id FROM ticket t WHERE \(w.clause) ORDER BY \(Store.ticketOrder(w, reversed: false))",
                                         arguments: w.arguments),
                     try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM ticket t WHERE \(w.clause)", arguments: w.arguments) ?? -1)
                }
                #expect(planned == expected && counted == expected.count, "round \(round): \(text), walk \(walk)")
            }
        }
    }

    /// A cancelled read stops its running statement and throws `CancellationError`; one
    /// cancelled before it starts never runs; the connection serves the next read.
    @Test func aCancelledReadStopsAtOnce() async throws {
        let f = try Fixture()
        let endless = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT COUNT(*) FROM n WHERE i < 0"
        let early = ReadCancellation()
        early.cancel()
        #expect(throws: CancellationError.self) { try f.store.read(cancellation: early) { db in try Int.fetchOne(db, sql: "SELECT 1") } }
        let cancellation = ReadCancellation()
        let store = f.store
        // Times are taken inside the task: on a busy 2-core machine the full suite's blocking
        // tests can hold the task pool for minutes, which says nothing about the read.
        let task = Task.detached { () -> (stopped: Bool, began: Date, ended: Date) in
            let began = Date()
            do {
                _ = try store.read(cancellation: cancellation) { db in try Int.fetchOne(db, sql: endless) }
                return (false, began, Date())
            } catch is CancellationError {
                return (true, began, Date())
            } catch {
                return (false, began, Date())
            }
        }
        try await Task.sleep(nanoseconds: 100_000_000)
        let cancelled = Date()
        cancellation.cancel()
        let result = await task.value
        #expect(result.stopped)
        #expect(result.ended.timeIntervalSince(max(cancelled, result.began)) < 5)
        #expect(try f.store.read { db in try Int.fetchOne(db, sql: "SELECT 41 + 1") } == 42)
    }
}

/// A small seeded generator, so a failing round can be replayed.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next(_ bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Int(z % UInt64(max(1, bound)))
    }
}
