import ArgumentParser
import Foundation
import GreenroomCore
import GreenroomStore
import GreenroomTUI

/// `greenroom report …`: documents built from the same numbers as the screens.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Reports: the pipeline funnel, the weekly review, insights and campaigns.",
        subcommands: [Funnel.self, Weekly.self, Insights.self, CampaignReport.self]
    )

    /// `greenroom report funnel`
    struct Funnel: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "funnel",
            abstract: "The pipeline funnel for creators who entered lead in the window.",
            discussion: """
            Per step: creators who entered it, who reached it (it or a later step), and the \
            conversion from the step before; overall conversion to activated; median and p90 \
            days in each stage over exits in the window; lost reasons ranked. Computed from stage \
            events (an undone move does not count). The window is the last N days in the team's \
            time zone, today included.
            Example: greenroom report funnel --window 30d --filter 'market:MX' --format csv
            """
        )

        @OptionGroup var database: DatabaseOptions

        @Option(help: ArgumentHelp("Window: 30d, 90d or any Nd up to 3650d.", valueName: "Nd"))
        var window: String = "90d"

        @Option(help: "Only creators matching this filter (the roster's language).")
        var filter: String?

        @Option(help: "md, csv or json.")
        var format: String = "md"

        @OptionGroup var identity: IdentityOptions

        func run() throws {
            guard ["md", "csv", "json"].contains(format) else {
                throw GreenroomError.invalidInput("--format must be md, csv or json (got \(format))")
            }
            guard window.hasSuffix("d"), let days = Int(window.dropLast()), (1...3650).contains(days) else {
                throw GreenroomError.invalidInput("--window must be a number of days such as 30d or 90d (got \(window))")
            }
            let env = ProcessInfo.processInfo.environment
            let store = try openStore(database, env: env, mustExist: true)
            let settings = try store.teamSettings()
            var parsed = CreatorFilter.all
            if let filter {
                do {
                    parsed = try FilterParser(stages: settings.allStageNames).parse(filter)
                } catch let error as FilterError {
                    throw GreenroomError.invalidInput("filter: \(error.message)")
                }
            }
            let now = store.now
            let range = TeamCalendar(zone: settings.zone).window(days: days, endingAt: now)
            let report = try store.funnel(start: range.lowerBound, end: range.upperBound, filter: parsed, me: identity.me, now: now)
            FileHandle.standardOutput.write(try FunnelDocument.render(report, format: format, days: days, zone: settings.zone, filter: filter))
        }
    }
}

/// The funnel as Markdown, CSV or JSON. The JSON shape is stable:
/// `{window: {start, end, days, time_zone}, filter, cohort, overall: {stage, conversion},
///   steps: [{stage, entered, reached, conversion}], time_in_stage: [{stage, exits, median_days, p90_days}],
///   lost_reasons: [{reason, count}]}`; conversions are fractions (0…1) or null.
enum FunnelDocument {
    static func object(_ r: FunnelReport, days: Int, zone: TimeZone, filter: String?) -> [String: Any] {
        func num(_ v: Double?) -> Any { WeeklyDocument.rounded(v).map { $0 as Any } ?? NSNull() }
        return [
            "window": ["start": Time.iso(r.windowStart), "end": Time.iso(r.windowEnd), "days": days, "time_zone": zone.identifier],
            "filter": filter ?? NSNull(),
            "cohort": r.cohort,
            "overall": ["stage": r.overallStage, "conversion": num(r.overall)],
            "steps": r.steps.map { ["stage": $0.stage, "entered": $0.entered, "reached": $0.reached, "conversion": num($0.conversion)] },
            "time_in_stage": r.timeInStage.map { ["stage": $0.stage, "exits": $0.exits, "median_days": num($0.medianDays), "p90_days": num($0.p90Days)] },
            "lost_reasons": r.lostReasons.map { ["reason": $0.reason, "count": $0.count] },
        ]
    }

    static func render(_ r: FunnelReport, format: String, days: Int, zone: TimeZone, filter: String?) throws -> Data {
        let from = DateInput.format(r.windowStart, zone: zone)
        let to = DateInput.format(TeamCalendar(zone: zone).addDays(-1, to: r.windowEnd), zone: zone)
        let times = Dictionary(r.timeInStage.map { ($0.stage, $0) }, uniquingKeysWith: { a, _ in a })
        func pct(_ v: Double?) -> String { v.map { String(format: "%.1f%%", $0 * 100) } ?? "—" }
        func d(_ v: Double?) -> String { v.map { String(format: "%.1f", $0) } ?? "—" }
        switch format {
        case "json":
            let data = try JSONOutput.data(object(r, days: days, zone: zone, filter: filter))
            return data + Data("\n".utf8)
        case "csv":
            let header = ["section", "stage_or_reason", "entered", "reached", "conversion", "exits", "median_days", "p90_days", "count"]
            var rows: [[String]] = []
            for s in r.steps {
                let t = times[s.stage]
                rows.append(["step", s.stage, "\(s.entered)", "\(s.reached)", s.conversion.map { String(format: "%.4f", $0) } ?? "",
                             "\(t?.exits ?? 0)", t?.medianDays.map { String(format: "%.2f", $0) } ?? "", t?.p90Days.map { String(format: "%.2f", $0) } ?? "", ""])
            }
            rows.append(["overall", r.overallStage, "\(r.cohort)", "", r.overall.map { String(format: "%.4f", $0) } ?? "", "", "", "", ""])
            for reason in r.lostReasons { rows.append(["lost_reason", reason.reason, "", "", "", "", "", "", "\(reason.count)"]) }
            return try CreatorsCSV.render(header: header, rows: rows) // CSV.swift does the quoting
        default:
            var out = "# Pipeline funnel\n\n"
            out += "Creators who entered **\(r.steps.first?.stage ?? "lead")** from \(from) to \(to) (\(RelativeTime.counted(days, "day")), \(zone.identifier))"
            out += filter.map { ", filtered by `\($0)`" } ?? ""
            out += ": **\(r.cohort)**. Pipeline conversion: \(pct(r.overall)) of them reached \(r.overallStage) since "
            out += "(the KPI of the same name counts a period's leads this way; `greenroom kpi explain pipeline_conversion`).\n\n"
            out += "| stage | entered | reached | step conversion | exits | median days | p90 days |\n|---|--:|--:|--:|--:|--:|--:|\n"
            for s in r.steps {
                let t = times[s.stage]
                out += "| \(s.stage) | \(s.entered) | \(s.reached) | \(pct(s.conversion)) | \(t?.exits ?? 0) | \(d(t?.medianDays)) | \(d(t?.p90Days)) |\n"
            }
            out += "\n## Lost reasons\n\n"
            if r.lostReasons.isEmpty {
                out += "No creators were lost in the window.\n"
            } else {
                out += "| reason | creators |\n|---|--:|\n"
                for reason in r.lostReasons { out += "| \(reason.reason.replacingOccurrences(of: "|", with: "\\|")) | \(reason.count) |\n" }
            }
            return Data(out.utf8)
        }
    }
}

/// `--output FILE` of the report documents: standard output without it.
struct ReportOutputOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Write the report to this file instead of standard output (replaced whole).", valueName: "FILE"),
            completion: .file())
    var output: String?

    func write(_ data: Data) throws {
        guard let output else {
            FileHandle.standardOutput.write(data)
            return
        }
        let path = (output as NSString).expandingTildeInPath
        let directory = (path as NSString).deletingLastPathComponent
        var isDirectory: ObjCBool = false
        if !directory.isEmpty, !FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) || !isDirectory.boolValue {
            throw GreenroomError.invalidInput("--output: no directory \(TerminalText.sanitize(directory))")
        }
        do {
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            let code = ((error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError)?.code ?? (error as NSError).code
            let reason = (error as NSError).domain == NSPOSIXErrorDomain || (error as NSError).userInfo[NSUnderlyingErrorKey] != nil
                ? String(cString: strerror(Int32(code))) : error.localizedDescription
            throw GreenroomError.invalidInput("--output: cannot write \(TerminalText.sanitize(path)): \(reason)")
        }
    }
}
