import ArgumentParser
import Foundation
import GreenroomCore
import GreenroomStore
import GreenroomTUI

/// `greenroom tickets list`
struct TicketsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tickets",
        abstract: "Scriptable ticket lists, in queue order, with SLA times; snoozing tickets.",
        subcommands: [List.self, Snooze.self, Unsnooze.self],
        defaultSubcommand: List.self
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List tickets of a queue view, narrowed with the queue's filter language.",
            discussion: """
            Views: \(TicketView.allCases.map(\.rawValue).joined(separator: ", ")) (a view's title or a unique prefix \
            works too). Open views are ordered by time to the next SLA breach (breached first, most overdue on top; \
            tickets whose clock is paused last); solved-7d by most recently solved; all (every ticket, open or solved; \
            all-open is the unsolved ones) newest first. --sort orders any view as the queue's o does. Free text \
            searches subjects and messages; created:<7d and solved:>30d narrow by age in days. SLA times are computed for now \
            ($GREENROOM_NOW when set).

            --format table (the default): key, priority, status, tier, assignee, requester, category, SLA (time to \
            the next breach: 12m, 1h 05m, 2d 03h; overdue -1h 05m; paused; — when no clock runs), subject; fitted \
            to the terminal, or 120 columns when output is not a terminal. The count goes to standard error.

            --format json: an array of objects, one per ticket: id, key (full key), short_key (as the queue shows \
            it), subject, status, priority, category, channel, tier (1 or 2), assignee (handle or null), requester \
            (creator handle or null), network (network name or null), created_at, solved_at (ISO 8601 UTC or null), \
            tags (array of strings), sla (array of {target: first_reply|next_reply|resolution, state: \
            active|paused|achieved|breached, due: ISO 8601 UTC or null, remaining_minutes: SLA minutes left, \
            negative when overdue (business minutes for business-hours policies), or null once the target is \
            satisfied, achieved_at: ISO 8601 UTC or null}), next_breach_target (or null), next_breach_at \
            (ISO 8601 UTC, or null when no clock runs) and wake_at (when its snooze ends: ahead while snoozed, \
            passed once it woke and until an agent acts on it; null when not snoozed).

            --format csv: id, key, short_key, subject, status, priority, category, channel, tier, assignee, \
            requester, network, created_at, solved_at, tags (separated by ;), and sla_target, sla_state, sla_due, \
            sla_remaining_minutes of the next target (the next breach; else the first unsatisfied target; on a \
            solved ticket, resolution).

            Examples: greenroom tickets list --view breaching-soon --format json; \
            greenroom tickets list --filter 'priority:urgent,high assignee:none' --limit 20; \
            greenroom tickets list --view all --filter 'network:"Luz Agency" payout status:solved'
            """
        )

        @OptionGroup var database: DatabaseOptions

        @Option(help: ArgumentHelp("A queue view (default all-open).", valueName: "name"))
        var view: String?

        @Option(help: ArgumentHelp("Filter, as typed after / in the queue (status:, priority:, category:, tier:, assignee:, tag:, …).",
                                   valueName: "expr"))
        var filter: String?

        @Option(help: ArgumentHelp("Order, as o cycles it in the queue: breach (default), priority, updated, created, requester.",
                                   valueName: "order"))
        var sort: String?

        @Option(help: "table, json or csv.")
        var format: String = "table"

        @Option(help: "At most this many tickets.")
        var limit: Int?

        @OptionGroup var identity: IdentityOptions

        func run() throws {
            guard ["table", "json", "csv"].contains(format) else {
                throw GreenroomError.invalidInput("--format must be table, json or csv (got \(format))")
            }
            if let limit, limit < 0 { throw GreenroomError.invalidInput("--limit cannot be negative") }
            var ticketView = TicketView.allOpen
            if let view {
                guard let named = TicketView.named(view) else {
                    throw GreenroomError.invalidInput("no view called \"\(view)\" (views: \(TicketView.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                ticketView = named
            }
            var order = TicketSort.nextBreach
            if let sort {
                guard let named = TicketSort.named(sort) else {
                    throw GreenroomError.invalidInput("no order called \"\(sort)\" (orders: \(TicketSort.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                order = named
            }
            let parsed: TicketFilter
            do {
                parsed = try TicketFilterParser().parse(filter ?? "")
            } catch let error as FilterError {
                throw GreenroomError.invalidInput("filter: \(error.message)")
            }
            let env = ProcessInfo.processInfo.environment
            let me = identity.me ?? (try? Config.load(path: ConfigPaths.fromEnvironment(env).configFile).me) ?? nil
            let mentionsMe = ticketView == .myOpen || parsed.conditions.contains { condition in
                if case .assignee(let people, _) = condition { return people.contains(.me) } else { return false }
            }
            if mentionsMe && me == nil {
                throw GreenroomError.invalidInput("who is \"me\"? pass --as @handle (or set me in the config file)")
            }
            let store = try openStore(database, env: env, mustExist: true)
            let now = store.now
            let rows = try store.ticketListing(view: ticketView, filter: parsed, me: me, limit: limit, now: now, sort: order)
            switch format {
            case "json": try printJSON(rows)
            case "csv": try printCSV(rows)
            default:
                printTable(rows, now: now, width: List.outputWidth(), zone: try store.teamSettings().zone)
                let total = try store.ticketCount(view: ticketView, filter: parsed, me: me, now: now)
                FileHandle.standardError.write(Data("\(rows.count) of \(total) ticket\(total == 1 ? "" : "s")\n".utf8))
            }
        }

        // MARK: JSON

        static func iso(_ t: Millis?) -> Any { t.map(Time.iso) ?? NSNull() }

        /// Whole SLA minutes left, rounded down (so any overdue amount is at least -1).
        static func minutes(_ ms: Millis) -> Int {
            Int(ms >= 0 ? ms / Time.minute : -((-ms + Time.minute - 1) / Time.minute))
        }

        static func object(_ r: TicketListing) -> [String: Any] {
            let sla: [[String: Any]] = r.sla.targets.map { t in
                [
                    "target": t.target.rawValue, "state": t.state.rawValue, "due": iso(t.due),
                    "remaining_minutes": t.achievedAt == nil ? minutes(t.remaining) as Any : NSNull(),
                    "achieved_at": iso(t.achievedAt),
                ]
            }
            return [
                "id": r.id, "key": r.key, "short_key": r.shortKey, "subject": r.subject, "status": r.status.rawValue,
                "priority": r.priority.rawValue, "category": r.category.rawValue, "channel": r.channel.rawValue, "tier": r.tier,
                "assignee": r.assigneeHandle ?? NSNull(), "requester": r.requesterHandle ?? NSNull(), "network": r.networkName ?? NSNull(),
                "created_at": Time.iso(r.createdAt), "solved_at": iso(r.solvedAt), "tags": r.tags, "sla": sla,
                "next_breach_target": r.sla.nextBreachTarget?.rawValue ?? NSNull(), "next_breach_at": iso(r.sla.nextBreachDue),
                "wake_at": iso(r.status.isOpen ? r.wakeAt : nil),
            ]
        }

        func printJSON(_ rows: [TicketListing]) throws {
            let data = try JSONOutput.data(rows.map(List.object))
            print(String(decoding: data, as: UTF8.self))
        }

        // MARK: CSV

        static let columns = ["id", "key", "short_key", "subject", "status", "priority", "category", "channel", "tier", "assignee",
                              "requester", "network", "created_at", "solved_at", "tags", "sla_target", "sla_state", "sla_due",
                              "sla_remaining_minutes"]

        static func values(_ r: TicketListing) -> [String] {
            let next = r.headlineTarget
            return [r.id, r.key, r.shortKey, r.subject, r.status.rawValue, r.priority.rawValue, r.category.rawValue, r.channel.rawValue,
                    String(r.tier), r.assigneeHandle ?? "", r.requesterHandle ?? "", r.networkName ?? "", Time.iso(r.createdAt),
                    r.solvedAt.map(Time.iso) ?? "", r.tags.joined(separator: ";"), next?.target.rawValue ?? "", next?.state.rawValue ?? "",
                    next?.due.map(Time.iso) ?? "", next.flatMap { $0.achievedAt == nil ? String(minutes($0.remaining)) : nil } ?? ""]
        }

        func printCSV(_ rows: [TicketListing]) throws {
            FileHandle.standardOutput.write(try CreatorsCSV.render(header: List.columns, rows: rows.map(List.values)))
        }

        // MARK: Table

        /// `12m`, `1h 05m`, `2d 03h`; overdue with a minus sign (`-1h 05m`), rounded away from zero.
        static func countdown(_ delta: Millis) -> String {
            let total = minutes(delta)
            let sign = total < 0 ? "-" : ""
            let m = abs(total)
            if m < 60 { return sign + "\(m)m" }
            func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
            if m < 24 * 60 { return sign + "\(m / 60)h \(two(m % 60))m" }
            return sign + "\(m / (24 * 60))d \(two(m / 60 % 24))h"
        }

        static func slaCell(_ r: TicketListing, now: Millis) -> String {
            if let due = r.sla.nextBreachDue { return countdown(due - now) }
            return r.status.isOpen && r.status.pausesSLA ? "paused" : "—"
        }

        /// The terminal's width when standard output is one, else 120.
        static func outputWidth() -> Int {
            guard isatty(STDOUT_FILENO) == 1 else { return 120 }
            var size = winsize()
            let ok = withUnsafeMutablePointer(to: &size) { ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), $0) }
            if ok == 0, size.ws_col > 0 { return Int(size.ws_col) }
            if let columns = ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init), columns > 0 { return columns }
            return 120
        }

        func printTable(_ rows: [TicketListing], now: Millis, width: Int, zone: TimeZone) {
            let header = ["KEY", "PRI", "STATUS", "TIER", "ASSIGNEE", "REQUESTER", "CATEGORY", "SLA", "SUBJECT"]
            let body = rows.map { r in
                [r.shortKey, r.priority.rawValue, r.status.rawValue, "T\(r.tier)", r.assigneeHandle ?? "—",
                 r.requesterHandle ?? r.networkName ?? "—", r.category.rawValue, List.slaCell(r, now: now),
                 TicketSnooze.rowMark(wakeAt: r.status.isOpen ? r.wakeAt : nil, now: now, zone: zone, dot: " · ") + r.subject]
                    .map { TerminalText.sanitize($0) }
            }
            // Every column but the subject at its natural width (capped); the subject gets the rest.
            let caps = [14, 6, 7, 4, 16, 20, 18, 8]
            var widths = header.map { DisplayWidth.of($0) }
            for row in body { for (i, v) in row.enumerated() { widths[i] = max(widths[i], DisplayWidth.of(v)) } }
            for i in caps.indices { widths[i] = min(widths[i], caps[i]) }
            // When the terminal is narrow, shrink the widest flexible columns before the subject drops under 12.
            let gaps = 2 * (header.count - 1)
            func used() -> Int { widths.dropLast().reduce(0, +) + gaps }
            let flexible = [5, 4, 6] // requester, assignee, category
            while width - used() < 12, let i = flexible.filter({ widths[$0] > 8 }).max(by: { widths[$0] < widths[$1] }) {
                widths[i] -= 1
            }
            widths[8] = max(4, min(widths[8], width - used()))
            let right: Set<Int> = [7]
            let last = header.count - 1
            for row in [header] + body {
                var line = row.enumerated().map { i, v in
                    i == last ? TerminalText.truncate(v, width: widths[i]) : TerminalText.fit(v, width: widths[i], alignRight: right.contains(i))
                }.joined(separator: "  ")
                while line.last == " " { line.removeLast() }
                print(line)
            }
        }
    }
}
