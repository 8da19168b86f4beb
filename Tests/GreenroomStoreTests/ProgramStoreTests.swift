import Foundation
import GRDB
import Testing
import GreenroomCore
@testable import GreenroomStore

/// Programs, workshops and incentive tasks in the store (issue 26): writes refuse bad input
/// with one line and change nothing; the board, funnel, attendance and task progress read
/// what was written.
@Suite struct ProgramStoreTests {
    struct World {
        let f: Fixture
        let program: Program
        let modules: [ProgramModule]
        let mila: Creator, rafa: Creator, nova: Creator
    }

    static func world() throws -> World {
        let f = try Fixture()
        let mila = try f.creator("@mila"), rafa = try f.creator("@rafa", stage: Stage.onboarding), nova = try f.creator("@nova")
        let p = try f.store.addProgram(name: "LIVE 101", summary: "First steps", owner: "@ana", modules: ["Setup", "Lighting", "Selling"])
        return World(f: f, program: p, modules: try f.store.programModules(p.id), mila: mila, rafa: rafa, nova: nova)
    }

    func outboxCount(_ f: Fixture) throws -> Int { try f.store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox") ?? 0 } }

    @Test func aProgramKeepsItsModulesInOrderAndRefusesADuplicateName() throws {
        let w = try Self.world()
        #expect(w.modules.map(\.title) == ["Setup", "Lighting", "Selling"])
        #expect(w.modules.map(\.position) == [1, 2, 3])
        let before = try outboxCount(w.f)
        #expect(throws: GreenroomError.invalidInput("there is already a program called \"live 101\"")) {
            try w.f.store.addProgram(name: "live 101", modules: ["A"])
        }
        #expect(throws: GreenroomError.invalidInput("a program needs at least one module (--module TITLE, in order)")) {
            try w.f.store.addProgram(name: "Other", modules: [])
        }
        #expect(try outboxCount(w.f) == before)
        #expect(try w.f.store.program(ref: "live").id == w.program.id)
    }

    @Test func enrollingTwiceIsReportedAndAnUnknownCreatorChangesNothing() throws {
        let w = try Self.world()
        let first = try w.f.store.enrol(programID: w.program.id, creatorIDs: [w.mila.id, w.rafa.id])
        #expect(first.added == 2 && first.already.isEmpty)
        let again = try w.f.store.enrol(programID: w.program.id, creatorIDs: [w.mila.id, w.nova.id])
        #expect(again.added == 1 && again.already == [w.mila.id])
        let before = try outboxCount(w.f)
        #expect(throws: GreenroomError.self) { try w.f.store.enrol(programID: w.program.id, creatorIDs: [w.mila.id, "0190aaaa-bbbb-7ccc-8ddd-00000000dead"]) }
        #expect(try outboxCount(w.f) == before)
        #expect(try w.f.store.programSummaries().first?.enrolled == 3)
    }

    @Test func modulesCompleteInOrderAndTheBoardAndFunnelFollow() throws {
        let w = try Self.world()
        try w.f.store.enrol(programID: w.program.id, creatorIDs: [w.mila.id, w.rafa.id, w.nova.id], at: pinnedNow - 20 * Time.day)
        #expect(try w.f.store.completeModule(programID: w.program.id, creatorID: w.mila.id).title == "Setup")
        #expect(try w.f.store.completeModule(programID: w.program.id, creatorID: w.mila.id).title == "Lighting")
        #expect(try w.f.store.completeModule(programID: w.program.id, creatorID: w.mila.id).title == "Selling")
        #expect(try w.f.store.completeModule(programID: w.program.id, creatorID: w.rafa.id).title == "Setup")
        #expect(throws: GreenroomError.invalidInput("@mila has finished every module")) {
            try w.f.store.completeModule(programID: w.program.id, creatorID: w.mila.id)
        }
        #expect(throws: GreenroomError.invalidInput("@rafa already finished \"Setup\"")) {
            try w.f.store.completeModule(programID: w.program.id, creatorID: w.rafa.id, moduleID: w.modules[0].id)
        }
        let outsider = try w.f.creator("@zoe")
        #expect(throws: GreenroomError.invalidInput("@zoe is not enrolled in this program")) {
            try w.f.store.completeModule(programID: w.program.id, creatorID: outsider.id)
        }
        let data = try #require(try w.f.store.programBoard(id: w.program.id, now: pinnedNow, cardsPerColumn: 10))
        #expect(data.board.columns.map(\.title) == ["Setup", "Lighting", "Selling", "done"])
        #expect(data.board.columns.map { $0.cards.map(\.handle) } == [["@nova"], ["@rafa"], [], ["@mila"]])
        // nova has had no progress for 20 days: stuck.
        #expect(data.board.columns[0].cards.first?.stuck == true)
        // mila is activated (the fixture's default stage) and done.
        #expect(data.funnel.steps.map(\.count) == [3, 2, 1, 1, 1, 1])

        // Taking back the last module puts mila back at Selling.
        #expect(try w.f.store.uncompleteModule(programID: w.program.id, creatorID: w.mila.id)?.title == "Selling")
        let after = try #require(try w.f.store.programBoard(id: w.program.id, now: pinnedNow, cardsPerColumn: 10))
        #expect(after.board.columns[2].cards.map(\.handle) == ["@mila"])
    }

    @Test func attendanceLogsAnActivityAndCompletesTheLinkedModuleOnce() throws {
        let w = try Self.world()
        try w.f.store.enrol(programID: w.program.id, creatorIDs: [w.mila.id])
        let ws = try w.f.store.addWorkshop(title: "Lighting clinic", starts: "2026-11-18T15:00", minutes: 60, host: "@ana", market: "us",
                                           capacity: 2, link: "https://meet.example/x", programID: w.program.id, module: "light")
        #expect(ws.moduleID == w.modules[1].id && ws.market == "US")
        try w.f.store.invite(workshopID: ws.id, creatorIDs: [w.mila.id, w.rafa.id])
        // Two seats, both taken.
        #expect(throws: GreenroomError.self) { try w.f.store.invite(workshopID: ws.id, creatorIDs: [w.nova.id]) }
        #expect(throws: GreenroomError.invalidInput("@nova was not invited to \"Lighting clinic\"")) {
            try w.f.store.setAttendance(workshopID: ws.id, creatorID: w.nova.id, present: true)
        }
        #expect(try w.f.store.setAttendance(workshopID: ws.id, creatorID: w.mila.id, present: true, by: w.f.manager.id))
        #expect(try w.f.store.setAttendance(workshopID: ws.id, creatorID: w.mila.id, present: true) == false)
        #expect(try w.f.store.attendees(workshopID: ws.id).map(\.attended) == [true, false])
        func workshopActivities() throws -> [String] {
            try w.f.store.read { db in try String.fetchAll(db, sql: "SELECT summary FROM activity WHERE creator_id = ? AND kind = 'workshop' AND deleted = 0", arguments: [w.mila.id]) }
        }
        #expect(try workshopActivities() == ["Attended workshop: Lighting clinic"])
        // The linked module (Lighting) is done, though Setup is not: mila still stands at Setup.
        let parts = try w.f.store.programParticipants(id: w.program.id)
        #expect(parts.first?.standing.completedCount == 1 && parts.first?.at == "Setup")
        // Absent again: the activity and the completion the workshop made are taken back.
        #expect(try w.f.store.setAttendance(workshopID: ws.id, creatorID: w.mila.id, present: false))
        #expect(try workshopActivities().isEmpty)
        #expect(try w.f.store.programParticipants(id: w.program.id).first?.standing.completedCount == 0)
        #expect(try w.f.store.workshops().first?.attended == 0)
    }

    @Test func tasksComputeProgressFromSessionsAndOnlyCompletedOnesCanBePaid() throws {
        let w = try Self.world()
        for (c, days) in [(w.mila, [1, 2, 3]), (w.rafa, [1])] {
            for d in days {
                let at = Time.parseISO("2026-11-1\(5 + d)T15:00:00Z")!
                try w.f.store.insertForTesting(LiveSession(id: UUIDv7.make(millis: at), creatorID: c.id, startedAt: at, minutes: 50, peakViewers: 1, viewerMinutes: 1, gifts: 0))
            }
        }
        let tasks = try w.f.store.addTasks(Store.TaskDraft(title: "LIVE 3 days", metric: .liveDays, goal: 3, start: "2026-11-16", end: "2026-11-22",
                                                           reward: "Boost", amount: 20), creatorIDs: [w.mila.id, w.rafa.id])
        #expect(tasks.count == 2)
        let rows = try w.f.store.taskRows(now: pinnedNow)
        let byHandle = Dictionary(uniqueKeysWithValues: rows.map { ($0.handle, $0) })
        #expect(byHandle["@mila"]?.progress.state == .completed)
        #expect(byHandle["@rafa"]?.progress.raw == 1)
        let rafaTask = try #require(byHandle["@rafa"]?.task.id)
        #expect(throws: GreenroomError.self) { try w.f.store.payTask(id: rafaTask) }
        let paid = try w.f.store.payTask(id: try #require(byHandle["@mila"]?.task.id))
        #expect(paid.paidAt == pinnedNow)
        #expect(throws: GreenroomError.invalidInput("that task's reward was already paid")) { try w.f.store.payTask(id: paid.id) }
        #expect(throws: GreenroomError.self) {
            try w.f.store.addTasks(Store.TaskDraft(title: "x", metric: .sessions, goal: 1, start: "2026-11-31", end: "2026-12-01"), creatorIDs: [w.mila.id])
        }
    }

    @Test func theProgramEffectComparesParticipantsWithTheirMatchedGroup() throws {
        let f = try Fixture()
        // Twelve US activated creators with the same LIVE before; the six enrolled double it after.
        var ids: [String] = []
        for i in 0..<12 {
            let c = try f.creator(String(format: "@c%02d", i), createdAt: pinnedNow - 90 * Time.day)
            ids.append(c.id)
            for d in 1...4 {
                let before = pinnedNow - 20 * Time.day - Millis(d) * Time.day
                try f.store.insertForTesting(LiveSession(id: UUIDv7.make(millis: before), creatorID: c.id, startedAt: before, minutes: 60, peakViewers: 1, viewerMinutes: 1, gifts: 0))
                let after = pinnedNow - 10 * Time.day + Millis(d) * Time.day
                let minutes = i < 6 ? 120 : 60
                try f.store.insertForTesting(LiveSession(id: UUIDv7.make(millis: after), creatorID: c.id, startedAt: after, minutes: minutes, peakViewers: 1, viewerMinutes: 1, gifts: 0))
            }
        }
        let p = try f.store.addProgram(name: "Coaching", modules: ["One"])
        try f.store.enrol(programID: p.id, creatorIDs: Array(ids.prefix(6)), at: pinnedNow - 14 * Time.day)
        let r = try #require(try f.store.programEffect(id: p.id, now: pinnedNow, days: 14))
        #expect(r.matched == 6 && r.comparisonSize == 6)
        #expect(abs(r.liveHours.effect - 4) < 1e-9)
        #expect(r.activeDays.effect == 0)
    }
}
