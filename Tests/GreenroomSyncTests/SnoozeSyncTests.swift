import Foundation
import GRDB
import Testing
import GreenroomCore
@testable import GreenroomStore
@testable import GreenroomSync

/// Issue 28: a ticket's snooze travels like every ticket field, and a requester's message
/// wakes it on every laptop, however it arrives.
@Suite struct SnoozeSyncTests {
    /// Three open tickets every replica has, and a teammate.
    func openTickets(_ r: Replica) throws -> (ids: [String], member: String) {
        try r.store.read { db in
            (try String.fetchAll(db, sql: "SELECT id FROM ticket WHERE deleted = 0 AND status IN ('new','open') AND merged_into_id IS NULL ORDER BY id LIMIT 3"),
             try String.fetchOne(db, sql: "SELECT id FROM member WHERE deleted = 0 ORDER BY handle LIMIT 1")!)
        }
    }

    func snooze(_ r: Replica, _ id: String, until: Millis?, by member: String) throws {
        try r.store.apply(try r.store.snoozeChanges(ticketIDs: [id], until: until, author: member, now: pinnedNow), by: member)
    }

    /// The snooze as each replica holds it: the field, the derived wake time, the views.
    func state(_ r: Replica, _ ids: [String]) throws -> [String] {
        var out: [String] = []
        for id in ids {
            let detail = try #require(try r.store.ticketDetail(id: id, now: pinnedNow))
            out.append("\(detail.ticket.snoozedUntil.map(Time.iso) ?? "-") \(detail.wakeAt.map(Time.iso) ?? "-") "
                       + detail.events.filter { $0.event.kind == .snooze }.map { $0.event.toValue ?? "unsnoozed" }.sorted().joined(separator: ","))
        }
        out.append(try r.store.ticketPage(view: .snoozed, me: nil, offset: 0, limit: 50, now: pinnedNow).map(\.id).joined(separator: ","))
        out.append(try r.store.ticketPage(view: .allOpen, me: nil, offset: 0, limit: 3, now: pinnedNow).map(\.id).joined(separator: ","))
        return out
    }

    @Test func twoLaptopsSnoozeAndWakeTicketsOfflineAndConverge() throws {
        let a = try Replica("a", device: device(61)), b = try Replica("b", device: device(62))
        let (ids, member) = try openTickets(a)
        try #require(ids.count == 3, "the demo should have three open tickets")
        let (t1, t2, t3) = (ids[0], ids[1], ids[2])
        // a snoozes all three; b hears of it.
        try snooze(a, t1, until: pinnedNow + 3 * Time.day, by: member)
        try snooze(a, t2, until: pinnedNow + 2 * Time.day, by: member)
        try snooze(a, t3, until: pinnedNow + Time.day, by: member)
        try a.sync()
        try carry(from: a.folder, to: b.folder)
        #expect(try b.sync().skipped.isEmpty)
        #expect(try Set(b.store.ticketPage(view: .snoozed, me: nil, offset: 0, limit: 50, now: pinnedNow).map(\.id)) == Set(ids))
        #expect(try !b.store.ticketPage(view: .allOpen, me: nil, offset: 0, limit: 1000, now: pinnedNow).contains { ids.contains($0.id) })

        // Offline on both: a snoozes t1 for four days and wakes t3 (W); b snoozes t1 for five,
        // and t2's requester writes to b.
        try snooze(a, t1, until: pinnedNow + 4 * Time.day, by: member)
        try snooze(a, t3, until: nil, by: member)
        try snooze(b, t1, until: pinnedNow + 5 * Time.day, by: member)
        let message = TicketEvent(id: UUIDv7.make(millis: pinnedNow + 30_000), ticketID: t2, kind: .reply, at: pinnedNow + 30_000, actor: .requester,
                                  authorID: nil, isPublic: true, body: "Any news?")
        try b.store.apply(ChangeSet("message", [.ticketAction(message, fields: [:])]), by: nil)
        #expect(try b.store.ticketDetail(id: t2, now: pinnedNow)?.wakeAt == pinnedNow)  // the minute of the message
        #expect(try a.store.ticketDetail(id: t2, now: pinnedNow)?.wakeAt == pinnedNow + 2 * Time.day)

        try a.sync(); try b.sync()
        try carry(from: a.folder, to: b.folder); try carry(from: b.folder, to: a.folder)
        #expect(try a.sync().skipped.isEmpty)
        #expect(try b.sync().skipped.isEmpty)
        // The same field, events, wake times and views on both; the message woke t2 on a too,
        // through the sync, with nothing written for it there: t2 is on top of All open.
        let sa = try state(a, ids), sb = try state(b, ids)
        #expect(sa == sb)
        #expect(try a.store.ticketDetail(id: t2, now: pinnedNow)?.wakeAt == pinnedNow)
        #expect(sa[3] == t1)                                              // t2 is not asleep…
        #expect(sa.last?.hasPrefix(t2) == true, "\(sa)")                // …it is on top of All open
        #expect(try b.store.ticketDetail(id: t3, now: pinnedNow)?.wakeAt == nil)
        #expect(try a.store.ticketPage(view: .snoozed, me: nil, offset: 0, limit: 50, now: pinnedNow).map(\.id) == [t1])
        // The two snoozes of t1 were concurrent: one wins everywhere, the other is a conflict on both.
        func snoozeConflicts(_ r: Replica) throws -> [[FieldValue]] {
            try r.conflicts().filter { $0.rowID == t1 && $0.field == "snoozed_until" }.map { [$0.current, $0.lost] }
        }
        #expect(try snoozeConflicts(a).count == 1)
        #expect(try snoozeConflicts(a) == snoozeConflicts(b))
        #expect(try a.snapshot() == b.snapshot())

        // Every snooze line written matches docs/sync-op.schema.json.
        let validator = SchemaValidator(root: try FormatTests.schema)
        var lines = 0
        for folder in [a.folder, b.folder] {
            for f in filesUnder(folder) where f.hasPrefix("ops/") {
                for line in try String(contentsOfFile: folder + "/" + f, encoding: .utf8).split(separator: "\n")
                where line.contains("\"snoozed_until\"") || line.contains("\"snooze\"") {
                    lines += 1
                    #expect(try validator.validate(try JSON.parse(String(line))).isEmpty, "\(line)")
                }
            }
        }
        #expect(lines >= 8)
    }

    @Test func aSnoozeFromAnotherLaptopWithABadTimeIsQuarantined() throws {
        let a = try Replica("a", device: device(63)), b = try Replica("b", device: device(64))
        let (ids, member) = try openTickets(a)
        try snooze(a, ids[0], until: pinnedNow + Time.day, by: member)
        try a.sync()
        // Tamper with the written line: a wake time that is not a time.
        for f in filesUnder(a.folder) where f.hasPrefix("ops/") {
            let path = a.folder + "/" + f
            let text = try String(contentsOfFile: path, encoding: .utf8)
            let bad = text.replacingOccurrences(of: "\"snoozed_until\":\(pinnedNow + Time.day)", with: "\"snoozed_until\":\"monday\"")
            if bad != text { try bad.write(toFile: path, atomically: true, encoding: .utf8) }
        }
        try carry(from: a.folder, to: b.folder)
        let summary = try b.sync()
        #expect(summary.skipped.contains { $0.reason.contains("snoozed_until: must be a time") }, "\(summary.skipped)")
        #expect(try b.store.ticketDetail(id: ids[0], now: pinnedNow)?.ticket.snoozedUntil == nil)
    }
}
