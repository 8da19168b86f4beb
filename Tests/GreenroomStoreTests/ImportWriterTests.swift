import Foundation
import GRDB
import Testing
import GreenroomCore
@testable import GreenroomStore

/// The bulk writer must leave exactly what the ordinary write path leaves.
@Suite struct ImportWriterTests {
    @Test func bulkRowsCarryTheSameStampsOutboxSearchAndStatisticsAsOrdinaryWrites() throws {
        let r = try RosterFixture()
        let dir = TempDir()
        // Cached KPI values the new stage events and sessions make stale.
        _ = try r.store.kpiPanel(unit: .day, count: 14, now: pinnedNow)
        var lines = ["handle,name,market,tags,notes,created_at,stage"]
        for i in 0..<80 { lines.append("@bulk\(i),Bulk Person \(i),US,\"alpha,beta\",\"note \"\"\(i)\"\"\n\\ line\",2026-10-0\(1 + i % 9)T10:00:00Z,\(i % 2 == 0 ? "lead" : "activated")") }
        let creators = dir.file("c.csv")
        try (lines.joined(separator: "\n") + "\n").write(toFile: creators, atomically: true, encoding: .utf8)
        var sessionLines = ["handle,started_at,minutes,gifts"]
        for i in 0..<80 { sessionLines.append("@bulk\(i),2026-11-19T0\(i % 10):00:00Z,\(30 + i),\(i)") }
        let sessions = dir.file("s.csv")
        try (sessionLines.joined(separator: "\n") + "\n").write(toFile: sessions, atomically: true, encoding: .utf8)
        let report = try r.store.importFiles([creators, sessions], options: ImportOptions())
        #expect(report.errors.isEmpty && report.creatorsAdded == 80 && report.sessionsAdded == 80)
        try r.store.read { db in
            // Every outbox operation's fields are what JSONText writes for the stored row.
            let ops = try Row.fetchAll(db, sql: "SELECT hlc, entity, row_id, fields FROM outbox WHERE op = 'insert' ORDER BY seq")
            var checked: [String: Int] = [:]
            for op in ops {
                let entity: String = op["entity"]
                guard ["creator", "stage_event", "creator_tag", "live_session"].contains(entity) else { continue }
                let columns = Store.columns(of: Entity(rawValue: entity)!)
                guard let row = try Row.fetchOne(db, sql: "SELECT \((columns + ["hlc"]).joined(separator: ", ")) FROM \(entity) WHERE id = ?", arguments: [op["row_id"] as String]) else {
                    Issue.record("no \(entity) row for an outbox operation"); continue
                }
                var fields: [String: DatabaseValue] = [:]
                for c in columns.dropFirst() { fields[c] = row[c] }
                #expect(op["fields"] as String == JSONText.object(fields, booleans: JSONText.booleanColumns), "\(entity)")
                #expect(op["hlc"] as String == row["hlc"] as String)
                checked[entity, default: 0] += 1
            }
            #expect(checked["creator"] == 85 && checked["stage_event"] == 85 && checked["creator_tag"] == 4 + 160 && checked["live_session"] == 6 + 80) // the fixture's own six, written with insertStamped
            // Stamps are unique and increasing in outbox order, as one write after another makes them.
            let stamps = try String.fetchAll(db, sql: "SELECT hlc FROM outbox ORDER BY seq")
            #expect(stamps == stamps.sorted() && Set(stamps).count == stamps.count)
            // Derived data: stage entry time, statistics, search rows.
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM creator WHERE handle LIKE '@bulk%' AND stage_entered_at = created_at") == 80)
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM creator_stats s JOIN creator c ON c.id = s.creator_id WHERE c.handle LIKE '@bulk%' AND s.live_minutes_7d > 0") == 80)
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM creator_fts WHERE creator_fts MATCH 'display_name:bulk AND tags:beta'") == 80)
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM creator_search_dirty") == 0)
            #expect(try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'defer_creator_search'") == nil)
            // The clock was saved past every stamp.
            #expect(try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'hlc'") == stamps.last)
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM kpi_rollup WHERE kpi IN ('pipeline_conversion', 'live_hours')") == 0)
        }
        let bulk = try #require(try r.store.creator(handle: "@bulk7"))
        #expect(bulk.notes == "note \"7\"\n\\ line" && bulk.stage == "activated" && bulk.source == .import)
        #expect(try r.store.tags(ofCreator: bulk.id) == ["alpha", "beta"])
    }

    /// 6,000 creators into a roster of 5: the bulk path, which drops the creator, stage-event
    /// and tag tables' secondary indexes and insert triggers and builds them again.
    @Test func aBulkLoadLeavesTheSchemaSearchRowsAndOutboxAsTheRowByRowPathDoes() throws {
        let r = try RosterFixture()
        let dir = TempDir()
        _ = try r.store.kpiPanel(unit: .day, count: 14, now: pinnedNow)
        let schema = "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') ORDER BY type, name"
        let before = try r.store.read { db in try Row.fetchAll(db, sql: schema).map { "\($0)" } }
        let lastSeq = try r.store.read { db in try Int.fetchOne(db, sql: "SELECT MAX(seq) FROM outbox") ?? 0 }
        var text = "handle,name,market,tags\n"
        for i in 0..<6_000 { text += "@many\(i),Many \(i),US,\(i % 3 == 0 ? "gamma" : "")\n" }
        let path = dir.file("many.csv")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let report = try r.store.importFiles([path], options: ImportOptions())
        #expect(report.errors.isEmpty && report.creatorsAdded == 6_000)
        // Alone on the file, the load ran under a rollback journal, and the WAL is back.
        #expect(report.writeNotes == ["journal: rollback (sole writer)"])
        try r.store.read { db in
            #expect(try String.fetchOne(db, sql: "PRAGMA journal_mode") == "wal")
            #expect(try Row.fetchAll(db, sql: schema).map { "\($0)" } == before, "indexes and triggers are back as they were")
            #expect(try String.fetchAll(db, sql: "PRAGMA integrity_check") == ["ok"])
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM creator_fts WHERE creator_fts MATCH 'display_name:many'") == 6_000)
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM creator_fts WHERE creator_fts MATCH 'tags:gamma'") == 2_000)
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM creator_stats") == 6_005)
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM kpi_rollup WHERE kpi IN ('pipeline_conversion', 'new_activations')") == 0)
            let ops = try Row.fetchAll(db, sql: "SELECT entity, row_id, fields FROM outbox WHERE entity IN ('creator', 'stage_event', 'creator_tag') AND seq > ? ORDER BY seq", arguments: [lastSeq])
            #expect(ops.count == 6_000 + 6_000 + 2_000)
            for op in ops.prefix(300) {
                let entity: String = op["entity"]
                let columns = Store.columns(of: Entity(rawValue: entity)!)
                let row = try #require(try Row.fetchOne(db, sql: "SELECT \(columns.joined(separator: ", ")) FROM \(entity) WHERE id = ?", arguments: [op["row_id"] as String]))
                var fields: [String: DatabaseValue] = [:]
                for c in columns.dropFirst() { fields[c] = row[c] }
                #expect(op["fields"] as String == JSONText.object(fields, booleans: JSONText.booleanColumns))
            }
        }
        // Triggers work again after the load: an edit reaches the search index at once.
        let one = try #require(try r.store.creator(handle: "@many7"))
        try r.store.apply(ChangeSet("rename", [.update(.creator, id: one.id, fields: ["display_name": .text("Zephyrine")])]), by: nil)
        #expect(try r.store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM creator_fts WHERE creator_fts MATCH 'zephyrine'") } == 1)
    }

    /// The rollback journal is taken only when no other connection has the file open, and the
    /// WAL comes back whether the import committed or rolled back.
    @Test func aBulkImportKeepsTheWALWhileAnotherConnectionIsOpenAndRestoresItAfterARollback() throws {
        let r = try RosterFixture()
        let dir = TempDir()
        var text = "handle,name,market\n"
        for i in 0..<5_200 { text += "@peer\(i),Peer \(i),US\n" }
        let path = dir.file("peer.csv")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        // Another process's connection (the app, a sync): idle, but open and having read.
        let other = try DatabaseQueue(path: r.store.path)
        _ = try other.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM creator") }
        let report = try r.store.importFiles([path], options: ImportOptions())
        #expect(report.errors.isEmpty && report.creatorsAdded == 5_200)
        #expect(report.writeNotes.isEmpty, "the other connection keeps the file in WAL mode")
        #expect(try other.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM creator WHERE handle LIKE '@peer%'") } == 5_200)
        try other.close()
        // Alone again, a file that fails its check rolls back, and the WAL is back.
        let before = try r.store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox") }
        var bad = "handle,name,market\n"
        for i in 0..<5_200 { bad += "@late\(i),Late \(i),\(i == 5_100 ? "Atlantis" : "US")\n" }
        try bad.write(toFile: path, atomically: true, encoding: .utf8)
        let failed = try r.store.importFiles([path], options: ImportOptions())
        #expect(failed.errors.count == 1 && !failed.applied)
        try r.store.read { db throws -> Void in
            #expect(try String.fetchOne(db, sql: "PRAGMA journal_mode") == "wal")
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox") == before)
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM creator WHERE handle LIKE '@late%'") == 0)
        }
    }

    /// A creators-only import computes statistics for its new creators alone, as of the time
    /// the rest were computed: the table must equal a full recomputation at that time.
    @Test func aCreatorsOnlyImportsStatisticsEqualAFullRefreshAtTheSameTime() throws {
        let r = try RosterFixture()
        let dir = TempDir()
        let asOf = pinnedNow - 3 * Time.hour
        try r.store.refreshCreatorStats(now: asOf)
        // A LIVE already here for a creator the file brings (as when sessions sync first),
        // and one of each stage, so health takes every value.
        let orphan = "01900000-0000-7000-8000-0000000000aa"
        try r.store.write { db in
            try db.execute(sql: "INSERT INTO live_session (id, creator_id, started_at, minutes, peak_viewers, viewer_minutes, gifts, hlc) VALUES ('01900000-0000-7000-8000-0000000000ab', ?, ?, 95, 0, 0, 0, '0')",
                           arguments: [orphan, asOf - 7 * Time.day + Time.hour]) // inside the week before asOf, not the week before now
        }
        var lines = ["handle,market,stage,id"]
        for (i, stage) in ["lead", "activated", "established", "paused", "onboarding", "activated"].enumerated() {
            lines.append("@fresh\(i),US,\(stage),\(i == 1 ? orphan : "")")
        }
        let path = dir.file("c.csv")
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let report = try r.store.importFiles([path], options: ImportOptions())
        #expect(report.errors.isEmpty && report.creatorsAdded == 6)
        let stats = "SELECT creator_id, live_minutes_7d, live_minutes_prev_7d, active_days_30d, last_live_at, health FROM creator_stats ORDER BY creator_id"
        let afterImport = try r.store.read { db in try Row.fetchAll(db, sql: stats) }
        #expect(afterImport.count == 11)
        #expect(try r.store.read { db in try String.fetchOne(db, sql: "SELECT health FROM creator_stats WHERE creator_id = ?", arguments: [orphan]) } == "active")
        #expect(try r.store.creatorStatsAsOf() == asOf)
        try r.store.refreshCreatorStats(now: asOf)
        #expect(try r.store.read { db in try Row.fetchAll(db, sql: stats) } == afterImport)
    }

    /// Ids made for a bulk load are well-formed UUIDv7s of the given time, unique, in order.
    @Test func orderedIDsAreValidUniqueAndSorted() {
        let millis: Millis = 1_795_000_000_123
        let ids = ImportWriter.orderedIDs(20_000, millis: millis)
        #expect(ids.count == 20_000 && Set(ids).count == 20_000)
        #expect(zip(ids, ids.dropFirst()).allSatisfy { $0 < $1 })
        #expect(ids.allSatisfy { UUIDv7.isValid($0) && UUIDv7.millis(of: $0) == millis })
        // Random bits, not a counter: the gaps are uneven.
        #expect(Set(zip(ids, ids.dropFirst()).prefix(50).map { $0.0.suffix(4) + $0.1.suffix(4) }).count > 40)
    }

    /// The duplicate key's byte path for ASCII handles against the Unicode definition.
    @Test func theDuplicateKeyOfAnASCIIHandleIsTheUnicodeOne() {
        func reference(_ handle: String) -> String {
            String(String.UnicodeScalarView(handle.lowercased().unicodeScalars.filter { !"@._-".unicodeScalars.contains($0) }))
        }
        var rng = SeededGenerator(seed: 7)
        let alphabet = Array("abcXYZ09@._-~ !AzZa") + ["é", "İ", "ß", "直"]
        for _ in 0..<3_000 {
            let handle = String((0..<Int.random(in: 0...12, using: &rng)).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &rng)] })
            #expect(CreatorPlanner.duplicateKey(handle) == reference(handle), "\(handle)")
        }
    }

    @Test func outboxJSONIsWhatJSONTextWrites() throws {
        var samples = (0..<128).map { String(UnicodeScalar(UInt8($0))) }
        samples += ["", "plain", "é直播 🎥", "a/b\\c\"d", "\u{2028}\u{2029}\u{7F}", "\u{FEFF}bom", "tab\tand\nnew\r"]
        for text in samples {
            var json = OutboxJSON()
            json.begin()
            json.text("a_text", text); json.bool("deleted", true); json.int("n", -42); json.text("z", nil)
            json.end()
            let expected = JSONText.object(["a_text": .init(value: text), "deleted": 1.databaseValue, "n": (-42).databaseValue, "z": .null],
                                           booleans: JSONText.booleanColumns)
            #expect(String(decoding: json.bytes, as: UTF8.self) == expected, "\(text.unicodeScalars.map { $0.value })")
        }
    }

    @Test func fastTimesAgreeWithFoundation() {
        var rng = SeededGenerator(seed: 21)
        for _ in 0..<5_000 {
            let millis = Millis.random(in: 0...4_102_444_800_000, using: &rng) / (Bool.random(using: &rng) ? 1000 : 1) * (Bool.random(using: &rng) ? 1000 : 1)
            let text = FastTime.format(millis)
            #expect(text == Time.iso(millis))
            #expect(FastTime.parse(text) == Time.parseISO(text))
            #expect(FastTime.parse(text) == millis)
        }
        for odd in ["2026-02-29T10:00:00Z", "2026-13-01T00:00:00Z", "2026-11-20T09:30:00+01:00", "2026-11-20T24:00:00Z", " 2026-11-20T09:30:00Z"] {
            #expect(FastTime.parse(odd) == Time.parseISO(odd), "\(odd)")
        }
    }
}

private extension DatabaseValue {
    init(value: String) { self = value.databaseValue }
}
