import Foundation
import Testing
import GreenroomCore

extension EndToEnd {
/// `d` on the program, community and task screens (issue 26): it says what would go in the
/// command line's words and asks; `n` keeps it, `y` removes it, `u` brings it back, and a
/// removed record comes back from `:trash` too.
@Suite(.enabled(if: Harness.tmuxAvailable, "tmux is not installed"))
struct RemoveInTheAppEndToEndTests {
    /// Moves the cursor down until `row` is the selected row (once the row is on screen).
    func select(_ s: Sandbox, _ row: String) throws {
        try s.waitFor(row)
        for _ in 0..<12 {
            if try s.capture().contains("▶" + row) { return }
            try s.type("j")
            Thread.sleep(forTimeInterval: 0.1)
        }
        try s.waitFor("▶" + row)
    }

    /// Opens a screen through the palette and puts the cursor on `row`.
    func open(_ s: Sandbox, _ word: String, title: String, on row: String) throws {
        try s.palette(word)
        try s.waitFor(title)
        try select(s, row)
    }

    /// `d`, the question (each of `asks` on screen), then `key` to answer yes, and the toast.
    func remove(_ s: Sandbox, asks: [String], yes key: String = "y", says: String) throws {
        try s.type("d")
        for text in asks { try s.waitFor(text) }
        try s.send(key)
        try s.waitFor(says)
    }

    @Test func aProgramIsRemovedAfterTheQuestionUndoneWithURemovedAgainAndRestoredFromTheTrash() throws {
        let s = Sandbox()
        try s.makeDemo(creators: 30, tickets: 10)
        let people = try s.rows(try s.command(["creators", "list", "--format", "json", "--limit", "3"])).compactMap { $0["handle"] as? String }
        #expect(try s.command(["program", "create", "--name", "Remove me", "--module", "One", "--module", "Two", "--status", "running"]).status == 0)
        #expect(try s.command(["program", "enrol", "Remove me"] + people).status == 0)

        try s.start(["--db", s.database, "--as", "@ana"])
        try s.waitFor("┏1 Roster")
        try open(s, "programs", title: "Programs ·", on: "Remove me")
        try s.type("d")
        try s.waitFor("Remove program \"Remove me\" (2 modules, 3 enrolled)? It can be")
        try s.type("n")
        try s.waitUntil("the question is gone") { !$0.contains("Confirm") }
        #expect(try s.capture().contains("▶Remove me"))
        try remove(s, asks: ["Confirm"], says: "Removed program \"Remove me\" · u to undo")
        try s.waitUntil("the program left the list") { !$0.contains("Remove me ") && !$0.contains("▶Remove me") }
        try s.type("u")
        try s.waitFor("Undid: Removed program \"Remove me\"")
        try s.waitFor("Remove me")
        try select(s, "Remove me")
        try remove(s, asks: ["Confirm"], yes: "Enter", says: "Removed program \"Remove me\" · u to undo")
        try s.send("Escape")
        try s.waitFor("┏1 Roster")
        try s.palette("trash")
        let trash = try s.waitFor("Trash · 1 deleted")
        #expect(trash.contains("program") && trash.contains("Remove me"), "\(trash)")
        try s.type("r")
        try s.waitFor("The trash is empty")
        try s.send("Escape")
        try s.waitFor("┏1 Roster")
        try s.type("q")
        try s.waitFor("EXIT=0")
        let programs = try s.rows(try s.command(["program", "list", "--format", "json"]))
        #expect(programs.first { $0["name"] as? String == "Remove me" }?["enrolled"] as? Int == 3)
    }

    @Test func anOpenCommunityAndOneCreatorsTaskAreRemovedFromTheirScreens() throws {
        let s = Sandbox()
        try s.makeDemo(creators: 30, tickets: 10)
        let people = try s.rows(try s.command(["creators", "list", "--format", "json", "--limit", "2"])).compactMap { $0["handle"] as? String }.sorted()
        #expect(try s.command(["community", "create", "--name", "Aaa gone group", "--channel", "discord", "--market", "US"]).status == 0)
        #expect(try s.command(["community", "join", "Aaa gone group"] + people).status == 0)
        #expect(try s.command(["task", "add", "--title", "Zz gone task", "--metric", "sessions", "--goal", "3", "--start", "2026-12-01",
                            "--end", "2026-12-31"] + people).status == 0)

        try s.start(["--db", s.database, "--as", "@ana"])
        try s.waitFor("┏1 Roster")
        try open(s, "communities", title: "Communities ·", on: "Aaa gone group")
        try s.send("Enter")
        try s.waitFor("Aaa gone group · discord · US · 2 members")
        try remove(s, asks: ["Remove community \"Aaa gone group\" (2 members)?"], says: "Removed community \"Aaa gone group\" · u to undo")
        // The open community is gone: back on the list, without it.
        try s.waitUntil("back on the list without it") { $0.contains("Communities ·") && !$0.contains("Aaa gone group") }
        try s.send("Escape")
        try s.waitFor("┏1 Roster")

        try open(s, "tasks", title: "Tasks ·", on: "Zz gone task")
        try s.send("Enter")
        try s.waitFor("2 creators")
        try remove(s, asks: ["Remove task \"Zz gone task\" for \(people[0])", "(2026-12-01…2026-12-31)? It can be restored from the trash"],
                   says: "Removed task \"Zz gone task\" for \(people[0])")
        try s.waitFor("1 creators")
        try s.send("Escape")
        try s.send("Escape")
        try s.waitFor("┏1 Roster")
        try s.type("q")
        try s.waitFor("EXIT=0")
        let tasks = try s.rows(try s.command(["task", "list", "--format", "json"])).filter { $0["title"] as? String == "Zz gone task" }
        #expect(tasks.count == 1)
        #expect(try s.command(["trash", "list", "--kind", "community"]).stdout.contains("Aaa gone group"))
    }
}
}
