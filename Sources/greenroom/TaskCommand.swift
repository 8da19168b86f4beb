import ArgumentParser
import Foundation
import GreenroomCore
import GreenroomStore
import GreenroomTUI

/// `greenroom task …`: incentive tasks, their progress from LIVE, and rewards due.
struct TaskCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "task",
        abstract: "Incentive tasks: a goal over days and a reward; progress from live sessions.",
        discussion: """
        A task is per creator: live_days (distinct days with LIVE), live_hours or sessions, \
        counted from sessions that start inside the task's days (team time zone). A completed \
        task's reward is due until `task pay` records it. Example: greenroom task add --title \
        "LIVE 5 days this week" --metric live_days --goal 5 --start 2026-11-16 --end 2026-11-22 \
        --reward "Boost" --amount 50 --filter 'market:MX stage:activated'
        """,
        subcommands: [List.self, Add.self, Pay.self, Remove.self],
        defaultSubcommand: List.self
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "Tasks with progress; --state due lists rewards due.")
        @Option(help: "open, completed, missed or due (completed and unpaid).") var state: String?
        @Option(help: "table, json or csv.") var format: String = "table"
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            guard ["table", "json", "csv"].contains(format) else { throw GreenroomError.invalidInput("--format must be table, json or csv (got \(format))") }
            if let state, !(["due"] + TaskState.allCases.map(\.rawValue)).contains(state) {
                throw GreenroomError.invalidInput("--state must be open, completed, missed or due (got \(TerminalText.sanitize(state)))")
            }
            let store = try openStore(database, env: ProcessInfo.processInfo.environment, mustExist: true)
            let rows = try store.taskRows(now: store.now).filter { r in
                switch state {
                case nil: return true
                case "due"?: return r.progress.state == .completed && r.task.paidAt == nil
                case let s?: return r.progress.state.rawValue == s
                }
            }
            func value(_ r: TaskRow) -> String {
                r.task.metric == .liveHours ? String(format: "%.1f", r.progress.value(.liveHours)) : "\(r.progress.raw)"
            }
            let header = ["id", "creator", "title", "metric", "goal", "progress", "start", "end", "state", "completed_at", "reward", "amount", "paid_at", "campaign"]
            let table = rows.map { r -> [String] in
                [r.task.id, r.handle, r.task.title, r.task.metric.rawValue, "\(r.task.goal)", value(r), r.task.startDate, r.task.endDate,
                 r.progress.state.rawValue, r.progress.completedAt.map(Time.iso) ?? "", r.task.reward, "\(r.task.amount)",
                 r.task.paidAt.map(Time.iso) ?? "", r.campaignName ?? ""]
            }
            switch format {
            case "json":
                try printJSON(table.map { Dictionary(uniqueKeysWithValues: zip(header, $0).map { ($0.0, $0.1 as Any) }) })
            case "csv":
                print(header.joined(separator: ","))
                for row in table { print(row.map(csvField).joined(separator: ",")) }
            default:
                printTable(["ID", "CREATOR", "TITLE", "PROGRESS", "DAYS", "STATE", "REWARD", "PAID"], rows.map { r in
                    [String(r.task.id.suffix(12)), r.handle, r.task.title, "\(value(r)) / \(r.task.goal) \(r.task.metric.unit)", "\(r.task.startDate)…\(r.task.endDate)",
                     r.progress.state.rawValue, r.task.reward.isEmpty ? "—" : "\(r.task.reward) · \(r.task.amount)", r.task.paidAt == nil ? "—" : "paid"]
                }, right: [3])
                let due = rows.filter { $0.progress.state == .completed && $0.task.paidAt == nil }
                FileHandle.standardError.write(Data("\(rows.count) task\(rows.count == 1 ? "" : "s") · \(due.count) reward\(due.count == 1 ? "" : "s") due (\(NumberFormat.grouped(due.reduce(0) { $0 + $1.task.amount })))\n".utf8))
            }
        }

        func csvField(_ s: String) -> String {
            let clean = TerminalText.sanitize(s)
            return clean.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + clean.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : clean
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: "Give creators (by handle and/or a roster filter) a task each.")
        @Option(help: "The task's title.") var title: String
        @Option(help: "live_days, live_hours or sessions.") var metric: String
        @Option(help: "The goal in the metric's units (whole hours for live_hours).") var goal: Int
        @Option(help: ArgumentHelp("First day (YYYY-MM-DD, today, +3d).", valueName: "date")) var start: String
        @Option(help: ArgumentHelp("Last day, included.", valueName: "date")) var end: String
        @Option(help: "What the creator earns.") var reward: String = ""
        @Option(help: "The payout, whole currency units.") var amount: Int = 0
        @Option(help: "A campaign the task belongs to.") var campaign: String?
        @Option(help: "A roster filter; every match gets the task.") var filter: String?
        @Argument(help: "Creator handles.") var handles: [String] = []
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let metric = try parseValue(metric, "--metric", TaskMetric.self)
            let store = try openStore(database, env: ProcessInfo.processInfo.environment, mustExist: true)
            let ids = try selectedCreators(store, handles: handles, filter: filter)
            let tasks = try store.addTasks(Store.TaskDraft(title: title, metric: metric, goal: goal, start: start, end: end, reward: reward,
                                                           amount: amount, campaign: campaign), creatorIDs: ids)
            print("added \(tasks.count) task\(tasks.count == 1 ? "" : "s") \"\(TerminalText.sanitize(tasks.first?.title ?? title))\" · \(goal) \(metric.unit) · \(tasks.first.map { "\($0.startDate)…\($0.endDate)" } ?? "")")
        }
    }

    struct Pay: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "pay", abstract: "Record a completed task's reward as paid.")
        @Argument(help: "The task's id (or its last 12 characters, as the list shows).") var id: String
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let store = try openStore(database, env: ProcessInfo.processInfo.environment, mustExist: true)
            let matches = try store.taskRows(now: store.now).filter { $0.task.id == id.lowercased() || (id.count >= 8 && $0.task.id.hasSuffix(id.lowercased())) }
            guard matches.count == 1 else {
                throw GreenroomError.invalidInput(matches.isEmpty ? "no task \(TerminalText.sanitize(id))" : "\(TerminalText.sanitize(id)) matches \(matches.count) tasks; give the whole id")
            }
            let t = try store.payTask(id: matches[0].task.id)
            print("paid \"\(TerminalText.sanitize(t.reward.isEmpty ? t.title : t.reward))\" · \(NumberFormat.grouped(t.amount)) to \(TerminalText.sanitize(matches[0].handle))")
        }
    }
}
