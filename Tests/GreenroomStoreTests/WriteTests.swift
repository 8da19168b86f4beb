import Foundation
import GRDB
import Testing
import GreenroomCore
@testable import GreenroomStore

@Suite struct WriteTests {
    @Test func creatingACreatorStampsItAndWritesOutboxOperationsInTheSameTransaction() throws {
        let f = try Fixture()
        let c = try f.creator("@mila.cooks", stage: Stage.lead)
        let rows = try f.store.read { db in try Row.fetchAll(db, sql: "SELECT op, entity, row_id, fields, hlc FROM outbox ORDER BY seq") }
        let entities = rows.map { $0["entity"] as String }
        #expect(entities == ["member", "creator", "stage_event"])
        let creatorOp = rows[1]
        #expect(creatorOp["op"] as String == "insert")
        #expect(creatorOp["row_id"] as String == c.id)
        let fields = try JSONSerialization.jsonObject(with: Data((creatorOp["fields"] as String).utf8)) as! [String: Any]
        #expect(fields["handle"] as? String == "@mila.cooks")
        #expect(fields["stage"] as? String == "lead")
        #expect(fields["id"] == nil)
        let rowStamp = try f.store.read { db in try String.fetchOne(db, sql: "SELECT hlc FROM creator WHERE id = ?", arguments: [c.id]) }
        #expect(rowStamp == creatorOp["hlc"] as String)
        let stamps = rows.map { $0["hlc"] as String }
        #expect(stamps == stamps.sorted() && Set(stamps).count == stamps.count)
        #expect(stamps.allSatisfy { HLC(encoded: $0)?.device == f.store.deviceID })
    }

    @Test func stageEnteredAtIsDerivedFromTheStageEvent() throws {
        let f = try Fixture()
        let created = pinnedNow - 3 * Time.day
        let c = try f.creator("@djrafa", stage: Stage.onboarding, createdAt: created)
        let entered = try f.store.read { db in try Millis.fetchOne(db, sql: "SELECT stage_entered_at FROM creator WHERE id = ?", arguments: [c.id]) }
        #expect(entered == created)
    }

    @Test func updatingAFieldGivesItItsOwnStampAndRecordsWhatItOverwrote() throws {
        let f = try Fixture()
        let c = try f.creator("@nova.shop")
        let rowStamp = try f.store.read { db in try String.fetchOne(db, sql: "SELECT hlc FROM creator WHERE id = ?", arguments: [c.id]) }!
        try f.store.write { db in try f.store.updateStamped(.creator, id: c.id, fields: ["followers": 5000.databaseValue], in: db) }
        let (stamp, op) = try f.store.read { db in
            (try String.fetchOne(db, sql: "SELECT hlc FROM field_stamp WHERE entity = 'creator' AND row_id = ? AND field = 'followers'", arguments: [c.id]),
             try Row.fetchOne(db, sql: "SELECT op, fields, prev, hlc FROM outbox ORDER BY seq DESC LIMIT 1"))
        }
        let last = try #require(op)
        #expect(last["op"] as String == "set")
        #expect(last["fields"] as String == #"{"followers":5000}"#)
        #expect(last["prev"] as String == #"{"followers":"\#(rowStamp)"}"#)
        #expect(stamp == last["hlc"] as String)
        #expect(try #require(stamp) > rowStamp)
    }

    @Test func duplicateHandlesAreRefusedWithoutWritingAnything() throws {
        let f = try Fixture()
        _ = try f.creator("@same")
        let before = try f.store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox") }
        #expect(throws: GreenroomError.invalidInput("handle @same is already taken")) { _ = try f.creator("@same") }
        let after = try f.store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox") }
        #expect(before == after)
    }

    @Test func teamSettingsAreValidated() throws {
        let f = try Fixture()
        #expect(throws: GreenroomError.self) { try f.store.setTeam(.init(name: " ", timeZone: "UTC")) }
        #expect(throws: GreenroomError.self) { try f.store.setTeam(.init(name: "X", timeZone: "Mars/Olympus")) }
        try f.store.setTeam(.init(name: "MY LIVE", timeZone: "Asia/Kuala_Lumpur"))
        #expect(try f.store.teamSettings().team.name == "MY LIVE")
    }
}

extension Store {
    /// Inserts a record through the stamped path, for fixtures.
    func insertForTesting<R: StoredRecord>(_ record: R) throws {
        try write { db in try insertStamped(record, in: db) }
    }
}
