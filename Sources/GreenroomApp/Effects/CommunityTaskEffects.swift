import Foundation
import GreenroomCore
import GreenroomStore
import GreenroomTUI

/// The tasks and communities screens' commands. Task progress is computed from each task's
/// window of live sessions (an indexed range per task); a community's comparison with
/// non-members scans every creator's LIVE around the anchor, so it runs off the loop.
extension CommandRunner {
    func run(_ command: TasksCommand, now: Millis) throws -> [Msg] {
        switch command {
        case .load:
            return [.tasks(.loaded(TaskGroup.group(try store.taskRows(now: now))))]
        case .pay(let id):
            do {
                let t = try store.payTask(id: id)
                let handle = TerminalText.sanitize(try store.creator(id: t.creatorID)?.handle ?? "that creator")
                let what = TerminalText.sanitize(t.reward.isEmpty ? t.title : t.reward)
                return [.tasks(.changed), .notice("Paid \(what)\(t.amount > 0 ? " · \(NumberFormat.grouped(t.amount))" : "") to \(handle)")]
            } catch let error as GreenroomError {
                return [.tasks(.changed), .failed(error.description)]
            }
        }
    }

    func run(_ command: CommunitiesCommand, now: Millis) throws -> [Msg] {
        switch command {
        case .load:
            return [.communities(.loaded(try store.communitySummaries()))]
        case .loadMembers(let id):
            return [.communities(.membersLoaded(id: id, try store.communityMembers(id: id)))]
        case .loadEffect(let id):
            let store = self.store
            return [runInBackground(task: "community effect") { [.communities(.effectLoaded(id: id, try store.communityEffect(id: id, now: now)))] }]
        }
    }
}

/// `d` on the program, workshop, community and task screens: the store's plan (the command
/// line's words), and the removal itself — one synced change whose inverse `u` applies.
extension CommandRunner {
    func run(_ command: RemovalCommand) throws -> [Msg] {
        switch command {
        case .plan(let target):
            switch target {
            case .program(let id): return [.removalPlanned(try store.programRemoval(ref: id))]
            case .workshop(let id): return [.removalPlanned(try store.workshopRemoval(ref: id))]
            case .community(let id): return [.removalPlanned(try store.communityRemoval(ref: id))]
            case .tasks(let ids): return [.removalPlanned(try store.taskRemoval(ids: ids))]
            }
        case .remove(let removal):
            let store = self.store
            let author = try memberID()
            // A task given to thousands of creators is thousands of writes: off the loop.
            return [runInBackground(task: "remove") { [.applied(inverse: try store.remove(removal, by: author), mode: .perform)] }]
        }
    }
}

extension RemovalCommand: ScreenEffects {
    func run(in runner: CommandRunner, now: Millis) throws -> [Msg] { try runner.run(self) }
}

extension TasksCommand: ScreenEffects {
    func run(in runner: CommandRunner, now: Millis) throws -> [Msg] { try runner.run(self, now: now) }
}

extension CommunitiesCommand: ScreenEffects {
    func run(in runner: CommandRunner, now: Millis) throws -> [Msg] { try runner.run(self, now: now) }
}

/// The teams screen (issue 24): overviews are a handful of indexed counts per member; a run
/// of the assignment rule is one undoable change set.
extension TeamsCommand: ScreenEffects {
    func run(in runner: CommandRunner, now: Millis) throws -> [Msg] {
        let store = runner.store
        switch self {
        case .load:
            return [.teams(.loaded(try store.teamOverviews(now: now)))]
        case .assign(let team):
            let report = try store.autoAssign(now: now, team: team)
            var out: [Msg] = []
            if let undo = report.undo { out.append(.applied(inverse: undo, mode: .perform)) }
            var left = report.leftOver.map { "\($0.team): \($0.count) left (\($0.reason))" }
            if report.takenBack > 0 {
                left.append("\(report.takenBack) the rule gave out before and someone took back: assign \(report.takenBack == 1 ? "it" : "them") by hand")
            }
            if report.assigned.isEmpty {
                out.append(.notice(left.isEmpty ? "Nothing to assign: no unassigned tickets in a team with a rule" : "Nothing assigned · " + left.joined(separator: "; ")))
            } else if !left.isEmpty {
                out.append(.notice("Assigned \(report.assigned.count) · " + left.joined(separator: "; ")))
            }
            out.append(.teams(.loaded(try store.teamOverviews(now: now))))
            return out
        case .automate:
            // Off the loop: a new or edited rule looks at every ticket once.
            return [runner.runInBackground(task: "automations") {
                var out: [Msg] = []
                if let undo = try store.autoAssign(now: now).undo { out.append(.applied(inverse: undo, mode: .perform)) }
                let rules = try store.runRules(now: now, device: ProcessInfo.processInfo.hostName)
                if let undo = rules.undo { out.append(.applied(inverse: undo, mode: .perform)) }
                if let problem = (rules.refused + rules.skipped).first { out.append(.notice(problem)) }
                return out
            }]
        }
    }
}

/// `:rules` (issue 24): the rules with their week's firings; turning one on checks it first
/// (the store refuses a rule that would loop, with the reason); a test is a dry run.
extension RulesCommand: ScreenEffects {
    func run(in runner: CommandRunner, now: Millis) throws -> [Msg] {
        let store = runner.store
        func rows() throws -> [RuleRow] {
            let counts = try store.ruleFiringCounts(since: now - 7 * Time.day)
            let stages = try store.teamSettings().allStageNames
            return try store.automationRules().map { r in
                var problem: String?
                do { _ = try CheckedRule(r, stages: stages) } catch { problem = "\(error)" }
                return RuleRow(rule: r, team: try store.teamName(id: r.teamID), fired7d: counts[r.id] ?? 0, problem: problem)
            }
        }
        switch self {
        case .load:
            return [.rules(.loaded(try rows()))]
        case .setEnabled(let id, let on):
            do {
                let rule = try store.setRuleEnabled(id, on)
                return [.rules(.loaded(try rows())), .notice("Rule \"\(rule.name)\" is \(on ? "on" : "off")")]
            } catch let error as GreenroomError {
                return [.failed(error.description)]
            }
        case .test(let id):
            let report = try store.runRules(now: now, dryRun: true, only: id)
            let lines = report.fired.map { "\($0.label)  \($0.subject.prefix(50))  →  \($0.summary)" } + report.refused + report.capped
            return [.rules(.tested(RuleTest(ruleID: id, lines: lines)))]
        }
    }
}
