import Foundation
import GRDB
import GreenroomCore

/// What `importSnapshot` restored.
public struct SnapshotReport: Sendable, Hashable {
    public var rowsByEntity: [String: Int]
    public var rows: Int { rowsByEntity.values.reduce(0, +) }
}

/// Snapshots: a whole database as one pretty, key-sorted JSON file per entity
/// (`greenroom export --format json --out DIR`), restored exactly by `greenroom import DIR`.
///
/// Each `<entity>.json` is an array of that table's rows ordered by id (`setting.json`: by
/// key), tombstones included. A row holds every synced column, its creation stamp `hlc`,
/// and — only when some field was written after creation — `stamps`, mapping each such
/// field to `{"hlc": …, "prev": …}` (its `field_stamp` row). Settings carry `prev` when
/// known. Derived columns, caches and local sync bookkeeping (outbox, conflicts, ingested
/// files) are not part of it: they are recomputed (derived data) or belong to one laptop.
/// Exporting, restoring into a fresh database and exporting again gives identical bytes.
extension Store {
    func exportSnapshot(_ db: Database, _ directory: String) throws -> [String] {
        var files: [String] = []
        for entity in Entity.allCases where entity != .setting {
            let columns = Store.columns(of: entity)
            try writeFile(directory, "\(entity.rawValue).json", &files) { out in
                let rows = try Row.fetchCursor(db, sql: "SELECT \((columns + ["hlc"]).joined(separator: ", ")) FROM \(entity.rawValue) ORDER BY id")
                // field_stamp's primary key is (entity, row_id, field): a merge join in id order.
                let stamps = try Row.fetchCursor(db, sql: "SELECT row_id, field, hlc, prev FROM field_stamp WHERE entity = ? ORDER BY row_id, field",
                                                 arguments: [entity.rawValue])
                var nextStamp = try stamps.next()
                try out.write(Data("[".utf8))
                var first = true
                while let r = try rows.next() {
                    let id: String = r["id"]
                    var object: [String: Any] = [:]
                    for c in columns + ["hlc"] { object[c] = JSONText.jsonValue(r[c] as DatabaseValue) }
                    var rowStamps: [String: Any] = [:]
                    while let s = nextStamp, (s["row_id"] as String) <= id {
                        if (s["row_id"] as String) == id {
                            var stamp: [String: Any] = ["hlc": s["hlc"] as String]
                            if let prev: String = s["prev"] { stamp["prev"] = prev }
                            rowStamps[s["field"]] = stamp
                        }
                        nextStamp = try stamps.next()
                    }
                    if !rowStamps.isEmpty { object["stamps"] = rowStamps }
                    let data = try JSONOutput.data(object)
                    let indented = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
                        .map { "  " + $0 }.joined(separator: "\n")
                    try out.write(Data(((first ? "\n" : ",\n") + indented).utf8))
                    first = false
                }
                try out.write(Data((first ? "]\n" : "\n]\n").utf8))
            }
        }
        try writeFile(directory, "setting.json", &files) { out in
            let rows = try Row.fetchAll(db, sql: "SELECT key, value, hlc, prev FROM setting ORDER BY key")
            let objects: [[String: Any]] = rows.map {
                var object: [String: Any] = ["key": $0["key"] as String, "value": $0["value"] as String, "hlc": $0["hlc"] as String]
                if let prev: String = $0["prev"] { object["prev"] = prev }
                return object
            }
            let data = try JSONOutput.data(objects)
            try out.write(data + Data("\n".utf8))
        }
        try writeFile(directory, "conflicts.json", &files) { out in
            try out.write(try JSONOutput.data(try Store.openConflictRows(db)) + Data("\n".utf8))
        }
        return files
    }

    /// The open conflicts as the snapshot keeps them (`conflicts.json`): what every replica
    /// that has seen the same writes agrees on — the field, the losing write's stamp and
    /// value, the current one's — without local detection times.
    static func openConflictRows(_ db: Database) throws -> [[String: Any]] {
        try Row.fetchAll(db, sql: """
            SELECT entity, row_id, field, lost_hlc, lost_value, kept_hlc, kept_value FROM field_conflict
            ORDER BY entity, row_id, field, lost_hlc
            """).map { row in
            var object: [String: Any] = [:]
            for (i, name) in ["entity", "row_id", "field", "lost_hlc", "lost_value", "kept_hlc", "kept_value"].enumerated() {
                object[name] = row[i] as String
            }
            return object
        }
    }

    /// Whether this database holds nothing but what every new database starts with.
    public func isEmptyForRestore() throws -> Bool {
        try read { db in try Store.isPristine(db) }
    }

    static func isPristine(_ db: Database) throws -> Bool {
        // Seeded defaults (settings, SLA policies, the built-in rules) carry the genesis stamp.
        let seeded: Set<Entity> = [.setting, .slaPolicy, .automationRule]
        for entity in Entity.allCases where !seeded.contains(entity) {
            if try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM \(entity.rawValue))") == true { return false }
        }
        let genesis = Store.genesis.encoded
        if try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM automation_rule WHERE hlc <> ?)", arguments: [genesis]) == true { return false }
        if try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM setting WHERE hlc <> ?)", arguments: [genesis]) == true { return false }
        if try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM sla_policy WHERE hlc <> ?)", arguments: [genesis]) == true { return false }
        if try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM field_stamp)") == true { return false }
        return try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM outbox)") != true
    }

    /// Restores a snapshot written by `export(format: .json, …)` into this database, which
    /// must be empty (a new database: nothing but the default settings). Every file is read
    /// and checked before anything is written; any problem is one line naming the file and
    /// row, and the database is left as it was. Derived data is recomputed, and the clock
    /// moves past every restored stamp so new local writes win over them.
    public func importSnapshot(from directory: String) throws -> SnapshotReport {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw GreenroomError.invalidInput("\(directory) is not a directory")
        }
        var tables: [(Entity, [[String: Any]])] = []
        for entity in Entity.allCases {
            let name = "\(entity.rawValue).json"
            let path = (directory as NSString).appendingPathComponent(name)
            // Snapshots written before campaigns existed (schema v7) have no campaign files,
            // nor those before issue 19 conflict decisions, nor those before issue 26 programs.
            let sinceV8: Set<Entity> = [.campaign, .campaignEnrolment, .campaignTier, .conflictDecision, .program, .programModule,
                                        .programEnrolment, .moduleCompletion, .workshop, .workshopInvite, .incentiveTask,
                                        .community, .communityMember, .resourceSend, .team, .teamMember, .shiftException,
                                        .automationRule, .ruleFiring, .qaReview, .coachingItem]
            if sinceV8.contains(entity), !FileManager.default.fileExists(atPath: path) {
                tables.append((entity, []))
                continue
            }
            guard let data = FileManager.default.contents(atPath: path) else {
                throw GreenroomError.invalidInput("\(directory) is not a Greenroom snapshot: \(name) is missing")
            }
            guard let array = (try? JSONSerialization.jsonObject(with: data)) as? [[String: Any]] else {
                throw GreenroomError.invalidInput("\(name): not a JSON array of objects")
            }
            try Store.validateSnapshotRows(array, entity: entity, file: name)
            tables.append((entity, array))
        }
        // Open conflicts come back as the losing writes they are (snapshots from before
        // issue 19 have none).
        var conflicts: [[String: Any]] = []
        let conflictsPath = (directory as NSString).appendingPathComponent("conflicts.json")
        if let data = FileManager.default.contents(atPath: conflictsPath) {
            guard let array = (try? JSONSerialization.jsonObject(with: data)) as? [[String: Any]] else {
                throw GreenroomError.invalidInput("conflicts.json: not a JSON array of objects")
            }
            for (i, c) in array.enumerated() {
                guard let e = c["entity"] as? String, Entity(rawValue: e) != nil, c["row_id"] is String, c["field"] is String,
                      (c["lost_hlc"] as? String).flatMap(HLC.init(encoded:)) != nil, c["lost_value"] is String else {
                    throw GreenroomError.invalidInput("conflicts.json row \(i + 1): needs entity, row_id, field, lost_hlc (a clock stamp) and lost_value")
                }
            }
            conflicts = array
        }
        return try write { db in
            guard try Store.isPristine(db) else {
                throw GreenroomError.invalidInput("\(path) is not empty; a snapshot restores only into a new database (use --db with a new file)")
            }
            try db.execute(sql: "DELETE FROM setting; DELETE FROM sla_policy")
            // A snapshot written before v25 has no rules: the built-ins seeded here stay.
            if FileManager.default.fileExists(atPath: (directory as NSString).appendingPathComponent("automation_rule.json")) {
                try db.execute(sql: "DELETE FROM automation_rule")
            }
            var counts: [String: Int] = [:]
            var latest = Store.genesis
            func see(_ text: String) { if let h = HLC(encoded: text), latest < h { latest = h } }
            for (entity, rows) in tables {
                let key = entity == .setting ? "key" : "id"
                let columns = Store.columns(of: entity)
                let all = columns + ["hlc"] + (entity == .setting ? ["prev"] : [])
                func insertSQL(_ names: [String]) -> String {
                    "INSERT INTO \(entity.rawValue) (\(names.joined(separator: ", "))) VALUES (\(Array(repeating: "?", count: names.count).joined(separator: ", ")))"
                }
                let insertAll = try db.makeStatement(sql: insertSQL(all))
                let stamp = try db.makeStatement(sql: "INSERT INTO field_stamp(entity, row_id, field, hlc, prev) VALUES (?, ?, ?, ?, ?)")
                for row in rows {
                    // A column a row lacks (a snapshot written before it existed: an article's
                    // kind) takes the column's default, as a peer's older insert does.
                    let named = all.allSatisfy { row[$0] != nil } ? all : all.filter { row[$0] != nil }
                    let insert = named.count == all.count ? insertAll : try db.cachedStatement(sql: insertSQL(named))
                    try insert.execute(arguments: StatementArguments(named.map { Store.databaseValue(row[$0]) }))
                    see(row["hlc"] as! String)
                    for (field, value) in (row["stamps"] as? [String: Any]) ?? [:] {
                        let s = value as! [String: Any]
                        try stamp.execute(arguments: [entity.rawValue, row[key] as! String, field, s["hlc"] as! String, s["prev"] as? String])
                        see(s["hlc"] as! String)
                    }
                }
                counts[entity.rawValue] = rows.count
            }
            try db.execute(sql: """
                UPDATE creator SET stage_entered_at = (
                    SELECT MAX(at) FROM stage_event e WHERE e.creator_id = creator.id AND +e.to_stage = creator.stage AND e.deleted = 0)
                """)
            let book = try Store.slaBook(db)
            for id in try String.fetchAll(db, sql: "SELECT id FROM ticket ORDER BY id") { try Derived.refreshTicket(db, ticketID: id, book: book) }
            for c in conflicts {
                try db.execute(sql: "INSERT OR IGNORE INTO field_write(entity, row_id, field, hlc, prev, value) VALUES (?, ?, ?, ?, NULL, ?)",
                               arguments: [c["entity"] as? String, c["row_id"] as? String, c["field"] as? String, c["lost_hlc"] as? String,
                                           FieldValue(jsonFragment: (c["lost_value"] as? String) ?? "null").databaseValue])
                if let entity = (c["entity"] as? String).flatMap(Entity.init(rawValue:)), let row = c["row_id"] as? String, let field = c["field"] as? String {
                    try ConflictBook.recompute(FieldKey(entity: entity, rowID: row, field: field), db, now: now)
                }
            }
            try db.execute(sql: "INSERT OR IGNORE INTO creator_stats(creator_id) SELECT id FROM creator")
            try Store.refreshCreatorStats(db, now: now)
            hlc.withLock { _ = $0.receive(latest, wallMillis: now) }
            try persistClock(db)
            return SnapshotReport(rowsByEntity: counts)
        }
    }

    /// Checks every row of one snapshot file before anything is written.
    static func validateSnapshotRows(_ rows: [[String: Any]], entity: Entity, file: String) throws {
        let columns = Store.columns(of: entity)
        let allowed = Set(columns + ["hlc"] + (entity == .setting ? ["prev"] : ["stamps"]))
        let fields = SyncOperation.fields(of: entity)
        var seen = Set<String>()
        for (i, row) in rows.enumerated() {
            let at = "\(file) row \(i + 1)"
            if let extra = row.keys.sorted().first(where: { !allowed.contains($0) }) {
                throw GreenroomError.invalidInput("\(at): unknown key \"\(TerminalText.sanitize(extra))\"")
            }
            guard let id = row[columns[0]] as? String, SyncOperation.isValidID(id, entity: entity) else {
                throw GreenroomError.invalidInput("\(at): missing or invalid \(columns[0])")
            }
            guard seen.insert(id).inserted else { throw GreenroomError.invalidInput("\(at): \(id) appears twice") }
            guard let stamp = row["hlc"] as? String, HLC(encoded: stamp) != nil else { throw GreenroomError.invalidInput("\(at): missing or invalid hlc") }
            if let prev = row["prev"], !(prev is NSNull), (prev as? String).flatMap(HLC.init(encoded:)) == nil {
                throw GreenroomError.invalidInput("\(at): invalid prev")
            }
            var values: [String: FieldValue] = [:]
            for (key, value) in row where key != "stamps" && key != "hlc" && key != "prev" {
                guard value is NSNull || value is String || isInteger(value) else {
                    throw GreenroomError.invalidInput("\(at): \(key) must be a string, an integer or null")
                }
                if key != columns[0] { values[key] = Store.fieldValue(Store.databaseValue(value)) }
            }
            // The same field rules as every write (a snapshot is a file from outside).
            if let problem = FieldRules.problem(entity: entity, fields: values, insert: true) {
                throw GreenroomError.invalidInput("\(at): \(TerminalText.sanitize(problem))")
            }
            if let stamps = row["stamps"] {
                guard let object = stamps as? [String: Any] else { throw GreenroomError.invalidInput("\(at): stamps must be an object") }
                for (field, value) in object {
                    guard fields.contains(field) else { throw GreenroomError.invalidInput("\(at): stamps names unknown field \"\(TerminalText.sanitize(field))\"") }
                    guard let s = value as? [String: Any], let h = s["hlc"] as? String, HLC(encoded: h) != nil,
                          s["prev"] == nil || (s["prev"] as? String).flatMap(HLC.init(encoded:)) != nil, Set(s.keys).isSubset(of: ["hlc", "prev"]) else {
                        throw GreenroomError.invalidInput("\(at): stamps of \(field) must be {\"hlc\": …, \"prev\": …} with clock stamps")
                    }
                }
            }
        }
    }

    private static func isInteger(_ value: Any) -> Bool {
        guard let n = value as? NSNumber else { return false }
        return Double(n.int64Value) == n.doubleValue
    }

    /// A value read from JSON, as the database stores it.
    static func databaseValue(_ value: Any?) -> DatabaseValue {
        switch value {
        case nil, is NSNull: return .null
        case let s as String: return s.databaseValue
        case let n as NSNumber: return n.int64Value.databaseValue
        default: return .null
        }
    }
}
