import Foundation
import Testing
import GreenroomCore
@testable import GreenroomTUI

/// "LIVE 101" with three modules and eight enrolled creators, built through the same pure
/// functions the store uses, and a measured effect.
enum ProgramFixtures {
    static let modules = [ProgramModule(id: "m1", programID: "p1", position: 1, title: "Setup"),
                          ProgramModule(id: "m2", programID: "p1", position: 2, title: "Lighting"),
                          ProgramModule(id: "m3", programID: "p1", position: 3, title: "Selling")]
    static let program = Program(id: "p1", name: "LIVE 101", summary: "First steps\u{1B}[2J for SMB merchants", status: .running)

    static func data() -> ProgramBoardData {
        let handles = ["c1": "@mila.cooks", "c2": "@djrafa", "c3": "@nova.shop", "c4": "@zoe.live", "c5": "@tuan_games", "c6": "@ana.bakes",
                       "c7": "@lupita", "c8": "@kai"]
        let days = { (n: Int) in now - Millis(n) * Time.day }
        let enrolled = handles.keys.sorted().map { ProgramProgress.Enrolled(creatorID: $0, enrolledAt: days(30)) }
        let done: [(String, [String], Int)] = [("c1", ["m1", "m2", "m3"], 2), ("c2", ["m1"], 20), ("c3", ["m1", "m2"], 3), ("c4", [], 0),
                                                ("c5", ["m1", "m2", "m3"], 5), ("c6", ["m1"], 4), ("c7", [], 0), ("c8", ["m1", "m2"], 16)]
        let completed = done.flatMap { c, ms, ago in ms.map { ProgramProgress.Completed(creatorID: c, moduleID: $0, at: days(ago)) } }
        let standings = ProgramProgress.standings(modules: modules, enrolled: enrolled, completed: completed)
        var board = ProgramProgress.board(modules: modules, standings: standings, now: now, cardsPerColumn: 30)
        for c in board.columns.indices { for k in board.columns[c].cards.indices { board.columns[c].cards[k].handle = handles[board.columns[c].cards[k].creatorID]! } }
        return ProgramBoardData(program: program, modules: modules, board: board,
                                funnel: ProgramProgress.funnel(modules: modules, standings: standings, activated: ["c1"]))
    }

    static let summaries = [ProgramSummary(program: program, ownerHandle: "@ana", modules: 3, enrolled: 8, completed: 2),
                            ProgramSummary(program: Program(id: "p2", name: "Gift goals", status: .draft), ownerHandle: nil, modules: 2, enrolled: 0, completed: 0)]

    static let effect = MatchedEffect.Result(liveHours: .init(participants: 3.25, comparison: 0.5), activeDays: .init(participants: 2.1, comparison: 0.4),
                                             retention: .init(participants: 0.82, comparison: 0.7), matched: 7, unmatched: 1, comparisonSize: 212, strata: 3, days: 28)

    /// A model on LIVE 101's board with the board and the effect loaded.
    static func openModel() -> Model {
        var m = loadedModel()
        press(&m, .char(":"))
        for c in "programs" { press(&m, .char(c)) }
        _ = press(&m, .enter)
        _ = update(&m, .programs(.loaded(summaries)))
        _ = press(&m, .enter)
        _ = update(&m, .programs(.boardLoaded(id: "p1", data())))
        _ = update(&m, .programs(.effectLoaded(id: "p1", effect)))
        return m
    }

    static func board(_ m: Model) -> ProgramBoardState? {
        guard case .programs(let s) = m.screen else { return nil }
        return s.open
    }
}

@Suite struct ProgramUpdateTests {
    @Test func thePaletteOpensProgramsAndEnterOpensABoardWithItsEffect() {
        var m = loadedModel()
        press(&m, .char(":"))
        for c in "programs" { press(&m, .char(c)) }
        #expect(press(&m, .enter) == [.programs(.load)])
        _ = update(&m, .programs(.loaded(ProgramFixtures.summaries)))
        let cards = ProgramsScreen.cardsPerColumn(bodyRows: m.layout.body.height)
        #expect(press(&m, .enter) == [.programs(.loadBoard(id: "p1", cardsPerColumn: cards)), .programs(.loadEffect(id: "p1"))])
        #expect(ProgramFixtures.board(m)?.id == "p1")
    }

    @Test func hAndLMoveBetweenModulesAndLCapitalRecordsTheCreatorsModule() {
        var m = ProgramFixtures.openModel()
        // Setup holds c4 and c7 (never started): enrolled 30 days ago, both stuck.
        #expect(ProgramFixtures.board(m)?.selected?.creatorID == "c4")
        press(&m, .char("l"))
        // Lighting: c2 (20 days without progress) before c6 (4 days).
        #expect(ProgramFixtures.board(m)?.selected?.creatorID == "c2")
        press(&m, .char("j"))
        #expect(ProgramFixtures.board(m)?.selected?.creatorID == "c6")
        #expect(press(&m, .char("L")) == [.programs(.advance(programID: "p1", creatorID: "c6"))])
        #expect(press(&m, .char("<")) == [.programs(.takeBack(programID: "p1", creatorID: "c6"))])
        // Past the last column the cursor stays on done.
        press(&m, .char("l"), .char("l"), .char("l"), .char("l"))
        #expect(ProgramFixtures.board(m)?.column == 3)
        // A change reloads the board where it is.
        let cards = ProgramsScreen.cardsPerColumn(bodyRows: m.layout.body.height)
        #expect(update(&m, .programs(.changed("Finished Lighting"))) == [.programs(.loadBoard(id: "p1", cardsPerColumn: cards))])
    }

    @Test func enterOpensTheCreatorAndEscWalksBackToTheListThenThePanes() {
        var m = ProgramFixtures.openModel()
        #expect(press(&m, .enter) == [.creator(.loadDetail(id: "c4"))])
        _ = press(&m, .esc)
        #expect(ProgramFixtures.board(m)?.id == "p1")
        #expect(press(&m, .esc) == [.programs(.load)])
        guard case .programs(let s) = m.screen else { Issue.record("not on programs"); return }
        #expect(s.open == nil)
        _ = press(&m, .esc)
        guard case .main = m.screen else { Issue.record("not back on the panes"); return }
    }

    @Test func aBoardThatNoLongerExistsGoesBackToTheList() {
        var m = ProgramFixtures.openModel()
        #expect(update(&m, .programs(.boardLoaded(id: "p1", nil))) == [.programs(.load)])
        #expect(ProgramFixtures.board(m) == nil)
    }

    @Test func enrolProgramTakesTheRosterSelectionAndSaysWhatIsMissing() {
        var m = loadedModel()
        press(&m, .char("x"), .char("x"))
        press(&m, .char(":"))
        for c in "enrol program LIVE 101" { press(&m, .char(c)) }
        #expect(press(&m, .enter) == [.programs(.enrol(program: "LIVE 101", creatorIDs: ["c1", "c2"]))])
        #expect(m.roster.selection.isEmpty)
        // A campaign named like a program is still a campaign.
        #expect(PaletteCommand.parse("enrol 11.11") == .enrol("11.11"))
        #expect(PaletteCommand.parse("enrol program") == .enrolProgram(""))
        press(&m, .char(":"))
        for c in "enrol program" { press(&m, .char(c)) }
        #expect(press(&m, .enter) == [])
        #expect(m.toast?.kind == .error)
    }
}

@Suite struct ProgramViewTests {
    @Test func theListShowsModulesEnrolledAndCompleted() {
        var m = loadedModel()
        press(&m, .char(":"))
        for c in "programs" { press(&m, .char(c)) }
        _ = press(&m, .enter)
        _ = update(&m, .programs(.loaded(ProgramFixtures.summaries)))
        let lines = view(m).renderTrimmed().split(separator: "\n").map(String.init)
        #expect(lines[1].hasPrefix("┏Programs · 2━"))
        #expect(lines[3].hasPrefix("┃ ▶LIVE 101                      running       3        8         2   25% @ana"), "\(lines[3])")
        #expect(lines.last!.hasPrefix(" PROGRAMS  j/k move · Enter board · d remove · :enrol program NAME"))
    }

    /// The board at 100×30: funnel, effect with sample sizes, method, then who stands where,
    /// the longest without progress first and `!` on the stuck.
    @Test func theBoardShowsWhoIsStuckWhereWithTheFunnelAndTheEffect() {
        let m = ProgramFixtures.openModel()
        let lines = view(m).renderTrimmed().split(separator: "\n").map(String.init)
        Golden.expect(lines[1...14].joined(separator: "\n"), is: "program-board-lines-1-14")
        #expect(lines.last!.hasPrefix(" PROGRAMS  h/l module · j/k creator · L finished · H take back · Enter creator · Esc back"))
    }

    @Test func theBoardSaysWhenThereIsNoEffectYetAndCutsTallColumns() {
        var m = ProgramFixtures.openModel()
        var data = ProgramFixtures.data()
        data.board.columns[0].count = 500
        data.board.columns[0].cards = (0..<40).map { ProgramBoard.Card(creatorID: "x\($0)", handle: "@x\($0)", completedCount: 0, lastProgress: now, stuck: false) }
        _ = update(&m, .programs(.boardLoaded(id: "p1", data)))
        _ = update(&m, .programs(.effectLoaded(id: "p1", nil)))
        let text = view(m).renderTrimmed()
        #expect(text.contains("Effect  nothing to compare yet"))
        let lines = text.split(separator: "\n").map(String.init)
        // The last row inside the frame says how many more stand at Setup.
        #expect(lines[lines.count - 3].hasPrefix("┃ +481 more"), "\(lines[lines.count - 3])")
    }
}

@Suite struct WorkshopAttendanceTests {
    static let workshop = Workshop(id: "w1", title: "Lighting clinic", startsAt: now + Time.day, minutes: 60, hostID: "m1", market: "US", capacity: 30, moduleID: "m2")
    static let people = [WorkshopAttendee(creatorID: "c1", handle: "@djrafa", displayName: "Rafa", attended: false),
                         WorkshopAttendee(creatorID: "c2", handle: "@mila.cooks", displayName: "Mila", attended: true),
                         WorkshopAttendee(creatorID: "c3", handle: "@nova.shop", displayName: "Nova", attended: false)]

    static func openModel() -> Model {
        var m = loadedModel()
        press(&m, .char(":"))
        for c in "workshops" { press(&m, .char(c)) }
        _ = press(&m, .enter)
        _ = update(&m, .workshops(.loaded([WorkshopSummary(workshop: workshop, hostHandle: "@ana", moduleTitle: "Lighting", invited: 3, attended: 1)])))
        _ = press(&m, .enter)
        _ = update(&m, .workshops(.attendeesLoaded(id: "w1", people)))
        return m
    }

    @Test func spaceMarksTheCreatorPresentAtOnceAndMovesOn() {
        var m = Self.openModel()
        #expect(press(&m, .char(" ")) == [.workshops(.mark(workshopID: "w1", creatorID: "c1", present: true))])
        // Mila was present: Space marks her absent.
        #expect(press(&m, .char(" ")) == [.workshops(.mark(workshopID: "w1", creatorID: "c2", present: false))])
        guard case .workshops(let s) = m.screen else { Issue.record("not on workshops"); return }
        #expect(s.open?.attendees?.map(\.attended) == [true, false, false])
        #expect(s.open?.cursor == 2)
        // The store's answer reloads the checklist.
        #expect(update(&m, .workshops(.marked(id: "w1"))) == [.workshops(.loadAttendees(id: "w1"))])
    }

    @Test func theChecklistShowsWhoIsPresent() {
        let m = Self.openModel()
        let lines = view(m).renderTrimmed().split(separator: "\n").map(String.init)
        #expect(lines[1].hasPrefix("┏Lighting clinic · 1 of 3 present━"))
        #expect(lines[3].hasPrefix("┃ ▶[ ]  @djrafa                  Rafa"), "\(lines[3])")
        #expect(lines[4].hasPrefix("┃  [x]  @mila.cooks              Mila                     present"), "\(lines[4])")
        #expect(lines.last!.hasPrefix(" WORKSHOPS  j/k move · Space present/absent · Enter creator · d remove workshop · Esc back"))
    }
}
