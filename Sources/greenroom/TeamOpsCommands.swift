import ArgumentParser
import Foundation
import GreenroomCore
import GreenroomStore
import GreenroomTUI

/// `greenroom team list|add|edit|remove|add-member|remove-member|schedule|time-off|assign`
/// (issue 24): support teams, their members' shifts and time off, and the assignment rule
/// that hands a team's unassigned tickets to members on shift with room.
extension TeamCommand {
    static func env() -> [String: String] { ProcessInfo.processInfo.environment }

    static func parseMode(_ text: String?) throws -> AssignmentMode? {
        guard let text else { return nil }
        guard let mode = AssignmentMode(label: text) else {
            throw GreenroomError.invalidInput("--assignment must be off, round-robin or least-loaded (got \(TerminalText.sanitize(text)))")
        }
        return mode
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "Teams with their members: on shift now, open tickets of capacity, the unassigned queue.")
        @Option(help: "table or json.") var format: String = "table"
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            try requireFormat(format, ["table", "json"])
            let store = try openStore(database, env: TeamCommand.env(), mustExist: true)
            let teams = try store.teamOverviews(now: store.now)
            // What each team's tickets are timed by: its own calendar and policies, else the team-wide ones.
            let slas = try teams.map { try store.slaSettings(team: $0.team.name) }
            if format == "json" {
                try printJSON(zip(teams, slas).map { t, sla -> [String: Any] in
                    let h = sla.businessHours
                    let calendar: [String: Any] = ["own": sla.ownHours, "time_zone": h.timeZone, "weekdays": h.weekdays,
                                                   "from": SLATable.clock(h.startMinute), "to": SLATable.clock(h.endMinute), "holidays": h.holidays]
                    let policies = sla.policies.map { p -> [String: Any] in
                        ["priority": p.priority.rawValue, "own": sla.ownPriorities.contains(p.priority), "first_reply_minutes": p.firstReplyMinutes,
                         "next_reply_minutes": p.nextReplyMinutes, "resolution_minutes": p.resolutionMinutes, "business_hours": p.businessHours]
                    }
                    return ["id": t.team.id, "name": t.team.name, "lead": t.leadHandle as Any? ?? NSNull(), "time_zone": t.team.timeZone,
                     "calendar": calendar, "sla": policies,
                     "assignment": t.team.assignment.rawValue, "capacity": t.team.capacity, "unassigned": t.unassigned, "open": t.open,
                     "members": t.members.map { m -> [String: Any] in
                         ["handle": m.handle, "on_shift": m.onShift, "off_reason": m.offReason as Any? ?? NSNull(), "open": m.open,
                          "capacity": m.capacity, "schedule": m.schedule as Any? ?? NSNull(), "time_zone": m.zone]
                     }]
                })
                return
            }
            guard !teams.isEmpty else {
                print("No teams yet. Make one: greenroom team add \"Tier 1 BPO\" --lead @handle --assignment round-robin")
                return
            }
            for (i, t) in teams.enumerated() {
                if i > 0 { print("") }
                let onShift = t.members.filter(\.onShift).count
                print("\(TerminalText.sanitize(t.team.name)) · lead \(t.leadHandle ?? "—") · \(t.team.timeZone) · assignment \(t.team.assignment.label) · "
                      + "\(onShift) of \(t.members.count) on shift · \(NumberFormat.grouped(t.unassigned)) unassigned · \(NumberFormat.grouped(t.open)) open")
                let sla = slas[i]
                print("  calendar: \(SLATable.describe(sla.businessHours)), \(SLATable.holidays(sla.businessHours.holidays))"
                      + (sla.ownHours ? " (its own)" : " (team-wide)"))
                print("  SLA: " + sla.policies.map { p in
                    "\(p.priority.rawValue) \(SLADuration.format(p.firstReplyMinutes))/\(SLADuration.format(p.nextReplyMinutes))/\(SLADuration.format(p.resolutionMinutes))"
                        + (p.businessHours ? " business" : "") + (sla.ownPriorities.contains(p.priority) ? " (its own)" : "")
                }.joined(separator: " · ") + (sla.ownPriorities.isEmpty ? " (team-wide)" : ""))
                if t.members.isEmpty { print("  (no members: greenroom team add-member \"\(TerminalText.sanitize(t.team.name))\" @handle)"); continue }
                printTable(["MEMBER", "NOW", "OPEN", "SCHEDULE", "ZONE"], t.members.map {
                    [$0.handle, $0.onShift ? "on shift" : ($0.offReason ?? "off"), "\($0.open)/\($0.capacity)",
                     TerminalText.sanitize($0.schedule ?? "any time"), $0.zone]
                }, right: [2])
            }
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: "Make a team.")
        @Argument(help: "The team's name, e.g. \"Tier 1 BPO\".") var name: String
        @Option(help: ArgumentHelp("Its lead (a member handle; joins the team).", valueName: "handle")) var lead: String?
        @Option(help: ArgumentHelp("IANA time zone of its days (default: the team setting's).", valueName: "zone")) var zone: String?
        @Option(help: ArgumentHelp("off, round-robin or least-loaded.", valueName: "rule")) var assignment: String?
        @Option(help: ArgumentHelp("Open tickets a member holds before assignment passes them by.", valueName: "n")) var capacity: Int = Team.defaultCapacity
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let mode = try TeamCommand.parseMode(assignment) ?? .off
            let store = try openStore(database, env: TeamCommand.env(), mustExist: true)
            let team = try store.addTeam(name: name, lead: lead, timeZone: zone, assignment: mode, capacity: capacity)
            print("made team \"\(TerminalText.sanitize(team.name))\" · \(team.timeZone) · assignment \(team.assignment.label) · capacity \(team.capacity)")
        }
    }

    struct Edit: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "edit", abstract: "Change a team's name, lead, zone, rule or capacity, or drop its own business hours.")
        @Argument(help: "The team's name.") var name: String
        @Option(name: .customLong("name"), help: ArgumentHelp("A new name.", valueName: "name")) var rename: String?
        @Option(help: ArgumentHelp("Its lead (a handle, or none).", valueName: "handle")) var lead: String?
        @Option(help: ArgumentHelp("IANA time zone.", valueName: "zone")) var zone: String?
        @Option(help: ArgumentHelp("off, round-robin or least-loaded.", valueName: "rule")) var assignment: String?
        @Option(help: ArgumentHelp("Open tickets per member.", valueName: "n")) var capacity: Int?
        @Flag(name: .customLong("hours-from-setting"),
              help: "Drop its own business hours: its tickets count the team-wide hours (greenroom settings sla hours) again.")
        var hoursFromSetting = false
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let mode = try TeamCommand.parseMode(assignment)
            let store = try openStore(database, env: TeamCommand.env(), mustExist: true)
            let team = try store.editTeam(name, rename: rename, lead: lead, timeZone: zone, assignment: mode, capacity: capacity)
            var cleared = ""
            if hoursFromSetting {
                let (_, retimed) = try store.clearTeamBusinessHours(team: team.name)
                cleared = " · team-wide business hours · \(retimed) open ticket\(retimed == 1 ? "" : "s") re-timed"
            }
            print("team \"\(TerminalText.sanitize(team.name))\" · \(team.timeZone) · assignment \(team.assignment.label) · capacity \(team.capacity)" + cleared)
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "remove", abstract: "Remove a team (greenroom trash restores it).")
        @Argument(help: "The team's name.") var name: String
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let store = try openStore(database, env: TeamCommand.env(), mustExist: true)
            let team = try store.removeTeam(name)
            print("removed team \"\(TerminalText.sanitize(team.name))\"; its tickets keep it and show it again if it is restored")
        }
    }

    struct AddMember: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add-member", abstract: "Put members on a team.")
        @Argument(help: "The team's name.") var name: String
        @Argument(help: "Member handles.") var handles: [String]
        @Option(help: ArgumentHelp("Their own capacity (open tickets), instead of the team's.", valueName: "n")) var capacity: Int?
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let store = try openStore(database, env: TeamCommand.env(), mustExist: true)
            let team = try store.addToTeam(name, handles: handles, capacity: capacity)
            print("\(handles.joined(separator: ", ")) on \"\(TerminalText.sanitize(team.name))\"")
        }
    }

    struct RemoveMember: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "remove-member", abstract: "Take members off a team (their tickets stay theirs).")
        @Argument(help: "The team's name.") var name: String
        @Argument(help: "Member handles.") var handles: [String]
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let store = try openStore(database, env: TeamCommand.env(), mustExist: true)
            let team = try store.removeFromTeam(name, handles: handles)
            print("\(handles.joined(separator: ", ")) off \"\(TerminalText.sanitize(team.name))\"")
        }
    }

    struct Schedule: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "schedule", abstract: "Show members' weekly shifts and who is on shift now, or set one member's.",
            discussion: """
            A schedule is written as people say it, in the member's own zone: \
            "mon-fri 09:00-17:00; sat 10:00-14:00", "mon,wed,fri 22:00-06:00" (overnight), \
            "daily 08:00-12:00 13:00-17:00". Examples: greenroom team schedule; \
            greenroom team schedule @lucia --set "mon-fri 08:00-16:00" --zone America/Mexico_City; \
            greenroom team schedule @lucia --clear
            """
        )
        @Argument(help: "A member handle (all members when left out).") var handle: String?
        @Option(help: ArgumentHelp("Their weekly shifts.", valueName: "shifts")) var set: String?
        @Option(help: ArgumentHelp("The IANA zone the shifts are in.", valueName: "zone")) var zone: String?
        @Flag(help: "Remove their schedule (on shift at any time).") var clear = false
        @Option(help: "table or json.") var format: String = "table"
        @OptionGroup var database: DatabaseOptions

        func validate() throws {
            if set != nil && clear { throw ValidationError("give --set or --clear, not both") }
            if (set != nil || clear || zone != nil) && handle == nil { throw ValidationError("name the member whose schedule to set (@handle)") }
        }

        func run() throws {
            try requireFormat(format, ["table", "json"])
            let store = try openStore(database, env: TeamCommand.env(), mustExist: true)
            if let handle, set != nil || clear || zone != nil {
                let m = try store.setSchedule(handle: handle, schedule: clear ? "" : set, timeZone: zone)
                let settingsZone = try store.teamSettings().team.timeZone
                print("\(m.handle): \(TerminalText.sanitize(m.schedule ?? "any time")) (\(m.timeZone ?? settingsZone))")
                return
            }
            let now = store.now
            var rows: [String: TeamMemberStatus] = [:]
            var teamsOf: [String: [String]] = [:]
            for t in try store.teamOverviews(now: now) {
                for m in t.members {
                    rows[m.handle] = m
                    teamsOf[m.handle, default: []].append(t.team.name)
                }
            }
            let settingsZone = try store.teamSettings().team.timeZone
            var members = try store.members().filter { handle == nil || $0.handle == (handle!.hasPrefix("@") ? handle! : "@" + handle!) }
            if let handle, members.isEmpty { throw GreenroomError.invalidInput("no member \(TerminalText.sanitize(handle))") }
            members.sort { $0.handle < $1.handle }
            let off = try store.timeOff(now: now)
            func status(_ m: Member) -> String {
                if let s = rows[m.handle] { return s.onShift ? "on shift" : (s.offReason ?? "off") }
                let shift = MemberShift.status(of: m, fallback: TimeZone(identifier: settingsZone) ?? .gmt,
                                               timeOff: off.map(\.exception), now: now)
                return shift.onShift ? "on shift" : (shift.reason ?? "off shift")
            }
            if format == "json" {
                try printJSON(members.map { m -> [String: Any] in
                    ["handle": m.handle, "schedule": m.schedule as Any? ?? NSNull(), "time_zone": m.timeZone ?? settingsZone,
                     "now": status(m), "teams": teamsOf[m.handle] ?? [],
                     "time_off": off.filter { $0.handle == m.handle }.map { x -> [String: Any] in
                         ["kind": x.exception.kind.rawValue, "from": Time.iso(x.exception.startsAt), "to": Time.iso(x.exception.endsAt),
                          "note": x.exception.note as Any? ?? NSNull()]
                     }]
                })
                return
            }
            printTable(["MEMBER", "NOW", "SCHEDULE", "ZONE", "TEAMS", "TIME OFF"], members.map { m in
                let zone = TimeZone(identifier: m.timeZone ?? settingsZone) ?? .gmt
                let upcoming = off.filter { $0.handle == m.handle }.map {
                    "\($0.exception.kind.rawValue) \(DateInput.format($0.exception.startsAt, zone: zone))–\(DateInput.format($0.exception.endsAt - 1, zone: zone))"
                }.joined(separator: ", ")
                return [m.handle, status(m), TerminalText.sanitize(m.schedule ?? "any time"), m.timeZone ?? settingsZone,
                        (teamsOf[m.handle] ?? []).map { TerminalText.sanitize($0) }.joined(separator: ", "), upcoming.isEmpty ? "—" : upcoming]
            })
        }
    }

    struct TimeOff: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "time-off", abstract: "Record a member's leave, sick days or training (off shift whatever their schedule).",
            discussion: "Dates are days in the member's zone, --to included: greenroom team time-off @lucia --from 2026-12-21 --to 2026-12-24 --kind leave"
        )
        @Argument(help: "A member handle.") var handle: String
        @Option(help: ArgumentHelp("First day off (YYYY-MM-DD, today, tomorrow, +3d, mon…).", valueName: "day")) var from: String
        @Option(help: ArgumentHelp("Last day off (included).", valueName: "day")) var to: String
        @Option(help: "leave, sick, training or other.") var kind: String = "leave"
        @Option(help: "A note (at most 200 characters).") var note: String?
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            guard let kind = ShiftExceptionKind(rawValue: kind.lowercased()) else {
                throw GreenroomError.invalidInput("--kind must be leave, sick, training or other (got \(TerminalText.sanitize(kind)))")
            }
            let store = try openStore(database, env: TeamCommand.env(), mustExist: true)
            let h = handle.hasPrefix("@") ? handle : "@" + handle
            guard let member = try store.member(handle: h) else { throw GreenroomError.invalidInput("no member \(TerminalText.sanitize(h))") }
            let settingsZone = try store.teamSettings().team.timeZone
            let zone = TimeZone(identifier: member.timeZone ?? settingsZone) ?? .gmt
            let now = store.now
            guard let start = DateInput.parse(from, now: now, zone: zone) else { throw GreenroomError.invalidInput("--from: \"\(TerminalText.sanitize(from))\" is not a day (YYYY-MM-DD, today, +3d, mon…)") }
            guard let last = DateInput.parse(to, now: now, zone: zone) else { throw GreenroomError.invalidInput("--to: \"\(TerminalText.sanitize(to))\" is not a day (YYYY-MM-DD, today, +3d, mon…)") }
            guard last >= start else { throw GreenroomError.invalidInput("--to is before --from") }
            let end = TeamCalendar(zone: zone).addDays(1, to: last)
            let x = try store.addTimeOff(handle: h, from: start, to: end, kind: kind, note: note)
            print("\(h): \(x.kind.rawValue) from \(DateInput.format(start, zone: zone)) to \(DateInput.format(last, zone: zone)) (included)")
        }
    }

    struct Assign: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "assign", abstract: "Run the teams' assignment rules over their unassigned tickets now.",
            discussion: "Sync runs them too. --dry-run shows what they would do and writes nothing."
        )
        @Option(help: ArgumentHelp("Only this team.", valueName: "name")) var team: String?
        @Flag(help: "Show the picks; write nothing.") var dryRun = false
        @Option(help: "table or json.") var format: String = "table"
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            try requireFormat(format, ["table", "json"])
            let store = try openStore(database, env: TeamCommand.env(), mustExist: true)
            let report = try store.autoAssign(dryRun: dryRun, team: team)
            if format == "json" {
                try printJSON(["dry_run": dryRun,
                               "assigned": report.assigned.map { ["ticket": String($0.key.prefix(4)), "id": $0.ticketID, "team": $0.team, "assignee": $0.handle, "why": $0.explanation] },
                               "left": report.leftOver.map { ["team": $0.team, "tickets": $0.count, "why": $0.reason] as [String: Any] }] as [String: Any])
                return
            }
            if report.assigned.isEmpty && report.leftOver.isEmpty { print("Nothing to assign: no team with a rule has unassigned tickets."); return }
            for a in report.assigned {
                print("\(dryRun ? "would assign" : "assigned") \(a.key.prefix(4)) \(TerminalText.sanitize(String(a.subject.prefix(40)))) → \(a.handle) (\(TerminalText.sanitize(a.explanation)))")
            }
            for l in report.leftOver {
                print("\(TerminalText.sanitize(l.team)): \(l.count) left unassigned: \(TerminalText.sanitize(l.reason))")
            }
        }
    }
}
