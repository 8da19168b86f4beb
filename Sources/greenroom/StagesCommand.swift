import ArgumentParser
import Foundation
import GreenroomCore
import GreenroomStore
import GreenroomTUI

/// `greenroom settings stages [list|set|add|remove|move]`: the pipeline's main line, its side
/// exits and their rotting thresholds. Every edit is checked as a whole (names, duplicates,
/// built-in stages, creators still in a removed stage) and is one transaction: it prints one
/// confirming line, or one line saying why not (exit 2) and changes nothing.
struct StagesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stages",
        abstract: "Show and edit the pipeline's stages and rotting thresholds.",
        discussion: """
        Stage names are 1–32 lowercase letters, digits, _ or -. lead, activated, established, \
        paused and lost are built in: their rot days can change, but they cannot be removed. \
        Examples: greenroom settings stages set onboarding --rot-days 14; \
        greenroom settings stages add trial --after onboarding; \
        greenroom settings stages remove contacted --move-to lead
        """,
        subcommands: [List.self, SetRotDays.self, Add.self, Remove.self, Move.self],
        defaultSubcommand: List.self
    )

    /// `greenroom settings stages [list]`
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "The stages in order, with rot days and how many creators are in each."
        )

        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let store = try openStore(database, env: ProcessInfo.processInfo.environment, mustExist: true)
            let settings = try store.teamSettings()
            let counts = try store.creatorsPerStage()
            print(StagesTable.render(settings, counts: counts), terminator: "")
        }
    }

    /// `greenroom settings stages set NAME --rot-days N|none`
    struct SetRotDays: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set",
            abstract: "Set a stage's rotting threshold (cards older than it in the stage are flagged).",
            discussion: "Example: greenroom settings stages set onboarding --rot-days 14 (or --rot-days none: never rots)"
        )

        @Argument(help: "The stage (main line or side).")
        var name: String

        @Option(name: .customLong("rot-days"), help: ArgumentHelp("Days, 1–3650, or none.", valueName: "N|none"))
        var rotDays: String

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var identity: IdentityOptions

        func run() throws {
            let days = try parseRotDays(rotDays)
            let (settings, _) = try edit(.setRotDays(stage: name, days: days), database: database, identity: identity)
            let stage = settings.allStageNames.first { $0 == name.trimmingCharacters(in: .whitespaces).lowercased() } ?? name
            print(days.map { "\(stage) now rots after \($0) day\($0 == 1 ? "" : "s")" } ?? "\(stage) no longer rots")
        }
    }

    /// `greenroom settings stages add NAME [--after STAGE | --first] [--rot-days N]`
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Add a stage to the main line (at the end unless --after or --first).",
            discussion: "Example: greenroom settings stages add trial --after onboarding --rot-days 7"
        )

        @Argument(help: "The new stage's name: 1–32 lowercase letters, digits, _ or -.")
        var name: String

        @Option(help: ArgumentHelp("Put it right after this main-line stage.", valueName: "stage"))
        var after: String?

        @Flag(help: "Put it at the front of the main line.")
        var first = false

        @Option(name: .customLong("rot-days"), help: ArgumentHelp("Days, 1–3650, or none (the default).", valueName: "N|none"))
        var rotDays: String?

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var identity: IdentityOptions

        func run() throws {
            let position = try placement(after: after, first: first, required: false)
            let days = try rotDays.flatMap(parseRotDays)
            let (settings, _) = try edit(.add(stage: name, after: position, rotDays: days), database: database, identity: identity)
            let stage = name.trimmingCharacters(in: .whitespaces)
            print("added \(stage) " + whereabouts(stage, in: settings) + (days.map { ", rots after \($0) day\($0 == 1 ? "" : "s")" } ?? ""))
        }
    }

    /// `greenroom settings stages remove NAME [--move-to STAGE]`
    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "remove",
            abstract: "Remove a stage; creators still in it need --move-to.",
            discussion: """
            Creators in the stage move to --move-to first, each with a stage event whose reason \
            is "stage NAME removed". Example: greenroom settings stages remove contacted --move-to lead
            """
        )

        @Argument(help: "The stage to remove (not a built-in one).")
        var name: String

        @Option(name: .customLong("move-to"), help: ArgumentHelp("Where its creators go.", valueName: "stage"))
        var moveTo: String?

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var identity: IdentityOptions

        func run() throws {
            let (_, moved) = try edit(.remove(stage: name, moveTo: moveTo), database: database, identity: identity)
            let stage = name.trimmingCharacters(in: .whitespaces).lowercased()
            let target = moveTo?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
            print(moved > 0 ? "removed \(stage); moved \(moved) creator\(moved == 1 ? "" : "s") to \(target)" : "removed \(stage) (no creators were in it)")
        }
    }

    /// `greenroom settings stages move NAME --after STAGE | --first`
    struct Move: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "move",
            abstract: "Reorder the main line: put a stage after another, or first.",
            discussion: "Example: greenroom settings stages move onboarding --after lead"
        )

        @Argument(help: "The main-line stage to move.")
        var name: String

        @Option(help: ArgumentHelp("Put it right after this main-line stage.", valueName: "stage"))
        var after: String?

        @Flag(help: "Put it at the front of the main line.")
        var first = false

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var identity: IdentityOptions

        func run() throws {
            let position = try placement(after: after, first: first, required: true)
            let (settings, _) = try edit(.move(stage: name, after: position), database: database, identity: identity)
            let stage = name.trimmingCharacters(in: .whitespaces).lowercased()
            print("moved \(stage) " + whereabouts(stage, in: settings))
        }
    }
}

/// Opens the database (which must exist) and applies one stage edit as the `--as` member
/// (else the config file's `me`).
private func edit(_ edit: StageEdit, database: DatabaseOptions, identity: IdentityOptions) throws -> (TeamSettings, moved: Int) {
    let env = ProcessInfo.processInfo.environment
    let store = try openStore(database, env: env, mustExist: true)
    let me = identity.me ?? (try? Config.load(path: ConfigPaths.fromEnvironment(env).configFile).me) ?? nil
    return try store.editStages(edit, by: me)
}

/// `--rot-days`: a whole number of days or `none`. The range is checked with the edit.
private func parseRotDays(_ text: String) throws -> Int? {
    let clean = text.trimmingCharacters(in: .whitespaces).lowercased()
    if clean == "none" { return nil }
    guard let days = Int(clean) else {
        throw GreenroomError.invalidInput("--rot-days must be a number of days or none (got \(text))")
    }
    try StageEdit.validateRotDays(days)
    return days
}

/// `--after STAGE` / `--first` as a `StageEdit` position (`StageEdit.first` for the front).
private func placement(after: String?, first: Bool, required: Bool) throws -> String? {
    if first && after != nil { throw GreenroomError.invalidInput("use --after STAGE or --first, not both") }
    if first { return StageEdit.first }
    if let after {
        guard !after.trimmingCharacters(in: .whitespaces).isEmpty else { throw GreenroomError.invalidInput("--after needs a stage name") }
        return after
    }
    if required { throw GreenroomError.invalidInput("say where it goes: --after STAGE or --first") }
    return nil
}

/// "after lead (position 2 of 6)", or "first (position 1 of 6)".
private func whereabouts(_ stage: String, in settings: TeamSettings) -> String {
    let line = settings.stages.map(\.name)
    guard let i = line.firstIndex(of: stage) else { return "" }
    return (i == 0 ? "first" : "after \(line[i - 1])") + " (position \(i + 1) of \(line.count))"
}

/// The `stages list` table: position, stage, rot days, creators; then the side stages, and
/// any stage that still holds creators but is no longer in the settings (after a sync, say).
enum StagesTable {
    static func render(_ settings: TeamSettings, counts: [String: Int]) -> String {
        func days(_ d: Int?) -> String { d.map(String.init) ?? "—" }
        let header = ["#", "STAGE", "ROT DAYS", "CREATORS"]
        let body = settings.stages.enumerated().map { i, s in
            [String(i + 1), TerminalText.sanitize(s.name), days(s.rotDays), String(counts[s.name] ?? 0)]
        }
        var widths = header.map { DisplayWidth.of($0) }
        for row in body { for (i, v) in row.enumerated() { widths[i] = max(widths[i], DisplayWidth.of(v)) } }
        let right: Set<Int> = [0, 2, 3]
        var out = ""
        for row in [header] + body {
            let line = row.enumerated().map { i, v in TerminalText.fit(v, width: widths[i], alignRight: right.contains(i)) }.joined(separator: "  ")
            out += String(line.reversed().drop(while: { $0 == " " }).reversed()) + "\n"
        }
        let side = settings.sideStages.map { s in
            "\(TerminalText.sanitize(s.name)) (rot days \(days(s.rotDays)), \(counts[s.name] ?? 0) creator\(counts[s.name] == 1 ? "" : "s"))"
        }
        out += "side stages: " + (side.isEmpty ? "none" : side.joined(separator: ", ")) + "\n"
        let known = Set(settings.allStageNames)
        let orphans = counts.filter { !known.contains($0.key) && $0.value > 0 }.sorted { $0.key < $1.key }
        if !orphans.isEmpty {
            out += "not in the settings: " + orphans.map { "\(TerminalText.sanitize($0.key)) (\($0.value))" }.joined(separator: ", ") + "\n"
        }
        return out
    }
}
