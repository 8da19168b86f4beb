import Foundation
import Testing
import GreenroomCore
@testable import GreenroomStore

/// Reply drafts are local rows: saved, replaced, deleted, kept across a reopen, never synced.
@Suite struct ReplyDraftStoreTests {
    @Test func draftsAreSavedReplacedDeletedAndSurviveAReopen() throws {
        let dir = TempDir()
        let path = dir.file("drafts.sqlite")
        var store: Store? = try Store.open(at: path, clock: .fixed(pinnedNow))
        let reply = ReplyDraftKey(ticketID: "t1", isPublic: true), note = ReplyDraftKey(ticketID: "t1", isPublic: false)
        try store!.saveReplyDrafts([ReplyDraft(key: reply, body: "Hello", savedAt: pinnedNow)], deleting: [])
        try store!.saveReplyDrafts([ReplyDraft(key: reply, body: "Hello Mila", savedAt: pinnedNow + 1),
                                    ReplyDraft(key: note, body: "ask finance", savedAt: pinnedNow + 1)], deleting: [])
        #expect(try store!.replyDrafts().map(\.body) == ["ask finance", "Hello Mila"])
        try store!.saveReplyDrafts([], deleting: [note])
        #expect(try store!.outboxEntries(after: 0, limit: 10).isEmpty)   // nothing to sync
        try store!.close()
        store = nil
        let reopened = try Store.open(at: path, clock: .fixed(pinnedNow))
        #expect(try reopened.replyDrafts() == [ReplyDraft(key: reply, body: "Hello Mila", savedAt: pinnedNow + 1)])
        #expect(try reopened.appliedMigrations().contains("v17-reply-drafts"))
    }
}
