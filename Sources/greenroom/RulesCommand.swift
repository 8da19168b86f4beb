import ArgumentParser
import Foundation
import GreenroomCore
import GreenroomStore
import GreenroomTUI

/// `greenroom rules …` (issue 24): team automations — list, add, edit, turn on and off,
/// test (what a rule would do now, writing nothing), run, and keep them in TOML.
struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "Team automations: when tickets (or creators) match a condition, do actions — once, on every laptop.",
        discussion: """
        A rule's condition is the queue's filter language plus breach:<30m (next SLA target due within), \
        pending:>3d (waiting on the requester that long), replied:requester|agent and thanks:yes|no. Its actions, \
        one a line: assign @h|none, escalate REASON, status S, priority P, tag +t|-t, note TEXT, reply TEXT, macro TITLE, follow-up TEXT. \
        A rule --on creators takes the roster's filter language plus rotting:yes (the pipeline card is past its stage's rotting \
        threshold); idle: counts from the last LIVE (or the creation); its actions: assign (the owner), tag, note, follow-up. \
        Rules run on each sync, when the app starts and while it is idle. Examples: \
        greenroom rules add --name "VIP first" --when "tag:vip status:new" --do "priority high"; \
        greenroom rules add --name "Idle two weeks" --on creators --when "stage:activated idle:>=14d" --do "follow-up Call: no LIVE in 14 days"; \
        greenroom rules test "Solve after 7 days pending"; greenroom rules export --out rules.toml; greenroom rules import rules.toml
        """,
        subcommands: [List.self, Show.self, Add.self, Edit.self, Enable.self, Disable.self, Remove.self, Test.self, Run.self, Export.self, Import.self],
        defaultSubcommand: List.self
    )

    static func env() -> [String: String] { ProcessInfo.processInfo.environment }

    static func printRun(_ report: RuleRunReport, dryRun: Bool) {
        if report.fired.isEmpty { print(dryRun ? "Nothing: nothing matches now that the rule has not acted on." : "No rule fired.") }
        for f in report.fired {
            print("\(dryRun ? "would fire" : "fired") \"\(TerminalText.sanitize(f.rule))\" on \(TerminalText.sanitize(f.label)) \(TerminalText.sanitize(String(f.subject.prefix(40)))): \(TerminalText.sanitize(f.summary))")
        }
        for line in report.refused + report.capped + report.skipped { print(TerminalText.sanitize(line)) }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "Every rule, in the order they run, with its firings of the last 7 days.")
        @Option(help: "table or json.") var format: String = "table"
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            try requireFormat(format, ["table", "json"])
            let store = try openStore(database, env: RulesCommand.env(), mustExist: true)
            let rules = try store.automationRules()
            let counts = try store.ruleFiringCounts(since: store.now - 7 * Time.day)
            if format == "json" {
                try printJSON(try rules.map { r -> [String: Any] in
                    ["id": r.id, "name": r.name, "on": r.target.word, "team": try store.teamName(id: r.teamID) as Any? ?? NSNull(), "when": r.condition, "do": r.actions,
                     "enabled": r.enabled, "position": r.position, "fired_7d": counts[r.id] ?? 0]
                })
                return
            }
            printTable(["RULE", "ON", "WHEN", "DO", "FIRED 7D"], try rules.map { r in
                let team = (r.target == .creators ? "creators: " : "") + (try store.teamName(id: r.teamID).map { "\($0): " } ?? "")
                return [TerminalText.sanitize(r.name), r.enabled ? "on" : "off", TerminalText.sanitize(team + r.condition),
                        TerminalText.sanitize(r.actions.joined(separator: "; ")), "\(counts[r.id] ?? 0)"]
            }, right: [4])
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "One rule as TOML, and whether it checks.")
        @Argument(help: "The rule's name (or the start of it).") var name: String
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let store = try openStore(database, env: RulesCommand.env(), mustExist: true)
            let rule = try store.rule(named: name)
            print(RulesTOML.render([rule], teamName: { (try? store.teamName(id: $0)) ?? nil }).split(separator: "\n", omittingEmptySubsequences: false).drop { $0.hasPrefix("#") || $0.isEmpty }.joined(separator: "\n"), terminator: "")
            do { _ = try CheckedRule(rule, stages: try store.teamSettings().allStageNames); print("# checks: ok") } catch { print("# does not check: \(error)") }
        }
    }

    struct RuleOptions: ParsableArguments {
        @Option(help: ArgumentHelp("The condition, in the queue's filter language.", valueName: "condition")) var when: String?
        @Option(name: .customLong("do"), help: ArgumentHelp("An action (repeat for more, in order).", valueName: "action")) var actions: [String] = []
        @Option(help: ArgumentHelp("Only this team's tickets or creators (none: all).", valueName: "name")) var team: String?
        @Option(help: ArgumentHelp("What the rule looks at: tickets (the default) or creators.", valueName: "tickets|creators")) var on: String?

        func target() throws -> RuleTarget? {
            guard let on else { return nil }
            guard let t = RuleTarget(word: on) else { throw GreenroomError.invalidInput("--on: \"\(TerminalText.sanitize(on))\" is not tickets or creators") }
            return t
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: "Add a rule (checked first: condition, actions, loops).")
        @Option(help: "The rule's name (unique).") var name: String
        @OptionGroup var rule: RuleOptions
        @Flag(help: "Add it turned off.") var disabled = false
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            guard let when = rule.when else { throw GreenroomError.invalidInput("--when is required (the condition, e.g. \"status:pending pending:>3d\")") }
            let target = try rule.target() ?? .tickets
            let store = try openStore(database, env: RulesCommand.env(), mustExist: true)
            let saved = try store.saveRule(Store.RuleDraft(name: name, team: rule.team.flatMap { $0.lowercased() == "none" ? nil : $0 }, condition: when,
                                                           actions: rule.actions, enabled: !disabled, target: target))
            print("added rule \"\(TerminalText.sanitize(saved.name))\" (\(saved.enabled ? "on" : "off")); greenroom rules test \"\(TerminalText.sanitize(saved.name))\" shows what it would do now")
        }
    }

    struct Edit: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "edit", abstract: "Change a rule; with no option, edit every rule as TOML in $EDITOR.")
        @Argument(help: "The rule's name (or the start of it).") var name: String?
        @Option(name: .customLong("name"), help: ArgumentHelp("A new name.", valueName: "name")) var rename: String?
        @OptionGroup var rule: RuleOptions
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let store = try openStore(database, env: RulesCommand.env(), mustExist: true)
            guard let name else {
                try RulesCommand.editInEditor(store)
                return
            }
            let current = try store.rule(named: name)
            let currentTeam = try store.teamName(id: current.teamID)
            let team: String? = rule.team.map { $0.lowercased() == "none" ? nil : $0 } ?? currentTeam
            let saved = try store.saveRule(Store.RuleDraft(name: rename ?? current.name, team: team, condition: rule.when ?? current.condition,
                                                           actions: rule.actions.isEmpty ? current.actions : rule.actions, enabled: current.enabled,
                                                           target: try rule.target() ?? current.target),
                                           replacing: current.id)
            print("rule \"\(TerminalText.sanitize(saved.name))\": when \(TerminalText.sanitize(saved.condition)) · do \(TerminalText.sanitize(saved.actions.joined(separator: "; ")))")
        }
    }

    struct Enable: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "enable", abstract: "Turn a rule on.")
        @Argument(help: "The rule's name.") var name: String
        @OptionGroup var database: DatabaseOptions
        func run() throws {
            let store = try openStore(database, env: RulesCommand.env(), mustExist: true)
            print("rule \"\(TerminalText.sanitize(try store.setRuleEnabled(name, true).name))\" is on")
        }
    }

    struct Disable: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "disable", abstract: "Turn a rule off.")
        @Argument(help: "The rule's name.") var name: String
        @OptionGroup var database: DatabaseOptions
        func run() throws {
            let store = try openStore(database, env: RulesCommand.env(), mustExist: true)
            print("rule \"\(TerminalText.sanitize(try store.setRuleEnabled(name, false).name))\" is off")
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "remove", abstract: "Remove a rule (its firings stay on the tickets).")
        @Argument(help: "The rule's name.") var name: String
        @OptionGroup var database: DatabaseOptions
        func run() throws {
            let store = try openStore(database, env: RulesCommand.env(), mustExist: true)
            print("removed rule \"\(TerminalText.sanitize(try store.removeRule(name).name))\"")
        }
    }

    struct Test: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "test", abstract: "What a rule would do now, on every ticket (or creator); writes nothing.")
        @Argument(help: "The rule's name.") var name: String
        @OptionGroup var database: DatabaseOptions
        func run() throws {
            let store = try openStore(database, env: RulesCommand.env(), mustExist: true)
            RulesCommand.printRun(try store.runRules(dryRun: true, only: name), dryRun: true)
        }
    }

    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "run", abstract: "Run the enabled rules now (sync and the app run them too).")
        @Flag(help: "Say what would fire; write nothing.") var dryRun = false
        @OptionGroup var database: DatabaseOptions
        func run() throws {
            let store = try openStore(database, env: RulesCommand.env(), mustExist: true)
            RulesCommand.printRun(try store.runRules(dryRun: dryRun, device: ProcessInfo.processInfo.hostName), dryRun: dryRun)
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "export", abstract: "Every rule as TOML.")
        @Option(help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file")) var out: String?
        @OptionGroup var database: DatabaseOptions
        func run() throws {
            let store = try openStore(database, env: RulesCommand.env(), mustExist: true)
            let text = RulesTOML.render(try store.automationRules(), teamName: { (try? store.teamName(id: $0)) ?? nil })
            guard let out else { print(text, terminator: ""); return }
            let path = absolutePath(out)
            guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) else { throw GreenroomError.invalidInput("cannot write \(path)") }
            print("wrote \(path)")
        }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import", abstract: "Save the rules of a TOML file: each is checked first; a rule with the name of one here replaces it.",
            discussion: "Rules here and not in the file are left as they are. Nothing is saved unless every rule in the file checks."
        )
        @Argument(help: "The TOML file.") var file: String
        @OptionGroup var database: DatabaseOptions
        func run() throws {
            let path = absolutePath(file)
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                throw GreenroomError.invalidInput("cannot read \(path) as UTF-8 text")
            }
            let store = try openStore(database, env: RulesCommand.env(), mustExist: true)
            let (added, changed) = try RulesCommand.save(try RulesTOML.parse(text, file: file, stages: try store.teamSettings().allStageNames), store: store, file: file)
            print("\(added) rule\(added == 1 ? "" : "s") added, \(changed) changed")
        }
    }

    /// Saves parsed entries in one go: every one is checked against the database (teams,
    /// cycles) before any is written, and a failure names its line.
    static func save(_ entries: [RulesTOML.Entry], store: Store, file: String) throws -> (added: Int, changed: Int) {
        let existing = try store.automationRules()
        let drafts = entries.map { e in
            (e, Store.RuleDraft(name: e.name, team: e.team, condition: e.when, actions: e.actions, enabled: e.enabled, position: e.position, target: e.target))
        }
        do {
            let result = try store.saveRules(drafts.map { item in (item.1, existing.first { r in r.name.lowercased() == item.0.name.lowercased() }?.id) })
            return (result.added, result.changed)
        } catch let error as Store.RuleSaveError {
            throw GreenroomError.invalidInput("\(file):\(drafts[error.index].0.line): \(error.reason)")
        }
    }

    static func editInEditor(_ store: Store) throws {
        let editor = ProcessInfo.processInfo.environment["VISUAL"] ?? ProcessInfo.processInfo.environment["EDITOR"] ?? "vi"
        let path = NSTemporaryDirectory() + "greenroom-rules-\(getpid()).toml"
        defer { try? FileManager.default.removeItem(atPath: path) }
        var text = RulesTOML.render(try store.automationRules(), teamName: { (try? store.teamName(id: $0)) ?? nil })
        while true {
            guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) else { throw GreenroomError.invalidInput("cannot write \(path)") }
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/bin/sh")
            p.arguments = ["-c", "\(editor) \"$1\"", "sh", path]
            try p.run()
            p.waitUntilExit()
            guard p.terminationStatus == 0, let data = FileManager.default.contents(atPath: path) else {
                throw GreenroomError.invalidInput("the editor (\(editor)) failed; nothing saved")
            }
            let edited = String(decoding: data, as: UTF8.self)
            if edited == text { print("no change"); return }
            do {
                let (added, changed) = try save(try RulesTOML.parse(edited, file: "rules.toml", stages: try store.teamSettings().allStageNames), store: store, file: "rules.toml")
                print("\(added) rule\(added == 1 ? "" : "s") added, \(changed) changed")
                return
            } catch {
                // Keep what was typed, say what is wrong at the top, and open it again.
                FileHandle.standardError.write(Data("\(error)\n".utf8))
                guard isatty(STDIN_FILENO) == 1 else { throw error }
                text = "# \(error) — fix it and save, or empty the file to give up\n" + edited.split(separator: "\n", omittingEmptySubsequences: false).drop { $0.hasPrefix("# ") && $0.contains("fix it and save") }.joined(separator: "\n")
                if edited.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return }
            }
        }
    }
}
