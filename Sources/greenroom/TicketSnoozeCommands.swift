import ArgumentParser
import Foundation
import GreenroomCore
import GreenroomStore
import GreenroomTUI

/// `greenroom tickets snooze` and `tickets unsnooze` (issue 28): the queue's `w` and `W`.
extension TicketsCommand {
    struct Snooze: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "snooze",
            abstract: "Snooze tickets until a time: out of the open views until then, or until the requester writes.",
            discussion: """
            The time is read as the app's w reads it, in the team's time zone: tomorrow 9:00, mon, +3d, +2h, 14:30, \
            2026-11-25 14:00 (a day alone means 9:00). A snoozed ticket is listed by --view snoozed and comes back on \
            top of the open views when it wakes. Its SLA clock keeps running: the line printed says when a ticket \
            breaches before it wakes. One change, recorded in each ticket's timeline; a time that cannot be read, or one \
            already past, a solved or closed ticket: one line, exit status 2, nothing changed.

            Example: greenroom tickets snooze K7Q2 9FZD --until "tomorrow 9:00" --as @ana
            """
        )

        @OptionGroup var database: DatabaseOptions

        @Argument(help: ArgumentHelp("Ticket keys (or a unique start of one) or ids.", valueName: "key"))
        var tickets: [String]

        @Option(help: ArgumentHelp("When it wakes: tomorrow 9:00, mon, +3d, +2h, 2026-11-25 14:00.", valueName: "time"))
        var until: String

        @OptionGroup var identity: IdentityOptions

        func run() throws {
            let store = try openStore(database, env: ProcessInfo.processInfo.environment, mustExist: true)
            let now = store.now
            let at: Millis
            switch SnoozeTime.parse(until, now: now, zone: try store.teamSettings().zone) {
            case .success(let time): at = time
            case .failure(let problem): throw GreenroomError.invalidInput("--until: \(problem.message)")
            }
            try TicketsCommand.applySnooze(store, tickets, until: at, identity: identity, now: now)
        }
    }

    struct Unsnooze: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "unsnooze",
            abstract: "Wake snoozed tickets now (and take a woken ticket off the top of the queue).",
            discussion: "One change, recorded in each ticket's timeline. Example: greenroom tickets unsnooze K7Q2 --as @ana"
        )

        @OptionGroup var database: DatabaseOptions

        @Argument(help: ArgumentHelp("Ticket keys (or a unique start of one) or ids.", valueName: "key"))
        var tickets: [String]

        @OptionGroup var identity: IdentityOptions

        func run() throws {
            let store = try openStore(database, env: ProcessInfo.processInfo.environment, mustExist: true)
            try TicketsCommand.applySnooze(store, tickets, until: nil, identity: identity, now: store.now)
        }
    }

    /// Finds the tickets, applies the snooze (or unsnooze) as one change and prints what it did.
    static func applySnooze(_ store: Store, _ references: [String], until: Millis?, identity: IdentityOptions, now: Millis) throws {
        guard !references.isEmpty else { throw GreenroomError.invalidInput("name a ticket: its key, such as K7Q2") }
        var ids: [String] = []
        for reference in references {
            guard let ticket = try store.ticket(reference: reference), !ticket.deleted else {
                throw GreenroomError.invalidInput("no single ticket has the key \(TerminalText.sanitize(reference))")
            }
            if !ids.contains(ticket.id) { ids.append(ticket.id) }
        }
        let env = ProcessInfo.processInfo.environment
        let me = identity.me ?? (try? Config.load(path: ConfigPaths.fromEnvironment(env).configFile).me) ?? nil
        var author: String?
        if let me {
            guard let member = try store.member(handle: me) else { throw GreenroomError.invalidInput("no teammate \(TerminalText.sanitize(me))") }
            author = member.id
        }
        let set = try store.snoozeChanges(ticketIDs: ids, until: until, author: author, now: now)
        try store.apply(set, by: author)
        print(set.label)
    }
}
