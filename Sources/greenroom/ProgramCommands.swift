import ArgumentParser
import Foundation
import GreenroomCore
import GreenroomStore
import GreenroomTUI

/// Creator ids from handles and/or a roster filter (`--filter 'stage:onboarding market:MX'`),
/// the filter read by the roster's parser; no creators at all is an error.
func selectedCreators(_ store: Store, handles: [String], filter: String?) throws -> [String] {
    var ids = try creatorIDs(store, handles)
    if let filter {
        let settings = try store.teamSettings()
        let parsed: CreatorFilter
        do { parsed = try FilterParser(stages: settings.allStageNames).parse(filter) } catch let error as FilterError {
            throw GreenroomError.invalidInput("--filter: \(error.message)")
        }
        ids += try store.rosterIDs(filter: parsed, me: nil, now: store.now)
    }
    guard !ids.isEmpty else { throw GreenroomError.invalidInput(filter == nil ? "name creators by handle, or pick them with --filter" : "no creator matches the filter") }
    return Array(Set(ids)).sorted()
}

/// `greenroom program …`: education programs, enrolment, module progress, the funnel and the
/// measured effect. Every edit prints one confirming line, or one line saying why not (exit
/// 2) and changes nothing.
struct ProgramCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "program",
        abstract: "Education programs: modules, enrolled creators, progress, funnel, effect.",
        discussion: """
        A program has ordered modules; enrolled creators finish them one by one. NAME is a \
        program's name, the start of it, or its id. Examples: \
        greenroom program create --name "LIVE 101" --module Setup --module Lighting --module Selling; \
        greenroom program enrol "LIVE 101" @mila.cooks --filter 'stage:onboarding market:MX'; \
        greenroom program progress "LIVE 101" @mila.cooks; greenroom program show "LIVE 101" --format json
        """,
        subcommands: [List.self, Show.self, Create.self, Enrol.self, Progress.self, Effect.self],
        defaultSubcommand: List.self
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "Every program with its modules, enrolled and completed.")
        @Option(help: "table or json.") var format: String = "table"
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            guard ["table", "json"].contains(format) else { throw GreenroomError.invalidInput("--format must be table or json (got \(format))") }
            let store = try openStore(database, env: ProcessInfo.processInfo.environment, mustExist: true)
            let rows = try store.programSummaries()
            if format == "json" {
                try printJSON(rows.map { s -> [String: Any] in
                    ["id": s.program.id, "name": s.program.name, "summary": s.program.summary, "status": s.program.status.rawValue,
                     "owner": s.ownerHandle as Any? ?? NSNull(), "modules": s.modules, "enrolled": s.enrolled, "completed": s.completed]
                })
                return
            }
            printTable(["NAME", "STATUS", "MODULES", "ENROLLED", "COMPLETED", "OWNER"], rows.map {
                [$0.program.name, $0.program.status.rawValue, "\($0.modules)", NumberFormat.grouped($0.enrolled), NumberFormat.grouped($0.completed), $0.ownerHandle ?? "—"]
            }, right: [2, 3, 4])
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "One program: the funnel, who stands at which module, who is stuck.")
        @Argument(help: "The program's name, the start of it, or its id.") var name: String
        @Option(help: "table or json (json lists every enrolled creator).") var format: String = "table"
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            guard ["table", "json"].contains(format) else { throw GreenroomError.invalidInput("--format must be table or json (got \(format))") }
            let store = try openStore(database, env: ProcessInfo.processInfo.environment, mustExist: true)
            let p = try store.program(ref: name)
            guard let data = try store.programBoard(id: p.id, now: store.now, cardsPerColumn: 5) else { throw GreenroomError.invalidInput("that program no longer exists") }
            if format == "json" {
                let zone = try store.teamSettings().zone
                try printJSON([
                    "id": p.id, "name": p.name, "summary": p.summary, "status": p.status.rawValue,
                    "modules": data.modules.map { ["id": $0.id, "position": $0.position, "title": $0.title] },
                    "funnel": data.funnel.steps.map { ["step": $0.label, "creators": $0.count] },
                    "creators": try store.programParticipants(id: p.id).map { c -> [String: Any] in
                        ["handle": c.handle, "at": c.at as Any? ?? NSNull(), "completed_modules": c.standing.completedCount,
                         "enrolled": DateInput.format(c.standing.enrolledAt, zone: zone), "last_progress": Time.iso(c.standing.lastProgress)]
                    },
                ] as [String: Any])
                return
            }
            print("\(TerminalText.sanitize(p.name)) · \(p.status.rawValue) · \(data.modules.count) modules · \(NumberFormat.grouped(data.board.enrolled)) enrolled")
            print("Funnel: " + data.funnel.steps.map { "\(TerminalText.sanitize($0.label)) \(NumberFormat.grouped($0.count))" }.joined(separator: " → "))
            printTable(["AT", "CREATORS", "STUCK", "LONGEST WITHOUT PROGRESS"], data.board.columns.map { c in
                [c.title, NumberFormat.grouped(c.count), c.moduleID == nil ? "—" : NumberFormat.grouped(c.stuck), c.cards.map(\.handle).joined(separator: " ")]
            }, right: [1, 2])
        }
    }

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "create", abstract: "Create a program with its modules, in order.",
                                                        discussion: "Example: greenroom program create --name \"LIVE 101\" --module Setup --module Lighting --owner @ana")
        @Option(help: "The program's name (unique, at most 80 characters).") var name: String
        @Option(help: ArgumentHelp("A module title; repeat in order.", valueName: "title")) var module: [String] = []
        @Option(help: "One line on what it teaches.") var summary: String = ""
        @Option(help: ArgumentHelp("A member handle.", valueName: "handle")) var owner: String?
        @Option(help: "draft, running or ended.") var status: String = "running"
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let status = try parseValue(status, "--status", ProgramStatus.self)
            let store = try openStore(database, env: ProcessInfo.processInfo.environment, mustExist: true)
            let p = try store.addProgram(name: name, summary: summary, owner: owner, status: status, modules: module)
            print("created program \"\(TerminalText.sanitize(p.name))\" · \(module.count) module\(module.count == 1 ? "" : "s") · \(p.status.rawValue)")
        }
    }

    struct Enrol: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "enrol", abstract: "Enrol creators by handle and/or a roster filter.",
                                                        discussion: "Example: greenroom program enrol \"LIVE 101\" @mila.cooks --filter 'stage:onboarding market:MX'")
        @Argument(help: "The program's name, the start of it, or its id.") var program: String
        @Argument(help: "Creator handles.") var handles: [String] = []
        @Option(help: "A roster filter (the roster's / language); every match is enrolled.") var filter: String?
        @Option(help: ArgumentHelp("When they enrolled (default now): YYYY-MM-DD or today; for enrolments recorded elsewhere first.", valueName: "date")) var at: String?
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let store = try openStore(database, env: ProcessInfo.processInfo.environment, mustExist: true)
            let p = try store.program(ref: program)
            var when: Millis?
            if let at {
                guard let t = DateInput.parse(at, now: store.now, zone: try store.teamSettings().zone), t <= store.now else {
                    throw GreenroomError.invalidInput("--at: not a date up to today (YYYY-MM-DD or today): \"\(TerminalText.sanitize(at))\"")
                }
                when = t
            }
            let ids = try selectedCreators(store, handles: handles, filter: filter)
            let result = try store.enrol(programID: p.id, creatorIDs: ids, at: when)
            if result.added == 0 {
                let who = result.already.count == 1 ? (try store.creator(id: result.already[0])?.handle ?? "that creator") : "all \(result.already.count)"
                throw GreenroomError.invalidInput("\(TerminalText.sanitize(who)) already enrolled in \"\(TerminalText.sanitize(p.name))\"")
            }
            print("enrolled \(result.added) in \"\(TerminalText.sanitize(p.name))\"" + (result.already.isEmpty ? "" : " (\(result.already.count) already enrolled)"))
        }
    }

    struct Progress: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "progress", abstract: "Record that creators finished their next module (or --module TITLE).",
                                                        discussion: "--undo takes back the last module (or --module). Example: greenroom program progress \"LIVE 101\" @mila.cooks")
        @Argument(help: "The program's name, the start of it, or its id.") var program: String
        @Argument(help: "Creator handles.") var handles: [String] = []
        @Option(help: "A module title (or the start of it); default: each creator's next module.") var module: String?
        @Flag(help: "Take the completion back instead.") var undo = false
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            guard !handles.isEmpty else { throw GreenroomError.invalidInput("name the creators: greenroom program progress NAME @handle…") }
            let store = try openStore(database, env: ProcessInfo.processInfo.environment, mustExist: true)
            let p = try store.program(ref: program)
            let ids = try creatorIDs(store, handles)
            var moduleID: String?
            if let module {
                let modules = try store.programModules(p.id)
                guard let m = modules.first(where: { $0.title.lowercased() == module.lowercased() }) ?? modules.first(where: { $0.title.lowercased().hasPrefix(module.lowercased()) }) else {
                    throw GreenroomError.invalidInput("no module \"\(TerminalText.sanitize(module))\" in \"\(TerminalText.sanitize(p.name))\" (\(modules.map(\.title).joined(separator: ", ")))")
                }
                moduleID = m.id
            }
            for (id, handle) in zip(ids, handles) {
                if undo {
                    guard let m = try store.uncompleteModule(programID: p.id, creatorID: id, moduleID: moduleID) else {
                        throw GreenroomError.invalidInput("\(TerminalText.sanitize(handle)) has no finished module to take back")
                    }
                    print("\(TerminalText.sanitize(handle)): took back \"\(TerminalText.sanitize(m.title))\"")
                } else {
                    let m = try store.completeModule(programID: p.id, creatorID: id, moduleID: moduleID)
                    print("\(TerminalText.sanitize(handle)): finished \"\(TerminalText.sanitize(m.title))\"")
                }
            }
        }
    }

    struct Effect: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "effect", abstract: "Participants' change in LIVE against a matched group, before vs after.",
                                                        discussion: MatchedEffect.methodLine(days: 28))
        @Argument(help: "The program's name, the start of it, or its id.") var program: String
        @Option(help: "Days before and after the anchor (the median enrolment).") var days: Int = 28
        @Option(help: "table or json.") var format: String = "table"
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            guard ["table", "json"].contains(format) else { throw GreenroomError.invalidInput("--format must be table or json (got \(format))") }
            guard (7...180).contains(days) else { throw GreenroomError.invalidInput("--days is from 7 to 180") }
            let store = try openStore(database, env: ProcessInfo.processInfo.environment, mustExist: true)
            let p = try store.program(ref: program)
            let r = try store.programEffect(id: p.id, now: store.now, days: days)
            try printEffect(r, title: p.name, format: format, days: days)
        }
    }
}

/// The matched comparison as a table or JSON (program and workshop effect).
func printEffect(_ r: MatchedEffect.Result?, title: String, format: String, days: Int) throws {
    guard let r else {
        if format == "json" { try printJSON(["name": title, "effect": NSNull(), "reason": "no participant has a comparison yet"] as [String: Any]); return }
        print("\(TerminalText.sanitize(title)): no effect to show yet (no participant has a non-participant of the same market, stage and prior-LIVE band to compare with, or nothing has happened since the start)")
        return
    }
    func outcome(_ o: MatchedEffect.Outcome) -> [String: Any] { ["participants": o.participants, "comparison": o.comparison, "effect": o.effect] }
    if format == "json" {
        var doc: [String: Any] = ["name": title, "days": r.days, "matched": r.matched, "unmatched": r.unmatched, "comparison_size": r.comparisonSize,
                                  "strata": r.strata, "live_hours": outcome(r.liveHours), "active_days": outcome(r.activeDays),
                                  "method": MatchedEffect.methodLine(days: r.days)]
        doc["retention"] = r.retention.map(outcome) ?? NSNull()
        try printJSON(doc)
        return
    }
    print("\(TerminalText.sanitize(title)) · \(r.matched) participants (\(r.unmatched) unmatched) vs \(r.comparisonSize) matched non-participants in \(r.strata) strata")
    func f(_ x: Double) -> String { String(format: "%+.2f", x) }
    var rows = [["live hours", f(r.liveHours.participants), f(r.liveHours.comparison), f(r.liveHours.effect)],
                ["active days", f(r.activeDays.participants), f(r.activeDays.comparison), f(r.activeDays.effect)]]
    if let ret = r.retention {
        rows.append(["retained", NumberFormat.percent(ret.participants), NumberFormat.percent(ret.comparison), String(format: "%+.1fpt", ret.effect * 100)])
    }
    printTable(["OUTCOME (\(r.days)D AFTER − BEFORE)", "PARTICIPANTS", "MATCHED GROUP", "EFFECT"], rows, right: [1, 2, 3])
    print("Method: " + MatchedEffect.methodLine(days: r.days))
}

/// `greenroom workshop …`: scheduled sessions, invitations and attendance.
struct WorkshopCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workshop",
        abstract: "Workshops: schedule, invite, take attendance, measure.",
        discussion: """
        Attendance writes a workshop activity to each creator's log and, when the workshop is \
        linked to a program module, completes that module for creators enrolled in the program. \
        Examples: greenroom workshop create --title "Lighting clinic" --starts 2026-11-24T15:00 --market US --capacity 30 --program "LIVE 101" --module Lighting; \
        greenroom workshop invite "Lighting clinic" --filter 'market:US stage:onboarding'; greenroom workshop attend "Lighting clinic" @mila.cooks
        """,
        subcommands: [List.self, Show.self, Create.self, Invite.self, Attend.self, Effect.self],
        defaultSubcommand: List.self
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "Every workshop, latest first.")
        @Option(help: "table or json.") var format: String = "table"
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            guard ["table", "json"].contains(format) else { throw GreenroomError.invalidInput("--format must be table or json (got \(format))") }
            let store = try openStore(database, env: ProcessInfo.processInfo.environment, mustExist: true)
            let zone = try store.teamSettings().zone
            let rows = try store.workshops()
            if format == "json" {
                try printJSON(rows.map { s -> [String: Any] in
                    let w = s.workshop
                    return ["id": w.id, "title": w.title, "starts_at": Time.iso(w.startsAt), "minutes": w.minutes, "host": s.hostHandle as Any? ?? NSNull(),
                            "market": w.market, "capacity": w.capacity, "link": w.link as Any? ?? NSNull(), "module": s.moduleTitle as Any? ?? NSNull(),
                            "invited": s.invited, "attended": s.attended]
                })
                return
            }
            printTable(["TITLE", "STARTS", "MIN", "MARKET", "HOST", "INVITED", "ATTENDED", "SEATS", "MODULE"], rows.map { s in
                [s.workshop.title, DateInput.formatMinute(s.workshop.startsAt, zone: zone), "\(s.workshop.minutes)", s.workshop.market, s.hostHandle ?? "—",
                 "\(s.invited)", "\(s.attended)", s.workshop.capacity == 0 ? "—" : "\(s.workshop.capacity)", s.moduleTitle ?? "—"]
            }, right: [2, 5, 6, 7])
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "The invited and who attended.")
        @Argument(help: "The workshop's title, the start of it, or its id.") var workshop: String
        @Option(help: "table or json.") var format: String = "table"
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            guard ["table", "json"].contains(format) else { throw GreenroomError.invalidInput("--format must be table or json (got \(format))") }
            let store = try openStore(database, env: ProcessInfo.processInfo.environment, mustExist: true)
            let w = try store.workshop(ref: workshop)
            let people = try store.attendees(workshopID: w.id)
            if format == "json" {
                try printJSON(["id": w.id, "title": w.title, "invited": people.map { ["handle": $0.handle, "attended": $0.attended] }] as [String: Any])
                return
            }
            print("\(TerminalText.sanitize(w.title)) · \(people.filter(\.attended).count) of \(people.count) attended")
            printTable(["CREATOR", "NAME", "ATTENDED"], people.map { [$0.handle, $0.displayName, $0.attended ? "yes" : "no"] })
        }
    }

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "create", abstract: "Schedule a workshop.")
        @Option(help: "The title.") var title: String
        @Option(help: ArgumentHelp("YYYY-MM-DDTHH:MM in the team's time zone, or ISO 8601.", valueName: "time")) var starts: String
        @Option(help: "Length in minutes.") var minutes: Int = 60
        @Option(help: ArgumentHelp("The hosting member's handle.", valueName: "handle")) var host: String?
        @Option(help: "ISO country code.") var market: String
        @Option(help: "Seats (0: no limit).") var capacity: Int = 0
        @Option(help: "Where it happens (a URL).") var link: String?
        @Option(help: "A program whose module attending completes (with --module).") var program: String?
        @Option(help: "That program's module title.") var module: String?
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            if (program == nil) != (module == nil) { throw GreenroomError.invalidInput("--program and --module go together") }
            let store = try openStore(database, env: ProcessInfo.processInfo.environment, mustExist: true)
            let programID = try program.map { try store.program(ref: $0).id }
            let w = try store.addWorkshop(title: title, starts: starts, minutes: minutes, host: host, market: market, capacity: capacity,
                                          link: link, programID: programID, module: module)
            print("scheduled workshop \"\(TerminalText.sanitize(w.title))\" · \(Time.iso(w.startsAt)) · \(w.market)" + (w.capacity > 0 ? " · \(w.capacity) seats" : ""))
        }
    }

    struct Invite: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "invite", abstract: "Invite creators by handle and/or a roster filter.")
        @Argument(help: "The workshop's title, the start of it, or its id.") var workshop: String
        @Argument(help: "Creator handles.") var handles: [String] = []
        @Option(help: "A roster filter; every match is invited.") var filter: String?
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let store = try openStore(database, env: ProcessInfo.processInfo.environment, mustExist: true)
            let w = try store.workshop(ref: workshop)
            let r = try store.invite(workshopID: w.id, creatorIDs: try selectedCreators(store, handles: handles, filter: filter))
            if r.added == 0 { throw GreenroomError.invalidInput("already invited to \"\(TerminalText.sanitize(w.title))\"") }
            print("invited \(r.added) to \"\(TerminalText.sanitize(w.title))\"" + (r.already.isEmpty ? "" : " (\(r.already.count) already invited)"))
        }
    }

    struct Attend: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "attend", abstract: "Mark invited creators present (or --absent).")
        @Argument(help: "The workshop's title, the start of it, or its id.") var workshop: String
        @Argument(help: "Creator handles.") var handles: [String] = []
        @Flag(help: "Mark them absent instead.") var absent = false
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var identity: IdentityOptions

        func run() throws {
            guard !handles.isEmpty else { throw GreenroomError.invalidInput("name the creators: greenroom workshop attend TITLE @handle…") }
            let store = try openStore(database, env: ProcessInfo.processInfo.environment, mustExist: true)
            let w = try store.workshop(ref: workshop)
            let ids = try creatorIDs(store, handles)
            let me = try identity.me.flatMap { try store.member(handle: $0)?.id }
            var changed = 0
            for id in ids where try store.setAttendance(workshopID: w.id, creatorID: id, present: !absent, by: me) { changed += 1 }
            print("marked \(changed) \(absent ? "absent" : "present") at \"\(TerminalText.sanitize(w.title))\"" + (changed < ids.count ? " (\(ids.count - changed) already were)" : ""))
        }
    }

    struct Effect: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "effect", abstract: "Attendees' change in LIVE against a matched group, before vs after.",
                                                        discussion: MatchedEffect.methodLine(days: 28))
        @Argument(help: "The workshop's title, the start of it, or its id.") var workshop: String
        @Option(help: "Days before and after the workshop.") var days: Int = 28
        @Option(help: "table or json.") var format: String = "table"
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            guard ["table", "json"].contains(format) else { throw GreenroomError.invalidInput("--format must be table or json (got \(format))") }
            guard (7...180).contains(days) else { throw GreenroomError.invalidInput("--days is from 7 to 180") }
            let store = try openStore(database, env: ProcessInfo.processInfo.environment, mustExist: true)
            let w = try store.workshop(ref: workshop)
            try printEffect(try store.workshopEffect(id: w.id, now: store.now, days: days), title: w.title, format: format, days: days)
        }
    }
}

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
        subcommands: [List.self, Add.self, Pay.self],
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

/// `greenroom community …`: creator communities, members joining and leaving, moderators,
/// and members' activity and retention against matched non-members.
struct CommunityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "community",
        abstract: "Communities: channel, market, members with join and leave dates, moderators, effect.",
        discussion: """
        NAME is a community's name, the start of it, or its id. Examples: \
        greenroom community create --name "MX sellers" --channel whatsapp --market MX; \
        greenroom community join "MX sellers" --filter 'market:MX kind:merchant'; \
        greenroom community join "MX sellers" @lupita --moderator; greenroom community leave "MX sellers" @djrafa --at 2026-11-10
        """,
        subcommands: [List.self, Show.self, Create.self, Join.self, Leave.self, Effect.self],
        defaultSubcommand: List.self
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "Every community with its members, moderators and leavers.")
        @Option(help: "table or json.") var format: String = "table"
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            guard ["table", "json"].contains(format) else { throw GreenroomError.invalidInput("--format must be table or json (got \(format))") }
            let store = try openStore(database, env: ProcessInfo.processInfo.environment, mustExist: true)
            let rows = try store.communitySummaries()
            if format == "json" {
                try printJSON(rows.map { s -> [String: Any] in
                    ["id": s.community.id, "name": s.community.name, "channel": s.community.channel.rawValue, "market": s.community.market,
                     "link": s.community.link as Any? ?? NSNull(), "members": s.members, "moderators": s.moderators, "left": s.left]
                })
                return
            }
            printTable(["NAME", "CHANNEL", "MARKET", "MEMBERS", "MODERATORS", "LEFT"], rows.map {
                [$0.community.name, $0.community.channel.rawValue, $0.community.market, NumberFormat.grouped($0.members), "\($0.moderators)", NumberFormat.grouped($0.left)]
            }, right: [3, 4, 5])
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Members (current first) with role and dates.")
        @Argument(help: "The community's name, the start of it, or its id.") var name: String
        @Option(help: "table or json.") var format: String = "table"
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            guard ["table", "json"].contains(format) else { throw GreenroomError.invalidInput("--format must be table or json (got \(format))") }
            let store = try openStore(database, env: ProcessInfo.processInfo.environment, mustExist: true)
            let c = try store.community(ref: name)
            let zone = try store.teamSettings().zone
            let members = try store.communityMembers(id: c.id)
            if format == "json" {
                try printJSON(["id": c.id, "name": c.name, "channel": c.channel.rawValue, "market": c.market,
                               "members": members.map { m -> [String: Any] in
                                   ["handle": m.handle, "role": m.role.rawValue, "joined": DateInput.format(m.joinedAt, zone: zone),
                                    "left": m.leftAt.map { DateInput.format($0, zone: zone) } as Any? ?? NSNull()]
                               }] as [String: Any])
                return
            }
            print("\(TerminalText.sanitize(c.name)) · \(c.channel.rawValue) · \(c.market) · \(members.filter { $0.leftAt == nil }.count) members")
            printTable(["CREATOR", "ROLE", "JOINED", "LEFT"], members.map {
                [$0.handle, $0.role.rawValue, DateInput.format($0.joinedAt, zone: zone), $0.leftAt.map { DateInput.format($0, zone: zone) } ?? "—"]
            })
        }
    }

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "create", abstract: "Create a community.")
        @Option(help: "The name (unique).") var name: String
        @Option(help: "discord, whatsapp, telegram, in_app or other.") var channel: String
        @Option(help: "ISO country code.") var market: String
        @Option(help: "An invite link.") var link: String?
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let channel = try parseValue(channel, "--channel", CommunityChannel.self)
            let store = try openStore(database, env: ProcessInfo.processInfo.environment, mustExist: true)
            let c = try store.addCommunity(name: name, channel: channel, market: market, link: link)
            print("created community \"\(TerminalText.sanitize(c.name))\" · \(c.channel.rawValue) · \(c.market)")
        }
    }

    /// `--at DATE` (default now), not after today.
    static func date(_ text: String?, _ store: Store) throws -> Millis? {
        guard let text else { return nil }
        guard let t = DateInput.parse(text, now: store.now, zone: try store.teamSettings().zone), t <= store.now else {
            throw GreenroomError.invalidInput("--at: not a date up to today (YYYY-MM-DD or today): \"\(TerminalText.sanitize(text))\"")
        }
        return t
    }

    struct Join: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "join", abstract: "Add members by handle and/or a roster filter.")
        @Argument(help: "The community's name, the start of it, or its id.") var community: String
        @Argument(help: "Creator handles.") var handles: [String] = []
        @Option(help: "A roster filter; every match joins.") var filter: String?
        @Flag(help: "As moderators.") var moderator = false
        @Option(help: ArgumentHelp("When they joined (default now).", valueName: "date")) var at: String?
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let store = try openStore(database, env: ProcessInfo.processInfo.environment, mustExist: true)
            let c = try store.community(ref: community)
            let r = try store.join(communityID: c.id, creatorIDs: try selectedCreators(store, handles: handles, filter: filter),
                                   role: moderator ? .moderator : .member, at: try CommunityCommand.date(at, store))
            if r.added == 0 && !moderator { throw GreenroomError.invalidInput("already members of \"\(TerminalText.sanitize(c.name))\"") }
            if moderator && !r.already.isEmpty { print("\(r.already.count) already a member: now moderating") }
            print("\(r.added) joined \"\(TerminalText.sanitize(c.name))\"" + (r.already.isEmpty ? "" : " (\(r.already.count) already members)"))
        }
    }

    struct Leave: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "leave", abstract: "Record that members left.")
        @Argument(help: "The community's name, the start of it, or its id.") var community: String
        @Argument(help: "Creator handles.") var handles: [String] = []
        @Option(help: ArgumentHelp("When they left (default now).", valueName: "date")) var at: String?
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            guard !handles.isEmpty else { throw GreenroomError.invalidInput("name the creators: greenroom community leave NAME @handle…") }
            let store = try openStore(database, env: ProcessInfo.processInfo.environment, mustExist: true)
            let c = try store.community(ref: community)
            let n = try store.leave(communityID: c.id, creatorIDs: try creatorIDs(store, handles), at: try CommunityCommand.date(at, store))
            print("\(n) left \"\(TerminalText.sanitize(c.name))\"")
        }
    }

    struct Effect: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "effect", abstract: "Members' change in LIVE and retention against matched non-members.",
                                                        discussion: MatchedEffect.methodLine(days: 28))
        @Argument(help: "The community's name, the start of it, or its id.") var community: String
        @Option(help: "Days before and after the anchor (the median join).") var days: Int = 28
        @Option(help: "table or json.") var format: String = "table"
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            guard ["table", "json"].contains(format) else { throw GreenroomError.invalidInput("--format must be table or json (got \(format))") }
            guard (7...180).contains(days) else { throw GreenroomError.invalidInput("--days is from 7 to 180") }
            let store = try openStore(database, env: ProcessInfo.processInfo.environment, mustExist: true)
            let c = try store.community(ref: community)
            try printEffect(try store.communityEffect(id: c.id, now: store.now, days: days), title: c.name, format: format, days: days)
        }
    }
}
