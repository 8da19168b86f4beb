import Foundation
import GRDB
import Testing
import GreenroomCore
@testable import GreenroomStore

@Suite struct ArticleTests {
    private func outboxCount(_ f: Fixture) throws -> Int {
        try f.store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox") ?? 0 }
    }

    @Test func creatingReadingUpdatingAndDeletingAnArticle() throws {
        let f = try Fixture()
        let saved = try f.store.saveArticle(ArticleDraft(title: "  Payout delay  ", body: "Hi {{creator.name}},\nit is on its way.\n\n",
                                                         isMacro: true, macroStatus: .pending, macroPriority: .high, macroTags: [" Payout ", "Top 100", "payout"]))
        #expect(UUIDv7.isValid(saved.id))
        #expect(saved.title == "Payout delay")
        #expect(saved.body == "Hi {{creator.name}},\nit is on its way.")
        #expect(saved.macroTags == ["payout", "top-100"])
        #expect(saved.updatedAt == pinnedNow)
        #expect(try f.store.article(id: saved.id) == saved)

        let insert = try f.store.read { db in try Row.fetchOne(db, sql: "SELECT op, entity, row_id FROM outbox ORDER BY seq DESC LIMIT 1") }
        #expect(insert?["op"] as String? == "insert")
        #expect(insert?["entity"] as String? == "article")
        #expect(insert?["row_id"] as String? == saved.id)

        var draft = ArticleDraft(saved)
        draft.macroPriority = nil
        draft.macroTags = ["payout"]
        let updated = try f.store.saveArticle(draft)
        #expect(updated.macroPriority == nil && updated.macroTags == ["payout"] && updated.title == "Payout delay")
        #expect(try f.store.article(id: saved.id) == updated)
        let set = try f.store.read { db in try Row.fetchOne(db, sql: "SELECT op, fields FROM outbox ORDER BY seq DESC LIMIT 1") }
        #expect(set?["op"] as String? == "set")
        #expect(set?["fields"] as String? == #"{"macro_priority":null,"macro_tags":"[\"payout\"]"}"#)

        // Saving the same thing again writes nothing.
        let before = try outboxCount(f)
        #expect(try f.store.saveArticle(ArticleDraft(updated)) == updated)
        #expect(try outboxCount(f) == before)

        try f.store.deleteArticle(id: saved.id)
        #expect(try f.store.article(id: saved.id) == nil)
        let deleted = try f.store.read { db in try Bool.fetchOne(db, sql: "SELECT deleted FROM article WHERE id = ?", arguments: [saved.id]) }
        #expect(deleted == true)
        #expect(throws: GreenroomError.invalidInput("that article no longer exists")) { try f.store.deleteArticle(id: saved.id) }
        #expect(throws: GreenroomError.invalidInput("that article no longer exists")) { try f.store.saveArticle(ArticleDraft(updated)) }
    }

    @Test func updatesGetTheirOwnStampsAndANewUpdatedAt() throws {
        let f = try Fixture()
        let saved = try f.store.saveArticle(ArticleDraft(title: "Welcome", body: "Hello"))
        let later = try Store.open(at: f.store.path, clock: .fixed(pinnedNow + Time.hour))
        var draft = ArticleDraft(saved)
        draft.body = "Hello there"
        let updated = try later.saveArticle(draft)
        #expect(updated.updatedAt == pinnedNow + Time.hour)
        let stamped = try later.read { db in
            try String.fetchAll(db, sql: "SELECT field FROM field_stamp WHERE entity = 'article' AND row_id = ? ORDER BY field", arguments: [saved.id])
        }
        #expect(stamped == ["body", "updated_at"])
        #expect(try f.store.article(id: saved.id)?.body == "Hello there")
    }

    @Test func invalidDraftsAreRefusedWithOneLineAndNothingWritten() throws {
        let f = try Fixture()
        _ = try f.store.saveArticle(ArticleDraft(title: "Payout delay", body: "Soon."))
        let before = try outboxCount(f)
        let cases: [(ArticleDraft, String)] = [
            (ArticleDraft(title: "   ", body: "x"), "an article needs a title"),
            (ArticleDraft(title: String(repeating: "t", count: 121), body: "x"), "a title can be at most 120 characters (this one has 121)"),
            (ArticleDraft(title: "Two\nlines", body: "x"), "the title must be one line of plain text (no control characters)"),
            (ArticleDraft(title: "a\u{1B}[2Jb", body: "x"), "the title must be one line of plain text (no control characters)"),
            (ArticleDraft(title: "Empty", body: " \n\t "), "an article needs a body"),
            (ArticleDraft(title: "PAYOUT DELAY", body: "x"), "an article titled \"PAYOUT DELAY\" already exists"),
            (ArticleDraft(title: "Plain", body: "x", macroStatus: .pending), "only a macro can set a status; this article is not a macro"),
            (ArticleDraft(title: "Plain", body: "x", macroPriority: .low, macroTags: ["a"]),
             "only a macro can set a priority or tags; this article is not a macro"),
            (ArticleDraft(title: "Macro", body: "x", isMacro: true, macroTags: ["ok", "  "]), "a tag cannot be empty"),
        ]
        for (draft, message) in cases {
            #expect(throws: GreenroomError.invalidInput(message)) { try f.store.saveArticle(draft) }
        }
        #expect(try outboxCount(f) == before)
        // 120 characters (after trimming) is fine; so is a title another article had before it was deleted.
        _ = try f.store.saveArticle(ArticleDraft(title: " " + String(repeating: "é", count: 120) + " ", body: "x"))
        let old = try f.store.article(ref: "payout delay")
        try f.store.deleteArticle(id: old.id)
        let again = try f.store.saveArticle(ArticleDraft(title: "Payout Delay", body: "Again."))
        #expect(again.id != old.id)
    }

    @Test func renamingToAnotherArticlesTitleIsRefusedButChangingCaseIsNot() throws {
        let f = try Fixture()
        let a = try f.store.saveArticle(ArticleDraft(title: "Refunds", body: "x"))
        _ = try f.store.saveArticle(ArticleDraft(title: "Payouts", body: "y"))
        var draft = ArticleDraft(a)
        draft.title = "payouts"
        #expect(throws: GreenroomError.invalidInput("an article titled \"payouts\" already exists")) { try f.store.saveArticle(draft) }
        draft.title = "REFUNDS"
        #expect(try f.store.saveArticle(draft).title == "REFUNDS")
    }

    @Test func searchRanksTitlePrefixThenTitleThenBodyAndSkipsTombstones() throws {
        let f = try Fixture()
        for (title, body) in [("Zebra payout FAQ", "about payouts"), ("Account access", "reset your payout email"),
                              ("Payout schedule", "monthly"), ("payout delay", "late"), ("Appeals", "nothing here"),
                              ("Banned words", "no"), ("Old payout note", "gone")] {
            _ = try f.store.saveArticle(ArticleDraft(title: title, body: body))
        }
        try f.store.deleteArticle(id: try f.store.article(ref: "old payout").id)
        #expect(try f.store.articles(search: "PAYOUT").map(\.title) == ["payout delay", "Payout schedule", "Zebra payout FAQ", "Account access"])
        #expect(try f.store.articles().map(\.title) == ["Account access", "Appeals", "Banned words", "payout delay", "Payout schedule", "Zebra payout FAQ"])
        #expect(try f.store.articles(search: "payout", limit: 2).map(\.title) == ["payout delay", "Payout schedule"])
        #expect(try f.store.articles(limit: 0).isEmpty)
        #expect(try f.store.articles(search: "  nothing  ").map(\.title) == ["Appeals"])
        #expect(try f.store.articles(search: "gone").isEmpty)
    }

    @Test func searchTreatsWildcardsLiterallyAndCanListOnlyMacros() throws {
        let f = try Fixture()
        _ = try f.store.saveArticle(ArticleDraft(title: "100% refund", body: "x"))
        _ = try f.store.saveArticle(ArticleDraft(title: "1000 gifts", body: "under_score"))
        _ = try f.store.saveArticle(ArticleDraft(title: "Escalate", body: "to tier 2", isMacro: true, macroStatus: .onHold))
        #expect(try f.store.articles(search: "100%").map(\.title) == ["100% refund"])
        #expect(try f.store.articles(search: "under_").map(\.title) == ["1000 gifts"])
        #expect(try f.store.articles(search: "0_g").isEmpty)
        #expect(try f.store.articles(search: "\\").isEmpty)
        #expect(try f.store.articles(macrosOnly: true).map(\.title) == ["Escalate"])
        #expect(try f.store.articles(search: "refund", macrosOnly: true).isEmpty)
    }

    @Test func aReferenceIsAnIDAnExactTitleOrAUniquePrefix() throws {
        let f = try Fixture()
        let pay = try f.store.saveArticle(ArticleDraft(title: "Payout", body: "x"))
        let delay = try f.store.saveArticle(ArticleDraft(title: "Payout delay", body: "x"))
        _ = try f.store.saveArticle(ArticleDraft(title: "Payout schedule", body: "x"))
        #expect(try f.store.article(ref: delay.id) == delay)
        #expect(try f.store.article(ref: delay.id.uppercased()) == delay)
        #expect(try f.store.article(ref: "payout") == pay)
        #expect(try f.store.article(ref: " payout d ") == delay)
        #expect(throws: GreenroomError.invalidInput("\"pay\" matches 3 articles (\"Payout\", \"Payout delay\", \"Payout schedule\"); type more of the title")) {
            try f.store.article(ref: "pay")
        }
        #expect(throws: GreenroomError.invalidInput("no article matches \"refund\"")) { try f.store.article(ref: "refund") }
        #expect(throws: GreenroomError.invalidInput("name an article by its id or the start of its title")) { try f.store.article(ref: "  ") }
    }

    @Test func turningAMacroIntoAnArticleNeedsItsEffectCleared() throws {
        let f = try Fixture()
        let macro = try f.store.saveArticle(ArticleDraft(title: "Escalate", body: "x", isMacro: true, macroStatus: .pending))
        var draft = ArticleDraft(macro)
        draft.isMacro = false
        #expect(throws: GreenroomError.invalidInput("only a macro can set a status; this article is not a macro")) { try f.store.saveArticle(draft) }
        draft.macroStatus = nil
        let plain = try f.store.saveArticle(draft)
        #expect(!plain.isMacro && plain.macroStatus == nil)
        #expect(MacroEffect(plain).isEmpty)
    }
}
