import Foundation
import GreenroomCore
import GreenroomStore

/// `greenroom bench --import`: the CSV budgets of DESIGN.md §8 on their own data, with the
/// peers the issue compares against, measured in the same run:
/// - a demo dataset of `creators` creators, twice as many live sessions and 1,000 tickets;
/// - `export --format csv` of it (rows/s over creators, sessions and tickets) and the JSON
///   snapshot (rows/s over every entity's rows);
/// - `import creators.csv` into a new, empty database (`--create-missing`, so the team comes
///   along), then `live_sessions.csv` into it: rows/s each, every validation, stamp, outbox
///   operation and search row included;
/// - `sqlite3 .import` of the same creators file into a bare table (the floor: no checks,
///   no indexes) and, where `vd` is installed, VisiData saving it as SQLite — each as a
///   ratio to Greenroom's time.
/// Everything lives in a temporary directory removed afterwards.
struct ImportBench {
    var creators: Int
    var rows: [String: Double] = [:]

    static let jsonKeys = ["export_csv_rows_per_s", "export_json_rows_per_s", "import_creators_rows_per_s", "import_sessions_rows_per_s",
                           "import_creators_s", "sqlite3_import_s", "visidata_import_s", "import_vs_sqlite3", "import_vs_visidata",
                           "import_write_floor_s", "import_vs_write_floor"]

    /// The tables a creators import writes, in the order a bulk load fills them.
    static let floorTables = ["member", "network", "creator", "stage_event", "creator_tag", "creator_stats", "outbox"]

    /// The engine's floor for what a creators import writes: the `sqlite3` shell copying the
    /// imported database's rows — creators, stage events, tags, statistics, outbox operations
    /// and search rows — into an empty database with Greenroom's schema, in one transaction
    /// under a rollback journal, triggers dropped and the secondary indexes built after the
    /// rows (the fastest way SQLite loads a table). No CSV, no checks, no stamps, no JSON: only
    /// the pages. The schema is made untimed (by `Store.open`); only the load is timed.
    static func writeFloor(sqlite3: String, imported: String, dir: String, clock: WallClock) throws -> Double {
        let floor = dir + "/write-floor.sqlite"
        try Store.open(at: floor, clock: clock).close()
        let list = floorTables.map { "'\($0)'" }.joined(separator: ", ")
        let triggers = try capture(sqlite3, [floor, "SELECT 'DROP TRIGGER \"' || name || '\";' FROM sqlite_master WHERE type = 'trigger'"])
        let indexes = try capture(sqlite3, [floor, "SELECT sql || ';' FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (\(list))"])
        let drops = try capture(sqlite3, [floor, "SELECT 'DROP INDEX \"' || name || '\";' FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (\(list))"])
        _ = try capture(sqlite3, [floor, triggers + drops + "PRAGMA journal_mode = DELETE;"])
        var load = "PRAGMA cache_size = -65536; PRAGMA synchronous = FULL; ATTACH '\(imported.replacingOccurrences(of: "'", with: "''"))' AS src; BEGIN;\n"
        for table in floorTables { load += "INSERT INTO main.\(table) SELECT * FROM src.\(table);\n" } // (in the order they are stored)
        load += "INSERT INTO main.creator_fts(rowid, handle, display_name, tags, notes) SELECT rowid, handle, display_name, tags, notes FROM src.creator_fts;\n"
        load += "PRAGMA threads = 2;\n" + indexes + "\nCOMMIT;"
        return try timeProcess(sqlite3, [floor, load])
    }

    /// A process's standard output; a failure (or anything on standard error) is an error.
    static func capture(_ tool: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let problem = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0, problem.isEmpty else {
            throw GreenroomError.invalidInput("import bench: \(tool) failed: \(String(decoding: problem.prefix(300), as: UTF8.self))")
        }
        return String(decoding: data, as: UTF8.self)
    }

    static func measure(creators: Int, clock: WallClock, log: (String) -> Void) throws -> [String: Any] {
        let dir = NSTemporaryDirectory() + "greenroom-import-bench-\(getpid())"
        try? FileManager.default.removeItem(atPath: dir)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        log("import bench: making \(creators) creators, \(2 * creators) live sessions, 1,000 tickets…")
        _ = try Store.generateDemo(at: dir + "/source.sqlite", options: DemoOptions(creators: creators, tickets: 1_000, sessions: 2 * creators), clock: clock)
        let source = try Store.open(at: dir + "/source.sqlite", clock: clock)
        var figures: [String: Any] = [:]

        var started = DispatchTime.now().uptimeNanoseconds
        try source.export(format: .csv, to: dir + "/csv")
        let csvSeconds = seconds(since: started)
        let csvRows = try lines(dir + "/csv/creators.csv") + lines(dir + "/csv/live_sessions.csv") + lines(dir + "/csv/tickets.csv") - 3
        figures["export_csv_rows_per_s"] = (Double(csvRows) / csvSeconds).rounded()
        log("import bench: CSV export \(csvRows) rows in \(format(csvSeconds)) s")

        started = DispatchTime.now().uptimeNanoseconds
        let jsonFiles = try source.export(format: .json, to: dir + "/json")
        let jsonSeconds = seconds(since: started)
        let jsonRows = try source.rowCounts().values.reduce(0, +)
        figures["export_json_rows_per_s"] = (Double(jsonRows) / jsonSeconds).rounded()
        log("import bench: JSON snapshot \(jsonRows) rows in \(jsonFiles.count) files in \(format(jsonSeconds)) s")
        try source.close()

        let target = try Store.open(at: dir + "/target.sqlite", clock: clock)
        started = DispatchTime.now().uptimeNanoseconds
        let creatorReport = try target.importFiles([dir + "/csv/creators.csv"], options: ImportOptions(createMissing: true))
        let creatorSeconds = seconds(since: started)
        guard creatorReport.errors.isEmpty, creatorReport.creatorsAdded == creators else {
            throw GreenroomError.invalidInput("import bench: the creators did not import: \(creatorReport.errors.prefix(3).joined(separator: "; "))")
        }
        figures["import_creators_rows_per_s"] = (Double(creators) / creatorSeconds).rounded()
        figures["import_creators_s"] = (creatorSeconds * 1000).rounded() / 1000
        log("import bench: imported \(creators) creators in \(format(creatorSeconds)) s")
        // What SQLite itself takes to write what that import wrote (see `writeFloor`).
        if let sqlite3 = which("sqlite3") {
            let floor = try writeFloor(sqlite3: sqlite3, imported: dir + "/target.sqlite", dir: dir, clock: clock)
            figures["import_write_floor_s"] = (floor * 1000).rounded() / 1000
            figures["import_vs_write_floor"] = (creatorSeconds / floor * 100).rounded() / 100
            log("import bench: sqlite3 writing the same rows \(format(floor)) s")
        }
        started = DispatchTime.now().uptimeNanoseconds
        let sessionReport = try target.importFiles([dir + "/csv/live_sessions.csv"], options: ImportOptions())
        let sessionSeconds = seconds(since: started)
        guard sessionReport.errors.isEmpty else {
            throw GreenroomError.invalidInput("import bench: the live sessions did not import: \(sessionReport.errors.prefix(3).joined(separator: "; "))")
        }
        figures["import_sessions_rows_per_s"] = (Double(sessionReport.sessionsAdded) / sessionSeconds).rounded()
        log("import bench: imported \(sessionReport.sessionsAdded) live sessions in \(format(sessionSeconds)) s")
        try target.close()

        // The peers, as separate processes on the same file.
        if let sqlite3 = which("sqlite3") {
            let time = try timeProcess(sqlite3, [dir + "/peer-sqlite3.sqlite", ".import --csv \(dir)/csv/creators.csv creators"])
            figures["sqlite3_import_s"] = (time * 1000).rounded() / 1000
            figures["import_vs_sqlite3"] = (creatorSeconds / time * 10).rounded() / 10
            log("import bench: sqlite3 .import \(format(time)) s")
        }
        if let vd = which("vd") {
            let time = try timeProcess(vd, ["-b", dir + "/csv/creators.csv", "-o", dir + "/peer-visidata.sqlite"])
            figures["visidata_import_s"] = (time * 1000).rounded() / 1000
            figures["import_vs_visidata"] = (creatorSeconds / time * 100).rounded() / 100
            log("import bench: VisiData \(format(time)) s")
        }
        for key in jsonKeys where figures[key] == nil { figures[key] = NSNull() }
        return figures
    }

    static func tableLines(_ figures: [String: Any], pad: (String, Int) -> String) -> [String] {
        func number(_ key: String) -> String {
            guard let v = figures[key] as? Double else { return "—" }
            return v >= 1000 ? NumberFormatter.localizedString(from: NSNumber(value: Int(v)), number: .decimal) : String(v)
        }
        func verdict(_ key: String, _ budget: Double) -> String { ((figures[key] as? Double) ?? 0) >= budget ? "ok" : "OVER" }
        return [
            pad("import creators", 22) + " \(number("import_creators_rows_per_s")) rows/s   (budget ≥ 50,000) " + verdict("import_creators_rows_per_s", 50_000),
            pad("import live sessions", 22) + " \(number("import_sessions_rows_per_s")) rows/s   (budget ≥ 50,000) " + verdict("import_sessions_rows_per_s", 50_000),
            pad("export csv", 22) + " \(number("export_csv_rows_per_s")) rows/s   (budget ≥ 200,000) " + verdict("export_csv_rows_per_s", 200_000),
            pad("export json snapshot", 22) + " \(number("export_json_rows_per_s")) rows/s",
            pad("creators import", 22) + " \(number("import_creators_s")) s; sqlite3 .import \(number("sqlite3_import_s")) s (×\(number("import_vs_sqlite3"))); VisiData \(number("visidata_import_s")) s (×\(number("import_vs_visidata")))",
            pad("write floor", 22) + " sqlite3 writing the same rows \(number("import_write_floor_s")) s (import ×\(number("import_vs_write_floor")))",
        ]
    }

    private static func seconds(since start: UInt64) -> Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
    private static func format(_ s: Double) -> String { String(format: "%.2f", s) }

    private static func lines(_ path: String) throws -> Int {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return data.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
    }

    static func which(_ tool: String) -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let path = "\(dir)/\(tool)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    /// Wall time of a process run to its end, output discarded; a failure is an error.
    static func timeProcess(_ tool: String, _ arguments: [String]) throws -> Double {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        let started = DispatchTime.now().uptimeNanoseconds
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw GreenroomError.invalidInput("import bench: \(tool) exited with \(process.terminationStatus)")
        }
        return seconds(since: started)
    }
}
