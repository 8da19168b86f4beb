import Testing
import GreenroomCore
@testable import GreenroomTUI

@Suite struct CanvasTests {
    @Test func wideCharactersTakeTwoCellsAndRenderOnce() {
        var c = Canvas(width: 8, height: 1)
        let used = c.put("a直b", x: 0, y: 0, style: .plain)
        #expect(used == 4)
        #expect(c.render() == "a直b    ")
        #expect(c[1, 0].width == 2 && c[2, 0].isContinuation)
    }

    @Test func aWideCharacterThatDoesNotFitLeavesASpace() {
        var c = Canvas(width: 6, height: 1)
        c.put("|", x: 5, y: 0, style: .plain)
        c.put("abc直", x: 1, y: 0, style: .plain, maxWidth: 4)
        #expect(c.render() == " abc |")
    }

    @Test func combiningMarksRideOnThePreviousCell() {
        var c = Canvas(width: 4, height: 1)
        c.put("e\u{301}x", x: 0, y: 0, style: .plain)
        #expect(c[0, 0].text == "é")
        #expect(c[1, 0].text == "x")
        var d = Canvas(width: 4, height: 1)
        d.put("o\u{308}\u{331}", x: 0, y: 0, style: .plain) // a mark NFC cannot compose stays attached
        #expect(d[0, 0].text.unicodeScalars.count == 2)
        #expect(d[1, 0].text == " ")
    }

    @Test func overwritingHalfAWideCharacterBlanksTheOtherHalf() {
        var c = Canvas(width: 4, height: 1)
        c.put("直直", x: 0, y: 0, style: .plain)
        c.put("x", x: 1, y: 0, style: .plain)
        #expect(c.render() == " x直")
        c.put("y", x: 2, y: 0, style: .plain)
        #expect(c.render() == " xy ")
    }

    @Test func controlCharactersNeverReachTheCanvas() {
        var c = Canvas(width: 12, height: 1)
        c.put("a\u{1B}[2Jb\u{9B}", x: 0, y: 0, style: .plain)
        #expect(c.render() == "a␛[2Jb\u{FFFD}     ")
    }

    @Test func drawingOutsideTheCanvasIsClipped() {
        var c = Canvas(width: 3, height: 2)
        c.put("hello", x: -2, y: 0, style: .plain)
        c.put("x", x: 0, y: 5, style: .plain)
        c.fill(Rect(x: -5, y: -5, width: 100, height: 100), style: Style(attributes: .bold))
        #expect(c.cells.allSatisfy { $0.style.attributes == .bold })
    }

    @Test func boxesDrawTheirTitleInTheTopEdge() {
        var c = Canvas(width: 10, height: 3)
        c.box(Rect(x: 0, y: 0, width: 10, height: 3), title: "1 Ro", border: .light, borderStyle: .plain, titleStyle: .plain)
        #expect(c.render() == "┌1 Ro────┐\n│        │\n└────────┘")
    }
}

@Suite struct SparklineTests {
    @Test func scalesFromTheSmallestToTheLargestValue() {
        #expect(Sparkline.render([0, 1, 2, 3, 4, 5, 6, 7]) == "▁▂▃▄▅▆▇█")
        #expect(Sparkline.render([10, 10, 10]) == "▁▁▁")
        #expect(Sparkline.render([]) == "")
        #expect(Sparkline.render([1, .nan, 3]) == "▁ █")
    }

    @Test func degradesToASCII() {
        #expect(Sparkline.render([0, 1, 2, 3, 4, 5, 6, 7], unicode: false) == "_.,-=+*#")
    }
}

@Suite struct ColumnLayoutTests {
    let specs = [ColumnSpec("a", min: 10, preferred: 20, priority: 0), ColumnSpec("b", min: 5, preferred: 5, priority: 2),
                 ColumnSpec("c", min: 6, preferred: 8, priority: 1)]

    @Test func columnsHideByPriorityAsThePaneNarrows() {
        #expect(ColumnLayout.widths(specs, available: 40) == [25, 5, 8]) // 20+5+8+2 = 35, spare 5 to the first
        #expect(ColumnLayout.widths(specs, available: 20) == [13, nil, 6])
        #expect(ColumnLayout.widths(specs, available: 10) == [10, nil, nil])
        #expect(ColumnLayout.widths(specs, available: 5) == [nil, nil, nil])
    }

    @Test func numbersAreCompact() {
        #expect(NumberFormat.compact(950) == "950")
        #expect(NumberFormat.compact(12_345) == "12.3k")
        #expect(NumberFormat.compact(1_250_000) == "1.3M")
        #expect(NumberFormat.grouped(1_234_567) == "1,234,567")
        #expect(NumberFormat.hours(minutes: 390) == "6.5h")
        #expect(NumberFormat.value(988.5, unit: "h") == "989h")
        #expect(NumberFormat.value(12.25, unit: "h") == "12.3h")
    }
}

@Suite struct TextFieldTests {
    @Test func editsLikeAShellLine() {
        var f = TextField()
        for c in "stage:lead" { f.handle(.char(c)) }
        f.handle(.ctrl("a"))
        f.handle(.delete)
        #expect(f.text == "tage:lead")
        f.handle(.end)
        f.handle(.backspace)
        #expect(f.text == "tage:lea" && f.cursor == 8)
        f.handle(.char(" "))
        for c in "owner" { f.handle(.char(c)) }
        f.handle(.ctrl("w"))
        #expect(f.text == "tage:lea ")
        f.handle(.alt("b"))
        #expect(f.cursor == 0)
        f.insert("multi\nline")
        #expect(f.text == "multi linetage:lea ")
        let handledTab = f.handle(.tab)
        #expect(!handledTab)
    }
}

@Suite struct FuzzyMatchTests {
    @Test func matchesSubsequencesAndPrefersWordStarts() {
        #expect(FuzzyMatch.match("ftk", in: "Focus Tickets") != nil)
        #expect(FuzzyMatch.match("xyz", in: "Focus Tickets") == nil)
        let ranked = FuzzyMatch.rank("zo", ["Go to the top", "Zoom the focused pane"]) { $0 }
        #expect(ranked.first?.item == "Zoom the focused pane")
        #expect(FuzzyMatch.match("zo", in: "Zoom")?.positions == [0, 1])
    }

    @Test func emptyQueryMatchesEverythingInOrder() {
        #expect(FuzzyMatch.rank("", ["b", "a"]) { $0 }.map(\.item) == ["b", "a"])
    }

    @Test func editDistanceForSuggestions() {
        #expect(FuzzyMatch.editDistance("cursor.dwn", "cursor.down") == 1)
        #expect(FuzzyMatch.editDistance("", "abc") == 3)
    }
}

@Suite struct FilterLineTests {
    @Test func typingParsesEveryKeyKeepsTheLastValidFilterAndEnterFallsBackToIt() {
        var line = FilterLine<TicketFilter>(.all)
        line.begin()
        let parse = TicketFilterParser().parse
        var parsed: [TicketFilter] = []
        for ch in "tier:2" {
            if case .parsed(let f) = line.handle(.char(ch), parse: parse) { parsed.append(f) }
        }
        #expect(parsed.last == TicketFilter(conditions: [.tier(2, negated: false)]))
        #expect(line.lastValidText == "tier:2")
        for ch in "x" { _ = line.handle(.char(ch), parse: parse) }    // "tier:2x": not a tier
        #expect(line.error?.message == "tier: is 1 or 2" && line.text == "tier:2x")
        guard case .committed(let rejected) = line.handle(.enter, parse: parse) else { Issue.record("not committed"); return }
        #expect(rejected != nil && line.text == "tier:2" && line.error == nil && line.input == nil)
        #expect(line.lines == 1)
        line.begin()
        guard case .cleared = line.handle(.esc, parse: parse) else { Issue.record("not cleared"); return }
        #expect(line.text.isEmpty && line.lines == 0)
        guard case .scroll(.down) = line.handle(.down, parse: parse) else { Issue.record("arrows do not scroll"); return }
    }
}
