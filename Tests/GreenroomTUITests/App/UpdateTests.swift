import Testing
import GreenroomCore
@testable import GreenroomTUI

@Suite struct FocusAndZoomTests {
    @Test func tabCyclesFocusThroughTheFourPanesAndShiftTabGoesBack() {
        var m = loadedModel()
        #expect(m.focus == .roster)
        press(&m, .tab)
        #expect(m.focus == .pipeline)
        press(&m, .tab, .tab, .tab)
        #expect(m.focus == .roster)
        press(&m, .backTab)
        #expect(m.focus == .kpis)
    }

    @Test func digitsJumpToPanes() {
        var m = loadedModel()
        press(&m, .char("3"))
        #expect(m.focus == .tickets)
        press(&m, .char("2"))
        #expect(m.focus == .pipeline)
        press(&m, .char("4"))
        #expect(m.focus == .kpis)
        press(&m, .char("1"))
        #expect(m.focus == .roster)
    }

    @Test func zoomTogglesAndEscapeUnzooms() {
        var m = loadedModel()
        press(&m, .char("z"))
        #expect(m.zoomed)
        #expect(m.layout.rect(for: .roster) == Rect(x: 0, y: 1, width: 100, height: 28))
        #expect(m.layout.rect(for: .tickets) == nil)
        press(&m, .tab) // focus moves, the zoom follows it
        #expect(m.zoomed && m.focus == .pipeline)
        press(&m, .esc)
        #expect(!m.zoomed)
        press(&m, .char("z"), .char("z"))
        #expect(!m.zoomed)
    }

    @Test func quitWithQOrCtrlC() {
        var m = loadedModel()
        #expect(press(&m, .char("q")) == [.quit])
        #expect(m.quitting)
        var n = loadedModel()
        #expect(press(&n, .ctrl("c")) == [.quit])
        var o = loadedModel()
        #expect(press(&o, .ctrl("z")) == [.suspend])
        #expect(!o.quitting)
    }

    @Test func unboundKeysDoNothing() {
        var m = loadedModel()
        let before = m.focus
        #expect(press(&m, .char("¿"), .function(12)) == [])
        #expect(m.focus == before && !m.quitting && m.overlay == nil)
    }
}

@Suite struct ScrollTests {
    @Test func cursorStopsAtBothEnds() {
        var m = loadedModel()
        press(&m, .char("k"), .up)
        #expect(m.roster.list.cursor == 0)
        press(&m, .char("j"), .char("j"), .char("j"), .char("j"), .down)
        #expect(m.roster.list.cursor == 2)
        press(&m, .char("g"))
        #expect(m.roster.list.cursor == 0)
        press(&m, .char("G"))
        #expect(m.roster.list.cursor == 2)
    }

    @Test func jumpingPastTheLoadedWindowAsksForThatPageOnly() {
        var m = loadedModel(rosterTotal: 100_000)
        let height = m.layout.listHeight(for: .roster)
        #expect(m.roster.list.rows.count == 60)
        let commands = press(&m, .char("G"))
        #expect(m.roster.list.cursor == 99_999)
        #expect(m.roster.list.top == 100_000 - height)
        #expect(commands == [.roster(.load(m.rosterQuery, offset: 100_000 - 2 * height, limit: 3 * height))])
        _ = update(&m, rosterMsg(m, total: 100_000, offset: 100_000 - 2 * height, rows: rosterRows(count: 2 * height, offset: 100_000 - 2 * height)))
        #expect(m.roster.list.selected?.handle == "@creator99999")
        #expect(press(&m, .char("k")) == [])
    }

    @Test func halfPagesAndPagesMoveByTheVisibleHeight() {
        var m = loadedModel(rosterTotal: 50)
        let h = m.layout.listHeight(for: .roster)
        press(&m, .ctrl("d"))
        #expect(m.roster.list.cursor == h / 2)
        press(&m, .pageDown)
        #expect(m.roster.list.cursor == h / 2 + h)
        press(&m, .ctrl("u"))
        #expect(m.roster.list.cursor == h)
        press(&m, .pageUp, .pageUp)
        #expect(m.roster.list.cursor == 0)
    }

    @Test func eachListKeepsItsOwnCursor() {
        var m = loadedModel()
        press(&m, .char("j"))
        press(&m, .char("3"), .char("j"), .char("j"))
        #expect(m.roster.list.cursor == 1)
        #expect(m.tickets.list.cursor == 2)
        press(&m, .char("4"), .char("G"))
        #expect(m.kpis.cursor == 3)
    }

    @Test func boardColumnsMoveWithHAndLAndCardsWithJAndK() {
        var m = loadedModel()
        press(&m, .char("2"))
        press(&m, .char("h"))
        #expect(m.pipeline.focusedColumn == 0)
        press(&m, .char("j"))
        #expect(m.pipeline.columns[0].cards.cursor == 1)
        press(&m, .char("l"), .char("l"), .right, .right, .right)
        #expect(m.pipeline.focusedColumn == 4)
        press(&m, .char("j"))
        #expect(m.pipeline.columns[4].cards.cursor == 0) // empty column
        #expect(m.pipeline.columns[0].cards.cursor == 1) // unchanged
    }

    @Test func hAndLDoNothingOutsideTheBoard() {
        var m = loadedModel()
        press(&m, .char("l"))
        #expect(m.pipeline.focusedColumn == 0 && m.focus == .roster)
    }

    @Test func shrinkingTheScreenKeepsTheCursorVisible() {
        var m = loadedModel(rosterTotal: 200)
        press(&m, .char("G"))
        _ = update(&m, .resize(width: 120, height: 60))
        #expect(m.roster.list.cursor >= m.roster.list.top && m.roster.list.cursor < m.roster.list.top + m.layout.listHeight(for: .roster))
        _ = update(&m, .resize(width: 80, height: 24))
        #expect(m.roster.list.cursor >= m.roster.list.top && m.roster.list.cursor < m.roster.list.top + m.layout.listHeight(for: .roster))
    }
}

@Suite struct OverlayTests {
    @Test func questionMarkOpensHelpAndEscapeClosesIt() {
        var m = loadedModel()
        press(&m, .char("?"))
        #expect(m.overlay == .help(scroll: 0))
        press(&m, .char("j"))
        #expect(m.overlay == .help(scroll: 1))
        #expect(m.focus == .roster && m.roster.list.cursor == 0) // keys go to the overlay
        press(&m, .esc)
        #expect(m.overlay == nil)
        press(&m, .char("?"), .char("?"))
        #expect(m.overlay == nil)
    }

    @Test func paletteFiltersActionsFuzzilyAndRunsTheChosenOne() {
        var m = loadedModel()
        press(&m, .char(":"))
        guard case .palette(let state)? = m.overlay else { Issue.record("palette not open"); return }
        #expect(state.input.text.isEmpty)
        press(&m, .char("f"), .char("t"), .char("i"), .char("c"))
        guard case .palette(let typed)? = m.overlay else { Issue.record("palette closed"); return }
        #expect(typed.matches(keyMap: m.keyMap).first?.action == .focusTickets)
        press(&m, .enter)
        #expect(m.overlay == nil)
        #expect(m.focus == .tickets)
    }

    @Test func paletteSelectionMovesAndWraps() {
        var m = loadedModel()
        press(&m, .char(":"), .char("z"), .char("o"), .char("o"), .char("m"))
        press(&m, .up)
        guard case .palette(let state)? = m.overlay else { Issue.record("palette closed"); return }
        let matches = state.matches(keyMap: m.keyMap)
        #expect(state.selected == matches.count - 1)
    }

    @Test func paletteWithNoMatchExplainsItself() {
        var m = loadedModel()
        press(&m, .char(":"), .char("x"), .char("y"), .char("z"), .char("q"))
        press(&m, .enter)
        #expect(m.overlay == nil)
        #expect(m.toast?.text == "no command matches \"xyzq\"")
        #expect(m.toast?.kind == .error)
        #expect(!m.quitting)
    }

    @Test func paletteEditingKeysWork() {
        var m = loadedModel()
        press(&m, .char(":"), .char("a"), .char("b"), .char(" "), .char("c"), .ctrl("w"))
        guard case .palette(let state)? = m.overlay else { Issue.record("palette closed"); return }
        #expect(state.input.text == "ab ")
        press(&m, .esc)
        #expect(m.overlay == nil)
    }
}

@Suite struct MessageTests {
    @Test func failuresBecomeErrorToastsThatExpire() {
        var m = loadedModel()
        _ = update(&m, .failed("database is locked"))
        #expect(m.toast?.kind == .error)
        _ = update(&m, .tick(now: now, monotonic: 10))
        #expect(m.toast == nil)
    }

    @Test func aNewMinuteRefreshesTimeDependentPanes() {
        var m = loadedModel()
        #expect(update(&m, .tick(now: now + 1_000, monotonic: 1)) == [.checkExternalWrites])
        let commands = update(&m, .tick(now: now + Time.minute, monotonic: 2))
        #expect(commands.contains(.tickets(.load(TicketQuery(me: "@ana"), offset: 0, limit: 3 * m.ticketsHeight))))
        #expect(commands.contains(.kpis(.load(unit: .day))))
    }

    /// Issue 28: each idle tick looks for other processes' writes (not while ours run), and
    /// what they wrote is shown: counts, panes, the open screen, the header's last sync.
    @Test func writesByAnotherProcessRefreshWhatIsShown() {
        var m = loadedModel()
        _ = update(&m, .backgroundStarted("sync"))
        #expect(!update(&m, .tick(now: now + 1_000, monotonic: 1)).contains(.checkExternalWrites))
        _ = update(&m, .backgroundFinished("sync"))
        #expect(update(&m, .tick(now: now + 2_000, monotonic: 2)).contains(.checkExternalWrites))
        _ = update(&m, .key(.char("t")))
        let commands = update(&m, .externalWrites)
        for expected in [Command.loadHeader, .loadSettings, .loadDirectory, .today(.load(me: "@ana")), .kpis(.load(unit: .day))] {
            #expect(commands.contains(expected), "\(expected)")
        }
        #expect(commands.contains { if case .roster(.load) = $0 { return true } else { return false } })
        #expect(commands.contains { if case .tickets(.load) = $0 { return true } else { return false } })
    }

    @Test func startingLoadsEveryPane() {
        let m = Model(width: 100, height: 30, now: now)
        let commands = initialCommands(m)
        #expect(commands.contains(.loadSettings))
        #expect(commands.contains { if case .roster(.load) = $0 { return true } else { return false } })
        #expect(commands.contains { if case .tickets(.load) = $0 { return true } else { return false } })
        #expect(commands.contains { if case .pipeline(.load) = $0 { return true } else { return false } })
        #expect(commands.contains(.kpis(.load(unit: .day))))
    }
}

@Suite struct MouseTests {
    @Test func clickingAPaneFocusesItAndSelectsTheRowUnderThePointer() {
        var m = loadedModel()
        // Tickets pane: top-left at (0, 15); rows start two lines below its top border.
        _ = update(&m, .mouse(MouseEvent(.click, x: 10, y: 18)))
        #expect(m.focus == .tickets)
        #expect(m.tickets.list.cursor == 1)
        _ = update(&m, .mouse(MouseEvent(.click, x: 10, y: 4)))
        #expect(m.focus == .roster && m.roster.list.cursor == 1)
        _ = update(&m, .mouse(MouseEvent(.click, x: 10, y: 12))) // below the last row: focus only
        #expect(m.roster.list.cursor == 1)
    }

    @Test func clickingACardSelectsItsColumnAndCard() {
        var m = loadedModel()
        // Pipeline inner area starts at x = 51; columns are 8 wide plus a gap.
        _ = update(&m, .mouse(MouseEvent(.click, x: 51, y: 5)))
        #expect(m.focus == .pipeline)
        #expect(m.pipeline.focusedColumn == 0)
        #expect(m.pipeline.columns[0].cards.cursor == 1)
        _ = update(&m, .mouse(MouseEvent(.click, x: 51 + 2 * 9 + 1, y: 4)))
        #expect(m.pipeline.focusedColumn == 2)
    }

    @Test func theWheelScrollsTheListUnderThePointer() {
        var m = loadedModel(rosterTotal: 50)
        _ = update(&m, .mouse(MouseEvent(.wheelDown, x: 5, y: 5)))
        #expect(m.roster.list.cursor == 3)
        _ = update(&m, .mouse(MouseEvent(.wheelUp, x: 5, y: 5)))
        _ = update(&m, .mouse(MouseEvent(.wheelUp, x: 5, y: 5)))
        #expect(m.roster.list.cursor == 0)
    }

    @Test func aClickClosesAnOverlayWithoutActingBehindIt() {
        var m = loadedModel()
        press(&m, .char("?"))
        _ = update(&m, .mouse(MouseEvent(.click, x: 10, y: 18)))
        #expect(m.overlay == nil)
        #expect(m.focus == .roster)
    }
}

@Suite struct BackgroundWorkTests {
    @Test func runningTasksShowInTheStatusLineUntilTheyFinish() {
        var m = loadedModel()
        _ = update(&m, .backgroundStarted("KPIs"))
        _ = update(&m, .backgroundStarted("KPIs"))
        #expect(view(m).lines()[29].hasSuffix("⟳ KPIs… "))
        _ = update(&m, .backgroundFinished("KPIs"))
        #expect(m.busy == ["KPIs": 1])
        _ = update(&m, .backgroundFinished("KPIs"))
        #expect(m.busy.isEmpty)
        #expect(!view(m).render().contains("⟳"))
    }
}
