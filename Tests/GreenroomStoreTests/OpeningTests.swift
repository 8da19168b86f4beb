import Foundation
import GRDB
import Testing
import GreenroomCore
@testable import GreenroomStore

@Suite struct OpeningTests {
    @Test func newDatabaseIsPrivateWALWithFullSyncAndTheWholeSchema() throws {
        let dir = TempDir()
        let path = dir.file("new.sqlite")
        let store = try Store.open(at: path, clock: .fixed(pinnedNow))
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(try store.journalMode() == "wal")
        #expect(try store.synchronousMode() == 2) // FULL
        #expect(try store.appliedMigrations() == ["v1", "v2-roster", "v3-pipeline", "v4-tickets", "v5-kpis", "v6-review", "v7-sync", "v8-speed", "v9-campaigns", "v10-conversion", "v11-checks", "v12-deferred-search", "v13-quiet-triggers", "v15-first-solve"])
        #expect(DeviceID.isValid(store.deviceID))
        let tables = try store.read { db in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'") }
        for table in ["member", "network", "creator", "creator_tag", "stage_event", "live_session", "activity", "ticket",
                      "ticket_tag", "ticket_event", "sla_policy", "article", "setting", "field_stamp", "outbox", "meta"] {
            #expect(tables.contains(table), "missing table \(table)")
        }
        let settings = try store.teamSettings()
        #expect(settings.stages.map(\.name) == Stage.defaultFlow)
        let policies = try store.read { db in try SLAPolicy.fetchAll(db, sql: "SELECT * FROM sla_policy ORDER BY first_reply_minutes") }
        #expect(policies.map(\.priority) == [.urgent, .high, .normal, .low])
    }

    @Test func defaultPolicyIdsAreTheSameOnEveryInstallation() throws {
        let a = TempDir(), b = TempDir()
        let s1 = try Store.open(at: a.file("a.sqlite")), s2 = try Store.open(at: b.file("b.sqlite"))
        let ids1 = try s1.read { db in try String.fetchAll(db, sql: "SELECT id FROM sla_policy ORDER BY id") }
        let ids2 = try s2.read { db in try String.fetchAll(db, sql: "SELECT id FROM sla_policy ORDER BY id") }
        #expect(ids1 == ids2)
        #expect(ids1.allSatisfy(UUIDv7.isValid))
        #expect(s1.deviceID != s2.deviceID)
    }

    @Test func reopeningKeepsTheDeviceAndTheClock() throws {
        let dir = TempDir()
        let path = dir.file("re.sqlite")
        let fixture = try Store.open(at: path, clock: .fixed(pinnedNow))
        let device = fixture.deviceID
        try fixture.setTeam(.init(name: "MX LIVE", timeZone: "America/Mexico_City"))
        let before = try fixture.read { db in try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'hlc'") }
        try fixture.close()
        // The wall clock went backwards; stamps must still increase.
        let again = try Store.open(at: path, clock: .fixed(pinnedNow - Time.day))
        #expect(again.deviceID == device)
        try again.setTeam(.init(name: "MX LIVE 2", timeZone: "America/Mexico_City"))
        let after = try again.read { db in try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'hlc'") }
        #expect(try #require(after) > (try #require(before)))
    }

    @Test func aDatabaseFromANewerSchemaIsRefusedAndLeftUntouched() throws {
        let dir = TempDir()
        let path = dir.file("newer.sqlite")
        do {
            let store = try Store.open(at: path)
            try store.write { db in try db.execute(sql: "INSERT INTO grdb_migrations(identifier) VALUES ('v2-from-the-future')") }
            try store.close()
        }
        let before = sha(path)
        let error = try #require(throws: GreenroomError.self) { try Store.open(at: path) }
        #expect(error.description.contains("newer Greenroom"))
        #expect(error.description.contains("v2-from-the-future"))
        #expect(sha(path) == before)
    }

    @Test func aFileThatIsNotADatabaseIsReportedNotCrashedOn() throws {
        let dir = TempDir()
        let path = dir.file("garbage.sqlite")
        let garbage = Data((0..<8192).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })
        _ = FileManager.default.createFile(atPath: path, contents: garbage)
        let error = try #require(throws: GreenroomError.self) { try Store.open(at: path) }
        #expect(error.description.contains("not a database"))
        #expect(sha(path) == garbage)
    }

    @Test func anotherProgramsSQLiteFileIsRefused() throws {
        let dir = TempDir()
        let path = dir.file("other.sqlite")
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in try db.execute(sql: "CREATE TABLE notes(body TEXT); INSERT INTO notes VALUES ('keep me')") }
        try queue.close()
        let before = sha(path)
        let error = try #require(throws: GreenroomError.self) { try Store.open(at: path) }
        #expect(error.description.contains("not a Greenroom one"))
        #expect(sha(path) == before)
    }

    @Test func aMissingDirectoryIsAOneLineError() throws {
        let error = try #require(throws: GreenroomError.self) { try Store.open(at: "/nonexistent-dir-for-greenroom/x.sqlite") }
        #expect(error.description.contains("does not exist"))
        #expect(!error.description.contains("\n"))
    }

    @Test func aLeftoverWALWithoutItsDatabaseIsNeverReplayedIntoANewOne() throws {
        let dir = TempDir()
        let path = dir.file("gone.sqlite")
        _ = FileManager.default.createFile(atPath: path + "-wal", contents: Data(repeating: 7, count: 100))
        let error = try #require(throws: GreenroomError.self) { try Store.open(at: path) }
        #expect(error.description.contains("gone.sqlite-wal exists but"))
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(throws: GreenroomError.self) { _ = try Store.generateDemo(at: path, options: DemoOptions(creators: 5, tickets: 5), clock: .fixed(pinnedNow)) }
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func aDirectoryIsNotADatabase() throws {
        let dir = TempDir()
        let error = try #require(throws: GreenroomError.self) { try Store.open(at: dir.path) }
        #expect(error.description.contains("is a directory"))
    }
}
