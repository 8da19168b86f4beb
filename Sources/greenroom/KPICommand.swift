import ArgumentParser
import Foundation
import GreenroomCore
import GreenroomStore
import GreenroomTUI

/// `greenroom kpi explain [ID] [--day D | --week W | --month M] [--scope S]`: what a KPI
/// counts — the text `?` shows on a KPI row.
struct KPICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kpi",
        abstract: "What each KPI counts.",
        subcommands: [Explain.self]
    )

    struct Explain: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "explain",
            abstract: "A KPI's definition, and its value, base and period (the text of ? on a KPI row).",
            discussion: """
            With an ID, for one period in the team's time zone: --day, --week or --month (default: \
            the last complete ISO week, as the Review). A period that has not ended is counted over its \
            complete days and said to be partial, compared with the same days of the one before. \
            Without an ID, every KPI's definition. IDs: \(KPIID.allCases.map(\.rawValue).joined(separator: ", ")).
            Example: greenroom kpi explain resolution_time --week 2026-W46
            """
        )

        @OptionGroup var database: DatabaseOptions

        @Argument(help: ArgumentHelp("A KPI id such as tickets_solved (see greenroom settings kpi).", valueName: "ID"))
        var id: String?

        @Option(help: ArgumentHelp("A day such as 2026-11-19.", valueName: "YYYY-MM-DD"))
        var day: String?

        @Option(help: ArgumentHelp("An ISO week such as 2026-W46.", valueName: "YYYY-Www"))
        var week: String?

        @Option(help: ArgumentHelp("A month such as 2026-11.", valueName: "YYYY-MM"))
        var month: String?

        @Option(help: ArgumentHelp("all, market:CODE, manager:@handle or agent:@handle.", valueName: "scope"))
        var scope: String = "all"

        func run() throws {
            guard let raw = id else {
                guard day == nil, week == nil, month == nil else {
                    throw GreenroomError.invalidInput("--day, --week and --month need a KPI id")
                }
                print(KPIID.allCases.map { "\($0.title) (\($0.rawValue))\nDefinition: \($0.definition)" }.joined(separator: "\n\n"))
                return
            }
            let key = raw.lowercased().replacingOccurrences(of: "-", with: "_")
            guard let kpi = KPIID(rawValue: key) else {
                throw GreenroomError.invalidInput("no KPI \"\(TerminalText.sanitize(raw))\"; one of \(KPIID.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard [day, week, month].compactMap({ $0 }).count <= 1 else {
                throw GreenroomError.invalidInput("give one of --day, --week and --month")
            }
            let parsedScope = try KPIScope.parse(scope)
            let store = try openStore(database, env: ProcessInfo.processInfo.environment, mustExist: true)
            let now = store.now
            let calendar = TeamCalendar(zone: try store.teamSettings().zone)
            let unit: KPIPeriodUnit
            let full: KPIPeriod
            if let day {
                guard let start = DateInput.parse(day, now: now, zone: calendar.zone), day.split(separator: "-").count == 3 else {
                    throw GreenroomError.invalidInput("--day must be a date such as 2026-11-19 (got \(TerminalText.sanitize(day)))")
                }
                unit = .day; full = calendar.dayPeriod(containing: start)
            } else if let week {
                guard let p = calendar.isoWeek(week) else {
                    throw GreenroomError.invalidInput("--week must be an ISO week such as 2026-W46 (got \(TerminalText.sanitize(week)))")
                }
                unit = .week; full = p
            } else if let month {
                guard month.count == 7, let start = DateInput.parse(month + "-01", now: now, zone: calendar.zone) else {
                    throw GreenroomError.invalidInput("--month must be a month such as 2026-11 (got \(TerminalText.sanitize(month)))")
                }
                unit = .month; full = calendar.monthPeriod(containing: start)
            } else {
                unit = .week; full = calendar.weekPeriod(containing: calendar.startOfISOWeek(now) - 1)
            }
            let span = calendar.span(unit, full, now: now)
            let name = calendar.periodName(unit, start: full.start)
            guard full.start <= now else { throw GreenroomError.invalidInput("\(name) has not started yet") }
            guard span.days > 0 else { throw GreenroomError.invalidInput("\(name) has no complete day yet (it started today)") }
            let value = try store.kpi(kpi, period: span.counted, scope: parsedScope, now: now)
            print(KPIExplanation.lines(kpi, value: value, span: span, scope: parsedScope, calendar: calendar).joined(separator: "\n"))
        }
    }
}
