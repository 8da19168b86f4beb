import ArgumentParser
import Foundation
import GreenroomCore
import GreenroomStore
import GreenroomTUI

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
        subcommands: [List.self, Show.self, Create.self, Invite.self, Attend.self, Effect.self, Remove.self],
        defaultSubcommand: List.self
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "Every workshop, latest first.")
        @Option(help: "table or json.") var format: String = "table"
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            try requireFormat(format, ["table", "json"])
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
            try requireFormat(format, ["table", "json"])
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
            try requireEffectOptions(format: format, days: days)
            let store = try openStore(database, env: ProcessInfo.processInfo.environment, mustExist: true)
            let w = try store.workshop(ref: workshop)
            try printEffect(try store.workshopEffect(id: w.id, now: store.now, days: days), title: w.title, format: format, days: days)
        }
    }
}
