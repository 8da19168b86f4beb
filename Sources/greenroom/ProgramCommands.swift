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
        subcommands: [List.self, Show.self, Create.self, Enrol.self, Progress.self, Effect.self, Remove.self],
        defaultSubcommand: List.self
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "Every program with its modules, enrolled and completed.")
        @Option(help: "table or json.") var format: String = "table"
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            try requireFormat(format, ["table", "json"])
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
            try requireFormat(format, ["table", "json"])
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
            try requireEffectOptions(format: format, days: days)
            let store = try openStore(database, env: ProcessInfo.processInfo.environment, mustExist: true)
            let p = try store.program(ref: program)
            let r = try store.programEffect(id: p.id, now: store.now, days: days)
            try printEffect(r, title: p.name, format: format, days: days)
        }
    }
}

/// The options every `effect` command takes: table or JSON, 7 to 180 days either side.
func requireEffectOptions(format: String, days: Int) throws {
    try requireFormat(format, ["table", "json"])
    guard (7...180).contains(days) else { throw GreenroomError.invalidInput("--days is from 7 to 180") }
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
