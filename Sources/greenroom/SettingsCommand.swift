import ArgumentParser
import Foundation
import GreenroomCore
import GreenroomStore
import GreenroomTUI

/// `greenroom settings …`: team settings from the command line.
struct SettingsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "settings",
        abstract: "Team settings: the pipeline's stages, SLA policies and business hours, KPI targets.",
        subcommands: [StagesCommand.self, SLACommand.self, KPISettingsCommand.self, DeleteGuardCommand.self]
    )
}

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

/// `greenroom settings sla [list|set|hours|warning]`: the per-priority SLA policies, the
/// business hours business-time policies count in, and the countdowns' warning threshold.
/// Every edit is checked first and is one transaction that re-times the open tickets: it
/// prints one confirming line, or one line saying why not (exit 2) and changes nothing.
struct SLACommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sla",
        abstract: "Show and edit SLA policies, business hours and the warning threshold.",
        discussion: """
        Durations are like 30m, 4h, 2d, 1w, 1h30m, or a bare number of minutes (90); more than 0, at most 365 days. \
        Examples: greenroom settings sla set urgent --first-reply 30m --resolution 8h; \
        greenroom settings sla hours --zone Europe/Madrid --days mon-fri --from 09:00 --to 18:00 --holiday-add 2026-12-25; \
        greenroom settings sla warning 30
        """,
        subcommands: [List.self, SetPolicy.self, Hours.self, Warning.self],
        defaultSubcommand: List.self
    )

    /// `greenroom settings sla [list]`
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "The four priority policies, the business hours and the warning threshold."
        )

        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let store = try openStore(database, env: ProcessInfo.processInfo.environment, mustExist: true)
            print(SLATable.render(try store.slaSettings()), terminator: "")
        }
    }

    /// `greenroom settings sla set PRIORITY [--first-reply DUR] [--next-reply DUR] [--resolution DUR] [--business-hours|--calendar]`
    struct SetPolicy: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set",
            abstract: "Change a priority's targets, or whether they count business hours or calendar time.",
            discussion: "Example: greenroom settings sla set urgent --first-reply 30m --next-reply 2h --calendar"
        )

        @Argument(help: "urgent, high, normal or low.")
        var priority: String

        @Option(name: .customLong("first-reply"), help: ArgumentHelp("Time to the first public reply.", valueName: "dur"))
        var firstReply: String?

        @Option(name: .customLong("next-reply"), help: ArgumentHelp("Time to answer each later requester message.", valueName: "dur"))
        var nextReply: String?

        @Option(help: ArgumentHelp("Time to solve.", valueName: "dur"))
        var resolution: String?

        @Flag(name: .customLong("business-hours"), help: "Count only business hours (see settings sla hours).")
        var businessHours = false

        @Flag(help: "Count calendar time (24/7).")
        var calendar = false

        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let clean = priority.trimmingCharacters(in: .whitespaces).lowercased()
            guard let p = TicketPriority(rawValue: clean) else {
                throw GreenroomError.invalidInput("unknown priority \"\(priority)\" (\(TicketPriority.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            if businessHours && calendar { throw GreenroomError.invalidInput("use --business-hours or --calendar, not both") }
            let edit = SLAPolicyEdit(
                firstReplyMinutes: try firstReply.map { try parseDuration($0, option: "--first-reply") },
                nextReplyMinutes: try nextReply.map { try parseDuration($0, option: "--next-reply") },
                resolutionMinutes: try resolution.map { try parseDuration($0, option: "--resolution") },
                businessHours: businessHours ? true : calendar ? false : nil)
            let store = try openStore(database, env: ProcessInfo.processInfo.environment, mustExist: true)
            let (policy, retimed) = try store.editSLAPolicy(p, edit)
            print("\(p.rawValue): first reply \(SLADuration.format(policy.firstReplyMinutes)), "
                  + "next reply \(SLADuration.format(policy.nextReplyMinutes)), resolution \(SLADuration.format(policy.resolutionMinutes)), "
                  + (policy.businessHours ? "business hours" : "calendar time") + " · " + retimedText(retimed))
        }
    }

    /// `greenroom settings sla hours [--zone IANA] [--days …] [--from HH:MM] [--to HH:MM] [--holiday-add DATE]… [--holiday-remove DATE]…`
    struct Hours: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "hours",
            abstract: "Change the business hours that business-time policies count in.",
            discussion: """
            Days are names or ranges, comma-separated: mon-fri, mon,tue,thu, sun-thu. Times are HH:MM (24:00 is \
            the end of the day). Holidays are local dates, YYYY-MM-DD; --holiday-add and --holiday-remove repeat. \
            Example: greenroom settings sla hours --zone America/New_York --from 08:00 --to 20:00 --holiday-add 2026-11-26
            """
        )

        @Option(help: ArgumentHelp("IANA time zone, e.g. Europe/Madrid.", valueName: "zone"))
        var zone: String?

        @Option(help: ArgumentHelp("Working days: mon-fri, or mon,tue,….", valueName: "days"))
        var days: String?

        @Option(help: ArgumentHelp("Opening time.", valueName: "HH:MM"))
        var from: String?

        @Option(help: ArgumentHelp("Closing time.", valueName: "HH:MM"))
        var to: String?

        @Option(name: .customLong("holiday-add"), help: ArgumentHelp("A day off (repeatable).", valueName: "YYYY-MM-DD"))
        var holidayAdd: [String] = []

        @Option(name: .customLong("holiday-remove"), help: ArgumentHelp("No longer a day off (repeatable).", valueName: "YYYY-MM-DD"))
        var holidayRemove: [String] = []

        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let edit = BusinessHoursEdit(
                timeZone: zone, weekdays: try days.map(parseWeekdays),
                startMinute: try from.map { try parseClock($0, option: "--from") }, endMinute: try to.map { try parseClock($0, option: "--to") },
                addHolidays: holidayAdd, removeHolidays: holidayRemove)
            let store = try openStore(database, env: ProcessInfo.processInfo.environment, mustExist: true)
            let (hours, retimed) = try store.editBusinessHours(edit)
            print("business hours: \(SLATable.describe(hours)), \(SLATable.holidays(hours.holidays)) · " + retimedText(retimed))
        }
    }

    /// `greenroom settings sla warning MINUTES`
    struct Warning: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "warning",
            abstract: "Turn SLA countdowns to their warning colour this long before they are due.",
            discussion: "Example: greenroom settings sla warning 30 (or 30m, 2h); 1 minute to 7 days."
        )

        @Argument(help: ArgumentHelp("Minutes (or a duration such as 2h).", valueName: "minutes"))
        var minutes: String

        @OptionGroup var database: DatabaseOptions

        func run() throws {
            guard let value = SLADuration.parse(minutes) else {
                throw GreenroomError.invalidInput("\"\(minutes)\" is not a number of minutes (like 30, or 30m, 2h)")
            }
            let store = try openStore(database, env: ProcessInfo.processInfo.environment, mustExist: true)
            let saved = try store.setSLAWarningMinutes(value)
            print("SLA countdowns now warn \(SLADuration.format(saved)) before they are due")
        }
    }
}

private func retimedText(_ n: Int) -> String {
    "\(n) open ticket\(n == 1 ? "" : "s") re-timed"
}

/// A policy duration option: `30m`, `4h`, `2d`, `90`.
private func parseDuration(_ text: String, option: String) throws -> Int {
    guard let minutes = SLADuration.parse(text) else {
        throw GreenroomError.invalidInput("\(option): \"\(text)\" is not a duration (like 30m, 4h, 2d, or 90 for minutes)")
    }
    return minutes
}

/// `09:00`, `9:30`, `9`, `24:00` → minutes after midnight.
private func parseClock(_ text: String, option: String) throws -> Int {
    let clean = text.trimmingCharacters(in: .whitespaces)
    let parts = clean.split(separator: ":", omittingEmptySubsequences: false)
    func fail() -> GreenroomError { GreenroomError.invalidInput("\(option): \"\(text)\" is not a time of day (HH:MM, 00:00–24:00)") }
    guard (1...2).contains(parts.count), parts.allSatisfy({ (1...2).contains($0.count) && $0.allSatisfy(\.isASCII) }),
          let hours = Int(parts[0]), let minutes = parts.count == 2 ? (parts[1].count == 2 ? Int(parts[1]) : nil) : 0,
          (0...24).contains(hours), (0...59).contains(minutes), hours < 24 || minutes == 0 else { throw fail() }
    return hours * 60 + minutes
}

private let weekdayNames = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

/// `mon-fri`, `mon,tue,thu`, `sun-thu`, `monday,wednesday` → ISO weekdays (1 = Monday).
private func parseWeekdays(_ text: String) throws -> [Int] {
    func day(_ word: Substring) throws -> Int {
        let w = word.trimmingCharacters(in: .whitespaces).lowercased()
        let full = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
        if w.count >= 3, let i = full.firstIndex(where: { $0.hasPrefix(w) }) { return i + 1 }
        throw GreenroomError.invalidInput("--days: unknown day \"\(w)\" (mon, tue, wed, thu, fri, sat, sun; ranges like mon-fri)")
    }
    var days = Set<Int>()
    let items = text.split(separator: ",", omittingEmptySubsequences: false)
    for item in items {
        guard !item.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw GreenroomError.invalidInput("--days: empty day in \"\(text)\"")
        }
        let ends = item.split(separator: "-", omittingEmptySubsequences: false)
        switch ends.count {
        case 1: days.insert(try day(ends[0]))
        case 2:
            var d = try day(ends[0])
            let last = try day(ends[1])
            days.insert(d)
            while d != last { d = d % 7 + 1; days.insert(d) } // ranges may wrap: fri-mon
        default: throw GreenroomError.invalidInput("--days: \"\(item)\" is not a day or a range like mon-fri")
        }
    }
    return days.sorted()
}

/// The `settings sla` table and the business-hours wording shared with the edits' lines.
enum SLATable {
    static func render(_ sla: SLASettings) -> String {
        let header = ["PRIORITY", "FIRST REPLY", "NEXT REPLY", "RESOLUTION", "CLOCK"]
        let body = sla.policies.map { p in
            [p.priority.rawValue, SLADuration.format(p.firstReplyMinutes), SLADuration.format(p.nextReplyMinutes),
             SLADuration.format(p.resolutionMinutes), p.businessHours ? "business hours" : "calendar"]
        }
        var widths = header.map { DisplayWidth.of($0) }
        for row in body { for (i, v) in row.enumerated() { widths[i] = max(widths[i], DisplayWidth.of(v)) } }
        var out = ""
        for row in [header] + body {
            let line = row.enumerated().map { i, v in TerminalText.fit(v, width: widths[i]) }.joined(separator: "  ")
            out += String(line.reversed().drop(while: { $0 == " " }).reversed()) + "\n"
        }
        out += "business hours: \(describe(sla.businessHours))\n"
        out += "holidays: " + (sla.businessHours.holidays.isEmpty ? "none" : sla.businessHours.holidays.joined(separator: ", ")) + "\n"
        out += "warning: \(SLADuration.format(sla.warningMinutes)) before due\n"
        return out
    }

    /// "Europe/Madrid, mon-fri 09:00-18:00"
    static func describe(_ hours: BusinessHours) -> String {
        "\(TerminalText.sanitize(hours.timeZone)), \(days(hours.weekdays)) \(clock(hours.startMinute))-\(clock(hours.endMinute))"
    }

    /// "no holidays", "1 holiday (2026-12-25)", "7 holidays".
    static func holidays(_ list: [String]) -> String {
        if list.isEmpty { return "no holidays" }
        let count = "\(list.count) holiday\(list.count == 1 ? "" : "s")"
        return list.count <= 5 ? count + " (" + list.joined(separator: ", ") + ")" : count
    }

    /// Runs of consecutive days as ranges: [1,2,3,4,5] → "mon-fri"; [1,3,6,7] → "mon,wed,sat-sun".
    static func days(_ weekdays: [Int]) -> String {
        let sorted = Array(Set(weekdays.filter { (1...7).contains($0) })).sorted()
        var parts: [String] = []
        var i = 0
        while i < sorted.count {
            var j = i
            while j + 1 < sorted.count, sorted[j + 1] == sorted[j] + 1 { j += 1 }
            let first = weekdayNames[sorted[i] - 1], last = weekdayNames[sorted[j] - 1]
            parts.append(j == i ? first : j == i + 1 ? first + "," + last : first + "-" + last)
            i = j + 1
        }
        return parts.joined(separator: ",")
    }

    static func clock(_ minute: Int) -> String {
        let h = minute / 60, m = minute % 60
        return (h < 10 ? "0" : "") + "\(h):" + (m < 10 ? "0" : "") + "\(m)"
    }
}
