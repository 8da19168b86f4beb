import ArgumentParser
import Foundation
import GreenroomCore
import GreenroomStore
import GreenroomTUI

/// `greenroom campaign …`: campaigns, enrolments, incentive tiers and goal breakdown.
/// Every edit is checked first: it prints one confirming line, or one line saying why not
/// (exit 2) and changes nothing.
struct CampaignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "campaign",
        abstract: "Campaigns: goals, enrolled creators, incentive tiers, progress.",
        discussion: """
        A campaign is a time-boxed push (a sale event, a LIVE event, an onboarding sprint, an \
        education program) with a goal on one metric: live_hours, active_days, gifts, \
        new_activations or workshops_attended. Progress is computed from live sessions, stage \
        events and workshop activities inside the campaign's days (team time zone); a creator \
        enrolled after the start counts from the moment they joined. NAME is a campaign's \
        name, the start of it, or its id.
        Examples: greenroom campaign add --name "11.11 Mega Sale" --start 2026-11-01 --end 2026-11-11 --metric live_hours --target 2000; \
        greenroom campaign enrol 11.11 @mila.cooks @djrafa; greenroom campaign plan 11.11 --split baseline --apply; \
        greenroom campaign tier 11.11 --threshold 20 --reward "Bronze bonus" --amount 50
        """,
        subcommands: [List.self, Show.self, Add.self, Edit.self, Enrol.self, Unenrol.self, SetTarget.self, Tier.self, Plan.self, RiskMargin.self],
        defaultSubcommand: List.self
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "Every campaign: running first, then drafts, then ended.")

        @OptionGroup var database: DatabaseOptions

        @Option(help: "table or json.")
        var format: String = "table"

        func run() throws {
            try requireFormat(format, ["table", "json"])
            let store = try openStore(database, env: ProcessInfo.processInfo.environment, mustExist: true)
            let rows = try store.campaignSummaries(now: store.now)
            if format == "json" {
                try printJSON(rows.map(CampaignDocument.summaryObject))
                return
            }
            printTable(["NAME", "KIND", "STATUS", "DAYS", "METRIC", "GOAL", "PROGRESS", "PACE", "ENROLLED", "LEFT"], rows.map { s in
                let c = s.campaign
                return [c.name, c.kind.rawValue, c.status.rawValue, "\(c.startDate)…\(c.endDate)", c.metric.rawValue,
                        NumberFormat.grouped(c.target), CampaignDocument.progressText(s), s.paceShare.map(NumberFormat.percent) ?? "—",
                        NumberFormat.grouped(s.enrolled), CampaignDocument.daysLeftText(s)]
            }, right: [5, 6, 7, 8, 9])
            FileHandle.standardError.write(Data("\(rows.count) campaign\(rows.count == 1 ? "" : "s")\n".utf8))
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "One campaign: goal, progress, pace, tiers, the top creators, who is at risk.")

        @Argument(help: "The campaign's name, the start of it, or its id.")
        var name: String

        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let store = try openStore(database, env: ProcessInfo.processInfo.environment, mustExist: true)
            let c = try store.campaign(ref: name)
            guard let detail = try store.campaignDetail(id: c.id, now: store.now) else { throw GreenroomError.invalidInput("that campaign has invalid dates") }
            let top = try store.campaignPage(id: c.id, offset: 0, limit: 10, now: store.now)
            let risky = try store.campaignPage(id: c.id, listing: .atRisk, offset: 0, limit: 10, now: store.now)
            print(CampaignDocument.markdown(detail, creators: top.rows, atRisk: risky.rows, zone: try store.teamSettings().zone, full: false), terminator: "")
        }
    }

    /// Options shared by add and edit.
    struct Fields: ParsableArguments {
        @Option(help: "The campaign's name (unique, at most 80 characters).")
        var name: String?
        @Option(help: ArgumentHelp("sale_event, live_event, onboarding_sprint or education_program.", valueName: "kind"))
        var kind: String?
        @Option(help: ArgumentHelp("First day: YYYY-MM-DD, today, +3d (team time zone).", valueName: "date"))
        var start: String?
        @Option(help: ArgumentHelp("Last day, included.", valueName: "date"))
        var end: String?
        @Option(help: ArgumentHelp("live_hours, active_days, gifts, new_activations or workshops_attended.", valueName: "metric"))
        var metric: String?
        @Option(help: ArgumentHelp("The overall goal, a whole number in the metric's units (hours for live_hours).", valueName: "n"))
        var target: Int?
        @Option(help: ArgumentHelp("A member handle, or none.", valueName: "handle"))
        var owner: String?
        @Option(help: ArgumentHelp("draft, running or ended.", valueName: "status"))
        var status: String?

        var edit: CampaignEdit {
            get throws {
                CampaignEdit(name: name, kind: try kind.map { try parseValue($0, "--kind", CampaignKind.self) }, start: start, end: end,
                             metric: try metric.map { try parseValue($0, "--metric", CampaignMetric.self) }, target: target, owner: owner,
                             status: try status.map { try parseValue($0, "--status", CampaignStatus.self) })
            }
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: "Add a campaign (a draft unless --status says otherwise).",
                                                        discussion: "Example: greenroom campaign add --name \"Payday sale\" --kind sale_event --start 2026-11-25 --end 2026-11-28 --metric gifts --target 50000 --owner @ana")
        @OptionGroup var fields: Fields
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let edit = try fields.edit
            let store = try openStore(database, env: ProcessInfo.processInfo.environment, mustExist: true)
            let c = try store.addCampaign(edit)
            print("added campaign \"\(TerminalText.sanitize(c.name))\" · \(c.kind.rawValue) · \(c.startDate)…\(c.endDate) · \(c.metric.rawValue) goal \(NumberFormat.grouped(c.target)) · \(c.status.rawValue)")
        }
    }

    struct Edit: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "edit", abstract: "Change a campaign's name, kind, days, metric, goal, owner or status.",
                                                        discussion: "Only the options given change. Example: greenroom campaign edit payday --status running --target 60000")
        @Argument(help: "The campaign's name, the start of it, or its id.")
        var campaign: String
        @OptionGroup var fields: Fields
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let edit = try fields.edit
            guard edit != CampaignEdit() else {
                throw GreenroomError.invalidInput("say what to change: --name, --kind, --start, --end, --metric, --target, --owner or --status")
            }
            let store = try openStore(database, env: ProcessInfo.processInfo.environment, mustExist: true)
            let before = try store.campaign(ref: campaign)
            let after = try store.editCampaign(id: before.id, edit)
            print(after == before ? "nothing changed" : "saved campaign \"\(TerminalText.sanitize(after.name))\" · \(after.startDate)…\(after.endDate) · \(after.metric.rawValue) goal \(NumberFormat.grouped(after.target)) · \(after.status.rawValue)")
        }
    }

    struct Enrol: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "enrol", abstract: "Enrol creators (by handle) in a campaign.",
                                                        discussion: "Creators already enrolled are left as they are. Example: greenroom campaign enrol 11.11 @mila.cooks @djrafa --target 20")
        @Argument(help: "The campaign's name, the start of it, or its id.")
        var campaign: String
        @Argument(help: "Creator handles.")
        var handles: [String] = []
        @Option(help: ArgumentHelp("Each new creator's target (default 0; campaign plan fills targets in).", valueName: "n"))
        var target: Int?
        @Option(help: ArgumentHelp("When they joined (default now): YYYY-MM-DD or start; progress counts from then.", valueName: "date"))
        var joined: String?
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            guard !handles.isEmpty else { throw GreenroomError.invalidInput("name the creators to enrol: greenroom campaign enrol NAME @handle…") }
            let store = try openStore(database, env: ProcessInfo.processInfo.environment, mustExist: true)
            let c = try store.campaign(ref: campaign)
            let ids = try creatorIDs(store, handles)
            var joinedAt: Millis?
            if let joined {
                let zone = try store.teamSettings().zone
                if joined.lowercased() == "start" { joinedAt = c.window(zone: zone)?.lowerBound } else {
                    guard let at = DateInput.parse(joined, now: store.now, zone: zone) else {
                        throw GreenroomError.invalidInput("--joined: not a date (YYYY-MM-DD, today, start): \"\(TerminalText.sanitize(joined))\"")
                    }
                    joinedAt = at
                }
            }
            let result = try store.enrol(campaignID: c.id, creatorIDs: ids, target: target, joinedAt: joinedAt)
            print("enrolled \(result.added) in \"\(TerminalText.sanitize(c.name))\"" + (result.already > 0 ? " (\(result.already) already enrolled)" : ""))
        }
    }

    struct Unenrol: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "unenrol", abstract: "Take creators (by handle) out of a campaign.")
        @Argument(help: "The campaign's name, the start of it, or its id.")
        var campaign: String
        @Argument(help: "Creator handles.")
        var handles: [String] = []
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            guard !handles.isEmpty else { throw GreenroomError.invalidInput("name the creators to unenrol: greenroom campaign unenrol NAME @handle…") }
            let store = try openStore(database, env: ProcessInfo.processInfo.environment, mustExist: true)
            let c = try store.campaign(ref: campaign)
            let n = try store.unenrol(campaignID: c.id, creatorIDs: try creatorIDs(store, handles))
            print("unenrolled \(n) from \"\(TerminalText.sanitize(c.name))\"" + (n < handles.count ? " (\(handles.count - n) were not enrolled)" : ""))
        }
    }

    struct SetTarget: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "set-target", abstract: "Set enrolled creators' individual target.",
                                                        discussion: "Example: greenroom campaign set-target 11.11 @mila.cooks @djrafa --target 40")
        @Argument(help: "The campaign's name, the start of it, or its id.")
        var campaign: String
        @Argument(help: "Creator handles.")
        var handles: [String] = []
        @Option(help: ArgumentHelp("The target, in the metric's units.", valueName: "n"))
        var target: Int
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            guard !handles.isEmpty else { throw GreenroomError.invalidInput("name the creators: greenroom campaign set-target NAME @handle… --target N") }
            let store = try openStore(database, env: ProcessInfo.processInfo.environment, mustExist: true)
            let c = try store.campaign(ref: campaign)
            let ids = try creatorIDs(store, handles)
            let n = try store.setTargets(campaignID: c.id, Dictionary(ids.map { ($0, target) }, uniquingKeysWith: { a, _ in a }))
            print("set \(n) target\(n == 1 ? "" : "s") to \(NumberFormat.grouped(target)) \(c.metric.unit)")
        }
    }

    struct Tier: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "tier", abstract: "List, add, change or remove incentive tiers.",
                                                        discussion: """
                                                        A creator whose progress reaches a tier's threshold (in the metric's units) earns its \
                                                        reward; the highest tier reached counts. Setting an existing threshold changes it. \
                                                        Examples: greenroom campaign tier 11.11 --threshold 20 --reward "Bronze bonus" --amount 50; \
                                                        greenroom campaign tier 11.11 --remove 20; greenroom campaign tier 11.11
                                                        """)
        @Argument(help: "The campaign's name, the start of it, or its id.")
        var campaign: String
        @Option(help: ArgumentHelp("Progress needed, in the metric's units.", valueName: "n"))
        var threshold: Int?
        @Option(help: ArgumentHelp("What the creator earns (text).", valueName: "text"))
        var reward: String?
        @Option(help: ArgumentHelp("The payout per creator, in whole currency units.", valueName: "n"))
        var amount: Int = 0
        @Option(help: ArgumentHelp("Remove the tier at this threshold.", valueName: "n"))
        var remove: Int?
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            if remove != nil && (threshold != nil || reward != nil) { throw GreenroomError.invalidInput("--remove cannot be combined with --threshold or --reward") }
            if (threshold == nil) != (reward == nil) { throw GreenroomError.invalidInput("a tier needs both --threshold and --reward") }
            let store = try openStore(database, env: ProcessInfo.processInfo.environment, mustExist: true)
            let c = try store.campaign(ref: campaign)
            if let remove {
                guard try store.removeTier(campaignID: c.id, threshold: remove) else {
                    throw GreenroomError.invalidInput("\"\(TerminalText.sanitize(c.name))\" has no tier at \(remove)")
                }
                print("removed the tier at \(remove) \(c.metric.unit)")
            } else if let threshold, let reward {
                let t = try store.setTier(campaignID: c.id, threshold: threshold, reward: reward, amount: amount)
                print("tier at \(t.threshold) \(c.metric.unit): \(TerminalText.sanitize(t.reward)) · \(NumberFormat.grouped(t.amount))")
            } else {
                let tiers = try store.campaignTiers(c.id)
                printTable(["THRESHOLD", "REWARD", "AMOUNT"], tiers.map { ["\($0.threshold) \(c.metric.unit)", $0.reward, NumberFormat.grouped($0.amount)] }, right: [0, 2])
            }
        }
    }

    struct Plan: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "plan", abstract: "Split the goal over the enrolled creators; --apply writes the targets.",
                                                        discussion: """
                                                        even: the same target for everyone (leftover units to the first by handle). \
                                                        baseline: in proportion to each creator's value of the metric over the 30 days before \
                                                        the campaign starts (or before today, for one not started). Whole numbers that add \
                                                        up to the goal (largest remainder). The gap is the sum of the targets minus the goal. \
                                                        Example: greenroom campaign plan 11.11 --split baseline --apply
                                                        """)
        @Argument(help: "The campaign's name, the start of it, or its id.")
        var campaign: String
        @Option(help: "even or baseline.")
        var split: String = "even"
        @Flag(help: "Write the proposed targets.")
        var apply = false
        @Option(help: "table or json.")
        var format: String = "table"
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            guard let how = CampaignSplit(rawValue: split.lowercased()) else { throw GreenroomError.invalidInput("--split must be even or baseline (got \(split))") }
            try requireFormat(format, ["table", "json"])
            let store = try openStore(database, env: ProcessInfo.processInfo.environment, mustExist: true)
            let c = try store.campaign(ref: campaign)
            let plan = try store.campaignPlan(id: c.id, split: how, now: store.now)
            let changed = apply ? try store.applyPlan(campaignID: c.id, plan) : 0
            if format == "json" {
                try printJSON(CampaignDocument.planObject(plan, campaign: c, applied: apply))
            } else {
                let unit = c.metric.unit
                printTable(["CREATOR"] + (how == .baseline ? ["BASELINE 30D"] : []) + ["CURRENT", "PROPOSED"], plan.rows.map { r in
                    [r.handle] + (how == .baseline ? [c.metric.format(r.baseline) + " " + unit] : []) + [NumberFormat.grouped(r.current), NumberFormat.grouped(r.proposed)]
                }, right: how == .baseline ? [1, 2, 3] : [1, 2])
                print("goal \(NumberFormat.grouped(plan.goal)) \(unit) · current targets \(NumberFormat.grouped(plan.currentSum)) (gap \(CampaignDocument.signed(plan.currentGap)))"
                      + " · proposed \(NumberFormat.grouped(plan.proposedSum)) (gap \(CampaignDocument.signed(plan.proposedGap)))")
                print(apply ? "applied: \(changed) target\(changed == 1 ? "" : "s") changed" : "not applied (add --apply to write these targets)")
            }
        }
    }

    struct RiskMargin: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "risk-margin",
                                                        abstract: "Show or set the team's at-risk margin: percent of a creator's target behind pace.")
        @Argument(help: "A percentage from 0 to 100.")
        var percent: Int?
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let store = try openStore(database, env: ProcessInfo.processInfo.environment, mustExist: true)
            if let percent { try store.setCampaignRiskMargin(percent) }
            print("at risk: behind pace by more than \(try store.teamSettings().campaignRiskMargin)% of the creator's target")
        }
    }
}

/// Creator ids for handles (with or without `@`); the first unknown one is the error.
func creatorIDs(_ store: Store, _ handles: [String]) throws -> [String] {
    try handles.map { raw in
        let handle = raw.hasPrefix("@") ? raw : "@" + raw
        guard let c = try store.creator(handle: handle), !c.deleted else { throw GreenroomError.invalidInput("no creator \(TerminalText.sanitize(handle))") }
        return c.id
    }
}

/// A value of a string enum by name (`-` and spaces read as `_`), or a one-line reason.
func parseValue<E: RawRepresentable & CaseIterable>(_ text: String, _ option: String, _: E.Type) throws -> E where E.RawValue == String {
    let clean = text.trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: "-", with: "_").replacingOccurrences(of: " ", with: "_")
    guard let value = E(rawValue: clean) else {
        throw GreenroomError.invalidInput("\(option): unknown value \"\(TerminalText.sanitize(text))\" (\(E.allCases.map(\.rawValue).joined(separator: ", ")))")
    }
    return value
}

/// A plain text table: columns as wide as their widest cell (capped), sanitized.
/// Refuses a `--format` value the command does not write, in one line
/// ("--format must be table or json (got x)").
func requireFormat(_ format: String, _ allowed: [String]) throws {
    guard !allowed.contains(format) else { return }
    let list = allowed.count > 1 ? allowed.dropLast().joined(separator: ", ") + " or " + (allowed.last ?? "") : allowed.joined()
    throw GreenroomError.invalidInput("--format must be \(list) (got \(format))")
}

func printTable(_ header: [String], _ rows: [[String]], right: Set<Int> = []) {
    let body = rows.map { $0.map { TerminalText.sanitize($0) } }
    var widths = header.map { DisplayWidth.of($0) }
    for row in body { for (i, v) in row.enumerated() { widths[i] = min(40, max(widths[i], DisplayWidth.of(v))) } }
    for row in [header] + body {
        let line = row.enumerated().map { i, v in TerminalText.fit(v, width: widths[i], alignRight: right.contains(i)) }.joined(separator: "  ")
        print(String(line.reversed().drop(while: { $0 == " " }).reversed()))
    }
}

/// Pretty, key-sorted JSON on standard output, written like every report (`JSONOutput`).
func printJSON(_ object: Any) throws {
    print(try JSONOutput.string(object))
}
