import Foundation
import GRDB
import Testing
import GreenroomCore
@testable import GreenroomStore
@testable import GreenroomSync

/// Issue 24: a team's own SLA policy or calendar edited on one laptop re-times that team's
/// open tickets on the other; a peer's calendar that does not read as hours is quarantined.
@Suite struct TeamSLASyncTests {
    func dueTimes(_ r: Replica) throws -> [String: Int64?] {
        try r.store.read { db in
            var out: [String: Int64?] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT id, sla_due_at FROM ticket WHERE deleted = 0 AND status IN ('new','open','pending','on_hold')") {
                out[row["id"] as String] = row["sla_due_at"] as Int64?
            }
            return out
        }
    }

    func openTickets(_ r: Replica, team: String) throws -> Set<String> {
        try r.store.read { db in
            Set(try String.fetchAll(db, sql: """
                SELECT t.id FROM ticket t JOIN team m ON m.id = t.team_id
                WHERE m.name = ? AND t.deleted = 0 AND t.status IN ('new','open','pending','on_hold')
                """, arguments: [team]))
        }
    }


    @Test func aTeamsPolicyAndCalendarEditedOnOneLaptopRetimeTheOthersTickets() throws {
        let a = try Replica("a", device: device(81)), b = try Replica("b", device: device(82))
        try a.sync(); try carry(from: a.folder, to: b.folder)
        #expect(try b.sync().skipped.isEmpty)
        let before = try dueTimes(b)
        let tier1 = try openTickets(b, team: "Tier 1 BPO")
        #expect(!tier1.isEmpty)

        // On a: Tier 1's own urgent and normal targets, counted in its own hours.
        _ = try a.store.editBusinessHours(BusinessHoursEdit(timeZone: "America/Bogota", weekdays: [1, 2, 3, 4, 5, 6], startMinute: 7 * 60,
                                                            endMinute: 19 * 60), team: "Tier 1 BPO")
        for p in TicketPriority.allCases {
            _ = try a.store.editSLAPolicy(p, SLAPolicyEdit(firstReplyMinutes: 20, businessHours: true), team: "Tier 1 BPO")
        }
        try a.sync(); try carry(from: a.folder, to: b.folder)
        #expect(try b.sync().skipped.isEmpty)

        // b now times every ticket as a does; only Tier 1's moved.
        let after = try dueTimes(b)
        #expect(after == (try dueTimes(a)))
        let moved = Set(after.keys.filter { after[$0]! != before[$0]! })
        #expect(!moved.isEmpty)
        #expect(moved.isSubset(of: tier1), "\(moved.subtracting(tier1).count) tickets of other teams moved")
        let sla = try b.store.slaSettings(team: "Tier 1 BPO")
        #expect(sla.ownHours && sla.businessHours.timeZone == "America/Bogota" && sla.ownPriorities.count == 4)
        #expect(try b.store.slaSettings(team: "Tier 2 in-house").ownPriorities.isEmpty)

        // A peer's calendar that does not read as business hours is quarantined with its reason; nothing changes.
        _ = try a.store.editBusinessHours(BusinessHoursEdit(endMinute: 20 * 60), team: "Tier 1 BPO")
        try a.sync()
        let tampered = try tamper(a.folder) { line in
            guard line.contains(#"\"end_minute\":1200"#) else { return line }
            return line.replacingOccurrences(of: #"\"end_minute\":1200"#, with: #"\"end_minute\":100"#)
        }
        #expect(tampered == 1)
        try carry(from: a.folder, to: b.folder)
        let summary = try b.sync()
        #expect(summary.skipped.map(\.reason).contains { $0.hasPrefix("calendar: end 01:40 is not after start 07:00") && $0.hasSuffix("; quarantined") },
                "\(summary.skipped.map(\.reason))")
        #expect(try b.store.slaSettings(team: "Tier 1 BPO").businessHours.endMinute == 19 * 60)
        #expect(try dueTimes(b) == after)
    }

    @Test func aPolicyForATeamThisLaptopNeverHeardOfWaits() throws {
        let a = try Replica("a", device: device(83)), b = try Replica("b", device: device(84))
        let team = try a.store.addTeam(name: "Ghosts", timeZone: "UTC")
        _ = try a.store.editSLAPolicy(.urgent, SLAPolicyEdit(firstReplyMinutes: 5), team: "Ghosts")
        try a.sync()
        // Only the policy's line travels: the team's insert is dropped on the way.
        _ = try tamper(a.folder) { line in line.contains(#""entity":"team""#) && line.contains(team.id) ? "" : line }
        try carry(from: a.folder, to: b.folder)
        let summary = try b.sync()
        #expect(summary.waiting >= 1, "\(summary)")
        #expect(try b.store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sla_policy WHERE team_id IS NOT NULL") } == 0)
        #expect(try b.store.slaSettings().policy(.urgent)?.firstReplyMinutes == 60)
    }
}
