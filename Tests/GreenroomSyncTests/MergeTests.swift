import Foundation
import GRDB
import Testing
import GreenroomCore
@testable import GreenroomStore
@testable import GreenroomSync

@Suite struct MergeTests {
    func anyCreator(_ r: Replica) throws -> Creator {
        try #require(try r.store.read { db in try Creator.fetchOne(db, sql: "SELECT \(Creator.selectColumns) FROM creator WHERE deleted = 0 ORDER BY handle LIMIT 1") })
    }

    func outboxCount(_ r: Replica) throws -> Int {
        try r.store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox") ?? 0 }
    }

    @Test func anEditOnOneLaptopReachesTheOtherAndIsNotExportedAgain() throws {
        let a = try Replica("a", device: device(1)), b = try Replica("b", device: device(2))
        let c = try anyCreator(a)
        try a.store.apply(ChangeSet("edit", [.update(.creator, id: c.id, fields: ["followers": FieldValue(123_456), "notes": FieldValue("from a")])]), by: nil)
        try a.store.apply(ChangeSet("move", [.moveStage(creatorID: c.id, to: Stage.lost, reason: "went quiet")]), by: nil)
        let exported = try a.sync()
        #expect(exported.exported == 3 && exported.segmentsWritten == 1)
        #expect(try outboxCount(a) == 0)
        try carry(from: a.folder, to: b.folder)
        let imported = try b.sync()
        #expect(imported.filesRead == 1 && imported.applied == 3 && imported.skipped.isEmpty && imported.exported == 0)
        let onB = try #require(try b.store.creator(id: c.id))
        #expect(onB.followers == 123_456 && onB.notes == "from a" && onB.stage == Stage.lost)
        #expect(try outboxCount(b) == 0)
        // Derived data follows remote writes as it follows local ones.
        let entered = { (r: Replica) in try r.store.read { db in try Millis.fetchOne(db, sql: "SELECT stage_entered_at FROM creator WHERE id = ?", arguments: [c.id]) } }
        #expect(try entered(b) == entered(a))
        #expect(try a.snapshot() == b.snapshot())
        #expect(try b.store.syncStatus().peers.map(\.device) == [device(1)])
        #expect(try b.store.syncStatus().peers.first?.name == "a")
    }

    /// A sync rewrites each edited creator's search row once, before it commits: afterwards
    /// every search row equals one built from the creator afresh, and the new words are found.
    @Test func searchFollowsSyncedEditsOfNotesHandlesAndDeletions() throws {
        let a = try Replica("a", device: device(1)), b = try Replica("b", device: device(2))
        let picked = try a.store.read { db in
            try String.fetchAll(db, sql: "SELECT id FROM creator WHERE deleted = 0 ORDER BY handle LIMIT 4")
        }
        try a.store.apply(ChangeSet("one", [.update(.creator, id: picked[0], fields: ["notes": FieldValue("zebrafish first")])]), by: nil)
        try a.store.apply(ChangeSet("two", [.update(.creator, id: picked[0], fields: ["notes": FieldValue("quokka second")])]), by: nil)
        try a.store.apply(ChangeSet("handle", [.update(.creator, id: picked[1], fields: ["handle": FieldValue("@wombatking")])]), by: nil)
        try a.store.apply(ChangeSet("gone", [.update(.creator, id: picked[2], fields: ["deleted": FieldValue(1)])]), by: nil)
        // New creators (with tags) and tag changes are searchable after the sync too.
        let newcomer = Creator(id: UUIDv7.make(millis: pinnedNow), handle: "@axolotlqueen", displayName: "Newcomer Person", kind: .creator,
                               market: "US", language: "en", networkID: nil, ownerID: nil, stage: Stage.lead, source: .import,
                               followers: 10, createdAt: pinnedNow)
        try a.store.apply(ChangeSet("new", [.insertCreator(newcomer, tags: ["narwhaltag"])]), by: nil)
        try a.store.apply(ChangeSet("tag", [.tags(creatorID: picked[3], add: ["okapitag"], remove: [])]), by: nil)
        try a.sync()
        try carry(from: a.folder, to: b.folder)
        #expect(try b.sync().skipped.isEmpty)
        func count(_ words: [String]) throws -> Int { try b.store.rosterCount(filter: CreatorFilter(words: words), now: pinnedNow) }
        #expect(try count(["quokka"]) == 1 && count(["zebrafish"]) == 0 && count(["wombatking"]) == 1)
        #expect(try count(["axolotlqueen"]) == 1 && count(["narwhaltag"]) == 1 && count(["okapitag"]) == 1)
        try b.store.read { db in
            let search = try Row.fetchAll(db, sql: "SELECT rowid, handle, display_name, tags, notes FROM creator_fts ORDER BY rowid")
            let fresh = try Row.fetchAll(db, sql: Schema.ftsRowSelect + " WHERE c.deleted = 0 ORDER BY c.rowid")
            #expect(search.map { Array($0.databaseValues) } == fresh.map { Array($0.databaseValues) })
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM creator_search_dirty") == 0)
            #expect(try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM meta WHERE key = 'defer_creator_search')") == false)
        }
        // A local edit after the sync updates search at once again.
        try b.store.apply(ChangeSet("local", [.update(.creator, id: picked[0], fields: ["notes": FieldValue("platypus third")])]), by: nil)
        #expect(try count(["platypus"]) == 1 && count(["quokka"]) == 0)
        let local = Creator(id: UUIDv7.make(millis: pinnedNow + 1), handle: "@dugongduke", displayName: "Local Person", kind: .creator,
                            market: "US", language: "en", networkID: nil, ownerID: nil, stage: Stage.lead, source: .import,
                            followers: 10, createdAt: pinnedNow)
        try b.store.apply(ChangeSet("local new", [.insertCreator(local, tags: ["tapirtag"])]), by: nil)
        try b.store.apply(ChangeSet("local tag", [.tags(creatorID: picked[0], add: ["ibextag"], remove: [])]), by: nil)
        #expect(try count(["dugongduke"]) == 1 && count(["tapirtag"]) == 1 && count(["ibextag"]) == 1)
    }

    /// Edits of one row applied one at a time in a sync (a deletion and a restore, two
    /// renames) each see the stamp the one before wrote: no conflict is invented between
    /// writes of one laptop that follow each other.
    @Test func successiveEditsOfOneRowInOneSyncSeeEachOther() throws {
        let a = try Replica("a", device: device(1)), b = try Replica("b", device: device(2))
        let c = try anyCreator(a)
        for fields: [String: FieldValue] in [["deleted": FieldValue(1)], ["deleted": FieldValue(0)],
                                              ["handle": FieldValue("@renamed-once")], ["handle": FieldValue("@renamed-twice"), "notes": FieldValue("x")],
                                              ["notes": FieldValue("y")]] {
            try a.store.apply(ChangeSet("edit", [.update(.creator, id: c.id, fields: fields)]), by: nil)
        }
        try a.sync()
        try carry(from: a.folder, to: b.folder)
        let imported = try b.sync()
        #expect(imported.skipped.isEmpty && imported.conflicts == 0)
        #expect(try b.conflicts().isEmpty)
        let onB = try #require(try b.store.creator(id: c.id))
        #expect(onB.handle == "@renamed-twice" && onB.notes == "y")
        #expect(try a.snapshot() == b.snapshot())
    }

    /// A sync writes the open queue's search documents once per touched ticket at its end
    /// (v13): afterwards every document equals one built afresh, solved tickets are gone,
    /// new tickets and synced replies are found, and local writes update search at once again.
    @Test func openQueueSearchFollowsSyncedTicketChanges() throws {
        let a = try Replica("a", device: device(1)), b = try Replica("b", device: device(2))
        let open = try a.store.read { db in
            try String.fetchAll(db, sql: "SELECT t.id FROM ticket t WHERE \(Schema.openTicket) ORDER BY t.id LIMIT 3")
        }
        try #require(open.count == 3)
        let reply = TicketEvent(id: UUIDv7.make(millis: pinnedNow), ticketID: open[0], kind: .reply, at: pinnedNow, actor: .agent,
                                authorID: nil, isPublic: true, body: "the marmosetword batch is resent")
        try a.store.apply(ChangeSet("reply", [.ticketAction(reply, fields: ["status": FieldValue("pending")])]), by: nil)
        let solve = TicketEvent(id: UUIDv7.make(millis: pinnedNow + 1), ticketID: open[1], kind: .status, at: pinnedNow, actor: .agent,
                                authorID: nil, isPublic: false, toValue: "solved")
        try a.store.apply(ChangeSet("solve", [.ticketAction(solve, fields: ["status": FieldValue("solved")])]), by: nil)
        // Reopened and solved again within one sync: the end state counts.
        for (i, status) in ["open", "solved", "open"].enumerated() {
            let event = TicketEvent(id: UUIDv7.make(millis: pinnedNow + 2 + Millis(i)), ticketID: open[2], kind: .status, at: pinnedNow,
                                    actor: .agent, authorID: nil, isPublic: false, toValue: status)
            try a.store.apply(ChangeSet(status, [.ticketAction(event, fields: ["status": FieldValue(status)])]), by: nil)
        }
        let id = UUIDv7.make(millis: pinnedNow + 9)
        let fresh = Ticket(id: id, key: TicketKey.full(forID: id)!, subject: "capybaraword payout missing", body: "", requesterCreatorID: nil,
                           requesterNetworkID: nil, channel: .email, category: .other, priority: .normal, status: .new, tier: 1,
                           assigneeID: nil, createdAt: pinnedNow)
        try a.store.apply(ChangeSet("new", [.insertTicket(fresh, tags: [], events: [])]), by: nil)
        try a.sync()
        try carry(from: a.folder, to: b.folder)
        #expect(try b.sync().skipped.isEmpty)
        func documents(_ r: Replica) throws -> [[DatabaseValue]] {
            try r.store.read { db in
                try Row.fetchAll(db, sql: "SELECT rowid, text FROM ticket_open_fts ORDER BY rowid").map { Array($0.databaseValues) }
            }
        }
        func found(_ r: Replica, _ word: String) throws -> Int {
            try r.store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM ticket_open_fts WHERE ticket_open_fts MATCH ?", arguments: [word]) ?? 0 }
        }
        let rebuilt = try b.store.read { db in
            try Row.fetchAll(db, sql: "SELECT t.rowid, \(Schema.openTicketText) FROM ticket t WHERE \(Schema.openTicket) ORDER BY t.rowid")
                .map { Array($0.databaseValues) }
        }
        #expect(try documents(b) == rebuilt)
        try b.store.read { db in
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM ticket_search_dirty") == 0)
            #expect(try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM meta WHERE key = 'defer_ticket_search')") == false)
            let rowid = { (ticket: String) in try Int64.fetchOne(db, sql: "SELECT rowid FROM ticket WHERE id = ?", arguments: [ticket]) }
            let indexed = Set(try Int64.fetchAll(db, sql: "SELECT rowid FROM ticket_open_fts"))
            let solved = try #require(try rowid(open[1])), reopened = try #require(try rowid(open[2]))
            #expect(!indexed.contains(solved) && indexed.contains(reopened))
        }
        #expect(try found(b, "marmosetword") == 1 && found(b, "capybaraword") == 1)
        #expect(try documents(a) == documents(b))
        // Every ticket's document (the history's index, v20) is rewritten at the end too.
        func history(_ r: Replica, _ sql: String = "SELECT rowid, text FROM ticket_text_fts ORDER BY rowid") throws -> [[DatabaseValue]] {
            try r.store.read { db in try Row.fetchAll(db, sql: sql).map { Array($0.databaseValues) } }
        }
        let rebuiltHistory = try history(b, "SELECT t.rowid, \(Schema.ticketText) FROM ticket t WHERE t.deleted = 0 ORDER BY t.rowid")
        #expect(rebuiltHistory.count > 1)
        #expect(try history(b) == rebuiltHistory)
        #expect(try history(a) == history(b))
        // Outside a sync the triggers write search at once again.
        let later = TicketEvent(id: UUIDv7.make(millis: pinnedNow + 20), ticketID: open[0], kind: .status, at: pinnedNow, actor: .agent,
                                authorID: nil, isPublic: false, toValue: "solved")
        try b.store.apply(ChangeSet("solve", [.ticketAction(later, fields: ["status": FieldValue("solved")])]), by: nil)
        #expect(try found(b, "marmosetword") == 0)
        // Solved, it stays in the history's index.
        let inHistory = try b.store.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM ticket_text_fts WHERE ticket_text_fts MATCH 'marmosetword'") ?? 0
        }
        #expect(inHistory == 1)
    }

    /// Synced inserts bind their values straight into SQLite: empty text (not NULL), emoji,
    /// quotes and control characters arrive byte for byte, with the same storage types. Text
    /// with a NUL inside is refused at the local write (SQLite would keep it only up to the
    /// NUL), as sync refuses it from a peer.
    @Test func insertedRowsArriveByteForByte() throws {
        let a = try Replica("a", device: device(1)), b = try Replica("b", device: device(2))
        let hostile = "Zoë 🎉 \"quoted\" back\\slash\nnew line\u{1B}[31m"
        var c = Creator(id: UUIDv7.make(millis: pinnedNow), handle: "@nul\u{0}handle", displayName: hostile, kind: .creator,
                        market: "US", language: "en", networkID: nil, ownerID: nil, stage: Stage.lead, source: .import,
                        followers: 42, createdAt: pinnedNow)
        #expect(throws: GreenroomError.invalidInput("creator handle: contains a NUL character")) {
            try a.store.apply(ChangeSet("new", [.insertCreator(c, tags: [])]), by: nil)
        }
        c.handle = "@hostile.text"
        let note = Activity(id: UUIDv7.make(millis: pinnedNow), creatorID: c.id, kind: .note, authorID: nil, at: pinnedNow, summary: "")
        try a.store.apply(ChangeSet("new", [.insertCreator(c, tags: []), .insertActivity(note)]), by: nil)
        try a.sync()
        try carry(from: a.folder, to: b.folder)
        let imported = try b.sync()
        #expect(imported.skipped.isEmpty, "\(imported.skipped)")
        // A synced creator gets its statistics row (written at the end of the sync), as a
        // local one does.
        let withoutStats = try b.store.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM creator c WHERE NOT EXISTS (SELECT 1 FROM creator_stats s WHERE s.creator_id = c.id)")
        }
        #expect(withoutStats == 0)
        let sql = """
            SELECT hex(handle), hex(display_name), typeof(notes), followers, typeof(followers), hlc FROM creator WHERE id = ?1
            UNION ALL SELECT hex(summary), typeof(summary), typeof(author_id), at, typeof(at), hlc FROM activity WHERE id = ?2
            """
        let rows = { (r: Replica) in
            try r.store.read { db in try Row.fetchAll(db, sql: sql, arguments: [c.id, note.id]).map { Array($0.databaseValues) } }
        }
        let onA = try rows(a), onB = try rows(b)
        #expect(onA.count == 2)
        #expect(onA == onB)
        #expect(onB.last?[1] == "text".databaseValue) // an empty summary, not NULL
        let name = try #require(try b.store.creator(id: c.id)).displayName
        let nameOnA = try a.store.creator(id: c.id)?.displayName
        #expect(name == hostile && nameOnA == name)
    }

    @Test func theSameFolderSyncedTwiceAppliesNothingTheSecondTime() throws {
        let a = try Replica("a", device: device(1)), b = try Replica("b", device: device(2))
        let c = try anyCreator(a)
        try a.store.apply(ChangeSet("edit", [.update(.creator, id: c.id, fields: ["notes": FieldValue("x")])]), by: nil)
        try a.sync()
        try carry(from: a.folder, to: b.folder)
        #expect(try b.sync().applied == 1)
        let before = try b.snapshot()
        let again = try b.sync()
        #expect(again.filesRead == 0 && again.applied == 0 && again.operationsRead == 0)
        // Touched but unchanged (a checkout rewrites files): hashed, not applied again.
        for f in filesUnder(b.folder) where f.hasPrefix("ops/") {
            try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -3600)], ofItemAtPath: b.folder + "/" + f)
        }
        let touched = try b.sync()
        #expect(touched.filesRead == 0 && touched.applied == 0)
        #expect(try b.snapshot() == before)
    }

    @Test func concurrentEditsConvergeAndKeepTheLoserAsAConflict() throws {
        let a = try Replica("a", device: device(1)), b = try Replica("b", device: device(2))
        let c = try anyCreator(a)
        try a.store.apply(ChangeSet("a", [.update(.creator, id: c.id, fields: ["notes": FieldValue("from a"), "followers": FieldValue(1)])]), by: nil)
        try b.store.apply(ChangeSet("b", [.update(.creator, id: c.id, fields: ["notes": FieldValue("from b")])]), by: nil)
        try a.sync(); try b.sync()
        try carry(from: a.folder, to: b.folder); try carry(from: b.folder, to: a.folder)
        let onA = try a.sync(), onB = try b.sync()
        #expect(onA.conflicts == 1 && onB.conflicts == 1)
        let na = try #require(try a.store.creator(id: c.id)), nb = try #require(try b.store.creator(id: c.id))
        #expect(na.notes == nb.notes && na.followers == 1 && nb.followers == 1)
        #expect(try a.snapshot() == b.snapshot())
        // Both laptops list the same conflict: the value the data holds and the one that lost.
        let ca = try #require(try a.conflicts().first), cb = try #require(try b.conflicts().first)
        #expect(ca.field == "notes" && ca.label == c.handle && ca.entity == .creator)
        #expect(ca.current == cb.current && ca.lost == cb.lost && ca.lostHLC == cb.lostHLC && ca.current != ca.lost)
        #expect(Set([ca.current, ca.lost]) == [.text("from a"), .text("from b")])
        let lostOn: Replica = ca.lostDevice == device(1) ? a : b, other: Replica = lostOn === a ? b : a
        #expect(ca.lostDeviceName == (ca.lostDevice == device(1) ? nil : "b") || ca.lostDeviceName == (ca.lostDevice == device(2) ? nil : "a"))
        // Bringing the losing value back is a stamped write plus a synced decision.
        try lostOn.store.resolveConflict(id: (lostOn === a ? ca : cb).id, keep: .lost)
        #expect(try lostOn.conflicts().isEmpty)
        #expect(try outboxCount(lostOn) == 2)
        try a.sync(); try b.sync()
        try carry(from: a.folder, to: b.folder); try carry(from: b.folder, to: a.folder)
        try a.sync(); try b.sync()
        // The decision closed the conflict on the other laptop too, and its value won there.
        #expect(try other.conflicts().isEmpty)
        #expect(try a.store.creator(id: c.id)?.notes == ca.lost.text && b.store.creator(id: c.id)?.notes == ca.lost.text)
        #expect(try a.snapshot() == b.snapshot())
        // A second resolution of the same conflict, late, finds nothing to undo.
        #expect(throws: GreenroomError.self) { try other.store.resolveConflict(id: (other === a ? ca : cb).id, keep: .current) }
    }

    /// Issue 19, case 3: a conflict resolved on B ("keep current") closes on A at A's next
    /// sync, and A can no longer act on it to revert both laptops.
    @Test func aConflictResolvedOnOneLaptopClosesOnTheOther() throws {
        let a = try Replica("a", device: device(1)), b = try Replica("b", device: device(2))
        let c = try anyCreator(a)
        try a.store.apply(ChangeSet("a", [.update(.creator, id: c.id, fields: ["display_name": FieldValue("Name from A")])]), by: nil)
        try b.store.apply(ChangeSet("b", [.update(.creator, id: c.id, fields: ["display_name": FieldValue("Name from B")])]), by: nil)
        try a.sync(); try b.sync()
        try carry(from: a.folder, to: b.folder); try carry(from: b.folder, to: a.folder)
        try a.sync(); try b.sync()
        let onB = try #require(try b.conflicts().first)
        #expect(try a.conflicts().count == 1)
        try b.store.resolveConflict(id: onB.id, keep: .current)
        try b.sync(); try carry(from: b.folder, to: a.folder); try a.sync()
        #expect(try a.conflicts().isEmpty)
        #expect(try a.store.creator(id: c.id)?.displayName == onB.current.text)
        #expect(try a.snapshot() == b.snapshot())
    }

    @Test func aTombstoneWinsOverAnOlderEditAndLosesToANewerRestore() throws {
        let a = try Replica("a", device: device(1)), b = try Replica("b", device: device(2))
        let c = try anyCreator(a)
        try b.store.apply(ChangeSet("edit", [.update(.creator, id: c.id, fields: ["notes": FieldValue("still here")])]), by: nil)
        try a.store.apply(ChangeSet("delete", [.update(.creator, id: c.id, fields: ["deleted": FieldValue(true)])]), by: nil)
        try a.sync(); try b.sync()
        try carry(from: a.folder, to: b.folder); try carry(from: b.folder, to: a.folder)
        try a.sync(); try b.sync()
        #expect(try b.store.creator(id: c.id)?.deleted == true)
        #expect(try a.snapshot() == b.snapshot())
        // The delete travels as `"deleted":true`.
        let segments = filesUnder(a.folder).filter { $0.hasPrefix("ops/\(device(1))/") }
        let text = try segments.map { try String(contentsOfFile: a.folder + "/" + $0, encoding: .utf8) }.joined()
        #expect(text.contains(#""fields":{"deleted":true}"#))
        // A restore made later wins over the tombstone.
        try b.store.apply(ChangeSet("restore", [.update(.creator, id: c.id, fields: ["deleted": FieldValue(false)])]), by: nil)
        try b.sync(); try carry(from: b.folder, to: a.folder); try a.sync()
        #expect(try a.store.creator(id: c.id)?.deleted == false)
        #expect(try a.store.creator(id: c.id)?.notes == "still here")
    }

    @Test func aTicketEventBeforeItsTicketAndAnEditBeforeItsRowStillConverge() throws {
        let a = try Replica("a", device: device(1)), b = try Replica("b", device: device(2)), c = try Replica("c", device: device(3))
        let creator = try anyCreator(a)
        let id = UUIDv7.make(millis: pinnedNow)
        let ticket = Ticket(id: id, key: TicketKey.full(forID: id)!, subject: "Payout missing", body: "", requesterCreatorID: creator.id,
                            requesterNetworkID: nil, channel: .email, category: .rewardsPayout, priority: .high, status: .new, tier: 1,
                            assigneeID: nil, createdAt: pinnedNow - Time.hour)
        try a.store.apply(ChangeSet("new", [.insertTicket(ticket, tags: ["vip"], events: [])]), by: nil)
        try a.sync()
        try carry(from: a.folder, to: b.folder)
        try b.sync()
        let reply = TicketEvent(id: UUIDv7.make(millis: pinnedNow), ticketID: id, kind: .reply, at: pinnedNow - 30 * Time.minute,
                                actor: .agent, authorID: nil, isPublic: true, body: "On it")
        try b.store.apply(ChangeSet("reply", [.ticketAction(reply, fields: ["status": FieldValue("open")])]), by: nil)
        try b.sync()
        // C gets B's files first: the event and the status change arrive before the ticket.
        try carry(from: b.folder, to: c.folder, only: { $0.contains(device(2)) })
        // Both wait: the status change for its row, the event for the ticket it names.
        let early = try c.sync()
        #expect(early.waiting == 2 && early.skipped.isEmpty)
        #expect(try c.store.syncStatus().waitingForRows == 2)
        try carry(from: a.folder, to: c.folder)
        try c.sync()
        #expect(try c.store.syncStatus().waitingForRows == 0)
        #expect(try c.snapshot() == b.snapshot())
        let due = { (r: Replica) in try r.store.read { db in try Row.fetchOne(db, sql: "SELECT status, first_reply_at, sla_due_at FROM ticket WHERE id = ?", arguments: [id]) } }
        let onB = try #require(try due(b)), onC = try #require(try due(c))
        #expect(onC["status"] as String == "open")
        #expect(onC["first_reply_at"] as Millis? == onB["first_reply_at"] as Millis?)
        #expect(onC["sla_due_at"] as Millis? == onB["sla_due_at"] as Millis?)
    }

    @Test func incomingStampsAdvanceTheLocalClock() throws {
        let a = try Replica("a", device: device(1), clock: .fixed(pinnedNow + Time.hour))
        let b = try Replica("b", device: device(2))
        let c = try anyCreator(a)
        try a.store.apply(ChangeSet("a", [.update(.creator, id: c.id, fields: ["notes": FieldValue("ahead")])]), by: nil)
        try a.sync(); try carry(from: a.folder, to: b.folder); try b.sync()
        // B's clock is an hour behind, yet its next write must win over what it has seen.
        try b.store.apply(ChangeSet("b", [.update(.creator, id: c.id, fields: ["notes": FieldValue("later")])]), by: nil)
        #expect(b.store.latestStamp.physical >= pinnedNow + Time.hour)
        try b.sync(); try carry(from: b.folder, to: a.folder); try a.sync()
        #expect(try a.store.creator(id: c.id)?.notes == "later")
        #expect(try a.conflicts().isEmpty)
    }

    @Test func theSameHandleCreatedOnTwoLaptopsIsSettledTheSameWayOnBoth() throws {
        let a = try Replica("a", device: device(1)), b = try Replica("b", device: device(2))
        func make(_ r: Replica) throws -> Creator {
            let c = Creator(id: UUIDv7.make(millis: pinnedNow), handle: "@twin.shop", displayName: r.name, kind: .merchant, market: "US",
                            language: "en", networkID: nil, ownerID: nil, stage: Stage.lead, source: .inbound, followers: 1, createdAt: pinnedNow)
            return try r.store.createCreator(c)
        }
        let ca = try make(a), cb = try make(b)
        try a.sync(); try b.sync()
        try carry(from: a.folder, to: b.folder); try carry(from: b.folder, to: a.folder)
        let ra = try a.sync(), rb = try b.sync()
        #expect(ra.skipped.isEmpty && rb.skipped.isEmpty)
        #expect(ra.notices.count == 1 && rb.notices.count == 1)
        #expect(try a.snapshot() == b.snapshot())
        let keeper = min(ca.id, cb.id), renamed = max(ca.id, cb.id)
        #expect(try a.store.creator(id: keeper)?.handle == "@twin.shop")
        #expect(try a.store.creator(id: renamed)?.handle == "@twin.shop~" + renamed.suffix(6))
        #expect(try a.conflicts().map(\.field) == ["handle"])
        #expect(try a.conflicts().first?.lost == .text("@twin.shop") && b.conflicts().first?.lost == .text("@twin.shop"))
    }
}
