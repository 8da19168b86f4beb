import Foundation
import GRDB
import Testing
import GreenroomCore
@testable import GreenroomStore

/// The Review's programs and workshops: those that ran in the week — a running program, or one
/// with an enrolment or a finished module in it; a workshop that started in it — each with
/// the same matched effect as the program board.
@Suite struct InterventionEffectsTests {
    @Test func theProgramsAndWorkshopsThatRanInThePeriodWithTheirEffect() throws {
        let f = try Fixture()
        let mila = try f.creator("@mila"), rafa = try f.creator("@rafa")
        let running = try f.store.addProgram(name: "Running", modules: ["One", "Two"])
        let ended = try f.store.addProgram(name: "Ended", status: .ended, modules: ["One"])
        _ = try f.store.addProgram(name: "Draft", status: .draft, modules: ["One"])
        _ = try f.store.addProgram(name: "Old", status: .ended, modules: ["One"])
        try f.store.enrol(programID: running.id, creatorIDs: [mila.id, rafa.id], at: pinnedNow - 2 * Time.day)
        try f.store.completeModule(programID: running.id, creatorID: mila.id, at: pinnedNow - Time.day)
        try f.store.enrol(programID: ended.id, creatorIDs: [rafa.id], at: pinnedNow - 20 * Time.day)
        try f.store.completeModule(programID: ended.id, creatorID: rafa.id, at: pinnedNow - Time.day)
        let inside = try f.store.addWorkshop(title: "Inside", starts: "2026-11-19T15:00:00Z", minutes: 45, host: nil, market: "US", capacity: 0, link: nil)
        _ = try f.store.addWorkshop(title: "Before", starts: "2026-11-02T15:00:00Z", minutes: 45, host: nil, market: "US", capacity: 0, link: nil)
        try f.store.invite(workshopID: inside.id, creatorIDs: [mila.id, rafa.id])
        try f.store.setAttendance(workshopID: inside.id, creatorID: mila.id, present: true)

        let week = KPIPeriod(start: pinnedNow - 3 * Time.day, end: pinnedNow + Time.day)
        let effects = try f.store.interventionEffects(in: week, now: pinnedNow)
        #expect(effects.map(\.name) == ["Ended", "Running", "Inside"])
        #expect(effects.map(\.weekText) == ["0 enrolled, 1 done", "2 enrolled, 1 done", "1/2 attended"])
        #expect(effects[1].result == (try f.store.programEffect(id: running.id, now: pinnedNow)))
        #expect(effects[2].result == (try f.store.workshopEffect(id: inside.id, now: pinnedNow)))
        // A week before the programs existed lists none of them.
        #expect(try f.store.interventionEffects(in: KPIPeriod(start: pinnedNow - 40 * Time.day, end: pinnedNow - 33 * Time.day), now: pinnedNow).isEmpty)
        // A deleted creator counts in nothing.
        try f.store.apply(ChangeSet("Deleted @rafa", [.update(.creator, id: rafa.id, fields: ["deleted": FieldValue(true)])]), by: nil)
        #expect(try f.store.interventionEffects(in: week, now: pinnedNow).map(\.weekText) == ["1 enrolled, 1 done", "1/1 attended"])
    }
}

/// Issue 26: "cannot say whether coaching worked". The week's coaching is one intervention:
/// coached creators against matched creators never coached around it, with a planted effect
/// that must be found and none where there is none.
@Suite struct CoachingEffectTests {
    /// Six coached and six not, alike (market, stage, no LIVE before); the coached go LIVE
    /// 5 h each after their session when `planted`, everyone else stays off.
    func fixture(planted: Bool) throws -> (Fixture, KPIPeriod) {
        let f = try Fixture()
        let week = KPIPeriod(start: pinnedNow - 14 * Time.day, end: pinnedNow - 7 * Time.day)
        let session = pinnedNow - 10 * Time.day
        for i in 0..<12 {
            let c = try f.creator(String(format: "@coach%02d", i), stage: Stage.activated, createdAt: pinnedNow - 60 * Time.day)
            guard i < 6 else { continue }
            let a = Activity(id: UUIDv7.make(millis: session + Millis(i)), creatorID: c.id, kind: .coaching, authorID: f.manager.id, at: session + Millis(i),
                             summary: "Lighting and schedule")
            try f.store.apply(ChangeSet("coach", [.insertActivity(a)]), by: nil)
            if planted {
                try f.store.insertForTesting(LiveSession(id: UUIDv7.make(millis: session + 2 * Time.day + Millis(i)), creatorID: c.id,
                                                         startedAt: session + 2 * Time.day, minutes: 300, peakViewers: 10, viewerMinutes: 100, gifts: 0))
            }
        }
        return (f, week)
    }

    @Test func aPlantedEffectIsFoundAndNoneWhereThereIsNone() throws {
        let (f, week) = try fixture(planted: true)
        let effect = try #require(try f.store.coachingEffect(in: week, now: pinnedNow))
        #expect(effect.kind == .coaching && effect.joined == 6 && effect.progressed == 6 && effect.weekText == "6 coached, 6 sessions")
        let r = try #require(effect.result)
        #expect(r.matched == 6)
        #expect(abs(r.liveHours.participants - 5) < 0.001 && abs(r.liveHours.comparison) < 0.001 && abs(r.liveHours.effect - 5) < 0.001)
        // The Review lists it first.
        #expect(try f.store.interventionEffects(in: week, now: pinnedNow).first?.kind == .coaching)

        let (g, same) = try fixture(planted: false)
        let none = try #require(try g.store.coachingEffect(in: same, now: pinnedNow)?.result)
        #expect(abs(none.liveHours.effect) < 0.001 && abs(none.activeDays.effect) < 0.001)
        // A week without coaching has no coaching row.
        #expect(try g.store.coachingEffect(in: KPIPeriod(start: pinnedNow - 30 * Time.day, end: pinnedNow - 23 * Time.day), now: pinnedNow) == nil)
    }

    /// A comparison reads every creator's LIVE around its anchor; it is kept until the
    /// database changes, and a change (a LIVE logged) gives the new answer.
    @Test func aComparisonIsKeptUntilTheDatabaseChanges() throws {
        let (f, week) = try fixture(planted: false)
        let first = try f.store.coachingEffect(in: week, now: pinnedNow)?.result
        let computed = f.store.counts.computed.load(ordering: .relaxed)
        #expect(try f.store.coachingEffect(in: week, now: pinnedNow)?.result == first)
        #expect(f.store.counts.computed.load(ordering: .relaxed) == computed, "the second look computed again")
        let coached = try #require(try f.store.read { db in try String.fetchOne(db, sql: "SELECT creator_id FROM activity WHERE kind = 'coaching' LIMIT 1") })
        try f.store.insertForTesting(LiveSession(id: UUIDv7.make(millis: pinnedNow - 9 * Time.day), creatorID: coached, startedAt: pinnedNow - 9 * Time.day,
                                                 minutes: 600, peakViewers: 1, viewerMinutes: 1, gifts: 0))
        let after = try #require(try f.store.coachingEffect(in: week, now: pinnedNow)?.result)
        #expect(after != first && after.liveHours.participants > 0)
    }
}
