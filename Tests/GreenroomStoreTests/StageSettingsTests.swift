import Foundation
import GRDB
import Testing
import GreenroomCore
@testable import GreenroomStore

/// `Store.editStages`: stage edits are saved as team settings, and removing a stage moves its
/// creators with stage events, all in one transaction.
@Suite struct StageSettingsTests {
    func stageNames(_ store: Store) throws -> [String] { try store.teamSettings().stages.map(\.name) }

    func stages(of store: Store) throws -> [String: String] {
        try store.read { db in
            Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT handle, stage FROM creator").map { ($0["handle"] as String, $0["stage"] as String) })
        }
    }

    @Test func rotDaysPersistAcrossReopening() throws {
        let f = try Fixture()
        let (settings, moved) = try f.store.editStages(.setRotDays(stage: "onboarding", days: 14), by: "@ana")
        #expect(settings.rotDays(for: "onboarding") == 14)
        #expect(moved == 0)
        #expect(try f.store.teamSettings().rotDays(for: "onboarding") == 14)
        try f.store.close()
        let reopened = try Store.open(at: f.dir.file("fixture.sqlite"), clock: .fixed(pinnedNow))
        #expect(try reopened.teamSettings().rotDays(for: "onboarding") == 14)
        try reopened.editStages(.setRotDays(stage: "lost", days: 30), by: nil)
        try reopened.editStages(.setRotDays(stage: "onboarding", days: nil), by: nil)
        #expect(try reopened.teamSettings().rotDays(for: "onboarding") == nil)
        #expect(try reopened.teamSettings().rotDays(for: "lost") == 30)
    }

    @Test func anEditIsASyncedSettingWrite() throws {
        let f = try Fixture()
        try f.store.editStages(.add(stage: "trial", after: "onboarding", rotDays: 7), by: nil)
        let last = try f.store.read { db in try Row.fetchOne(db, sql: "SELECT op, entity, row_id, fields FROM outbox ORDER BY seq DESC LIMIT 1") }
        let op = try #require(last)
        #expect(op["entity"] as String == "setting")
        #expect(op["row_id"] as String == TeamSettings.Key.stages.rawValue)
        #expect((op["fields"] as String).contains("trial"))
    }

    @Test func addMoveAndRemove() throws {
        let f = try Fixture()
        try f.store.editStages(.add(stage: "trial", after: "onboarding", rotDays: 7), by: nil)
        #expect(try stageNames(f.store) == ["lead", "contacted", "onboarding", "trial", "activated", "established"])
        #expect(try f.store.teamSettings().rotDays(for: "trial") == 7)
        try f.store.editStages(.add(stage: "scout", after: StageEdit.first, rotDays: nil), by: nil)
        try f.store.editStages(.move(stage: "trial", after: "lead"), by: nil)
        #expect(try stageNames(f.store) == ["scout", "lead", "trial", "contacted", "onboarding", "activated", "established"])
        try f.store.editStages(.move(stage: "lead", after: nil), by: nil)
        #expect(try stageNames(f.store) == ["lead", "scout", "trial", "contacted", "onboarding", "activated", "established"])
        let (_, moved) = try f.store.editStages(.remove(stage: "scout", moveTo: nil), by: nil)
        #expect(moved == 0)
        try f.store.editStages(.remove(stage: "trial", moveTo: "lead"), by: nil)
        #expect(try stageNames(f.store) == Stage.defaultFlow)
        #expect(try f.store.teamSettings().sideStages == TeamSettings.defaults.sideStages)
    }

    @Test func aRefusedEditWritesNothing() throws {
        let f = try Fixture()
        let outbox = { try f.store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox") } }
        let before = try outbox()
        #expect(throws: GreenroomError.invalidInput("there is already a stage called \"lost\"")) {
            try f.store.editStages(.add(stage: "lost", after: nil, rotDays: nil), by: nil)
        }
        #expect(throws: GreenroomError.self) { try f.store.editStages(.add(stage: "Big Fish", after: nil, rotDays: nil), by: nil) }
        #expect(throws: GreenroomError.self) { try f.store.editStages(.remove(stage: "lead", moveTo: "contacted"), by: nil) }
        #expect(throws: GreenroomError.self) { try f.store.editStages(.setRotDays(stage: "lead", days: 0), by: nil) }
        #expect(try outbox() == before)
        #expect(try f.store.teamSettings() == TeamSettings.defaults)
    }

    @Test func removingAStageWithCreatorsWithoutATargetChangesNothing() throws {
        let f = try Fixture()
        _ = try f.creator("@one", stage: Stage.contacted)
        _ = try f.creator("@two", stage: Stage.contacted)
        _ = try f.creator("@three", stage: Stage.lead)
        let settings = try f.store.teamSettings()
        let creators = try stages(of: f.store)
        let events = try f.store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM stage_event") }
        #expect(throws: GreenroomError.invalidInput("2 creators are in contacted; say where they go with --move-to STAGE (e.g. --move-to lead)")) {
            try f.store.editStages(.remove(stage: "contacted", moveTo: nil), by: "@ana")
        }
        #expect(try f.store.teamSettings() == settings)
        #expect(try stages(of: f.store) == creators)
        #expect(try f.store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM stage_event") } == events)
    }

    @Test func removingWithATargetMovesTheCreatorsWithStageEvents() throws {
        let f = try Fixture()
        let one = try f.creator("@one", stage: Stage.contacted)
        let two = try f.creator("@two", stage: Stage.contacted)
        _ = try f.creator("@three", stage: Stage.lead)
        let gone = try f.creator("@gone", stage: Stage.contacted)
        try f.store.write { db in try f.store.updateStamped(.creator, id: gone.id, fields: ["deleted": true.databaseValue], in: db) }

        let (settings, moved) = try f.store.editStages(.remove(stage: "contacted", moveTo: "lead"), by: "@ana")
        #expect(moved == 2)
        #expect(settings.stages.map(\.name) == ["lead", "onboarding", "activated", "established"])
        #expect(try stageNames(f.store) == ["lead", "onboarding", "activated", "established"])
        let now = try stages(of: f.store)
        #expect(now["@one"] == "lead" && now["@two"] == "lead" && now["@three"] == "lead")
        #expect(now["@gone"] == "contacted") // deleted creators are left alone
        #expect(try f.store.creatorsPerStage() == ["lead": 3])

        let rows = try f.store.read { db in
            try Row.fetchAll(db, sql: """
                SELECT creator_id, from_stage, to_stage, reason, by_member_id, at FROM stage_event
                WHERE reason IS NOT NULL AND deleted = 0 ORDER BY creator_id
                """)
        }
        #expect(rows.count == 2)
        #expect(Set(rows.map { $0["creator_id"] as String }) == [one.id, two.id])
        for row in rows {
            #expect(row["from_stage"] as String == "contacted")
            #expect(row["to_stage"] as String == "lead")
            #expect(row["reason"] as String == "stage contacted removed")
            #expect(row["by_member_id"] as String? == f.manager.id)
            #expect(row["at"] as Millis == pinnedNow)
        }
        // The derived column follows the move.
        let entered = try f.store.read { db in try Millis.fetchOne(db, sql: "SELECT stage_entered_at FROM creator WHERE id = ?", arguments: [one.id]) }
        #expect(entered == pinnedNow)
    }

    @Test func anUnknownMemberRecordsNobody() throws {
        let f = try Fixture()
        _ = try f.creator("@one", stage: Stage.onboarding)
        try f.store.editStages(.remove(stage: "onboarding", moveTo: "paused"), by: "@nobody")
        let by = try f.store.read { db in
            try Row.fetchOne(db, sql: "SELECT by_member_id, to_stage FROM stage_event WHERE reason = 'stage onboarding removed'")
        }
        let row = try #require(by)
        #expect(row["to_stage"] as String == "paused")
        #expect((row["by_member_id"] as String?) == nil)
    }

    @Test func aFailureAfterTheMovesRollsBackTheWholeEdit() throws {
        let f = try Fixture()
        _ = try f.creator("@one", stage: Stage.contacted)
        let events = try f.store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM stage_event") }
        // Saving the setting, the last step, fails: the creators already moved must move back.
        try f.store.write { db in
            try db.execute(sql: "CREATE TEMP TRIGGER refuse BEFORE UPDATE ON setting BEGIN SELECT RAISE(ABORT, 'refused'); END")
        }
        #expect(throws: (any Error).self) { try f.store.editStages(.remove(stage: "contacted", moveTo: "lead"), by: nil) }
        try f.store.write { db in try db.execute(sql: "DROP TRIGGER IF EXISTS temp.refuse") }
        #expect(try stages(of: f.store)["@one"] == "contacted")
        #expect(try f.store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM stage_event") } == events)
        #expect(try f.store.teamSettings() == TeamSettings.defaults)
    }
}
