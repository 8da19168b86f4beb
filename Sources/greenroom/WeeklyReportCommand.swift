import ArgumentParser
import Foundation
import GreenroomCore
import GreenroomStore
import GreenroomTUI

extension ReportCommand {
    /// `greenroom report weekly`
    struct Weekly: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "weekly",
            abstract: "The weekly review: KPIs week over week, agents, managers, breached tickets, categories.",
            discussion: """
            The same numbers as the Review screen (R) for one ISO week in the team's time zone, \
            by default the last complete one. The current week is counted over its complete days, \
            labelled partial, and compared with the same days of the week before. KPIs follow \
            DESIGN.md section 3 (greenroom kpi explain ID); ratios are fractions in JSON and CSV. \
            The JSON shape is documented on WeeklyDocument and stays stable. "today" holds the \
            counts of the Today screen for --as (or the team). JSON and HTML add the pipeline \
            funnel of the 90 days ending with the week and the retention cohorts up to it (for \
            the whole team: null under --scope). HTML \
            is one self-contained page (inline charts, no scripts, nothing fetched) that prints \
            one section a page.
            Example: greenroom report weekly --week 2026-W46 --scope market:US --format json
            Example: greenroom report weekly --format html --output week.html
            """
        )

        @OptionGroup var database: DatabaseOptions

        @Option(help: ArgumentHelp("ISO week such as 2026-W46 (default: the last complete week).", valueName: "YYYY-Www"))
        var week: String?

        @Option(help: ArgumentHelp("all, market:CODE, manager:@handle or agent:@handle.", valueName: "scope"))
        var scope: String = "all"

        @Option(help: "md, csv, json or html.")
        var format: String = "md"

        @OptionGroup var output: ReportOutputOptions

        @OptionGroup var identity: IdentityOptions

        func run() throws {
            try requireFormat(format, ["md", "csv", "json", "html"])
            let parsedScope = try KPIScope.parse(scope)
            let env = ProcessInfo.processInfo.environment
            let store = try openStore(database, env: env, mustExist: true)
            let settings = try store.teamSettings()
            let calendar = TeamCalendar(zone: settings.zone)
            var period: KPIPeriod?
            if let week {
                guard let p = calendar.isoWeek(week) else {
                    throw GreenroomError.invalidInput("--week must be an ISO week such as 2026-W46 (got \(week))")
                }
                guard p.start <= store.now else { throw GreenroomError.invalidInput("--week \(week) has not started yet") }
                period = p
            }
            let review = try store.weeklyReview(week: period, scope: parsedScope, me: identity.me, now: store.now)
            let campaigns = try store.campaignSummaries(now: store.now).filter { $0.campaign.status == .running }
            let effects = try store.interventionEffects(in: review.period, now: store.now)
            var input = WeeklyDocument.Input(review: review, zone: settings.zone, campaigns: campaigns, effects: effects)
            if (format == "json" || format == "html") && parsedScope == .all {
                // As of the end of the reviewed days, so a past week's report does not change.
                let window = calendar.window(days: WeeklyDocument.funnelDays, endingAt: review.period.end - 1)
                input.funnel = try store.funnel(start: window.lowerBound, end: window.upperBound, me: identity.me, now: review.period.end)
                input.cohorts = try store.cohortTable(now: review.period.end, lastWeek: review.period.start)
            }
            try output.write(try WeeklyDocument.render(input, format: format))
        }
    }
}

/// The weekly review as Markdown, CSV or JSON.
///
/// JSON (stable; ratios are fractions 0…1, missing values null, times ISO 8601 UTC):
/// `{week, label, partial, days, days_in_week, start, end, previous_start, previous_end, time_zone, scope, generated_at,
///   kpis: [{id, title, unit, value, median, p90, numerator, denominator, response_rate,
///           previous, change, target, direction, meets_target, base, definition, trend: [12 weekly values]}],
///   agents: [{handle, solved, median_first_reply_minutes, sla_attainment, csat, reopen_rate, qa_score, qa_reviews}],
///   managers: [{handle, creators, activity_rate, live_hours, new_activations, conversion}],
///   breached_tickets: [{id, key, subject, targets, due, assignee, status}],
///   categories: [{category, tickets, previous, change}],
///   today: {me, follow_ups, breaching_tickets, idle_creators, rotting_cards},
///   campaigns: [running campaigns as of now: {id, name, kind, status, start_date, end_date, metric, unit, target,
///               owner, enrolled, progress, pace, days_left}],
///   programs: [the programs and workshops that ran in the week, measured (`ProgramEffectsDocument`)],
///   funnel: {the pipeline funnel of the 90 days ending with the reviewed days, as `report funnel` (`FunnelDocument`)},
///   cohorts: {weeks, rows: [{week, start, size, retained: [creators live in week N after, null until it ends]}]}}`
/// (funnel and cohorts: JSON and HTML only, for the whole team: null under a `--scope`).
/// `change` is in points for ratio KPIs and relative otherwise (as on screen). `start`/`end`
/// are what the numbers cover: the week, or — `partial` — its `days` complete days, compared
/// with `previous_start`/`previous_end`, the same days of the week before (the trend is then
/// the 12 complete weeks before). `label` is "2026-W47 · partial, 4 of 7 days" or the week.
/// `base` says what a value counts over ("68 tickets first solved"), `definition` what the
/// KPI counts (`greenroom kpi explain`). A breached ticket's `key` is the key as every screen
/// shows it (the shortest unique prefix, at least four characters).
enum WeeklyDocument {
    /// Everything the document shows.
    struct Input {
        var review: WeeklyReview
        var zone: TimeZone
        var campaigns: [CampaignSummary] = []
        var effects: [InterventionEffect] = []
        /// JSON and HTML only.
        var funnel: FunnelReport?
        var cohorts: CohortTable?
    }

    /// The funnel's window, in days ending with the reviewed ones.
    static let funnelDays = 90

    /// A ratio or measure as the JSON writes it (and the HTML marks it): four decimals.
    static func rounded(_ v: Double?) -> Double? { v.map { ($0 * 10000).rounded() / 10000 } }

    static func render(_ input: Input, format: String) throws -> Data {
        let r = input.review, zone = input.zone, campaigns = input.campaigns, effects = input.effects
        func num(_ v: Double?) -> Any { rounded(v).map { $0 as Any } ?? NSNull() }
        let calendar = TeamCalendar(zone: zone)
        let days = r.span?.days ?? calendar.days(from: r.period.start, to: r.period.end)
        let label = r.span.map { calendar.label($0) } ?? r.week
        switch format {
        case "json":
            let object: [String: Any] = [
                "week": r.week, "label": label, "partial": r.isPartial, "days": days, "days_in_week": r.span?.daysInPeriod ?? days,
                "previous_start": Time.iso(r.previousPeriod.start), "previous_end": Time.iso(r.previousPeriod.end),
                "start": Time.iso(r.period.start), "end": Time.iso(r.period.end), "time_zone": zone.identifier,
                "scope": r.scope.label, "generated_at": Time.iso(r.generatedAt),
                "kpis": r.kpis.map { k -> [String: Any] in
                    let s = k.series
                    return ["id": k.id.rawValue, "title": k.id.title, "unit": k.id.unit, "value": num(k.value.value), "median": num(k.value.median),
                            "p90": num(k.value.p90), "numerator": k.value.numerator ?? NSNull(), "denominator": k.value.denominator ?? NSNull(),
                            "response_rate": num(k.value.responseRate), "previous": num(k.previous.value), "change": num(s.change),
                            "target": num(k.target), "direction": k.direction.rawValue, "meets_target": s.meetsTarget ?? NSNull(),
                            "base": k.id.base(k.value), "definition": k.id.definition, "trend": k.trend.map(num)]
                },
                "agents": r.agents.map {
                    ["handle": $0.handle, "solved": $0.solved, "median_first_reply_minutes": num($0.medianFirstReplyMinutes),
                     "sla_attainment": num($0.slaAttainment), "csat": num($0.csat), "reopen_rate": num($0.reopenRate),
                     "qa_score": num($0.qa.score), "qa_reviews": $0.qa.reviews] as [String: Any]
                },
                "managers": r.managers.map {
                    ["handle": $0.handle, "creators": $0.creators, "activity_rate": num($0.activityRate), "live_hours": num($0.liveHours),
                     "new_activations": $0.newActivations, "conversion": num($0.conversion)] as [String: Any]
                },
                "breached_tickets": r.breached.map {
                    ["id": $0.id, "key": $0.key, "subject": TerminalText.sanitize($0.subject), "targets": $0.targets.map(\.rawValue),
                     "due": Time.iso($0.due), "assignee": $0.assignee ?? NSNull(), "status": $0.status.rawValue] as [String: Any]
                },
                "categories": r.categories.map {
                    ["category": $0.category.rawValue, "tickets": $0.count, "previous": $0.previous, "change": num($0.change)] as [String: Any]
                },
                "today": r.today.map { today in
                    ["me": today.me ?? NSNull(), "follow_ups": today.followUps, "breaching_tickets": today.breachingTickets,
                     "idle_creators": today.idleCreators, "rotting_cards": today.rottingCards] as [String: Any]
                } ?? NSNull(),
                "campaigns": campaigns.map(CampaignDocument.summaryObject),
                "programs": ProgramEffectsDocument.json(effects),
                "funnel": input.funnel.map { FunnelDocument.object($0, days: funnelDays, zone: zone, filter: nil) } ?? NSNull(),
                "cohorts": input.cohorts.map { t in
                    ["weeks": t.weeks, "rows": t.rows.map { row in
                        ["week": row.label, "start": Time.iso(row.week.start), "size": row.size,
                         "retained": row.retained.map { $0.map { $0 as Any } ?? NSNull() }] as [String: Any]
                    }] as [String: Any]
                } ?? NSNull(),
            ]
            let data = try JSONOutput.data(object)
            return data + Data("\n".utf8)
        case "csv":
            func f(_ v: Double?) -> String { v.map { String(format: "%.4f", $0) } ?? "" }
            let header = ["section", "name", "value", "previous", "change", "target", "detail"]
            var rows: [[String]] = []
            let dash = ".."
            rows.append(["period", r.week, r.isPartial ? "partial" : "complete", calendar.dayRange(r.previousPeriod, dash: dash), "", "",
                         "\(calendar.dayRange(r.period, dash: dash)); \(days) of \(r.span?.daysInPeriod ?? days) days"])
            for k in r.kpis {
                rows.append(["kpi", k.id.rawValue, f(k.value.value), f(k.previous.value), f(k.series.change), f(k.target), k.direction.rawValue])
            }
            for a in r.agents {
                rows.append(["agent", a.handle, "\(a.solved)", "", "", "",
                             "median_first_reply_minutes=\(f(a.medianFirstReplyMinutes));sla_attainment=\(f(a.slaAttainment));csat=\(f(a.csat));reopen_rate=\(f(a.reopenRate));qa_score=\(f(a.qa.score));qa_reviews=\(a.qa.reviews)"])
            }
            for m in r.managers {
                rows.append(["manager", m.handle, "\(m.creators)", "", "", "",
                             "activity_rate=\(f(m.activityRate));live_hours=\(f(m.liveHours));new_activations=\(m.newActivations);conversion=\(f(m.conversion))"])
            }
            for t in r.breached {
                rows.append(["breached_ticket", t.key, Time.iso(t.due), "", "", "", "\(t.targets.map(\.rawValue).joined(separator: "+")) \(TerminalText.sanitize(t.subject))"])
            }
            for c in r.categories { rows.append(["category", c.category.rawValue, "\(c.count)", "\(c.previous)", f(c.change), "", ""]) }
            if let today = r.today {
                rows.append(["today", "follow_ups", "\(today.followUps)", "", "", "", today.me ?? "team"])
                rows.append(["today", "breaching_tickets", "\(today.breachingTickets)", "", "", "", today.me ?? "team"])
                rows.append(["today", "idle_creators", "\(today.idleCreators)", "", "", "", today.me ?? "team"])
                rows.append(["today", "rotting_cards", "\(today.rottingCards)", "", "", "", today.me ?? "team"])
            }
            for c in campaigns {
                rows.append(["campaign", TerminalText.sanitize(c.campaign.name), c.campaign.metric.format(c.progress), "", "", "\(c.campaign.target)",
                             "metric=\(c.campaign.metric.rawValue);pace=\(c.campaign.metric.format(c.pace));enrolled=\(c.enrolled);days_left=\(c.daysLeft)"])
            }
            rows += ProgramEffectsDocument.csvRows(effects)
            return try CreatorsCSV.render(header: header, rows: rows)
        case "html":
            return Data(WeeklyHTML.render(input).utf8)
        default:
            return Data((markdown(r, zone: zone) + campaignsMarkdown(campaigns) + ProgramEffectsDocument.markdown(effects)).utf8)
        }
    }

    static func markdown(_ r: WeeklyReview, zone: TimeZone) -> String {
        func cell(_ s: String) -> String { TerminalText.sanitize(s).replacingOccurrences(of: "|", with: "\\|") }
        func pct(_ v: Double?) -> String { v.map { String(format: "%.1f%%", $0 * 100) } ?? "—" }
        let calendar = TeamCalendar(zone: zone)
        var out = "# Weekly review \(r.span.map { calendar.label($0) } ?? r.week)\n\n"
        out += "\(calendar.dayRange(r.period, dash: " to ")) (\(zone.identifier)), scope \(r.scope.label)"
        out += r.isPartial ? "; compared with the same days of the week before, \(calendar.dayRange(r.previousPeriod, dash: " to ")).\n\n" : ".\n\n"
        let head = r.isPartial ? "| KPI | 12 weeks before | so far | same days before | change | base | target |"
                               : "| KPI | last 12 weeks | this week | previous | change | base | target |"
        out += "## KPIs\n\n\(head)\n|---|---|--:|--:|--:|--:|--:|\n"
        for k in r.kpis {
            let s = k.series
            let spark = Sparkline.render(k.trend.map { $0 ?? .nan }, unicode: true)
            let change = s.change.map { KPIFormat.change($0, k.id, unicode: true) } ?? "—"
            let target = k.target.map { (k.direction == .higherIsBetter ? "≥ " : "≤ ") + KPIFormat.value($0, k.id) } ?? "—"
            let mark = s.meetsTarget.map { $0 ? " ✓" : " ✗" } ?? ""
            out += "| \(k.id.title) | `\(spark)` | \(k.value.value.map { KPIFormat.value($0, k.id) } ?? "—")\(mark) | "
            out += "\(k.previous.value.map { KPIFormat.value($0, k.id) } ?? "—") | \(change) | \(cell(k.id.base(k.value))) | \(target) |\n"
        }
        out += "\n## Agents\n\n"
        if r.agents.isEmpty { out += "No tickets with an assignee this week.\n" } else {
            out += "| agent | solved | median first reply | SLA attainment | CSAT | reopen rate | QA score |\n|---|--:|--:|--:|--:|--:|--:|\n"
            for a in r.agents {
                out += "| \(cell(a.handle)) | \(a.solved) | \(a.medianFirstReplyMinutes.map { KPIFormat.value($0, .firstReplyTime) } ?? "—") | "
                out += "\(pct(a.slaAttainment)) | \(pct(a.csat)) | \(pct(a.reopenRate)) | \(a.qa.score.map { String(format: "%.0f (%d)", $0, a.qa.reviews) } ?? "—") |\n"
            }
        }
        out += "\n## Managers\n\n"
        if r.managers.isEmpty { out += "No creators with an owner.\n" } else {
            out += "| manager | creators | activity rate | live hours | new activations | conversion |\n|---|--:|--:|--:|--:|--:|\n"
            for m in r.managers {
                out += "| \(cell(m.handle)) | \(m.creators) | \(pct(m.activityRate)) | \(String(format: "%.1f", m.liveHours)) | \(m.newActivations) | \(pct(m.conversion)) |\n"
            }
        }
        out += "\n## Breached tickets (\(r.breached.count))\n\n"
        if r.breached.isEmpty { out += "No SLA target breached this week.\n" } else {
            out += "| ticket | subject | targets | due | assignee | status |\n|---|---|---|---|---|---|\n"
            for t in r.breached {
                out += "| \(t.key) | \(cell(t.subject)) | \(t.targets.map(\.rawValue).joined(separator: ", ")) | \(Time.iso(t.due)) | "
                out += "\(cell(t.assignee ?? "—")) | \(t.status.rawValue) |\n"
            }
        }
        out += "\n## Ticket categories\n\n| category | tickets | previous week | change |\n|---|--:|--:|--:|\n"
        for c in r.categories {
            out += "| \(c.category.rawValue) | \(c.count) | \(c.previous) | \(c.change.map { ($0 >= 0 ? "+" : "−") + NumberFormat.percent($0) } ?? "new") |\n"
        }
        if let today = r.today {
            out += "\n## Today for \(today.me ?? "the team")\n\n"
            out += "Follow-ups due \(today.followUps) · tickets breaching within 2 h \(today.breachingTickets) · "
            out += "idle activated creators \(today.idleCreators) · rotting cards \(today.rottingCards)\n"
        }
        return out
    }

    /// The running campaigns (as of now, whatever the week), one line each.
    static func campaignsMarkdown(_ campaigns: [CampaignSummary]) -> String {
        var out = "\n## Running campaigns\n\n"
        guard !campaigns.isEmpty else { return out + "No campaign is running.\n" }
        out += "| campaign | days | goal | progress | pace today | enrolled | left |\n|---|---|--:|--:|--:|--:|--:|\n"
        for s in campaigns {
            let c = s.campaign
            out += "| \(TerminalText.sanitize(c.name).replacingOccurrences(of: "|", with: "\\|")) | \(c.startDate) to \(c.endDate) | "
            out += "\(NumberFormat.grouped(c.target)) \(c.metric.unit) | \(CampaignDocument.progressText(s)) | "
            out += "\(c.metric.format(s.pace)) \(c.metric.unit) | \(NumberFormat.grouped(s.enrolled)) | \(CampaignDocument.daysLeftText(s)) |\n"
        }
        return out
    }
}
