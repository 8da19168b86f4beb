import Foundation
import Testing
import GreenroomCore

extension EndToEnd {
/// The resource hub's kinds and URLs end to end (issue 26): a link added from the command line
/// shows under the knowledge base's Links, `Ctrl-t` sends it and the log carries its URL; a
/// guide written in the form is listed by `kb list --kind guide`; hostile URLs are refused.
@Suite(.enabled(if: Harness.tmuxAvailable, "tmux is not installed"))
struct ResourceHubEndToEndTests {
    @Test func aLinkIsFilteredShownSentWithItsURLAndAGuideWrittenInTheFormIsListed() throws {
        let s = Sandbox()
        try s.makeDemo()
        let added = try s.command(["kb", "add", "--title", "Lighting kit", "--kind", "link", "--url", "https://example.com/kit"])
        #expect(added.status == 0 && added.stdout == "added link \"Lighting kit\" (https://example.com/kit)\n", "\(added.stdout)\(added.stderr)")
        // Hostile or missing URLs: one line, exit 2, nothing added.
        for (args, reason) in [(["--kind", "link"], "a link needs --url https://…"),
                               (["--kind", "guide", "--body", "x", "--url", "javascript:alert(1)"],
                                "--url: \"javascript:alert(1)\" is not a web address: it must start with http:// or https://"),
                               (["--kind", "link", "--url", "https://example.com/\u{1B}[2J"], "--url: a URL cannot hold a control character"),
                               (["--kind", "video", "--body", "x"], "--kind: unknown value \"video\" (reply, guide, toolkit, link)")] {
            let r = try s.command(["kb", "add", "--title", "Bad"] + args)
            #expect(r.status == 2, "\(args)")
            #expect(r.stderr.hasSuffix(reason + "\n") && r.stderr.split(separator: "\n").count == 1, "\(args): \(r.stderr)")
        }
        #expect(try s.rows(try s.command(["kb", "list", "--search", "Bad", "--format", "json"])).isEmpty)
        let links = try s.rows(try s.command(["kb", "list", "--kind", "link", "--format", "json"]))
        #expect(links.contains { $0["title"] as? String == "Lighting kit" && $0["url"] as? String == "https://example.com/kit" && $0["kind"] as? String == "link" })
        #expect(links.allSatisfy { $0["kind"] as? String == "link" })

        let first = try #require(try s.rows(try s.command(["creators", "list", "--format", "json", "--limit", "1"])).first?["handle"] as? String)
        try s.start(["--db", s.database, "--as", "@ana"])
        try s.waitFor("▶ \(first)")
        try s.type("K")
        try s.waitFor("Knowledge base")
        for _ in 0..<4 { try s.send("Tab") }
        // Links only: the link added, the demo's links, no reply.
        let shown = try s.waitUntil("only links are listed") {
            $0.contains("Lighting kit") && $0.contains("Tax forms by market") && !$0.contains("Account recovery")
        }
        #expect(shown.contains("Resources 11") && shown.contains("Links 4"), "\(shown)")
        try s.type("lighting kit")
        let view = try s.waitFor("https://example.com/kit")
        #expect(view.contains("link · Ctrl-t sends it"), "\(view)")
        try s.send("C-t")
        try s.waitFor("Send \"Lighting kit\" to")
        try s.send("Enter")
        try s.waitFor("Sent \"Lighting kit\" (https://example.com/kit) to \(first)")

        // A guide written in the form: Kind cycles with Space, the URL is typed.
        try s.send("BTab", "BTab", "BTab", "BTab")                           // back to All: a new article is a reply
        try s.send("C-n")
        try s.waitFor("New article")
        try s.type("Gift goals")
        try s.send("Tab")
        try s.type(" ")
        try s.waitFor("a creator-facing guide")
        try s.send("Tab")
        try s.type("https://example.com/gifts")
        try s.send("Tab")
        try s.type("Set one goal per LIVE.")
        try s.send("C-s")
        try s.waitFor("Saved \"Gift goals\"")
        try s.send("Escape")
        try s.waitFor("┏1 Roster")
        try s.type("q")
        try s.waitFor("EXIT=0")

        let guides = try s.rows(try s.command(["kb", "list", "--kind", "guide", "--format", "json"]))
        #expect(guides.contains { $0["title"] as? String == "Gift goals" && $0["url"] as? String == "https://example.com/gifts" }, "\(guides)")
        let sent = try s.rows(try s.command(["kb", "sent", "--creator", first, "--format", "json"]))
        #expect(sent.first?["resource"] as? String == "Lighting kit")
        #expect(sent.first?["kind"] as? String == "link" && sent.first?["url"] as? String == "https://example.com/kit")
        let show = try s.command(["kb", "show", "Gift goals"])
        #expect(show.stdout.contains("kind:     guide (a resource: greenroom kb send)\nurl:      https://example.com/gifts\n"), "\(show.stdout)")
    }
}
}
