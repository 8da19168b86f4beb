import ArgumentParser
import Foundation
import GreenroomCore
import GreenroomStore

/// `greenroom settings kpi [list] | set ID [--target N|none] [--higher|--lower|--default-direction]`:
/// each KPI's target and which way is better, as team settings (they travel with sync).
struct KPISettingsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kpi",
        abstract: "Show and set KPI targets and whether higher or lower is better.",
        discussion: """
        Targets are in the KPI's unit: shares as percentages (95%), hours, minutes, days or \
        counts as plain numbers. Example: greenroom settings kpi set sla_attainment --target 95% ; \
        greenroom settings kpi set first_reply_time --target 30 --lower ; --target none clears it.
        """,
        subcommands: [List.self, SetTarget.self],
        defaultSubcommand: List.self
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "Every KPI with its unit, direction and target.")
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let store = try openStore(database, env: ProcessInfo.processInfo.environment, mustExist: true)
            let targets = try store.teamSettings().kpiTargets
            let rows = KPIID.allCases.map { id -> [String] in
                let t = targets[id.rawValue]
                let direction = t?.direction ?? id.defaultDirection
                return [id.rawValue, id.title, id.unit, direction == .higherIsBetter ? "higher" : "lower",
                        t?.target.map { KPISettingsCommand.format($0, id) } ?? "—"]
            }
            let header = ["ID", "KPI", "UNIT", "BETTER", "TARGET"]
            let widths = (0..<header.count).map { c in ([header[c]] + rows.map { $0[c] }).map(\.count).max() ?? 0 }
            func line(_ cells: [String]) -> String {
                cells.enumerated().map { $0.element.padding(toLength: widths[$0.offset], withPad: " ", startingAt: 0) }.joined(separator: "  ")
                    .trimmingCharacters(in: .whitespaces)
            }
            print(line(header))
            for r in rows { print(line(r)) }
        }
    }

    struct SetTarget: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "set", abstract: "Set a KPI's target and direction.")
        @Argument(help: "The KPI id (see greenroom settings kpi).")
        var id: String
        @Option(help: ArgumentHelp("The target: 95%, 30, 2.5 — or none.", valueName: "N|none"))
        var target: String?
        @Flag(help: "Higher is better.") var higher = false
        @Flag(help: "Lower is better.") var lower = false
        @Flag(help: "Back to the KPI's own direction.") var defaultDirection = false
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            guard let kpi = KPIID(rawValue: id.lowercased()) else {
                let suggestion = KPIID.allCases.map(\.rawValue).min { FuzzyDistance.of($0, id.lowercased()) < FuzzyDistance.of($1, id.lowercased()) }!
                throw GreenroomError.invalidInput("no KPI \"\(id)\" (did you mean \(suggestion)?); greenroom settings kpi lists them")
            }
            guard [higher, lower, defaultDirection].filter({ $0 }).count <= 1 else {
                throw GreenroomError.invalidInput("give one of --higher, --lower, --default-direction")
            }
            guard target != nil || higher || lower || defaultDirection else {
                throw GreenroomError.invalidInput("nothing to set: give --target and/or --higher, --lower, --default-direction")
            }
            let store = try openStore(database, env: ProcessInfo.processInfo.environment, mustExist: true)
            let current = try store.teamSettings().kpiTargets[kpi.rawValue]
            var value = current?.target
            if let target { value = try KPISettingsCommand.parse(target, kpi) }
            var direction = current?.direction
            if higher { direction = .higherIsBetter }
            if lower { direction = .lowerIsBetter }
            if defaultDirection { direction = nil }
            let saved = try store.setKPITarget(kpi, target: value, direction: direction)
            let better = (saved.direction ?? kpi.defaultDirection) == .higherIsBetter ? "higher" : "lower"
            print("\(kpi.title): target \(saved.target.map { KPISettingsCommand.format($0, kpi) } ?? "none"), \(better) is better")
        }
    }

    static func parse(_ text: String, _ id: KPIID) throws -> Double? {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        if t == "none" || t == "-" { return nil }
        let percent = t.hasSuffix("%")
        guard let n = Double(percent ? String(t.dropLast()) : t), n.isFinite else {
            throw GreenroomError.invalidInput("--target must be a number like 95%, 30 or 2.5, or none (got \(text))")
        }
        if id.unit == "%" { return percent || n > 1 ? n / 100 : n }
        guard !percent else { throw GreenroomError.invalidInput("\(id.title) is in \(id.unit), not a percentage") }
        return n
    }

    static func format(_ value: Double, _ id: KPIID) -> String {
        if id.unit == "%" { return String(format: "%.1f%%", value * 100).replacingOccurrences(of: ".0%", with: "%") }
        return (value == value.rounded() ? String(Int(value)) : String(format: "%.2f", value)) + " " + id.unit
    }
}
