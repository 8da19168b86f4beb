import Foundation
import Testing
import GreenroomCore

extension EndToEnd {
/// Issue 19's five cases on the real binary: each reproduced as a new team would meet it,
/// with `greenroom sync` on databases sharing one folder.
@Suite(.enabled(if: Harness.tmuxAvailable, "tmux is not installed"))
struct SyncTrustEndToEndTests {
    func run(_ s: Sandbox, _ args: [String]) throws -> Harness.Result { try Harness.run(args, environment: s.environment) }

    func snapshot(_ s: Sandbox, db: String) throws -> [String: Data] {
        let out = s.path + "/snapshot-" + UUID().uuidString.prefix(8)
        #expect(try run(s, ["export", "--db", db, "--format", "json", "--out", out]).status == 0)
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: out) { files[name] = FileManager.default.contents(atPath: out + "/" + name) }
        try? FileManager.default.removeItem(atPath: out)
        return files
    }

    /// Creator ids of a database, in id order.
    func creatorIDs(_ s: Sandbox, db: String) throws -> [String] {
        let r = try run(s, ["creators", "list", "--db", db, "--format", "json", "--limit", "100000"])
        let rows = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]] ?? []
        return rows.compactMap { $0["id"] as? String }.sorted()
    }

    /// A segment a peer wrote, one operation per line (`ops/<device>/2026-11/…`).
    func writeSegment(_ folder: String, device: String, _ ops: [[String: Any]]) throws {
        let dir = folder + "/ops/\(device)/2026-11"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let lines = try ops.map { String(decoding: try JSONSerialization.data(withJSONObject: $0, options: [.sortedKeys]), as: UTF8.self) }
        try (lines.joined(separator: "\n") + "\n").write(toFile: dir + "/000001795167000000-000000-\(device)-0000abcd.jsonl", atomically: true, encoding: .utf8)
    }

    func stamp(_ n: Int, _ device: String) -> String {
        func pad(_ v: Int, _ width: Int) -> String { let t = String(v); return String(repeating: "0", count: width - t.count) + t }
        return pad(1_795_167_000_000 + n / 1000, 18) + "-" + pad(n % 1000, 6) + "-" + device
    }

    /// Case 1: one wrong-typed value used to lock every laptop out. Now each hostile value is
    /// a `path:line: field: reason`, quarantined; nothing else changes, and every read works.
    @Test func hostileValuesAreQuarantinedAndNothingElseChanges() throws {
        let s = Sandbox()
        try s.makeDemo(creators: 40, tickets: 20)
        let folder = s.path + "/shared"
        let ids = try creatorIDs(s, db: s.database)
        let before = try snapshot(s, db: s.database)
        let peer = "f00dfeedf00dfeed"
        let hostile: [(String, Any)] = [("followers", "not-a-number"), ("stage", "bogus"), ("created_at", "yesterday"), ("handle", ""),
                                        ("market", "ZZ"), ("owner_id", "0190aaaa-bbbb-7ccc-8ddd-eeeeffff0000"), ("deleted", "yes"),
                                        ("display_name", 12), ("notes", String(repeating: "x", count: 70 * 1024))]
        try writeSegment(folder, device: peer, hostile.enumerated().map { i, field in
            ["op": "set", "entity": "creator", "id": ids[i], "fields": [field.0: field.1], "hlc": stamp(i, peer), "prev": [String: String]()]
        })
        let sync = try run(s, ["sync", "--db", s.database, "--folder", folder])
        #expect(sync.status == 0, "\(sync.stderr)")
        for (field, reason) in [("followers", "must be a whole number"), ("created_at", "must be a time"), ("handle", "is not a handle"),
                                ("market", "is not an ISO country code"), ("deleted", "must be true or false"), ("display_name", "must be text"),
                                ("notes", "over the 64 KiB limit")] {
            #expect(sync.stdout.contains(": \(field): ") && sync.stdout.contains(reason), "\(field): \(sync.stdout)")
        }
        #expect(sync.stdout.contains("2 waiting for rows or stages not here yet"), "\(sync.stdout)")
        let status = try run(s, ["sync", "status", "--db", s.database])
        #expect(status.stdout.contains("waiting: ops/\(peer)/2026-11/") && status.stdout.contains("stage: \"bogus\" is not a stage of this team"))
        #expect(status.stdout.contains("owner_id: no member 0190aaaa-bbbb-7ccc-8ddd-eeeeffff0000 here yet"))
        // Reads work and the data is as it was, but for sync bookkeeping.
        #expect(try run(s, ["creators", "list", "--db", s.database]).status == 0)
        #expect(try run(s, ["doctor", "--db", s.database]).stdout.contains("integrity ok"))
        #expect(try snapshot(s, db: s.database) == before)
    }

    /// Case 2: a mass delete from one peer is held, said in one line, and can be refused
    /// (`--keep-deleted`: the records stay, by a synced restore) or accepted.
    @Test func aMassDeleteIsHeldUntilAcceptedOrRefused() throws {
        let s = Sandbox()
        try s.makeDemo(creators: 60, tickets: 10)
        let folder = s.path + "/shared"
        let ids = try creatorIDs(s, db: s.database)
        let peer = "dead0000beef0000"
        try writeSegment(folder, device: peer, ids.enumerated().map { i, id in
            ["op": "set", "entity": "creator", "id": id, "fields": ["deleted": true], "hlc": stamp(i, peer), "prev": [String: String]()]
        })
        let copy = s.path + "/copy.sqlite"
        try FileManager.default.copyItem(atPath: s.database, toPath: copy)
        let held = try run(s, ["sync", "--db", s.database, "--folder", folder])
        #expect(held.stdout.contains("Held: \(ids.count) creators from \(peer) would be deleted; none of those deletes was applied."), "\(held.stdout)")
        #expect(try creatorIDs(s, db: s.database) == ids)
        #expect(try run(s, ["sync", "status", "--db", s.database]).stdout.contains("held        \(ids.count) creators from \(peer)"))
        let wrong = try run(s, ["sync", "--db", s.database, "--accept-deletes", "nobody"])
        #expect(wrong.status == 2 && wrong.stderr.split(separator: "\n").count == 1 && wrong.stderr.contains("no held deletes from \"nobody\""))
        let kept = try run(s, ["sync", "--db", s.database, "--keep-deleted", "dead"])
        #expect(kept.stdout.contains("Kept: \(ids.count) records restored"), "\(kept.stdout)\(kept.stderr)")
        #expect(try creatorIDs(s, db: s.database) == ids)
        // The copy (another laptop) accepts; then the first laptop's restores reach it.
        _ = try run(s, ["sync", "--db", copy, "--folder", s.path + "/shared-copy"])
        try FileManager.default.copyItem(atPath: folder + "/ops/\(peer)", toPath: s.path + "/shared-copy/ops/\(peer)")
        _ = try run(s, ["sync", "--db", copy])
        let accepted = try run(s, ["sync", "--db", copy, "--accept-deletes", peer])
        #expect(accepted.stdout.contains("Accepted: \(ids.count) records deleted"), "\(accepted.stdout)\(accepted.stderr)")
        #expect(try creatorIDs(s, db: copy).isEmpty)
        #expect(try run(s, ["trash", "list", "--db", copy, "--kind", "creator", "--limit", "1000", "--format", "json"]).stdout.components(separatedBy: "\"kind\"").count - 1 == ids.count)
    }

    /// Case 3: a conflict resolved on B closes on A at A's next sync, with B's choice.
    @Test func aConflictResolvedOnBClosesOnA() throws {
        let s = Sandbox()
        try s.makeDemo(creators: 20, tickets: 5)
        let folder = s.path + "/shared"
        let a = s.path + "/a.sqlite", b = s.database
        try FileManager.default.copyItem(atPath: b, toPath: a) // A is set up by copying B's file
        for (db, name) in [(a, "From A"), (b, "From B")] {
            let csv = s.path + "/\(name).csv"
            try "handle,name\n@zoe.live,\(name)\n".write(toFile: csv, atomically: true, encoding: .utf8)
            #expect(try run(s, ["import", "--db", db, csv]).status == 0)
        }
        for db in [a, b, a, b] { _ = try run(s, ["sync", "--db", db, "--folder", folder]) }
        #expect(try run(s, ["sync", "status", "--db", a]).stdout.contains("conflicts   1 open"))
        // B resolves in the app: keep the current value, then S.
        try "sync_folder = \"\(folder)\"\n".write(toFile: s.path + "/config/greenroom/config.toml", atomically: true, encoding: .utf8)
        try s.start(["--db", b, "--as", "@ana"])
        try s.waitFor("1 conflict")
        try s.type(":conflicts")
        try s.send("Enter")
        try s.waitFor("Sync conflicts · 1 open")
        try s.type("<")
        try s.waitFor("No open conflicts")
        try s.type("S")
        try s.waitFor("Synced: ")
        try s.type("q")
        try s.waitFor("EXIT=0")
        let onA = try run(s, ["sync", "--db", a])
        #expect(onA.status == 0)
        #expect(try run(s, ["sync", "status", "--db", a]).stdout.contains("conflicts   0 open"))
        let names = try [a, b].map { db in try run(s, ["creators", "list", "--db", db, "--filter", "@zoe.live", "--format", "csv"]).stdout }
        #expect(names[0] == names[1])
    }

    /// Case 4: a copied database takes its own device id and both laptops keep exchanging.
    @Test func aCopiedDatabaseTakesItsOwnDeviceID() throws {
        let s = Sandbox()
        try s.makeDemo(creators: 20, tickets: 5)
        let folder = s.path + "/shared"
        let copy = s.path + "/copy.sqlite"
        try FileManager.default.copyItem(atPath: s.database, toPath: copy)
        #expect(try run(s, ["sync", "--db", s.database, "--folder", folder]).status == 0)
        let first = try run(s, ["sync", "--db", copy, "--folder", folder])
        #expect(first.stdout.contains("is a copy of the database of device") && first.stdout.contains("it now writes as device"), "\(first.stdout)")
        let device = { (db: String) in try run(s, ["sync", "status", "--db", db]).stdout.split(separator: "\n").first.map(String.init) ?? "" }
        #expect(try device(copy) != device(s.database))
        for (db, prefix) in [(s.database, "orig"), (copy, "copy")] {
            let csv = s.path + "/\(prefix).csv"
            try "handle,name,market\n@\(prefix).one,\(prefix.capitalized) One,US\n".write(toFile: csv, atomically: true, encoding: .utf8)
            #expect(try run(s, ["import", "--db", db, csv]).status == 0)
        }
        for db in [s.database, copy, s.database, copy] { _ = try run(s, ["sync", "--db", db]) }
        #expect(try snapshot(s, db: s.database) == snapshot(s, db: copy))
        #expect(try creatorIDs(s, db: copy).count == 22)
    }

    /// Case 5: the same tag added on two laptops at once is one tag.
    @Test func theSameTagAddedOnTwoLaptopsIsOneTag() throws {
        let s = Sandbox()
        try s.makeDemo(creators: 20, tickets: 5)
        let folder = s.path + "/shared"
        let b = s.path + "/b.sqlite"
        try FileManager.default.copyItem(atPath: s.database, toPath: b)
        for db in [s.database, b] {
            let csv = s.path + "/tags-\(UUID().uuidString.prefix(4)).csv"
            try "handle,tags\n@zoe.live,new\n".write(toFile: csv, atomically: true, encoding: .utf8)
            #expect(try run(s, ["import", "--db", db, csv]).status == 0)
        }
        for db in [s.database, b, s.database] { _ = try run(s, ["sync", "--db", db, "--folder", folder]) }
        for db in [s.database, b] {
            let csv = try run(s, ["export", "--db", db, "--format", "csv", "--out", s.path + "/out-\(UUID().uuidString.prefix(4))"])
            #expect(csv.status == 0)
        }
        let detail = try run(s, ["creators", "list", "--db", b, "--filter", "tag:new", "--format", "json"]).stdout
        #expect(detail.contains("@zoe.live"))
        #expect(try snapshot(s, db: s.database) == snapshot(s, db: b))
        let tags = try snapshot(s, db: b)["creator_tag.json"].map { String(decoding: $0, as: UTF8.self) } ?? ""
        #expect(tags.components(separatedBy: "\"tag\" : \"new\"").count - 1 == 1, "one live row for the tag")
    }

    /// `:trash` lists a creator deleted in the app, and `r` brings it back (undoable).
    @Test func aDeletedCreatorComesBackFromTheTrash() throws {
        let s = Sandbox()
        try s.makeDemo()
        try s.start(["--db", s.database, "--as", "@ana"])
        try s.waitFor("┏1 Roster 150")
        try s.type("/@zoe.live")
        try s.send("Enter")
        try s.waitFor("▶ @zoe.live")
        try s.type("d")
        try s.waitFor("Delete")
        try s.type("y")
        try s.waitFor("Roster 0 of 149")
        try s.type(":trash")
        try s.send("Enter")
        let trash = try s.waitFor("Trash · 1 deleted")
        #expect(trash.contains("creator") && trash.contains("@zoe.live") && trash.contains("this laptop"))
        try s.type("r")
        try s.waitFor("The trash is empty")
        try s.waitFor("Restored @zoe.live")
        try s.send("Escape")
        try s.waitFor("Roster 1 of 150")
        try s.type("q")
        try s.waitFor("EXIT=0")
    }

    /// After `S`, held deletes ask what to do: `k` keeps the records.
    @Test func heldDeletesAskInTheAppAndKKeepsTheRecords() throws {
        let s = Sandbox()
        try s.makeDemo(creators: 60, tickets: 10)
        let folder = s.path + "/shared"
        let ids = try creatorIDs(s, db: s.database)
        let peer = "cafe0000cafe0000"
        try writeSegment(folder, device: peer, ids.prefix(30).enumerated().map { i, id in
            ["op": "set", "entity": "creator", "id": id, "fields": ["deleted": true], "hlc": stamp(i, peer), "prev": [String: String]()]
        })
        try "sync_folder = \"\(folder)\"\n".write(toFile: s.path + "/config/greenroom/config.toml", atomically: true, encoding: .utf8)
        try s.start(["--db", s.database])
        try s.waitFor("┏1 Roster 60")
        try s.type("S")
        let asked = try s.waitFor("Sync held 30 creators from \(peer)")
        #expect(asked.contains("y: apply the deletes    k: keep the records    n / Esc: later"), "\(asked)")
        try s.type("k")
        try s.waitFor("Kept 30 records")
        try s.waitFor("┏1 Roster 60")
        try s.type("q")
        try s.waitFor("EXIT=0")
        #expect(try creatorIDs(s, db: s.database) == ids)
        #expect(try run(s, ["sync", "status", "--db", s.database]).stdout.contains("pending     30 local operations"))
    }
}
}
