import ArgumentParser
import Foundation
import GreenroomCore
import GreenroomStore
import GreenroomTUI

/// `greenroom oneonone agenda|note|goal|follow-up|done|reopen|remove|hold`: 1:1s and coaching
/// for agents (issue 25) — what the 1:1 screen does, scriptable.
struct OneOnOneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "oneonone",
        abstract: "1:1s and coaching: a teammate's next 1:1 agenda, notes, goals and follow-ups, and recording a 1:1 held.",
        discussion: """
        The agenda collects, since the last 1:1 (or the last 7 days): the teammate's SLA breaches, tickets rated bad, \
        QA reviews under the pass mark, their open follow-ups and goals, and notes. Holding a 1:1 records its notes and \
        that agenda, and starts the next one.
        Example: greenroom oneonone follow-up @tuan "pair on two appeal tickets" --due fri --as @grace
        """,
        subcommands: [Agenda.self, Note.self, Goal.self, FollowUp.self, Done.self, Reopen.self, Remove.self, Hold.self]
    )

    /// The store, the zone and who "me" is (`--as`, else the config's `me`), as a member id.
    static func open(_ database: DatabaseOptions, _ identity: IdentityOptions) throws -> (Store, TimeZone, String?) {
        let env = ProcessInfo.processInfo.environment
        let store = try openStore(database, env: env, mustExist: true)
        let me = identity.me ?? (try? Config.load(path: ConfigPaths.fromEnvironment(env).configFile).me) ?? nil
        var author: String?
        if let me {
            let handle = me.hasPrefix("@") ? me : "@" + me
            guard let member = try store.member(handle: handle) else { throw GreenroomError.invalidInput("--as: no teammate \(TerminalText.sanitize(handle))") }
            author = member.id
        }
        return (store, try store.teamSettings().zone, author)
    }

    static func teammate(_ store: Store, _ handle: String) throws -> Member {
        let h = handle.hasPrefix("@") ? handle : "@" + handle
        guard let member = try store.member(handle: h) else { throw GreenroomError.invalidInput("no teammate \(TerminalText.sanitize(h))") }
        return member
    }

    static func item(_ store: Store, _ reference: String) throws -> CoachingItem {
        guard let item = try store.coachingItem(reference: reference) else {
            throw GreenroomError.invalidInput("no single coaching item has the id \(TerminalText.sanitize(reference)) (see greenroom oneonone agenda @handle)")
        }
        return item
    }

    static func line(_ text: String, _ width: Int) -> String {
        let flat = TerminalText.sanitize(text).split(whereSeparator: \.isNewline).joined(separator: " ")
        let cut = flat.count > width ? String(flat.prefix(width - 1)) + "…" : flat
        return cut.padding(toLength: width, withPad: " ", startingAt: 0)
    }

    /// `greenroom oneonone agenda @h [--json]`.
    struct Agenda: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The next 1:1's agenda with a teammate, and past 1:1s.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: ArgumentHelp("The teammate.", valueName: "@handle")) var handle: String
        @Flag(help: "Print the agenda as JSON.") var json = false
        @OptionGroup var identity: IdentityOptions

        func run() throws {
            let (store, zone, _) = try OneOnOneCommand.open(database, identity)
            let a = try store.oneOnOneAgenda(handle: try OneOnOneCommand.teammate(store, handle).handle)
            func when(_ t: Millis) -> String { DateInput.formatMinute(t, zone: zone) }
            if json {
                func ticket(_ t: OneOnOneAgenda.TicketItem) -> [String: Any] {
                    var o: [String: Any] = ["ticket_id": t.ticketID, "key": t.key, "subject": t.subject, "at": Time.iso(t.at)]
                    switch t.reason {
                    case .breach(let targets): o["targets"] = targets.map(\.rawValue)
                    case .lowCSAT(let comment): o["comment"] = comment ?? NSNull()
                    case .qaFail(let score, let comment): o["score"] = score; o["comment"] = comment
                    }
                    return o
                }
                func item(_ c: CoachingItem) -> [String: Any] {
                    ["id": c.id, "kind": c.kind.rawValue, "body": c.body, "at": Time.iso(c.at), "due_at": c.dueAt.map(Time.iso) ?? NSNull(),
                     "overdue": c.isOverdue(now: a.now), "ticket_id": c.ticketID ?? NSNull()]
                }
                let history: [[String: Any]] = a.history.map { ["id": $0.id, "at": Time.iso($0.at), "notes": $0.body, "discussed": $0.discussed ?? ""] }
                print(try JSONOutput.string([
                    "handle": a.handle, "name": a.name, "since": Time.iso(a.since), "now": Time.iso(a.now),
                    "last_one_on_one": a.lastOneOnOne.map { Time.iso($0.at) } ?? NSNull(), "qa_pass_mark": a.passMark,
                    "breaches": a.breaches.map(ticket), "low_csat": a.lowCSAT.map(ticket), "qa_fails": a.qaFails.map(ticket),
                    "follow_ups": a.followUps.map(item), "goals": a.goals.map(item), "notes": a.notes.map(item), "history": history,
                ]))
                return
            }
            let window = a.lastOneOnOne.map { "since the 1:1 of \(when($0.at))" } ?? "the last \(OneOnOneAgenda.fallbackDays) days (no 1:1 yet)"
            print("1:1 agenda for \(a.handle) (\(TerminalText.sanitize(a.name))) · \(window) · to \(when(a.now))")
            if a.isEmpty { print("Nothing on the agenda.") }
            func tickets(_ title: String, _ rows: [OneOnOneAgenda.TicketItem]) {
                guard !rows.isEmpty else { return }
                print("\(title) (\(rows.count))")
                for t in rows { print("  \(OneOnOneCommand.line(t.key, 6)) \(OneOnOneCommand.line(t.subject, 40)) \(OneOnOneCommand.line(t.detail, 30)) \(when(t.at))") }
            }
            func items(_ title: String, _ rows: [CoachingItem]) {
                guard !rows.isEmpty else { return }
                print("\(title) (\(rows.count))")
                for c in rows {
                    let due = c.dueAt.map { "due \(DateInput.format($0, zone: zone))" + (c.isOverdue(now: a.now) ? " (overdue)" : "") } ?? ""
                    let row = "  \(c.id)  \(OneOnOneCommand.line(c.body, 40)) \(due)"
                    print(String(row.reversed().drop { $0 == " " }.reversed()))
                }
            }
            tickets("SLA breaches", a.breaches)
            tickets("Low CSAT", a.lowCSAT)
            tickets("QA under \(a.passMark)", a.qaFails)
            items("Open follow-ups", a.followUps)
            items("Open goals", a.goals)
            items("Notes", a.notes)
            if !a.history.isEmpty {
                print("Past 1:1s (\(a.history.count))")
                for h in a.history.prefix(10) { print("  \(when(h.at))  \(OneOnOneCommand.line(h.body.isEmpty ? "(no notes)" : h.body, 60))") }
            }
        }
    }

    /// Shared by `note`, `goal` and `follow-up`.
    struct Write {
        static func run(_ kind: CoachingKind, _ database: DatabaseOptions, _ identity: IdentityOptions, handle: String, text: String,
                        due: String?, ticket: String?) throws {
            let (store, zone, author) = try OneOnOneCommand.open(database, identity)
            let member = try OneOnOneCommand.teammate(store, handle)
            var dueAt: Millis?
            if let due {
                guard let t = DateInput.parse(due, now: store.now, zone: zone) else {
                    throw GreenroomError.invalidInput("--due: \"\(TerminalText.sanitize(due))\" is not a date (YYYY-MM-DD, today, tomorrow, +3d, +2w, fri)")
                }
                dueAt = t
            }
            var ticketID: String?
            if let ticket {
                guard let t = try store.ticket(reference: ticket), !t.deleted else {
                    throw GreenroomError.invalidInput("--ticket: no single ticket has the key \(TerminalText.sanitize(ticket))")
                }
                ticketID = t.id
            }
            let id = try store.addCoaching(CoachingDraft(memberID: member.id, kind: kind, body: text, dueAt: dueAt, ticketID: ticketID), by: author)
            let dueText = dueAt.map { " (due \(DateInput.format($0, zone: zone)))" } ?? ""
            print("Added a \(kind.label) for \(member.handle)\(dueText): \(OneOnOneCommand.line(text, 60).trimmingCharacters(in: .whitespaces)) · id \(id)")
        }
    }

    struct Note: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write a note on a teammate (what was said or seen).")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: ArgumentHelp("The teammate.", valueName: "@handle")) var handle: String
        @Argument(help: "The note.") var text: String
        @Option(help: ArgumentHelp("A ticket it is about (its key or the start of one).", valueName: "key")) var ticket: String?
        @OptionGroup var identity: IdentityOptions
        func run() throws { try Write.run(.note, database, identity, handle: handle, text: text, due: nil, ticket: ticket) }
    }

    struct Goal: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Set a goal for a teammate (open until marked done).")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: ArgumentHelp("The teammate.", valueName: "@handle")) var handle: String
        @Argument(help: "The goal.") var text: String
        @Option(help: ArgumentHelp("When it is due: YYYY-MM-DD, today, tomorrow, +3d, +2w, fri.", valueName: "date")) var due: String?
        @Option(help: ArgumentHelp("A ticket it is about (its key or the start of one).", valueName: "key")) var ticket: String?
        @OptionGroup var identity: IdentityOptions
        func run() throws { try Write.run(.goal, database, identity, handle: handle, text: text, due: due, ticket: ticket) }
    }

    struct FollowUp: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "follow-up", abstract: "Add a follow-up for a teammate's next 1:1 (open until marked done).")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: ArgumentHelp("The teammate.", valueName: "@handle")) var handle: String
        @Argument(help: "The follow-up.") var text: String
        @Option(help: ArgumentHelp("When it is due: YYYY-MM-DD, today, tomorrow, +3d, +2w, fri.", valueName: "date")) var due: String?
        @Option(help: ArgumentHelp("A ticket it is about (its key or the start of one).", valueName: "key")) var ticket: String?
        @OptionGroup var identity: IdentityOptions
        func run() throws { try Write.run(.followUp, database, identity, handle: handle, text: text, due: due, ticket: ticket) }
    }

    struct Done: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Mark a goal or follow-up done.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: ArgumentHelp("The item's id (or a unique start of it, 6 characters or more).", valueName: "id")) var id: String
        @OptionGroup var identity: IdentityOptions
        func run() throws {
            let (store, _, author) = try OneOnOneCommand.open(database, identity)
            let item = try OneOnOneCommand.item(store, id)
            try store.setCoachingDone(id: item.id, true, by: author)
            print("Done: \(item.kind.label) \(OneOnOneCommand.line(item.body, 60).trimmingCharacters(in: .whitespaces))")
        }
    }

    struct Reopen: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Open a goal or follow-up marked done again.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: ArgumentHelp("The item's id (or a unique start of it, 6 characters or more).", valueName: "id")) var id: String
        @OptionGroup var identity: IdentityOptions
        func run() throws {
            let (store, _, author) = try OneOnOneCommand.open(database, identity)
            let item = try OneOnOneCommand.item(store, id)
            try store.setCoachingDone(id: item.id, false, by: author)
            print("Open again: \(item.kind.label) \(OneOnOneCommand.line(item.body, 60).trimmingCharacters(in: .whitespaces))")
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a note, goal, follow-up or 1:1 (greenroom trash restore brings it back).")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: ArgumentHelp("The item's id (or a unique start of it, 6 characters or more).", valueName: "id")) var id: String
        @OptionGroup var identity: IdentityOptions
        func run() throws {
            let (store, _, author) = try OneOnOneCommand.open(database, identity)
            let item = try OneOnOneCommand.item(store, id)
            try store.removeCoaching(id: item.id, by: author)
            print("Deleted the \(item.kind.label) \(OneOnOneCommand.line(item.body, 60).trimmingCharacters(in: .whitespaces)) · greenroom trash restore \(item.id) brings it back")
        }
    }

    /// `greenroom oneonone hold @h [--notes TEXT]`.
    struct Hold: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record a 1:1 held with a teammate now: its notes and the agenda it closes; the next agenda starts now.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: ArgumentHelp("The teammate.", valueName: "@handle")) var handle: String
        @Option(help: "What was said and agreed.") var notes: String = ""
        @OptionGroup var identity: IdentityOptions
        func run() throws {
            let (store, zone, author) = try OneOnOneCommand.open(database, identity)
            let member = try OneOnOneCommand.teammate(store, handle)
            let held = try store.holdOneOnOne(memberID: member.id, notes: notes, by: author)
            print("Held a 1:1 with \(member.handle) on \(DateInput.formatMinute(held.at, zone: zone)) · id \(held.id)")
            print("Discussed:")
            for line in (held.discussed ?? "").split(separator: "\n") { print("  \(line)") }
        }
    }
}
