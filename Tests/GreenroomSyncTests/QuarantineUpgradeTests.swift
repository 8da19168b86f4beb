import Foundation
import GRDB
import Testing
import GreenroomCore
@testable import GreenroomStore
@testable import GreenroomSync

/// A line an older build quarantined as invalid is checked again after an upgrade.
@Suite struct QuarantineUpgradeTests {
    @Test func anOperationAnOlderBuildRefusedIsAppliedAfterTheUpgradeAndAnInvalidOneStays() throws {
        let a = try Replica("a", device: device(1)), b = try Replica("b", device: device(2))
        let c = try #require(try a.store.read { db in try Creator.fetchOne(db, sql: "SELECT \(Creator.selectColumns) FROM creator WHERE deleted = 0 ORDER BY id LIMIT 1") })
        try a.store.apply(ChangeSet("e", [.update(.creator, id: c.id, fields: ["notes": FieldValue("written by a newer build")])]), by: nil)
        _ = try a.sync()
        let segment = try #require(filesUnder(a.folder).first { $0.hasPrefix("ops/") })
        let line = try #require(try String(contentsOfFile: a.folder + "/" + segment, encoding: .utf8).split(separator: "\n").dropFirst().first.map(String.init))
        let op = try #require(try? SyncOperation.parse(Data(line.utf8)).get())
        // A line no build accepts: a handle with a NUL in it.
        let bad = line.replacingOccurrences(of: #""notes":"written by a newer build""#, with: #""handle":"@x\u0000y""#)
            .replacingOccurrences(of: #""notes":"#, with: #""handle":"#)
        let badOp = try #require(try? SyncOperation.parse(Data(bad.utf8)).get())
        #expect(badOp.problem != nil)
        // B, on an older build, read both and quarantined them as invalid; the file is recorded.
        try b.store.write { db in
            for (o, text) in [(op, line), (badOp, bad)] {
                try db.execute(sql: """
                    INSERT INTO sync_quarantine(hlc, entity, row_id, source, op, received_at, kind, reason)
                    VALUES (?, 'creator', ?, ?, ?, 0, 'invalid', 'notes: not a value this build knows')
                    """, arguments: [o.hlc.encoded + (o == badOp ? "x" : ""), o.id, segment + ":2", text])
            }
            try db.execute(sql: "INSERT OR REPLACE INTO meta(key, value) VALUES ('quarantine_checked_with', 'v21-ticket-snooze')")
        }
        let quarantine = "SELECT kind, reason FROM sync_quarantine ORDER BY hlc"
        // After the upgrade (this build's newest migration differs), the next sync applies it.
        _ = try b.sync()
        #expect(try b.store.creator(id: c.id)?.notes == "written by a newer build")
        let left = try b.store.read { db in try Row.fetchAll(db, sql: quarantine) }
        #expect(left.count == 1)
        #expect(left.first?["kind"] as String? == "invalid")
        #expect((left.first?["reason"] as String?)?.hasPrefix("handle:") == true, "today's reason")
        #expect(try b.store.read { db in try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'quarantine_checked_with'") } == Schema.migrationIdentifiers.last)
        // Checked once per upgrade: another sync leaves the quarantine alone.
        try b.store.write { db in try db.execute(sql: "UPDATE sync_quarantine SET reason = 'marked'") }
        _ = try b.sync()
        #expect(try b.store.read { db in try String.fetchOne(db, sql: "SELECT reason FROM sync_quarantine") } == "marked")
    }
}
