import Foundation
import GRDB
import Testing
import GreenroomCore
@testable import GreenroomStore
@testable import GreenroomSync

/// Whatever is in the folder, a sync reports it and carries on; nothing corrupts the data.
@Suite struct FaultTests {
    /// A laptop that has exported three edits, and a second laptop with an empty folder.
    struct Pair {
        let a: Replica
        let b: Replica
        let creator: Creator
        let segment: String // relative path of A's segment
        let text: String    // its content
    }

    func pair() throws -> Pair {
        let a = try Replica("a", device: device(1)), b = try Replica("b", device: device(2))
        let c = try #require(try a.store.read { db in try Creator.fetchOne(db, sql: "SELECT \(Creator.selectColumns) FROM creator WHERE deleted = 0 ORDER BY id LIMIT 1") })
        for (i, field) in ["notes", "email", "phone"].enumerated() {
            try a.store.apply(ChangeSet("e", [.update(.creator, id: c.id, fields: [field: FieldValue("v\(i)")])]), by: nil)
        }
        try a.sync()
        let segment = try #require(filesUnder(a.folder).first { $0.hasPrefix("ops/") })
        return Pair(a: a, b: b, creator: c, segment: segment, text: try String(contentsOfFile: a.folder + "/" + segment, encoding: .utf8))
    }

    @Test func aTruncatedLastLineIsSkippedAndReadOnceTheRestArrives() throws {
        let p = try pair()
        let lines = p.text.split(separator: "\n")
        #expect(lines.count == 4) // the header, then three operations
        let cut = lines[0] + "\n" + lines[1] + "\n" + lines[2] + "\n" + lines[3].prefix(40)
        try writeFile(p.b.folder + "/" + p.segment, String(cut))
        let first = try p.b.sync()
        #expect(first.applied == 2)
        #expect(first.skipped.map(\.description) == ["\(p.segment):4: last line is incomplete; it will be read when the rest arrives"])
        #expect(try p.b.store.creator(id: p.creator.id)?.phone == nil)
        let again = try p.b.sync()
        #expect(again.applied == 0 && again.filesRead == 0 && again.skipped.count == 1)
        try writeFile(p.b.folder + "/" + p.segment, p.text)
        let completed = try p.b.sync()
        #expect(completed.applied == 1 && completed.unchanged == 2 && completed.skipped.isEmpty)
        #expect(try p.b.store.creator(id: p.creator.id)?.phone == "v2")
        #expect(try p.b.sync().filesRead == 0)
    }

    @Test func aGarbageLineIsReportedWithItsPathAndLineAndTheRestIsApplied() throws {
        let p = try pair()
        var lines = p.text.split(separator: "\n").map(String.init)
        let header = lines.removeFirst()
        lines.insert("{this is not json", at: 1)
        lines.insert(#"{"entity":"spaceship","fields":{"x":1},"hlc":"000001795167000000-000001-a1b2c3d400000001","id":"x","op":"set","prev":{}}"#, at: 2)
        lines.insert(lines[0].replacingOccurrences(of: #""fields":{"#, with: #""fields":{"colour":"red","#), at: 3)
        let copy = p.segment.replacingOccurrences(of: ".jsonl", with: " (ana's conflicted copy 2026-11-20).jsonl")
        try writeFile(p.b.folder + "/" + copy, ([header] + lines).joined(separator: "\n") + "\n")
        let summary = try p.b.sync()
        #expect(summary.applied == 3)
        let newer = " (a newer Greenroom's? read again at every sync until this laptop is upgraded)"
        #expect(summary.skipped.map(\.description) == [
            "\(copy):3: not valid JSON",
            "\(copy):4: unknown entity \"spaceship\"" + newer,
            "\(copy):5: unknown field \"colour\" of creator" + newer,
        ])
        #expect(try p.b.store.creator(id: p.creator.id)?.phone == "v2")
        // A file with lines this build does not know is not recorded as read: the next sync
        // reads it again (its known lines merge to nothing new), so an upgraded laptop gets
        // the rest. A file whose only fault is garbage is recorded and left.
        let again = try p.b.sync()
        #expect(again.filesRead == 1 && again.applied == 0 && again.skipped.count == 3, "\(again)")
        try writeFile(p.b.folder + "/" + copy, ([header] + lines.enumerated().filter { $0.offset != 2 && $0.offset != 3 }.map(\.element)).joined(separator: "\n") + "\n")
        #expect(try p.b.sync().skipped.map(\.description) == ["\(copy):3: not valid JSON"])
        #expect(try p.b.sync().filesRead == 0)
    }

    @Test func anOperationTheDatabaseRefusesIsReportedAndLeavesNothingBehind() throws {
        let p = try pair()
        let ticket = try p.a.store.read { db in try String.fetchOne(db, sql: "SELECT id FROM ticket ORDER BY id LIMIT 1")! }
        let stamp = { (n: Int) in HLC(physical: pinnedNow, counter: 900 + n, device: device(1)).encoded }
        let badKind = #"{"entity":"ticket_event","fields":{"actor":"agent","at":\#(pinnedNow),"is_public":false,"kind":"exploded","ticket_id":"\#(ticket)"},"hlc":"\#(stamp(1))","id":"019d264f-19fa-7de1-a9ea-000000000001","op":"insert","prev":{}}"#
        let noReason = #"{"entity":"ticket_event","fields":{"actor":"agent","at":\#(pinnedNow),"is_public":false,"kind":"escalation","ticket_id":"\#(ticket)"},"hlc":"\#(stamp(2))","id":"019d264f-19fa-7de1-a9ea-000000000002","op":"insert","prev":{}}"#
        let badStatus = #"{"entity":"ticket","fields":{"status":"exploded"},"hlc":"\#(stamp(3))","id":"\#(ticket)","op":"set","prev":{}}"#
        // A good edit of the same ticket in the same sync: merged with the bad one, refused
        // together, then applied alone.
        let goodSubject = #"{"entity":"ticket","fields":{"subject":"Renamed"},"hlc":"\#(stamp(4))","id":"\#(ticket)","op":"set","prev":{}}"#
        try writeFile(p.b.folder + "/" + p.segment, p.text + [badKind, noReason, badStatus, goodSubject].joined(separator: "\n") + "\n")
        let before = try p.b.store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM ticket_event") }
        let summary = try p.b.sync()
        #expect(summary.applied == 4)
        #expect(try p.b.store.read { db in try String.fetchOne(db, sql: "SELECT subject FROM ticket WHERE id = ?", arguments: [ticket]) } == "Renamed")
        #expect(try p.b.conflicts().map(\.field) == ["subject"]) // the refused status left no conflict behind
        #expect(summary.skipped.map(\.line) == [5, 6, 7]) // after the header and three operations
        // Values outside their field's rules are quarantined before the database sees them;
        // what only the database can tell (an escalation needs a reason) it refuses.
        #expect(summary.skipped.map(\.reason) == [
            "kind: \"exploded\" is not one of reply, note, status, assignment, priority, escalation, csat, merge, snooze; quarantined",
            "refused by the database: CHECK constraint failed: kind <> 'escalation' OR (reason IS NOT NULL AND reason <> '')",
            "status: \"exploded\" is not one of new, open, pending, on_hold, solved, closed; quarantined",
        ], "\(summary.skipped)")
        #expect(try p.b.store.syncStatus().quarantined == 2)
        #expect(try p.b.store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM ticket_event") } == before)
        #expect(try p.b.store.read { db in try String.fetchOne(db, sql: "SELECT status FROM ticket WHERE id = ?", arguments: [ticket]) } != "exploded")
        #expect(try p.b.store.read { db in try String.fetchAll(db, sql: "SELECT field FROM field_stamp WHERE row_id = ?", arguments: [ticket]) } == ["subject"])
        // The sync's connection settings (a big page cache, statement journals in memory) are
        // put back for ordinary writes.
        let settings = try p.b.store.write { db in
            (try Int.fetchOne(db, sql: "PRAGMA cache_size"), try Int.fetchOne(db, sql: "PRAGMA temp_store"))
        }
        #expect(settings.0 == -2000)
        #expect(settings.1 == 0)
    }

    @Test func anOperationFarInTheFutureIsQuarantinedUntilTimeCatchesUp() throws {
        let p = try pair()
        let future = HLC(physical: pinnedNow + 48 * Time.hour, counter: 0, device: device(1))
        let line = #"{"entity":"creator","fields":{"notes":"from the future"},"hlc":"\#(future.encoded)","id":"\#(p.creator.id)","op":"set","prev":{}}"#
        try writeFile(p.b.folder + "/" + p.segment, p.text + line + "\n")
        let summary = try p.b.sync()
        #expect(summary.quarantined == 1 && summary.applied == 3)
        #expect(summary.skipped.first?.description.hasSuffix("more than 24 h ahead of this laptop's clock; quarantined") == true)
        #expect(try p.b.store.creator(id: p.creator.id)?.notes == "v0")
        #expect(try p.b.store.syncStatus().quarantined == 1)
        // The clock would have been dragged two days ahead; it was not.
        #expect(p.b.store.latestStamp.physical < pinnedNow + Time.hour)
        // Two days later the operation is plausible, and applied.
        try p.b.store.close()
        let later = try Store.open(at: p.b.database, clock: .fixed(pinnedNow + 48 * Time.hour))
        let released = try Syncer(store: later, folder: p.b.folder, deviceName: "b").run()
        #expect(released.applied == 1)
        #expect(try later.creator(id: p.creator.id)?.notes == "from the future")
        #expect(try later.syncStatus().quarantined == 0)
    }

    @Test func aSyncthingConflictCopyIsReadAsAnotherSourceOnce() throws {
        let p = try pair()
        try carry(from: p.a.folder, to: p.b.folder)
        #expect(try p.b.sync().applied == 3)
        // A's newer edit ended up only in a conflict copy of the same segment.
        try p.a.store.apply(ChangeSet("e", [.update(.creator, id: p.creator.id, fields: ["notes": FieldValue("in the copy")])]), by: nil)
        try p.a.sync()
        let newer = try #require(filesUnder(p.a.folder).first { $0.hasPrefix("ops/") && $0 != p.segment })
        // (Its operations, without its own header line.)
        let extra = try String(contentsOfFile: p.a.folder + "/" + newer, encoding: .utf8).split(separator: "\n", maxSplits: 1)[1]
        let copy = p.segment.replacingOccurrences(of: ".jsonl", with: ".sync-conflict-20261120-093000-ABCDEFG.jsonl")
        try writeFile(p.b.folder + "/" + copy, p.text + extra)
        let summary = try p.b.sync()
        #expect(summary.filesRead == 1 && summary.applied == 1 && summary.unchanged == 3 && summary.skipped.isEmpty)
        #expect(try p.b.store.creator(id: p.creator.id)?.notes == "in the copy")
        #expect(try p.b.sync().applied == 0)
        try carry(from: p.a.folder, to: p.b.folder)
        let rest = try p.b.sync()
        #expect(rest.filesRead == 1 && rest.applied == 0)
    }

    @Test func aNewerFormatIsRefusedAndNothingChanges() throws {
        let p = try pair()
        try carry(from: p.a.folder, to: p.b.folder)
        try writeFile(p.b.folder + "/FORMAT.json", #"{"format":"greenroom-sync","version":4}"#)
        try p.b.store.apply(ChangeSet("local", [.update(.creator, id: p.creator.id, fields: ["notes": FieldValue("local")])]), by: nil)
        let before = try p.b.snapshot()
        let filesBefore = filesUnder(p.b.folder)
        #expect(throws: GreenroomError.invalidInput("\(p.b.folder) uses sync format version 4; this Greenroom reads up to version 3 — upgrade Greenroom; nothing was changed")) {
            try p.b.sync()
        }
        #expect(try p.b.snapshot() == before)
        #expect(filesUnder(p.b.folder) == filesBefore)
        #expect(try p.b.store.syncStatus().pendingOperations == 1)
        #expect(try p.b.store.syncStatus().lastSyncAt == nil)
        try writeFile(p.b.folder + "/FORMAT.json", "not json")
        #expect(throws: GreenroomError.self) { try p.b.sync() }
    }

    @Test func namesThatAreNotDeviceIdsAreRejectedAndNothingIsWrittenOutsideTheFolder() throws {
        let p = try pair()
        let outside = TempDir()
        let month = (p.segment as NSString).deletingLastPathComponent.split(separator: "/").last!
        // A directory whose name is not a device id, a device file that lies about its device,
        // an op stamped by another device, and a link planted where B will write.
        try writeFile(p.b.folder + "/ops/a1b2c3d4..%2f..%2fevil/\(month)/x.jsonl", p.text)
        try writeFile(p.b.folder + "/devices/../../escape.json", "{}")
        try writeFile(p.b.folder + "/devices/\(device(7)).json", #"{"device":"../../\#(device(7))","name":"evil"}"#)
        try writeFile(p.b.folder + "/ops/\(device(9))/\(month)/" + (p.segment as NSString).lastPathComponent, p.text)
        try FileManager.default.createDirectory(atPath: p.b.folder + "/ops", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: p.b.folder + "/ops/\(device(2))", withDestinationPath: outside.path)
        try p.b.store.apply(ChangeSet("local", [.update(.creator, id: p.creator.id, fields: ["notes": FieldValue("local")])]), by: nil)
        // The link is reported and the sync goes on for everything else; nothing is written
        // through it, and the local change waits in the outbox.
        let first = try p.b.sync()
        let reasons = first.skipped.map(\.description)
        #expect(reasons.contains("ops/\(device(2)): is a symbolic link; Greenroom does not read or write through links here (remove it)"))
        #expect(reasons.contains("ops/\(device(2)): 1 local operation not exported; they wait in the outbox"))
        #expect(reasons.contains("ops/a1b2c3d4..%2f..%2fevil: not a device id (16 lowercase hex digits); ignored"))
        #expect(reasons.contains("devices/\(device(7)).json: names another device inside; ignored"))
        // Three operations, and the header naming device 1.
        #expect(reasons.filter { $0.contains("but only \(device(9)) writes here") }.count == 4)
        #expect(first.exported == 0 && first.applied == 0)
        #expect(filesUnder(outside.path).isEmpty)
        #expect(try p.b.store.syncStatus().pendingOperations == 1)
        try FileManager.default.removeItem(atPath: p.b.folder + "/ops/\(device(2))")
        let summary = try p.b.sync()
        #expect(summary.applied == 0 && summary.exported == 1)
        #expect(try p.b.store.syncPeers().isEmpty)
        #expect(filesUnder(outside.path).isEmpty)
    }

    @Test func aFolderHoldingTheDatabaseOrAFileIsRefused() throws {
        let r = try Replica("a", device: device(1))
        #expect(throws: GreenroomError.self) { try r.sync(r.dir.path) }
        #expect(throws: GreenroomError.invalidInput("sync folder \(r.database) is not a directory")) { try r.sync(r.database) }
        #expect(!FileManager.default.fileExists(atPath: r.dir.file("FORMAT.json")))
    }

    @Test func opFileNamesAreRecognised() {
        #expect(SyncFolder.kind(ofFileNamed: "000001795167000000-000000-a1b2c3d400000001-0123abcd.jsonl") == .segment)
        #expect(SyncFolder.kind(ofFileNamed: "000001795167000000-000000-a1b2c3d400000001-0123abcd.sync-conflict-20261120-093000-ABCDEFG.jsonl") == .conflictCopy)
        #expect(SyncFolder.kind(ofFileNamed: "000001795167000000-000000-a1b2c3d400000001-0123abcd (Ana's conflicted copy 2026-11-20).jsonl") == .conflictCopy)
        #expect(SyncFolder.kind(ofFileNamed: ".tmp-12-34-000001795167000000-000000-a1b2c3d400000001-0123abcd.jsonl") == .temporary)
        #expect(SyncFolder.kind(ofFileNamed: "notes.txt") == .unknown)
        #expect(SyncFolder.kind(ofFileNamed: "000001795167000000-000000-A1B2C3D400000001-0123abcd.jsonl") == .unknown)
        #expect(SyncFolder.month(Time.parseISO("2026-11-30T23:59:59Z")!) == "2026-11")
        #expect(FNV1a.hex(of: Data("a".utf8)) == "af63dc4c8601ec8c") // the published FNV-1a 64 test vector
    }
}

/// Issue 19: a sync refuses to write into a database SQLite's quick check finds damaged,
/// with the one-line reason opening uses, and writes nothing.
@Suite struct DamagedDatabaseTests {
    @Test func aSyncRefusesADamagedDatabaseAndWritesNothing() throws {
        let dir = TempDir()
        let path = dir.file("damaged.sqlite")
        try FileManager.default.copyItem(atPath: DemoTemplate.path, toPath: path)
        // Garbage over the cells of the creators' name index: the tables still open and
        // read, but the index's page no longer holds records.
        let (root, pageSize) = try DatabaseQueue(path: path).read { db in
            (try Int.fetchOne(db, sql: "SELECT rootpage FROM sqlite_master WHERE name = 'creator_name'")!,
             try Int.fetchOne(db, sql: "PRAGMA page_size")!)
        }
        let handle = try #require(FileHandle(forUpdatingAtPath: path))
        try handle.seek(toOffset: UInt64(root * pageSize - 1024))
        try handle.write(contentsOf: Data(repeating: 0x5A, count: 1024))
        try handle.close()
        let store = try Store.open(at: path, clock: .fixed(pinnedNow))
        try store.apply(ChangeSet("edit", [.update(.creator, id: try store.read { db in try String.fetchOne(db, sql: "SELECT id FROM creator LIMIT 1")! },
                                                   fields: ["phone": FieldValue("+1 555")])]), by: nil)
        let folder = dir.file("folder")
        do {
            _ = try Syncer(store: store, folder: folder, deviceName: "damaged").run()
            Issue.record("the sync went ahead")
        } catch let error as GreenroomError {
            #expect(error.description.hasPrefix("\(path) is corrupt (quick_check: "), "\(error)")
            #expect(error.description.hasSuffix("restore a backup or run `greenroom doctor`; nothing was written"))
            #expect(!error.description.contains("\n"))
        }
        #expect(!filesUnder(folder).contains { $0.hasPrefix("ops/") }, "nothing exported")
        #expect(try store.syncStatus().pendingOperations == 1)
        #expect(try store.syncStatus().lastSyncAt == nil)
        // An import is refused the same way.
        let csv = dir.file("new.csv")
        try "handle,name,market\n@brand.new,Brand New,US\n".write(toFile: csv, atomically: true, encoding: .utf8)
        #expect(throws: GreenroomError.self) { try store.importFiles([csv], options: ImportOptions()) }
        #expect(try store.syncStatus().pendingOperations == 1)
    }

    @Test func aPassedCheckVouchesForADayAndACopyIsCheckedAgain() throws {
        let r = try Replica("a", device: device(1))
        let record = { try r.store.read { db in try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'quick_check_ok'") } }
        let set = { (value: String) in try r.store.write { db in try db.execute(sql: "UPDATE meta SET value = ? WHERE key = 'quick_check_ok'", arguments: [value]) } }
        try r.store.verifyIntegrityBeforeWriting()
        let first = try #require(try record())
        let identity = String(first[first.index(after: first.firstIndex(of: "|")!)...])
        #expect(first == "\(pinnedNow)|\(identity)")
        // Checked an hour ago: vouched for, not checked again (the record stays).
        try set("\(pinnedNow - Time.hour)|\(identity)")
        try r.store.verifyIntegrityBeforeWriting()
        #expect(try record() == "\(pinnedNow - Time.hour)|\(identity)")
        // A day ago, or another file (a copy, a restore): checked again and recorded anew.
        try set("\(pinnedNow - Time.day)|\(identity)")
        try r.store.verifyIntegrityBeforeWriting()
        #expect(try record() == first)
        try set("\(pinnedNow - Time.hour)|1:2")
        try r.store.verifyIntegrityBeforeWriting()
        #expect(try record() == first)
    }
}

/// Issue 19, case 4, when the copy keeps the file's identity (a cloned disk or file-system
/// snapshot): the folder gives it away — a segment in a device's own folder that its database
/// did not write and that holds an operation it never made.
@Suite struct ClonedDatabaseTests {
    @Test func aCloneThatKeptItsIdentityIsCaughtAtTheNextSyncAndTakesANewID() throws {
        let a = try Replica("a", device: device(1))
        try a.sync()
        let clone = TempDir()
        try a.store.writeOutsideTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        try FileManager.default.copyItem(atPath: a.database, toPath: clone.file("db.sqlite"))
        // What a disk clone looks like: the copy's recorded identity is its own.
        var info = stat()
        stat(clone.file("db.sqlite"), &info)
        let queue = try DatabaseQueue(path: clone.file("db.sqlite"))
        try queue.write { db in try db.execute(sql: "UPDATE meta SET value = ? WHERE key = 'file_identity'", arguments: ["\(info.st_dev):\(info.st_ino)"]) }
        try queue.close()
        let b = try Store.open(at: clone.file("db.sqlite"), clock: .fixed(pinnedNow + 1_000))
        #expect(b.deviceID == a.store.deviceID)
        let c = try #require(try a.store.read { db in try String.fetchOne(db, sql: "SELECT id FROM creator ORDER BY id LIMIT 1") })
        try b.apply(ChangeSet("clone", [.update(.creator, id: c, fields: ["notes": FieldValue("written by the clone")])]), by: nil)
        _ = try Syncer(store: b, folder: a.folder, deviceName: "clone").run()
        // The original finds the clone's segment in its own folder.
        #expect(try Syncer(store: a.store, folder: a.folder, deviceName: "a").ownSegments().foreign != nil)
        let summary = try a.sync()
        #expect(summary.notices.contains { $0.hasPrefix("device id \(device(1)) is used by two databases: ops/\(device(1))/") }, "\(summary.notices)")
        #expect(a.store.deviceID != device(1))
        #expect(try a.store.previousDeviceIDs() == [device(1)])
        // The clone's edit now arrives like any peer's.
        #expect(try a.store.creator(id: c)?.notes == "written by the clone")
        // A segment holding only this database's own operations (a copy publishing what it
        // had not published) is taken as its own, silently.
        let r = try Replica("r", device: device(5))
        try r.store.apply(ChangeSet("mine", [.update(.creator, id: c, fields: ["phone": FieldValue("+60 1")])]), by: nil)
        try r.sync()
        let segment = try #require(filesUnder(r.folder).first { $0.hasPrefix("ops/\(device(5))/") })
        let text = try String(contentsOfFile: r.folder + "/" + segment, encoding: .utf8)
        try r.store.write { db in try db.execute(sql: "DELETE FROM sync_exported") } // as if another copy had published it
        try writeFile(r.folder + "/" + (segment as NSString).deletingLastPathComponent + "/000001795167000000-000000-\(device(5))-00000001.jsonl", text)
        let again = try r.sync()
        #expect(!again.notices.contains { $0.contains("used by two databases") })
        #expect(r.store.deviceID == device(5))
    }
}
