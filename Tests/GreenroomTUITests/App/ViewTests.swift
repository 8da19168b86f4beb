import Testing
import GreenroomCore
@testable import GreenroomTUI

@Suite struct ScreenViewTests {
    @Test func wholeScreenAt100x30() {
        Golden.expect(view(loadedModel()).renderTrimmed(), is: "whole-screen-100x30")
    }

    @Test func stylesCarryFocusSelectionAndSLAState() {
        let m = loadedModel()
        let canvas = view(m)
        #expect(canvas[0, 1].style == m.theme[.paneBorderFocused])
        #expect(canvas[50, 1].style == m.theme[.paneBorder])
        #expect(canvas[5, 3].style.attributes.contains(.reverse))         // the selected roster row (builtin theme)
        #expect(!canvas[5, 4].style.attributes.contains(.reverse))
        // The breached countdown keeps its bold even on the (unfocused) selected row.
        #expect(canvas[48, 17].text == "m" && canvas[48, 17].style.attributes.contains(.bold))
    }

    @Test func focusMarkerMovesWithTab() {
        var m = loadedModel()
        _ = update(&m, .key(.tab))
        let lines = view(m).lines()
        #expect(lines[1].hasPrefix("┌1 Roster"))
        #expect(lines[1].contains("┏2 Pipeline"))
        #expect(lines[2].hasSuffix("┃"))
    }

    @Test func zoomedRosterShowsMoreColumns() {
        var m = loadedModel()
        _ = update(&m, .key(.char("z")))
        let lines = view(m).lines()
        #expect(lines[2].contains("name"))
        #expect(lines[2].contains("owner"))
        #expect(lines[2].contains("followers"))
        #expect(lines[4].contains("Mila Carter"))
        #expect(lines[4].contains("125k"))
        #expect(lines[29].contains(" ZOOM "))
    }

    @Test func tooSmallTerminalsGetAMessageInsteadOfALayout() {
        let screen = view(loadedModel(width: 60, height: 20)).renderTrimmed()
        let expected = Array(repeating: "", count: 9)
            + ["              terminal too small (need 80×24)", "                    now 60×20 · q quits"]
            + Array(repeating: "", count: 9)
        #expect(screen == expected.joined(separator: "\n"))
        #expect(!view(loadedModel(width: 80, height: 24)).render().contains("too small"))
        #expect(view(loadedModel(width: 79, height: 40)).render().contains("too small"))
    }

    @Test func wideAndCombiningNamesNeverBreakBorders() {
        var m = loadedModel()
        _ = update(&m, .key(.char("z")))
        let rows = [RosterRow(id: "x", handle: "@zoe.live", displayName: "Zoë 直播 🎥 and a long tail of 直播直播直播直播直播直播", market: "US",
                              stage: "lead", ownerHandle: nil, liveMinutes7d: 0, lastLiveAt: nil, followers: 1),
                    RosterRow(id: "y", handle: "@e\u{301}cole", displayName: "Cafe\u{301} 👩\u{200D}💻", market: "MX",
                              stage: "lead", ownerHandle: nil, liveMinutes7d: 0, lastLiveAt: nil, followers: 1)]
        _ = update(&m, rosterMsg(m, total: 2, offset: 0, rows: rows))
        for width in [80, 93, 100, 131] {
            _ = update(&m, .resize(width: width, height: 30))
            let canvas = view(m)
            for y in 1..<29 {
                #expect(canvas[0, y].text == "┃" || canvas[0, y].text == "┏" || canvas[0, y].text == "┗", "left border broken at row \(y), width \(width)")
                #expect(["┃", "┓", "┛"].contains(canvas[width - 1, y].text), "right border broken at row \(y), width \(width)")
                #expect(DisplayWidth.of(canvas.lines()[y]) == width)
            }
            #expect(canvas.render().contains(width >= 100 ? "Zoë 直播 🎥" : "Zoë 直播"))
            #expect(canvas.render().contains("Café"))
        }
    }

    @Test func hostileTextIsDrawnNotExecuted() {
        var m = loadedModel(width: 160)
        let rows = [RosterRow(id: "x", handle: "@evil", displayName: "Evil\u{1B}[2J\u{1B}]0;pwned\u{07}", market: "US",
                              stage: "lead", ownerHandle: nil, liveMinutes7d: 0, lastLiveAt: nil, followers: 1)]
        _ = update(&m, .key(.char("z")))
        _ = update(&m, rosterMsg(m, total: 1, offset: 0, rows: rows))
        let canvas = view(m)
        #expect(canvas.render().contains("Evil␛[2J␛]0;pwned␇"))
        #expect(!canvas.cells.contains { $0.text.unicodeScalars.contains { $0.value < 0x20 || (0x7F..<0xA0).contains($0.value) } })
    }

    @Test func helpOverlayIsBuiltFromTheKeyMap() {
        var m = loadedModel()
        _ = update(&m, .key(.char("?")))
        let screen = view(m).render()
        #expect(screen.contains("Help — keys"))
        #expect(screen.contains("Tab          Next pane"))
        #expect(screen.contains(" HELP "))
        var pages = ""
        for _ in 0..<80 {
            _ = update(&m, .key(.char("j")))
            pages += view(m).render()
        }
        #expect(pages.contains("Ctrl-c       Quit at once"))
        #expect(pages.contains("L >          Move the card on one stage"))
        _ = update(&m, .key(.char("G")))
        #expect(view(m).render().contains("Cohort week to the right"))
        #expect((pages + view(m).render()).contains("Space        Mark the follow-up done or not"))
        // Rebinding changes the help text.
        var custom = loadedModel()
        custom.keyMap = try! KeyMap.parse(#""focus.next" = ["N"]"#, file: "keys.toml")
        _ = update(&custom, .key(.char("?")))
        #expect(view(custom).render().contains("N            Next pane"))
        #expect(view(custom).render().contains("N panes") == false) // help open: status shows scroll hints
    }

    @Test func paletteShowsMatchesWithTheirKeys() {
        var m = loadedModel()
        for c in ":zoom" { _ = update(&m, .key(.char(c))) }
        let lines = view(m).lines()
        #expect(lines[3].contains(": zoom"))
        #expect(lines[5].contains("Zoom the focused pane"))
        #expect(lines[5].hasSuffix("z │" + String(repeating: " ", count: 15)) || lines[5].contains(" z │"))
    }

    @Test func asciiFallbackWhenTheTerminalCannotDrawUnicode() {
        var m = loadedModel()
        m.capabilities = TerminalCapabilities(unicode: false, colors: 0)
        let screen = view(m).render()
        #expect(!screen.contains("┌") && !screen.contains("▁") && !screen.contains("▶"))
        #expect(screen.contains("#1 Roster 3"))
        #expect(screen.contains("+3 Tickets 3 open - 1 breaching"))
    }

    @Test func emptyAndLoadingPanesSaySo() {
        let fresh = Model(width: 100, height: 30, now: now)
        #expect(view(fresh).render().contains("Loading…"))
        var empty = Model(width: 100, height: 30, now: now)
        _ = update(&empty, rosterMsg(empty, total: 0, offset: 0, rows: []))
        _ = update(&empty, .tickets(.loaded(query: TicketQuery(), total: 0, summary: QueueSummary(open: 0, breaching: 0), offset: 0, rows: [])))
        let screen = view(empty).render()
        #expect(screen.contains("No creators yet"))
        #expect(screen.contains("No tickets in All open."))
    }
}
