import ArgumentParser
import Foundation
import GreenroomCore
import GreenroomStore
import GreenroomTUI

/// `greenroom import FILE…`
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import creators, live sessions or tickets from CSV files, tickets from a Zendesk JSON export, or restore a snapshot directory.",
        discussion: """
        Columns are matched by name, ignoring case, spaces and underscores, with common synonyms \
        (username/handle, country/market, duration/minutes, …). Creators are upserted by handle; for \
        a creator already there, an empty cell leaves that field as it is. Tags are separated by \
        ; , or |. Live sessions already imported (same creator and start) are skipped. \
        Every row is checked first; by default one bad row stops the whole import and nothing is \
        written; every problem reads file:line: reason. CSV is read strictly: UTF-8 with or without \
        a BOM, `,` (or `;` or tabs when the header has no comma), quoted fields may hold commas, \
        doubled quotes and line breaks; a stray quote, a value over --max-field-size, a row with \
        more or fewer values than the header, an empty or binary file are refused. Files exported \
        by `greenroom export --format csv` import back (into a new database with --create-missing).

        Tickets CSV (told apart by subject plus status or priority columns): subject, body, status, \
        priority, category, channel, tier, requester (creator handle), network, assignee (teammate \
        handle), tags, created. Empty cells take defaults (new, normal, other, webform, tier 1, now).

        Zendesk (.json files, or --type zendesk): the REST API's shapes, {"tickets": […], "users": […], \
        "organizations": […], "comments": {"<ticket id>": […]} or [{"ticket_id": …, "comments": […]}]}. \
        Requesters become creators matched by email or @handle name (else "From: name <email>" heads \
        the body); organizations match networks by name; assignees match teammates by email or name; \
        a tag equal to a category sets it; comments become replies (public) or notes. Each ticket is \
        tagged zendesk-<id>, so importing the same export again skips what is already there. \
        Problems name the file and the ticket's index in the tickets array (ticket #0 is the first).

        Snapshot (one directory argument): restores what `greenroom export --format json --out DIR` \
        wrote — every entity with its field stamps — into an empty database (a new --db file), exactly.
        """
    )

    @OptionGroup var database: DatabaseOptions

    @Argument(help: "CSV files (creators, live sessions or tickets, told apart by their columns) or Zendesk .json exports.",
              completion: .file(extensions: ["csv", "json"]))
    var files: [String]

    @Flag(help: "Report what would change without writing anything.")
    var dryRun = false

    @Flag(help: "Import the valid rows and report the invalid ones instead of refusing the import.")
    var skipInvalid = false

    @Option(help: "What the files hold, when the columns or the extension do not say: creators, live-sessions, tickets or zendesk.")
    var type: String?

    @Flag(help: "Create the teammates (owners) and networks a creators file names but this database lacks (listed in the report and the dry run).")
    var createMissing = false

    @Option(help: ArgumentHelp("Read a file's columns as Greenroom's: \"Username=handle,Country=market\"; COLUMN=- ignores a column.", valueName: "pairs"))
    var map: String?

    @Option(help: ArgumentHelp("The longest value one CSV cell may hold, in KiB.", valueName: "KiB"))
    var maxFieldSize: Int = ImportOptions.defaultMaxFieldBytes / 1024

    @Flag(help: "Print how long each phase took (reading, checking, rows, indexes, search, statistics, commit) to standard error.")
    var timings = false

    @OptionGroup var identity: IdentityOptions
    var me: String? { identity.me }

    func run() throws {
        var isDirectory: ObjCBool = false
        if files.count == 1, FileManager.default.fileExists(atPath: files[0], isDirectory: &isDirectory), isDirectory.boolValue {
            guard !dryRun, !skipInvalid, type == nil else {
                throw GreenroomError.invalidInput("a directory is restored as a snapshot whole; --dry-run, --skip-invalid and --type are for files")
            }
            let store = try openStore(database, env: ProcessInfo.processInfo.environment)
            let report = try store.importSnapshot(from: files[0])
            print("Restored \(report.rows) rows from \(files[0]) into \(store.path).")
            return
        }
        var kind: ImportOptions.Kind?
        if let type {
            guard let k = ImportOptions.Kind(rawValue: type) else {
                throw GreenroomError.invalidInput("--type must be creators, live-sessions, tickets or zendesk (got \(type))")
            }
            kind = k
        }
        for file in files where !FileManager.default.fileExists(atPath: file) {
            throw GreenroomError.invalidInput("no such file: \(file)")
        }
        guard (1...65_536).contains(maxFieldSize) else {
            throw GreenroomError.invalidInput("--max-field-size must be between 1 and 65536 KiB (got \(maxFieldSize))")
        }
        let mapping = try map.map(ImportOptions.parseMapping) ?? [:]
        let env = ProcessInfo.processInfo.environment
        let store = try openStore(database, env: env)
        let bar = TerminalProgress()
        let options = ImportOptions(dryRun: dryRun, skipInvalid: skipInvalid, kind: kind, createMissing: createMissing, mapping: mapping,
                                    maxFieldBytes: maxFieldSize * 1024,
                                    progress: { p in bar.show(p.phase.rawValue, done: p.done, total: p.total) })
        let report: ImportReport
        do {
            report = try store.importFiles(files, options: options, by: me ?? (try? Config.load(path: ConfigPaths.fromEnvironment(env).configFile).me) ?? nil)
        } catch {
            bar.finish()
            throw error
        }
        bar.finish()
        if timings {
            let phases = report.phases.map { "\($0.name) \(String(format: "%.2f", $0.seconds)) s" }
            FileHandle.standardError.write(Data("phases: \((phases + report.writeNotes).joined(separator: ", "))\n".utf8))
        }
        // The first 100 problems, then a count: a file with a wrong column can fail every
        // one of 100,000 rows, and the first lines say what to fix.
        for error in report.errors.prefix(100) {
            FileHandle.standardError.write(Data("\(TerminalText.sanitize(error))\n".utf8))
        }
        if report.errors.count > 100 {
            FileHandle.standardError.write(Data("… and \(report.errors.count - 100) more problem\(report.errors.count == 101 ? "" : "s") not shown\n".utf8))
        }
        for notice in report.notices.prefix(100) {
            FileHandle.standardError.write(Data("warning: \(TerminalText.sanitize(notice))\n".utf8))
        }
        if !report.notices.isEmpty {
            FileHandle.standardError.write(Data("\(report.notices.count) possible duplicate\(report.notices.count == 1 ? "" : "s") (a handle equal to another but for case and . _ -, or the same email); `greenroom creators merge @keep @other` joins two creators\n".utf8))
        }
        if dryRun {
            for line in report.columns { print("Columns of \(TerminalText.sanitize(line))") }
            print("Dry run — nothing written. Would import: \(report.summary)")
            if !report.errors.isEmpty { throw ExitCode(1) }
            return
        }
        if !report.errors.isEmpty && !skipInvalid {
            throw GreenroomError.invalidInput("\(report.errors.count) invalid row\(report.errors.count == 1 ? "" : "s"); nothing imported (fix them, or use --skip-invalid)")
        }
        print(report.applied ? "Imported: \(report.summary)" : "Nothing to import: \(report.summary)")
        if !report.errors.isEmpty { print("Skipped \(report.errors.count) invalid row\(report.errors.count == 1 ? "" : "s").") }
        // Tickets that arrive unassigned in a team with an assignment rule are handed out now
        // (issue 24), not at the next sync or idle minute.
        if report.applied {
            let assigned = try store.autoAssign().assigned.count
            if assigned > 0 { print("Assigned \(assigned) ticket\(assigned == 1 ? "" : "s") by team rules (greenroom team list shows the load).") }
        }
    }
}

/// `greenroom export`
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export the data as CSV (creators, live sessions, tickets) or a JSON snapshot (every entity, with its stamps; `greenroom import DIR` restores it)."
    )

    @OptionGroup var database: DatabaseOptions

    @Option(help: "csv or json.")
    var format: String = "csv"

    @Option(help: "Directory to write into (created if missing).", completion: .directory)
    var out: String

    func run() throws {
        guard let f = Store.ExportFormat(rawValue: format) else {
            throw GreenroomError.invalidInput("--format must be csv or json (got \(format))")
        }
        let store = try openStore(database, env: ProcessInfo.processInfo.environment, mustExist: true)
        let bar = TerminalProgress()
        let files: [String]
        do {
            files = try store.export(format: f, to: out, progress: { p in bar.show("exporting", done: p.done, total: p.total) })
        } catch {
            bar.finish()
            throw error
        }
        bar.finish()
        for file in files { print(file) }
    }
}

/// Opens the database a command names, with the same rules as the TUI.
func openStore(_ database: DatabaseOptions, env: [String: String], mustExist: Bool = false) throws -> Store {
    let paths = ConfigPaths.fromEnvironment(env)
    let resolved = database.resolvedPath(paths: paths, environment: env)
    if resolved.isDefault && !mustExist { try paths.ensureDataDirectory() }
    if mustExist && !FileManager.default.fileExists(atPath: resolved.path) {
        throw GreenroomError.database("no database at \(resolved.path)")
    }
    let path = resolved.path
    return try Store.open(at: path, clock: try WallClock.fromEnvironment(env), createIfMissing: !mustExist, upgrading: { pending in
        FileHandle.standardError.write(Data("Upgrading \(path) to schema \(pending.last ?? "") (once; large databases take up to a minute)…\n".utf8))
    })
}
