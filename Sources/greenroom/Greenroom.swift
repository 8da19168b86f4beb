import ArgumentParser
import Foundation
import GreenroomCore
import GreenroomTUI

/// The `greenroom` command: opens the TUI, or runs one of the subcommands.
@main
struct Greenroom: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "greenroom",
        abstract: "A keyboard-driven terminal desk for creator-operations teams.",
        discussion: """
        With no subcommand, opens the full-screen app on the database given by --db, else \
        $GREENROOM_DB, else $XDG_DATA_HOME/greenroom/greenroom.sqlite.
        """,
        subcommands: [DemoCommand.self, CreatorsCommand.self, TicketsCommand.self, RulesCommand.self, ImportCommand.self, ExportCommand.self, SyncCommand.self, CampaignCommand.self, ProgramCommand.self, WorkshopCommand.self, TaskCommand.self, CommunityCommand.self, ReportCommand.self, QACommand.self, OneOnOneCommand.self, KPICommand.self, KBCommand.self, TrashCommand.self, TeamCommand.self, SettingsCommand.self, BenchCommand.self, DoctorCommand.self, KeysCommand.self]
    )

    @OptionGroup var database: DatabaseOptions

    @Flag(name: .long, help: "Open a demo database (created under the data directory on first use).")
    var demo = false

    @Option(name: .long, help: "Theme name (from Themes/ or $XDG_CONFIG_HOME/greenroom/themes/) or a path to a .toml file.")
    var theme: String?

    @OptionGroup var identity: IdentityOptions
    var me: String? { identity.me }

    func validate() throws {
        if demo && database.db != nil {
            throw ValidationError("--demo and --db cannot be used together (--demo uses its own database)")
        }
    }

    func run() throws {
        try reportingErrors {
            try TUILauncher(database: database, demo: demo, theme: theme, me: me).run()
        }
    }

    /// Entry point: parse, run, and turn Greenroom's errors into one line and exit code 2.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as GreenroomError {
            FileHandle.standardError.write(Data("greenroom: \(error.description)\n".utf8))
            Foundation.exit(2)
        } catch {
            exit(withError: error)
        }
    }
}

/// `--db PATH`, shared by every command.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Database file.", valueName: "path"), completion: .file(extensions: ["sqlite"]))
    var db: String?

    /// `--db`, else `GREENROOM_DB`, else the default under the data directory.
    func resolvedPath(paths: ConfigPaths, environment: [String: String] = ProcessInfo.processInfo.environment) -> (path: String, isDefault: Bool) {
        if let db, !db.isEmpty { return ((db as NSString).expandingTildeInPath, false) }
        if let env = environment["GREENROOM_DB"], !env.isEmpty { return ((env as NSString).expandingTildeInPath, false) }
        return (paths.defaultDatabase, true)
    }
}

/// `--as HANDLE`, shared by every command that acts as someone. (An option the root
/// command declares must be a shared group: the root would otherwise take it from the
/// subcommand's arguments.)
struct IdentityOptions: ParsableArguments {
    @Option(name: .customLong("as"), help: ArgumentHelp("Who \"me\" is: a member handle such as @ana (for owner:me, and recorded on changes).", valueName: "handle"))
    var me: String?
}

/// Runs `body`, letting Greenroom's own errors through to `main` untouched.
func reportingErrors(_ body: () throws -> Void) throws {
    try body()
}
