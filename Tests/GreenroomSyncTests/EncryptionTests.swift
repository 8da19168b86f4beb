import Foundation
import GRDB
import Testing
import GreenroomCore
@testable import GreenroomStore
@testable import GreenroomSync

/// Issue 27: an encrypted sync folder.
@Suite struct TeamKeyTests {
    @Test func aPhraseRoundTripsAndCatchesTypos() throws {
        let key = TeamKey.generate()
        #expect(key.phrase.hasPrefix("grk1-") && key.phrase.count == 5 + 55 + 10)
        #expect(try TeamKey(phrase: key.phrase) == key)
        // Case, spaces and Crockford's look-alikes do not matter.
        #expect(try TeamKey(phrase: "  " + key.phrase.lowercased().replacingOccurrences(of: "0", with: "o") + "\n") == key)
        var chars = Array(key.phrase)
        let i = chars.count - 3
        chars[i] = chars[i] == "A" ? "B" : "A"
        #expect(throws: GreenroomError.invalidInput("the team key phrase does not check out (a typo?); copy it again")) { try TeamKey(phrase: String(chars)) }
        #expect(throws: GreenroomError.self) { try TeamKey(phrase: String(key.phrase.dropLast(5))) }
        #expect(throws: GreenroomError.self) { try TeamKey(phrase: "hello") }
        #expect(key.id.count == 16 && key.id != TeamKey.generate().id)
    }

    @Test func aSealedFileOpensOnlyWithItsKeyAtItsPath() throws {
        let key = TeamKey.generate(), other = TeamKey.generate()
        let text = Data("{\"notes\":\"very private\"}\n".utf8)
        let sealed = try SealedFile.seal(text, key: key, path: "ops/a/2026-11/x.grs")
        #expect(SealedFile.isSealed(sealed) && SealedFile.keyID(of: sealed) == key.id)
        #expect(sealed.range(of: Data("private".utf8)) == nil)
        #expect(try SealedFile.open(sealed, keys: [key.id: key], path: "ops/a/2026-11/x.grs") == text)
        // Random salt and nonce: sealing the same bytes twice gives different files.
        #expect(try SealedFile.seal(text, key: key, path: "ops/a/2026-11/x.grs") != sealed)
        #expect(throws: SealedFile.OpenError.unknownKey(key.id)) { try SealedFile.open(sealed, keys: [other.id: other], path: "ops/a/2026-11/x.grs") }
        #expect(throws: SealedFile.OpenError.damaged) { try SealedFile.open(sealed, keys: [key.id: key], path: "ops/b/2026-11/x.grs") }
        var flipped = sealed
        flipped[flipped.count - 20] ^= 0x01
        #expect(throws: SealedFile.OpenError.damaged) { try SealedFile.open(flipped, keys: [key.id: key], path: "ops/a/2026-11/x.grs") }
        // Names: the same content, the same name; nothing of the content in it.
        #expect(SealedFile.name(for: text, key: key) == SealedFile.name(for: text, key: key))
        #expect(SealedFile.name(for: text, key: key) != SealedFile.name(for: text, key: other))
        #expect(SyncFolder.kind(ofFileNamed: SealedFile.name(for: text, key: key)) == .segment)
    }
}

@Suite struct EncryptedFolderTests {
    /// A and B hold the team key; A encrypts the folder.
    func team() throws -> (a: Replica, b: Replica, key: TeamKey) {
        let a = try Replica("a", device: device(1)), b = try Replica("b", device: device(2))
        let key = TeamKey.generate()
        for r in [a, b] { try r.store.addTeamKey(id: key.id, bytes: key.bytes, current: true) }
        let syncer = Syncer(store: a.store, folder: a.folder, deviceName: "a")
        try syncer.prepareFolder()
        try syncer.markEncrypted(with: key)
        try FileManager.default.removeItem(atPath: b.folder)
        try FileManager.default.copyItem(atPath: a.folder, toPath: b.folder)
        return (a, b, key)
    }

    func edit(_ r: Replica, notes: String) throws -> String {
        let c = try #require(try r.store.read { db in try String.fetchOne(db, sql: "SELECT id FROM creator ORDER BY id LIMIT 1") })
        try r.store.apply(ChangeSet("e", [.update(.creator, id: c, fields: ["notes": FieldValue(notes)])]), by: nil)
        return c
    }

    /// Everything in the folder's files, as bytes.
    func folderBytes(_ r: Replica) throws -> Data {
        try filesUnder(r.folder).reduce(into: Data()) { $0.append(try Data(contentsOf: URL(fileURLWithPath: r.folder + "/" + $1))) }
    }

    @Test func anEncryptedFolderCarriesEditsAndShowsNothingButDevicesAndMonths() throws {
        let (a, b, _) = try team()
        let c = try edit(a, notes: "the secret plan for 11.11")
        try a.sync()
        let names = filesUnder(a.folder)
        #expect(names.allSatisfy { $0 == "FORMAT.json" || $0.hasSuffix(".grs") }, "\(names)")
        for name in names where name.hasPrefix("ops/") {
            let parts = name.split(separator: "/")
            #expect(parts.count == 4 && parts[1] == device(1) && SyncFolder.isMonth(String(parts[2])) && SyncFolder.isSealedSegmentName(String(parts[3])))
        }
        #expect(try folderBytes(a).range(of: Data("secret plan".utf8)) == nil)
        #expect(try folderBytes(a).range(of: Data(c.utf8)) == nil, "row ids stay inside the seal")
        try carry(from: a.folder, to: b.folder)
        let summary = try b.sync()
        #expect(summary.skipped.isEmpty && summary.applied == 1, "\(summary.skipped)")
        #expect(try b.store.creator(id: c)?.notes == "the secret plan for 11.11")
        #expect(try b.store.syncPeers().first?.name == "a", "the sealed device file opens")
        try carry(from: b.folder, to: a.folder)
        try a.sync(); try b.sync()
        #expect(try a.snapshot() == b.snapshot())
    }

    @Test func aLaptopWithoutTheKeyOrWithAnotherSaysSoAndChangesNothing() throws {
        let (a, _, _) = try team()
        _ = try edit(a, notes: "sealed")
        try a.sync()
        let c = try Replica("c", device: device(3))
        try FileManager.default.removeItem(atPath: c.folder)
        try FileManager.default.copyItem(atPath: a.folder, toPath: c.folder)
        let before = try c.snapshot(), files = filesUnder(c.folder)
        _ = try edit(c, notes: "local, waiting")
        do {
            _ = try c.sync()
            Issue.record("synced without the key")
        } catch let error as GreenroomError {
            #expect(error.description.contains("is encrypted (team key") && error.description.hasSuffix("nothing was changed"))
        }
        let stranger = TeamKey.generate()
        try c.store.addTeamKey(id: stranger.id, bytes: stranger.bytes, current: true)
        #expect(throws: GreenroomError.self) { try c.sync() }
        #expect(filesUnder(c.folder) == files)
        #expect(try c.store.syncStatus().pendingOperations == 1 && c.store.syncStatus().lastSyncAt == nil)
        _ = before
    }

    @Test func aRotatedKeySealsNewFilesThatARemovedMemberCannotOpen() throws {
        let (a, b, old) = try team()
        let removed = try Replica("removed", device: device(4))
        try removed.store.addTeamKey(id: old.id, bytes: old.bytes, current: true)
        _ = try edit(a, notes: "before rotation")
        try a.sync()
        // A rotates; B is given the new key; the member who left is not.
        let new = TeamKey.generate()
        try a.store.addTeamKey(id: new.id, bytes: new.bytes, current: true)
        try Syncer(store: a.store, folder: a.folder, deviceName: "a").markEncrypted(with: new)
        let c = try edit(a, notes: "after rotation")
        try a.sync()
        try b.store.addTeamKey(id: new.id, bytes: new.bytes, current: true)
        try carry(from: a.folder, to: b.folder)
        try FileManager.default.removeItem(atPath: b.folder + "/FORMAT.json")
        try FileManager.default.copyItem(atPath: a.folder + "/FORMAT.json", toPath: b.folder + "/FORMAT.json")
        #expect(try b.sync().skipped.isEmpty)
        #expect(try b.store.creator(id: c)?.notes == "after rotation")
        // The removed member's copy of the folder: refused as a whole, in one line.
        try FileManager.default.removeItem(atPath: removed.folder)
        try FileManager.default.copyItem(atPath: a.folder, toPath: removed.folder)
        do {
            _ = try removed.sync()
            Issue.record("the removed member synced")
        } catch let error as GreenroomError {
            #expect(error.description.contains("rotated") && error.description.contains(new.id))
        }
        // And the new segment does not open with the old key, even read directly.
        let newest = try #require(filesUnder(a.folder).filter { $0.hasPrefix("ops/") }.first { name in
            (try? Data(contentsOf: URL(fileURLWithPath: a.folder + "/" + name))).flatMap(SealedFile.keyID) == new.id
        })
        let bytes = try Data(contentsOf: URL(fileURLWithPath: a.folder + "/" + newest))
        #expect(throws: SealedFile.OpenError.unknownKey(new.id)) { try SealedFile.open(bytes, keys: [old.id: old], path: newest) }
    }

    @Test func encryptingAPlainFolderSealsEachLaptopsOwnSegments() throws {
        let a = try Replica("a", device: device(1)), b = try Replica("b", device: device(2))
        _ = try edit(a, notes: "written while plain")
        try a.sync()
        #expect(filesUnder(a.folder).contains { $0.hasSuffix(".jsonl") })
        let key = TeamKey.generate()
        for r in [a, b] { try r.store.addTeamKey(id: key.id, bytes: key.bytes, current: true) }
        let syncer = Syncer(store: a.store, folder: a.folder, deviceName: "a")
        try syncer.markEncrypted(with: key)
        let summary = try a.sync()
        #expect(summary.notices.contains { $0.hasPrefix("sealed 1 of this laptop's earlier segment") }, "\(summary.notices)")
        #expect(!filesUnder(a.folder).contains { $0.hasSuffix(".jsonl") || $0.hasSuffix(".json") && $0 != "FORMAT.json" })
        try carry(from: a.folder, to: b.folder)
        try FileManager.default.removeItem(atPath: b.folder + "/FORMAT.json")
        try FileManager.default.copyItem(atPath: a.folder + "/FORMAT.json", toPath: b.folder + "/FORMAT.json")
        #expect(try b.sync().skipped.isEmpty)
        #expect(try a.snapshot() == b.snapshot())
    }

    @Test func aTamperedOrMovedSealedFileIsReportedAndSkipped() throws {
        let (a, b, _) = try team()
        _ = try edit(a, notes: "genuine")
        try a.sync()
        let segment = try #require(filesUnder(a.folder).first { $0.hasPrefix("ops/") })
        var bytes = try Data(contentsOf: URL(fileURLWithPath: a.folder + "/" + segment))
        bytes[bytes.count - 1] ^= 0xFF
        try writeFile(b.folder + "/" + segment, "")
        try bytes.write(to: URL(fileURLWithPath: b.folder + "/" + segment))
        let summary = try b.sync()
        #expect(summary.skipped.map(\.description) == ["\(segment): sealed but does not open (damaged, renamed or tampered with); skipped, will retry"])
        #expect(summary.applied == 0)
    }
}
