import ArgumentParser
import Foundation
import GreenroomCore
import GreenroomStore
import GreenroomTUI

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
        greenroom settings sla warning 30. \
        With --team NAME, list, set and hours show and change that team's own policies and calendar \
        (a team without them follows the team-wide ones); reset PRIORITY --team NAME drops its own policy, \
        greenroom team edit NAME --hours-from-setting its own calendar.
        """,
        subcommands: [List.self, SetPolicy.self, Reset.self, Hours.self, Warning.self],
        defaultSubcommand: List.self
    )

    /// `greenroom settings sla [list]`
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "The four priority policies, the business hours and the warning threshold."
        )

        @Option(help: ArgumentHelp("What this team's tickets are timed by.", valueName: "name"))
        var team: String?

        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let store = try openStore(database, env: ProcessInfo.processInfo.environment, mustExist: true)
            print(SLATable.render(try store.slaSettings(team: team)), terminator: "")
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

        @Option(help: ArgumentHelp("Set this team's own policy (its tickets only).", valueName: "name"))
        var team: String?

        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let p = try parsePriority(priority)
            if businessHours && calendar { throw GreenroomError.invalidInput("use --business-hours or --calendar, not both") }
            let edit = SLAPolicyEdit(
                firstReplyMinutes: try firstReply.map { try parseDuration($0, option: "--first-reply") },
                nextReplyMinutes: try nextReply.map { try parseDuration($0, option: "--next-reply") },
                resolutionMinutes: try resolution.map { try parseDuration($0, option: "--resolution") },
                businessHours: businessHours ? true : calendar ? false : nil)
            let store = try openStore(database, env: ProcessInfo.processInfo.environment, mustExist: true)
            let (policy, retimed) = try store.editSLAPolicy(p, edit, team: team)
            let who = policy.teamID == nil ? "" : "team \"\(TerminalText.sanitize(team ?? ""))\" "
            print("\(who)\(p.rawValue): first reply \(SLADuration.format(policy.firstReplyMinutes)), "
                  + "next reply \(SLADuration.format(policy.nextReplyMinutes)), resolution \(SLADuration.format(policy.resolutionMinutes)), "
                  + (policy.businessHours ? "business hours" : "calendar time") + " · " + retimedText(retimed))
        }
    }

    /// `greenroom settings sla reset PRIORITY --team NAME`
    struct Reset: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reset",
            abstract: "Drop a team's own policy for a priority: its tickets follow the team-wide one again.",
            discussion: "Example: greenroom settings sla reset urgent --team \"Tier 1 BPO\""
        )

        @Argument(help: "urgent, high, normal or low.")
        var priority: String

        @Option(help: ArgumentHelp("The team.", valueName: "name"))
        var team: String

        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let p = try parsePriority(priority)
            let store = try openStore(database, env: ProcessInfo.processInfo.environment, mustExist: true)
            let (policy, retimed) = try store.resetTeamSLAPolicy(p, team: team)
            print("team \"\(TerminalText.sanitize(team))\" \(p.rawValue): the team-wide policy again (first reply \(SLADuration.format(policy.firstReplyMinutes)), "
                  + "next reply \(SLADuration.format(policy.nextReplyMinutes)), resolution \(SLADuration.format(policy.resolutionMinutes))) · " + retimedText(retimed))
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

        @Option(help: ArgumentHelp("Change this team's own calendar (made from the team-wide hours on its first edit).", valueName: "name"))
        var team: String?

        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let edit = BusinessHoursEdit(
                timeZone: zone, weekdays: try days.map(parseWeekdays),
                startMinute: try from.map { try parseClock($0, option: "--from") }, endMinute: try to.map { try parseClock($0, option: "--to") },
                addHolidays: holidayAdd, removeHolidays: holidayRemove)
            let store = try openStore(database, env: ProcessInfo.processInfo.environment, mustExist: true)
            let (hours, retimed) = try store.editBusinessHours(edit, team: team)
            print((team.map { "team \"\(TerminalText.sanitize($0))\" " } ?? "") + "business hours: \(SLATable.describe(hours)), \(SLATable.holidays(hours.holidays)) · " + retimedText(retimed))
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

private func parsePriority(_ text: String) throws -> TicketPriority {
    let clean = text.trimmingCharacters(in: .whitespaces).lowercased()
    guard let p = TicketPriority(rawValue: clean) else {
        throw GreenroomError.invalidInput("unknown priority \"\(TerminalText.sanitize(text))\" (\(TicketPriority.allCases.map(\.rawValue).joined(separator: ", ")))")
    }
    return p
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
        var header = ["PRIORITY", "FIRST REPLY", "NEXT REPLY", "RESOLUTION", "CLOCK"]
        if sla.team != nil { header.append("POLICY") }
        let body = sla.policies.map { p in
            [p.priority.rawValue, SLADuration.format(p.firstReplyMinutes), SLADuration.format(p.nextReplyMinutes),
             SLADuration.format(p.resolutionMinutes), p.businessHours ? "business hours" : "calendar"]
                + (sla.team == nil ? [] : [sla.ownPriorities.contains(p.priority) ? "team's own" : "team-wide"])
        }
        var widths = header.map { DisplayWidth.of($0) }
        for row in body { for (i, v) in row.enumerated() { widths[i] = max(widths[i], DisplayWidth.of(v)) } }
        var out = sla.team.map { "team: \(TerminalText.sanitize($0))\n" } ?? ""
        for row in [header] + body {
            let line = row.enumerated().map { i, v in TerminalText.fit(v, width: widths[i]) }.joined(separator: "  ")
            out += String(line.reversed().drop(while: { $0 == " " }).reversed()) + "\n"
        }
        out += "business hours: \(describe(sla.businessHours))" + (sla.team == nil ? "" : sla.ownHours ? " (the team's own)" : " (team-wide)") + "\n"
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
