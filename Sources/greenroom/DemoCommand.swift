import ArgumentParser
import Foundation
import GreenroomCore
import GreenroomStore
import GreenroomTUI

/// `greenroom demo`: writes a realistic, deterministic demo database.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Write a realistic, deterministic demo database.",
        discussion: """
        The same seed and the same GREENROOM_NOW give the same data. Times are relative to now, \
        so a demo made today has LIVE sessions up to today.
        """
    )

    @OptionGroup var database: DatabaseOptions

    @Option(help: "Number of creators.")
    var creators: Int = 400

    @Option(help: "Number of tickets.")
    var tickets: Int = 1500

    @Option(help: "Days of history (live sessions, tickets).")
    var days: Int = 90

    @Option(help: "Random seed; the same seed gives the same data.")
    var seed: UInt64 = 1

    @Option(help: "About how many LIVE sessions (default: what the creators' habits give, ~14 each).")
    var sessions: Int?

    @Option(help: ArgumentHelp("Share of solved tickets the requester reopens, 0 to 1 (default 0).", valueName: "share"))
    var reopens: Double = 0

    @Option(help: ArgumentHelp("Share of solved tickets closed afterwards, 0 to 1 (default: about 28% of old tickets).", valueName: "share"))
    var closes: Double?

    func run() throws {
        let env = ProcessInfo.processInfo.environment
        guard database.db != nil || env["GREENROOM_DB"] != nil else {
            throw GreenroomError.invalidInput("demo needs --db PATH (a new file to create)")
        }
        let path = database.resolvedPath(paths: ConfigPaths.fromEnvironment(env), environment: env).path
        let clock = try WallClock.fromEnvironment(env)
        let options = DemoOptions(creators: creators, tickets: tickets, days: days, seed: seed, sessions: sessions,
                                  reopens: reopens, closes: closes)
        let interactive = isatty(STDERR_FILENO) == 1
        let report = try Store.generateDemo(at: path, options: options, clock: clock) { rows in
            if interactive {
                FileHandle.standardError.write(Data("\r  \(NumberFormat.grouped(rows)) rows…".utf8))
            }
        }
        if interactive { FileHandle.standardError.write(Data("\r\u{1b}[K".utf8)) }
        let tables = report.rowsByTable.sorted { $0.key < $1.key }.map { "\($0.key) \(NumberFormat.grouped($0.value))" }
        print("Wrote \(path)")
        print("  " + tables.joined(separator: ", "))
        print("  " + report.phases.map { "\($0.name) \(String(format: "%.1f", $0.seconds)) s" }.joined(separator: ", "))
        print("  \(NumberFormat.grouped(report.rows)) rows in \(String(format: "%.2f", report.seconds)) s (\(NumberFormat.grouped(Int(report.rowsPerSecond))) rows/s)")
    }
}
