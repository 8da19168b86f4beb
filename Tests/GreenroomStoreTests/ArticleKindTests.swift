import Foundation
import GRDB
import Testing
import GreenroomCore
@testable import GreenroomStore

/// Issue 26's resource hub: an article's kind (reply, guide, toolkit, link) and URL —
/// migration v22-article-kinds, validation of every write, the kind filter, snapshots.
@Suite struct ArticleKindTests {
    private func outboxCount(_ f: Fixture) throws -> Int {
        try f.store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox") ?? 0 }
    }

    @Test func articlesWrittenBeforeTheMigrationAreRepliesAndSQLiteRefusesAnUnknownKind() throws {
        let dir = TempDir()
        let path = dir.file("v21.sqlite")
        do {
            let queue = try DatabaseQueue(path: path)
            try Schema.migrator().migrate(queue, upTo: "v21-ticket-snooze")
            try queue.write { db in
                try db.execute(sql: """
                    INSERT INTO meta(key, value) VALUES ('device_id', 'a1b2c3d4e5f60718');
                    INSERT INTO article(id, title, body, is_macro, updated_at, hlc)
                    VALUES ('0190aaaa-bbbb-7ccc-8ddd-000000000001', 'Payout delay', 'Soon.', 0, 1767225600000, 'h1');
                    """)
            }
            try queue.close()
        }
        let store = try Store.open(at: path, clock: .fixed(pinnedNow))
        let old = try #require(try store.article(id: "0190aaaa-bbbb-7ccc-8ddd-000000000001"))
        #expect(old.kind == .reply && old.url == nil)
        #expect(try store.articles(kinds: [.reply]).map(\.title) == ["Payout delay"])
        #expect(try store.articles(kinds: [.guide, .link]).isEmpty)
        #expect(throws: GreenroomError.self) {
            try store.write { db in try db.execute(sql: "UPDATE article SET kind = 'video' WHERE id = '0190aaaa-bbbb-7ccc-8ddd-000000000001'") }
        }
        #expect(throws: GreenroomError.self) {
            try store.write { db in try db.execute(sql: "UPDATE article SET url = x'41' WHERE id = '0190aaaa-bbbb-7ccc-8ddd-000000000001'") }
        }
    }

    @Test func aResourceKeepsItsKindAndURLAndEditsAreStampedFieldByField() throws {
        let f = try Fixture()
        let saved = try f.store.saveArticle(ArticleDraft(title: "Lighting kit", body: "Three lights.", kind: .toolkit, url: "  https://example.com/kit.pdf  "))
        #expect(saved.kind == .toolkit && saved.url == "https://example.com/kit.pdf")
        #expect(try f.store.article(id: saved.id) == saved)
        let insert = try f.store.read { db in try String.fetchOne(db, sql: "SELECT fields FROM outbox ORDER BY seq DESC LIMIT 1") }
        #expect(insert?.contains(#""kind":"toolkit""#) == true && insert?.contains(#""url":"https://example.com/kit.pdf""#) == true, "\(insert ?? "")")

        var draft = ArticleDraft(saved)
        draft.kind = .link
        draft.url = "https://example.com/kit"
        let later = try Store.open(at: f.store.path, clock: .fixed(pinnedNow + Time.hour))
        let edited = try later.saveArticle(draft)
        #expect(edited.kind == .link && edited.url == "https://example.com/kit")
        let set = try later.read { db in try String.fetchOne(db, sql: "SELECT fields FROM outbox ORDER BY seq DESC LIMIT 1") }
        #expect(set == #"{"kind":"link","updated_at":1795170600000,"url":"https://example.com/kit"}"#)
        let stamped = try later.read { db in
            try String.fetchAll(db, sql: "SELECT field FROM field_stamp WHERE entity = 'article' AND row_id = ? ORDER BY field", arguments: [saved.id])
        }
        #expect(stamped == ["kind", "updated_at", "url"])
        // A link may have no text: its URL is the content.
        let bare = try f.store.saveArticle(ArticleDraft(title: "Guidelines", body: "", kind: .link, url: "http://example.com/rules"))
        #expect(bare.body.isEmpty)
    }

    @Test func hostileURLsAndKindsThatDoNotFitAreRefusedWithOneLineAndNothingWritten() throws {
        let f = try Fixture()
        _ = try f.store.saveArticle(ArticleDraft(title: "Payout delay", body: "Soon."))
        let before = try outboxCount(f)
        let cases: [(ArticleDraft, String)] = [
            (ArticleDraft(title: "Kit", body: "x", kind: .link), "a link needs a URL (http:// or https://)"),
            (ArticleDraft(title: "Kit", body: "x", kind: .link, url: "   "), "a link needs a URL (http:// or https://)"),
            (ArticleDraft(title: "Kit", body: "", kind: .guide, url: "https://example.com"), "an article needs a body"),
            (ArticleDraft(title: "Kit", body: "x", kind: .guide, url: "javascript:alert(1)"),
             "\"javascript:alert(1)\" is not a web address: it must start with http:// or https://"),
            (ArticleDraft(title: "Kit", body: "x", kind: .guide, url: "ftp://example.com/kit"),
             "\"ftp://example.com/kit\" is not a web address: it must start with http:// or https://"),
            (ArticleDraft(title: "Kit", body: "x", kind: .guide, url: "https://example.com/\u{1B}[2Jkit"), "a URL cannot hold a control character"),
            (ArticleDraft(title: "Kit", body: "x", kind: .guide, url: "https://example.com/my kit"), "a URL cannot hold a space"),
            (ArticleDraft(title: "Kit", body: "x", kind: .guide, url: "https://example.com/\"><script>"), "a URL cannot hold \"\"\""),
            (ArticleDraft(title: "Kit", body: "x", kind: .guide, url: "https://bank.example@evil.example/"),
             "a URL cannot carry a user name or password before the host"),
            (ArticleDraft(title: "Kit", body: "x", kind: .guide, url: "https:///kit"), "\"https:///kit\" has no valid host"),
            (ArticleDraft(title: "Kit", body: "x", kind: .guide, url: "https://example.com:99999/"),
             "\"https://example.com:99999/\" has a port that is not a number from 1 to 65535"),
            (ArticleDraft(title: "Kit", body: "x", kind: .guide, url: "https://exämple.com/"), "a URL cannot hold \"ä\" (percent-encode letters outside ASCII)"),
            (ArticleDraft(title: "Kit", body: "x", kind: .guide, url: "https://example.com/%zz"), "a URL's % must be followed by two hex digits"),
            (ArticleDraft(title: "Kit", body: "x", kind: .guide, url: "https://example.com/" + String(repeating: "a", count: 2000)),
             "a URL can be at most 2000 characters (this one has 2020)"),
            (ArticleDraft(title: "Kit", body: "x", isMacro: true, kind: .guide), "a macro answers tickets, so it is a reply, not a guide"),
        ]
        for (draft, reason) in cases {
            #expect(throws: GreenroomError.invalidInput(reason)) { try f.store.saveArticle(draft) }
        }
        #expect(try outboxCount(f) == before)
        #expect(try f.store.articles().map(\.title) == ["Payout delay"])
    }

    @Test func listsFilterByKindAndSearchTheURL() throws {
        let f = try Fixture()
        _ = try f.store.saveArticle(ArticleDraft(title: "Payout delay", body: "Soon."))
        _ = try f.store.saveArticle(ArticleDraft(title: "Lighting guide", body: "Face a window.", kind: .guide))
        _ = try f.store.saveArticle(ArticleDraft(title: "Kit", body: "", kind: .link, url: "https://example.com/lights"))
        _ = try f.store.saveArticle(ArticleDraft(title: "Starter pack", body: "Ring light, phone stand.", kind: .toolkit))
        #expect(try f.store.articles(kinds: [.guide, .toolkit, .link]).map(\.title) == ["Kit", "Lighting guide", "Starter pack"])
        #expect(try f.store.articles(kinds: [.link]).map(\.title) == ["Kit"])
        #expect(try f.store.articles(kinds: [.reply]).map(\.title) == ["Payout delay"])
        #expect(try f.store.articles(kinds: []).isEmpty)
        // The URL is searched too; the kind filter and the search combine.
        #expect(try f.store.articles(search: "lights").map(\.title) == ["Kit"])
        #expect(try f.store.articles(search: "light", kinds: [.toolkit]).map(\.title) == ["Starter pack"])
    }

    @Test func aSnapshotKeepsKindsAndURLsAndOneWrittenBeforeThemRestoresRepliesWithoutURLs() throws {
        let f = try Fixture()
        let kit = try f.store.saveArticle(ArticleDraft(title: "Kit", body: "", kind: .link, url: "https://example.com/lights"))
        let reply = try f.store.saveArticle(ArticleDraft(title: "Payout delay", body: "Soon."))
        let out = f.dir.file("snap")
        _ = try f.store.export(format: .json, to: out)
        let restored = try Store.open(at: f.dir.file("restored.sqlite"), clock: .fixed(pinnedNow))
        _ = try restored.importSnapshot(from: out)
        #expect(try restored.article(id: kit.id) == kit)
        #expect(try restored.article(id: reply.id) == reply)

        // The same snapshot as a build before v22 wrote it: no kind, no url.
        let older = f.dir.file("older")
        try FileManager.default.copyItem(atPath: out, toPath: older)
        let file = older + "/article.json"
        var rows = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: file))) as? [[String: Any]])
        rows = rows.filter { $0["id"] as? String == reply.id }.map { row in
            var row = row
            row.removeValue(forKey: "kind"); row.removeValue(forKey: "url")
            if var stamps = row["stamps"] as? [String: Any] { stamps.removeValue(forKey: "kind"); stamps.removeValue(forKey: "url"); row["stamps"] = stamps }
            return row
        }
        try JSONSerialization.data(withJSONObject: rows, options: [.sortedKeys]).write(to: URL(fileURLWithPath: file))
        for name in ["resource_send.json"] { try? FileManager.default.removeItem(atPath: older + "/" + name) }
        let fromOlder = try Store.open(at: f.dir.file("older.sqlite"), clock: .fixed(pinnedNow))
        _ = try fromOlder.importSnapshot(from: older)
        #expect(try fromOlder.article(id: reply.id) == reply)
        #expect(try fromOlder.article(id: reply.id)?.kind == .reply)
    }
}
