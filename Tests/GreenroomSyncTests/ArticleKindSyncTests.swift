import Foundation
import GRDB
import Testing
import GreenroomCore
@testable import GreenroomStore
@testable import GreenroomSync

/// Issue 26: an article's kind and URL travel like every article field; a peer's line with a
/// kind or URL that breaks the rules is quarantined with a one-line reason and changes
/// nothing; lines written before the fields existed still import, as replies.
@Suite struct ArticleKindSyncTests {

    func articles(_ r: Replica) throws -> [String] {
        try r.store.articles(limit: 1_000).map { "\($0.title) \($0.kind.rawValue) \($0.url ?? "-")" }
    }

    @Test func kindsAndURLsTravelAndConcurrentEditsConverge() throws {
        let a = try Replica("a", device: device(71)), b = try Replica("b", device: device(72))
        let guide = try a.store.saveArticle(ArticleDraft(title: "Lighting guide", body: "Face a window.", kind: .guide, url: "https://example.com/light"))
        let link = try a.store.saveArticle(ArticleDraft(title: "Rules", body: "", kind: .link, url: "https://example.com/rules"))
        try a.sync()
        try carry(from: a.folder, to: b.folder)
        #expect(try b.sync().skipped.isEmpty)
        #expect(try b.store.article(id: guide.id) == guide)
        #expect(try b.store.article(id: link.id) == link)

        // Offline: a moves the link; b makes the guide a toolkit and drops its URL.
        var moved = ArticleDraft(link)
        moved.url = "https://example.com/rules/2026"
        _ = try a.store.saveArticle(moved)
        var toolkit = ArticleDraft(guide)
        toolkit.kind = .toolkit
        toolkit.url = nil
        _ = try b.store.saveArticle(toolkit)
        try a.sync(); try b.sync()
        try carry(from: a.folder, to: b.folder); try carry(from: b.folder, to: a.folder)
        #expect(try a.sync().skipped.isEmpty)
        #expect(try b.sync().skipped.isEmpty)
        for r in [a, b] {
            #expect(try articles(r).filter { $0.hasPrefix("Lighting") || $0.hasPrefix("Rules") }
                    == ["Lighting guide toolkit -", "Rules link https://example.com/rules/2026"], "\(r.name)")
            let links = try r.store.articles(kinds: [.link])
            #expect(links.contains { $0.title == "Rules" } && links.allSatisfy { $0.kind == .link && $0.url != nil }, "\(r.name)")
        }
        #expect(try a.snapshot() == b.snapshot())

        // Every article line written matches docs/sync-op.schema.json and names the new fields.
        let validator = SchemaValidator(root: try FormatTests.schema)
        var lines = 0
        for f in filesUnder(a.folder) where f.hasPrefix("ops/") {
            for line in try String(contentsOfFile: a.folder + "/" + f, encoding: .utf8).split(separator: "\n") where line.contains("\"entity\":\"article\"") {
                lines += 1
                #expect(try validator.validate(try JSON.parse(String(line))).isEmpty, "\(line)")
            }
        }
        #expect(lines >= 4)
    }

    @Test func linesWrittenBeforeKindsExistedImportAsReplies() throws {
        let a = try Replica("a", device: device(73)), b = try Replica("b", device: device(74))
        let reply = try a.store.saveArticle(ArticleDraft(title: "Payout delay", body: "Soon."))
        try a.sync()
        // As a build before v22 wrote the insert: without "kind" and "url".
        var stripped = 0
        try tamper(a.folder) { line in
            guard line.contains(reply.id), line.contains("\"op\":\"insert\"") else { return line }
            stripped += 1
            return line.replacingOccurrences(of: "\"kind\":\"reply\",", with: "").replacingOccurrences(of: ",\"url\":null", with: "")
        }
        #expect(stripped == 1)
        try carry(from: a.folder, to: b.folder)
        let summary = try b.sync()
        #expect(summary.skipped.isEmpty, "\(summary.skipped)")
        #expect(try b.store.article(id: reply.id) == reply)
        #expect(try b.store.article(id: reply.id)?.kind == .reply)
    }

    @Test func aPeersBadKindOrURLIsQuarantinedWithOneLineAndNothingElseChanges() throws {
        let a = try Replica("a", device: device(75)), b = try Replica("b", device: device(76))
        let fine = try a.store.saveArticle(ArticleDraft(title: "Fine", body: "All good.", kind: .guide, url: "https://example.com/fine"))
        let kit = try a.store.saveArticle(ArticleDraft(title: "Kit", body: "Lights.", kind: .toolkit))
        let hostile = try a.store.saveArticle(ArticleDraft(title: "Hostile", body: "Click.", kind: .guide, url: "https://example.com/ok"))
        let bare = try a.store.saveArticle(ArticleDraft(title: "Bare", body: "", kind: .link, url: "https://example.com/bare"))
        try a.sync()
        let before = try articles(b)
        try tamper(a.folder) { line in
            if line.contains(kit.id) { return line.replacingOccurrences(of: "\"kind\":\"toolkit\"", with: "\"kind\":\"video\"") }
            if line.contains(hostile.id) { return line.replacingOccurrences(of: "\"url\":\"https://example.com/ok\"", with: "\"url\":\"javascript:alert(document.cookie)\"") }
            if line.contains(bare.id) { return line.replacingOccurrences(of: "\"url\":\"https://example.com/bare\"", with: "\"url\":null") }
            return line
        }
        try carry(from: a.folder, to: b.folder)
        let summary = try b.sync()
        let reasons = summary.skipped.map(\.reason)
        #expect(reasons.contains("kind: \"video\" is not one of reply, guide, toolkit, link; quarantined"), "\(reasons)")
        #expect(reasons.contains("url: \"javascript:alert(document.cookie)\" is not a web address: it must start with http:// or https://; quarantined"), "\(reasons)")
        #expect(reasons.contains("url: a link needs a URL (http:// or https://); quarantined"), "\(reasons)")
        #expect(summary.skipped.count == 3 && summary.skipped.allSatisfy { !$0.description.contains("\n") }, "\(summary.skipped)")
        // Only the good article arrived; nothing else of b changed.
        #expect(try b.store.article(id: fine.id) == fine)
        for id in [kit.id, hostile.id, bare.id] {
            #expect(try b.store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM article WHERE id = ?", arguments: [id]) } == 0)
        }
        #expect(try articles(b) == (before + ["Fine guide https://example.com/fine"]).sorted { $0.lowercased() < $1.lowercased() })
        #expect(try b.store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sync_quarantine") } == 3)
    }
}
