import ArgumentParser
import Foundation
import GreenroomCore
import GreenroomStore

/// `greenroom qa sample|review`: QA reviews of tickets (issue 25).
struct QACommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "qa",
        abstract: "QA reviews: the week's sample of solved tickets per agent, and scoring a ticket against the team's rubric.",
        discussion: "The rubric (criteria, weights, pass mark) is a team setting: greenroom settings qa.",
        subcommands: [Sample.self, Review.self]
    )

    /// `greenroom qa sample [--week YYYY-Www] [--per-agent N] [--seed S] [--agent @h] [--format table|csv|json]`.
    struct Sample: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "N solved tickets per agent of a week to review: random, but the same on every laptop for the same week, agent and seed.",
            discussion: """
            Tickets first solved in the week (team time zone) and assigned to a teammate. Each ticket is ranked by \
            a hash of the seed, the week, the agent's id and its own id; the N lowest are the sample, so teammates \
            draw the same tickets and a different week draws others.
            Example: greenroom qa sample --week 2026-W46 --per-agent 3 --format json
            """
        )
        @OptionGroup var database: DatabaseOptions

        @Option(help: ArgumentHelp("ISO week such as 2026-W46 (default: the last complete week).", valueName: "YYYY-Www"))
        var week: String?

        @Option(help: "Tickets per agent (1–1,000).")
        var perAgent: Int = 5

        @Option(help: "Another draw of the same week: any whole number (default 0).")
        var seed: Int = 0

        @Option(help: ArgumentHelp("Only this agent.", valueName: "@handle"))
        var agent: String?

        @Option(help: "table, csv or json.")
        var format: String = "table"

        func run() throws {
            guard ["table", "csv", "json"].contains(format) else { throw GreenroomError.invalidInput("--format must be table, csv or json (got \(format))") }
            let store = try openStore(database, env: ProcessInfo.processInfo.environment, mustExist: true)
            let calendar = TeamCalendar(zone: try store.teamSettings().zone)
            let period: KPIPeriod
            if let week {
                guard let p = calendar.isoWeek(week) else { throw GreenroomError.invalidInput("--week must be an ISO week such as 2026-W46 (got \(week))") }
                period = p
            } else {
                period = calendar.weekPeriod(containing: calendar.startOfISOWeek(store.now) - 1)
            }
            let rows = try store.qaSample(week: period, perAgent: perAgent, seed: seed, agent: agent)
            switch format {
            case "json":
                let objects: [[String: Any]] = rows.map {
                    ["week": $0.week, "agent": $0.agent, "ticket_id": $0.ticketID, "key": $0.key, "subject": $0.subject,
                     "solved_at": Time.iso($0.solvedAt), "qa_score": $0.reviewed.map { $0 as Any } ?? NSNull()]
                }
                print(try JSONOutput.string(["week": calendar.isoWeekString(period.start), "per_agent": perAgent, "seed": seed, "tickets": objects]))
            case "csv":
                let csv = try CreatorsCSV.render(header: ["week", "agent", "key", "subject", "solved_at", "qa_score"], rows: rows.map {
                    [$0.week, $0.agent, $0.key, TerminalText.sanitize($0.subject), Time.iso($0.solvedAt), $0.reviewed.map { String(format: "%.1f", $0) } ?? ""]
                })
                FileHandle.standardOutput.write(csv)
            default:
                print("QA sample \(calendar.isoWeekString(period.start)) · \(perAgent) per agent · seed \(seed)")
                if rows.isEmpty { print("No solved tickets with an assignee that week.") }
                for r in rows {
                    let score = r.reviewed.map { String(format: "QA %.0f", $0) } ?? "not reviewed"
                    print("\(r.agent.padding(toLength: 12, withPad: " ", startingAt: 0)) \(r.key.padding(toLength: 6, withPad: " ", startingAt: 0)) "
                          + "\(TerminalText.sanitize(String(r.subject.prefix(50))).padding(toLength: 50, withPad: " ", startingAt: 0)) \(score)")
                }
            }
        }
    }

    /// `greenroom qa review KEY --score accuracy=4 --score tone=3 … [--comment TEXT] --as @lead`.
    struct Review: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Score a ticket's replies against the rubric (each criterion 0–4) — what Q does in the app.",
            discussion: "Example: greenroom qa review K7Q2 --score accuracy=4 --score tone=3 --score policy=4 --comment \"clear steps\" --as @grace"
        )
        @OptionGroup var database: DatabaseOptions

        @Argument(help: ArgumentHelp("The ticket's key (or a unique start of one) or id.", valueName: "key"))
        var reference: String

        @Option(name: .customLong("score"), help: ArgumentHelp("criterion=0…4, once per criterion scored.", valueName: "criterion=N"))
        var scores: [String] = []

        @Option(help: "What was good, what to change.")
        var comment: String = ""

        @OptionGroup var identity: IdentityOptions

        func run() throws {
            let store = try openStore(database, env: ProcessInfo.processInfo.environment, mustExist: true)
            guard let ticket = try store.ticket(reference: reference), !ticket.deleted else {
                throw GreenroomError.invalidInput("no single ticket has the key \(TerminalText.sanitize(reference))")
            }
            var parsed: [String: Int] = [:]
            for s in scores {
                let parts = s.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2, let n = Int(parts[1].trimmingCharacters(in: .whitespaces)) else {
                    throw GreenroomError.invalidInput("--score \(TerminalText.sanitize(s)): write criterion=N, such as accuracy=4")
                }
                parsed[parts[0].trimmingCharacters(in: .whitespaces).lowercased()] = n
            }
            var reviewer: String?
            if let me = identity.me {
                guard let member = try store.members().first(where: { $0.handle == (me.hasPrefix("@") ? me : "@" + me) && !$0.deleted }) else {
                    throw GreenroomError.invalidInput("no teammate \(TerminalText.sanitize(me))")
                }
                reviewer = member.id
            }
            try store.reviewTicket(QAReviewDraft(ticketID: ticket.id, scores: parsed, comment: comment), by: reviewer)
            let rubric = try store.teamSettings().qaRubric
            let score = rubric.score(parsed) ?? 0
            print(String(format: "Reviewed %@: %.0f of 100, %@ (pass mark %d)", ticket.key.prefix(4).description, score,
                         rubric.passes(score) ? "passes" : "fails", rubric.passMark))
        }
    }
}

/// `greenroom settings qa [--criterion key:Name:weight …] [--pass-mark N]`: the QA rubric, a
/// team setting (it travels with sync).
struct QASettingsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "qa",
        abstract: "Show or set the QA rubric: criteria with weights, and the pass mark.",
        discussion: """
        Each criterion is scored 0–4 in a review; a review's score is the weighted mean as 0–100, and it passes at \
        the pass mark. --criterion replaces the whole list (give every criterion). Default: accuracy 40, tone 20, \
        policy 25, localization 15; pass at 80.
        Example: greenroom settings qa --criterion accuracy:Accuracy:50 --criterion tone:Tone:50 --pass-mark 75
        """
    )
    @OptionGroup var database: DatabaseOptions

    @Option(name: .customLong("criterion"), help: ArgumentHelp("key:Name:weight (weight 1–100), once per criterion.", valueName: "key:Name:weight"))
    var criteria: [String] = []

    @Option(help: "The score (0–100) a review needs to pass.")
    var passMark: Int?

    @Flag(help: "Print the rubric as JSON.")
    var json = false

    func run() throws {
        let store = try openStore(database, env: ProcessInfo.processInfo.environment, mustExist: true)
        var rubric = try store.teamSettings().qaRubric
        if !criteria.isEmpty || passMark != nil {
            if !criteria.isEmpty {
                rubric.criteria = try criteria.map { text in
                    let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
                    guard parts.count == 3, let weight = Int(parts[2]) else {
                        throw GreenroomError.invalidInput("--criterion \(TerminalText.sanitize(text)): write key:Name:weight, such as accuracy:Accuracy:40")
                    }
                    return QARubric.Criterion(key: parts[0], name: parts[1], weight: weight)
                }
            }
            rubric.passMark = passMark ?? rubric.passMark
            try store.setQARubric(rubric)
        }
        if json {
            print(try JSONOutput.string(["pass_mark": rubric.passMark, "criteria": rubric.criteria.map { ["key": $0.key, "name": $0.name, "weight": $0.weight] as [String: Any] }]))
            return
        }
        print("QA rubric (each criterion 0–4; pass at \(rubric.passMark) of 100):")
        for c in rubric.criteria { print("  \(c.key.padding(toLength: 14, withPad: " ", startingAt: 0)) \(TerminalText.sanitize(c.name).padding(toLength: 16, withPad: " ", startingAt: 0)) weight \(c.weight)") }
    }
}
