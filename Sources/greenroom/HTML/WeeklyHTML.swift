import Foundation
import GreenroomCore
import GreenroomTUI

/// `report weekly --format html`: the weekly review as one self-contained page.
///
/// It renders the same structs as the JSON report, through the same rounding
/// (`WeeklyDocument.rounded`), and marks every number with `data-` attributes holding the
/// JSON's value: a KPI row carries `data-kpi`, `data-value`, `data-previous`, `data-change`,
/// `data-target`; an agent row `data-agent`, `data-solved`…; a funnel step `data-step`,
/// `data-entered`, `data-reached`, `data-conversion`; a cohort cell `data-cohort`, `data-n`,
/// `data-retained`; a category `data-category`, `data-tickets`, `data-previous`.
enum WeeklyHTML {
    static func render(_ w: WeeklyDocument.Input) -> String {
        let r = w.review
        let calendar = TeamCalendar(zone: w.zone)
        let label = r.span.map { calendar.label($0) } ?? r.week
        var subtitle = "\(HTML.escape(calendar.dayRange(r.period, dash: " to "))) (\(HTML.escape(w.zone.identifier))) · scope \(HTML.text(r.scope.label))"
        if r.isPartial { subtitle += " · compared with the same days of the week before, \(HTML.escape(calendar.dayRange(r.previousPeriod, dash: " to ")))" }
        var sections = [glance(r), kpis(r)]
        if let funnel = w.funnel { sections.append(self.funnel(funnel, zone: w.zone)) }
        if let cohorts = w.cohorts { sections.append(self.cohorts(cohorts)) }
        sections += [agents(r), managers(r), categories(r), breached(r, zone: w.zone)]
        if let today = r.today { sections.append(self.today(today)) }
        sections.append(campaigns(w.campaigns))
        sections.append(programs(w.effects))
        return HTML.page(title: "Weekly review \(label)", kind: "weekly", subtitle: subtitle,
                         generated: "Generated \(HTML.escape(DateInput.format(r.generatedAt, zone: w.zone))) by greenroom report weekly. "
                             + "KPI definitions: greenroom kpi explain ID.",
                         sections: sections)
    }

    static func v(_ x: Double?) -> String { HTML.value(WeeklyDocument.rounded(x)) }
    static func pct(_ x: Double?) -> String { x.map { String(format: "%.1f%%", $0 * 100) } ?? "—" }
    static func value(_ k: WeeklyReview.KPIRow) -> String { k.value.value.map { KPIFormat.value($0, k.id) } ?? "—" }

    /// The headline numbers of the week as cards.
    static func glance(_ r: WeeklyReview) -> String {
        let ids: [KPIID] = [.activeCreators, .liveHours, .newActivations, .ticketsSolved, .slaAttainment, .csat]
        let rows = ids.compactMap { id in r.kpis.first { $0.id == id } }
        let cards = rows.map { k -> String in
            let change = k.series.change.map { KPIFormat.change($0, k.id, unicode: true) } ?? "no comparison"
            let tone = k.series.changeIsGood.map { $0 ? " good" : " bad" } ?? ""
            return "<li data-glance=\"\(k.id.rawValue)\"><span class=\"label\">\(HTML.escape(k.id.title))</span>"
                + "<span class=\"big\">\(HTML.escape(value(k)))</span><span class=\"label\(tone)\">\(HTML.escape(change)) vs previous</span></li>"
        }
        return HTML.section(id: "glance", title: "At a glance", "<ul class=\"cards\">\n" + cards.joined(separator: "\n") + "\n</ul>\n")
    }

    static func kpis(_ r: WeeklyReview) -> String {
        let rows = r.kpis.map { k -> String in
            let s = k.series
            let spark = SVGChart.sparkline(k.trend, target: k.target, title: "\(HTML.escape(k.id.title)), last \(k.trend.count) weeks")
                ?? "<span class=\"muted\">no data</span>"
            let mark = s.meetsTarget.map { $0 ? "<span class=\"mark good\" title=\"meets the target\">✓</span>" : "<span class=\"mark bad\" title=\"misses the target\">✗</span>" } ?? ""
            let change = s.change.map { c in
                "<span class=\"\(s.changeIsGood.map { $0 ? "good" : "bad" } ?? "muted")\">\(HTML.escape(KPIFormat.change(c, k.id, unicode: true)))</span>"
            } ?? "<span class=\"muted\">—</span>"
            let target = k.target.map { HTML.escape(KPIFormat.target($0, k.id, direction: k.direction, unicode: true)) } ?? "—"
            let attributes = "data-kpi=\"\(k.id.rawValue)\" data-value=\"\(v(k.value.value))\" data-previous=\"\(v(k.previous.value))\" "
                + "data-change=\"\(v(s.change))\" data-target=\"\(v(k.target))\" data-meets-target=\"\(s.meetsTarget.map { $0 ? "true" : "false" } ?? "")\""
            return HTML.row(["\(HTML.escape(k.id.title))<small>\(HTML.text(k.id.base(k.value)))</small>", spark,
                             "<span class=\"value\">\(HTML.escape(value(k)))</span>\(mark)",
                             HTML.escape(k.previous.value.map { KPIFormat.value($0, k.id) } ?? "—"), change, target],
                            numeric: [2, 3, 4, 5], classes: [0: "kpi-name"], attributes: attributes)
        }
        let head = r.isPartial ? ["KPI", "12 weeks before", "so far", "same days before", "change", "target"]
                               : ["KPI", "last 12 weeks", "this week", "previous", "change", "target"]
        let lead = "The line is the KPI week by week, the dashed line its target, the dot this week. ✓ meets the target, ✗ misses it; "
            + "ratios change in points, other KPIs relatively."
        return HTML.section(id: "kpis", title: "KPIs", lead: lead, HTML.table(head, numeric: [2, 3, 4, 5], rows: rows))
    }

    static func funnel(_ f: FunnelReport, zone: TimeZone) -> String {
        let from = DateInput.format(f.windowStart, zone: zone)
        let to = DateInput.format(TeamCalendar(zone: zone).addDays(-1, to: f.windowEnd), zone: zone)
        let lead = "Creators who entered \(HTML.text(f.steps.first?.stage ?? "lead")) from \(from) to \(to): "
            + "<strong data-funnel-cohort=\"\(f.cohort)\">\(NumberFormat.grouped(f.cohort))</strong>; "
            + "<strong data-funnel-overall=\"\(v(f.overall))\">\(pct(f.overall))</strong> of them reached \(HTML.text(f.overallStage))."
        guard f.cohort > 0 else {
            return HTML.section(id: "funnel", title: "Pipeline funnel", lead: lead, HTML.empty("No creator entered the pipeline in these days."))
        }
        let bars = f.steps.map { s in
            SVGChart.Bar(label: s.stage, value: Double(s.reached),
                         text: "\(NumberFormat.grouped(s.reached)) · \(s.conversion.map { NumberFormat.percent($0) } ?? "—") of the step before",
                         attributes: "data-step=\"\(HTML.attribute(s.stage))\" data-entered=\"\(s.entered)\" data-reached=\"\(s.reached)\" "
                             + "data-conversion=\"\(v(s.conversion))\"")
        }
        let chart = "<div class=\"chart\">" + SVGChart.bars(bars, kind: "funnel", title: "Pipeline funnel: creators who reached each stage", labelColumns: 16) + "</div>\n"
        let rows = f.timeInStage.map { t in
            HTML.row([HTML.name(t.stage), NumberFormat.grouped(t.exits), t.medianDays.map { String(format: "%.1f", $0) } ?? "—",
                      t.p90Days.map { String(format: "%.1f", $0) } ?? "—"], numeric: [1, 2, 3],
                     attributes: "data-stage-time=\"\(HTML.attribute(t.stage))\" data-exits=\"\(t.exits)\" data-median-days=\"\(v(t.medianDays))\"")
        }
        let table = rows.isEmpty ? "" : HTML.table(["stage", "exits", "median days", "p90 days"], numeric: [1, 2, 3], rows: rows, caption: "Time in stage, over exits in these days")
        return HTML.section(id: "funnel", title: "Pipeline funnel", lead: lead, chart + table)
    }

    static func cohorts(_ t: CohortTable) -> String {
        let lead = "Creators activated each week (rows) and the share of them live N weeks later (columns). "
            + "A blank cell is a week that had not ended by the end of the review."
        guard t.rows.contains(where: { $0.size > 0 }) else {
            return HTML.section(id: "cohorts", title: "Retention cohorts", lead: lead, HTML.empty("No creator was activated in these \(t.rows.count) weeks."))
        }
        let rows = t.rows.map { row in
            SVGChart.HeatRow(label: row.label, size: row.size, cells: (0...t.weeks).map { n in
                let retained = row.retained.indices.contains(n) ? row.retained[n] : nil
                let attributes = "data-cohort=\"\(HTML.attribute(row.label))\" data-n=\"\(n)\" data-size=\"\(row.size)\" data-retained=\"\(retained.map(String.init) ?? "")\""
                guard let retained else { return SVGChart.HeatCell(share: nil, text: "", attributes: attributes) }
                guard row.size > 0 else { return SVGChart.HeatCell(share: nil, text: "—", attributes: attributes) }
                let share = Double(retained) / Double(row.size)
                return SVGChart.HeatCell(share: share, text: NumberFormat.percent(share), attributes: attributes)
            })
        }
        let chart = SVGChart.heatMap(rows, columns: (0...t.weeks).map { "W\($0)" }, title: "Week-N retention by activation week")
        return HTML.section(id: "cohorts", title: "Retention cohorts", lead: lead, "<div class=\"chart\">\(chart)</div>\n")
    }

    static func agents(_ r: WeeklyReview) -> String {
        guard !r.agents.isEmpty else { return HTML.section(id: "agents", title: "Agents", HTML.empty("No tickets with an assignee this week.")) }
        let most = r.agents.map(\.solved).max() ?? 0
        let rows = r.agents.map { a in
            HTML.row([HTML.name(a.handle), barCell(Double(a.solved), of: Double(most), text: NumberFormat.grouped(a.solved)),
                      HTML.escape(a.medianFirstReplyMinutes.map { KPIFormat.value($0, .firstReplyTime) } ?? "—"),
                      pct(a.slaAttainment), pct(a.csat), pct(a.reopenRate)], numeric: [1, 2, 3, 4, 5],
                     attributes: "data-agent=\"\(HTML.attribute(a.handle))\" data-solved=\"\(a.solved)\" data-median-first-reply-minutes=\"\(v(a.medianFirstReplyMinutes))\" "
                        + "data-sla-attainment=\"\(v(a.slaAttainment))\" data-csat=\"\(v(a.csat))\" data-reopen-rate=\"\(v(a.reopenRate))\"")
        }
        return HTML.section(id: "agents", title: "Agents",
                            HTML.table(["agent", "solved", "median first reply", "SLA attainment", "CSAT", "reopen rate"], numeric: [1, 2, 3, 4, 5], rows: rows))
    }

    /// A number after a small bar, the numbers of a column lined up.
    static func barCell(_ value: Double, of top: Double, text: String) -> String {
        bar(value, of: top) + " <span class=\"n\">\(text)</span>"
    }

    /// A small bar for a table cell.
    static func bar(_ value: Double, of top: Double) -> String {
        let w = top > 0 ? max(value > 0 ? 1.5 : 0, value / top * 70) : 0
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"cell-bar\" aria-hidden=\"true\" width=\"72\" height=\"10\" viewBox=\"0 0 72 10\">"
            + "<rect x=\"0\" y=\"1\" width=\"70\" height=\"8\" fill=\"#e3e7ee\"/><rect x=\"0\" y=\"1\" width=\"\(SVGChart.f(w))\" height=\"8\" fill=\"#8ea6dc\" stroke=\"#1d2330\" stroke-width=\"0.5\"/></svg>"
    }

    static func managers(_ r: WeeklyReview) -> String {
        guard !r.managers.isEmpty else { return HTML.section(id: "managers", title: "Managers", HTML.empty("No creators with an owner.")) }
        let rows = r.managers.map { m in
            HTML.row([HTML.name(m.handle), NumberFormat.grouped(m.creators), pct(m.activityRate), String(format: "%.1f", m.liveHours),
                      NumberFormat.grouped(m.newActivations), pct(m.conversion)], numeric: [1, 2, 3, 4, 5],
                     attributes: "data-manager=\"\(HTML.attribute(m.handle))\" data-creators=\"\(m.creators)\" data-activity-rate=\"\(v(m.activityRate))\" "
                        + "data-live-hours=\"\(v(m.liveHours))\" data-new-activations=\"\(m.newActivations)\" data-conversion=\"\(v(m.conversion))\"")
        }
        return HTML.section(id: "managers", title: "Managers",
                            HTML.table(["manager", "creators", "activity rate", "live hours", "new activations", "conversion"], numeric: [1, 2, 3, 4, 5], rows: rows))
    }

    static func categories(_ r: WeeklyReview) -> String {
        guard !r.categories.isEmpty else { return HTML.section(id: "categories", title: "Ticket categories", HTML.empty("No ticket was created this week.")) }
        let bars = r.categories.map { c in
            SVGChart.Bar(label: c.category.rawValue, value: Double(c.count),
                         text: "\(NumberFormat.grouped(c.count)) · \(c.change.map { ($0 >= 0 ? "+" : "−") + NumberFormat.percent($0) } ?? "new")",
                         marker: Double(c.previous),
                         attributes: "data-category=\"\(c.category.rawValue)\" data-tickets=\"\(c.count)\" data-previous=\"\(c.previous)\" data-change=\"\(v(c.change))\"")
        }
        return HTML.section(id: "categories", title: "Ticket categories",
                            lead: "Tickets created this week by category; the dashed tick is the week before.",
                            "<div class=\"chart\">" + SVGChart.bars(bars, kind: "categories", title: "Tickets created by category", labelColumns: 18) + "</div>\n")
    }

    static func breached(_ r: WeeklyReview, zone: TimeZone) -> String {
        let title = "Breached tickets (\(NumberFormat.grouped(r.breachedCount)))"
        guard !r.breached.isEmpty else { return HTML.section(id: "breached", title: title, HTML.empty("No SLA target breached this week.")) }
        let rows = r.breached.map { t in
            HTML.row(["<span class=\"key\">\(HTML.text(t.key))</span>", HTML.name(t.subject), HTML.escape(t.targets.map(\.rawValue).joined(separator: ", ")),
                      HTML.escape(DateInput.format(t.due, zone: zone)), t.assignee.map(HTML.name) ?? "—", HTML.escape(t.status.rawValue)],
                     attributes: "data-ticket=\"\(HTML.attribute(t.key))\"")
        }
        return HTML.section(id: "breached", title: title,
                            HTML.table(["ticket", "subject", "targets", "due", "assignee", "status"], rows: rows))
    }

    static func today(_ t: WeeklyReview.TodayCounts) -> String {
        let items = [("follow_ups", "follow-ups due", t.followUps), ("breaching_tickets", "tickets breaching within 2 h", t.breachingTickets),
                     ("idle_creators", "idle activated creators", t.idleCreators), ("rotting_cards", "rotting pipeline cards", t.rottingCards)]
        let cards = items.map { id, label, n in
            "<li data-today=\"\(id)\" data-value=\"\(n)\"><span class=\"big\">\(NumberFormat.grouped(n))</span><span class=\"label\">\(label)</span></li>"
        }
        return HTML.section(id: "today", title: "Today for \(t.me.map(HTML.name) ?? "the team")", "<ul class=\"cards\">\n" + cards.joined(separator: "\n") + "\n</ul>\n")
    }

    static func campaigns(_ campaigns: [CampaignSummary]) -> String {
        guard !campaigns.isEmpty else { return HTML.section(id: "campaigns", title: "Running campaigns", HTML.empty("No campaign is running.")) }
        let body = campaigns.map { s -> String in
            let c = s.campaign, m = c.metric
            return "<div class=\"campaign\" data-campaign=\"\(HTML.attribute(c.id))\" data-progress=\"\(HTML.value(CampaignDocument.round(s.progress)))\" "
                + "data-pace=\"\(HTML.value(CampaignDocument.round(s.pace)))\" data-target=\"\(c.target)\">\n"
                + "<h3>\(HTML.name(c.name)) <span class=\"muted\">· \(HTML.escape(c.startDate)) to \(HTML.escape(c.endDate)) · \(NumberFormat.grouped(s.enrolled)) enrolled · \(HTML.escape(CampaignDocument.daysLeftText(s))) left</span></h3>\n"
                + SVGChart.progress(s.progress, goal: Double(c.target), pace: s.pace, progressText: CampaignDocument.progressText(s),
                                    paceText: "pace today \(m.format(s.pace)) \(m.unit)", goalText: "goal \(NumberFormat.grouped(c.target)) \(m.unit)",
                                    title: "\(HTML.text(c.name)): progress against the goal") + "\n</div>\n"
        }
        return HTML.section(id: "campaigns", title: "Running campaigns", lead: "The bar is progress, the dashed tick where the goal's straight line is today.",
                            body.joined())
    }

    static func programs(_ effects: [InterventionEffect]) -> String {
        guard !effects.isEmpty else { return HTML.section(id: "programs", title: "Programs and workshops", HTML.empty("No program or workshop ran this week.")) }
        let rows = effects.map { e -> String in
            let r = e.result
            return HTML.row([HTML.name(e.name), HTML.escape(e.kind.rawValue), HTML.text(e.weekText),
                             HTML.escape(r.map { InterventionEffect.signed($0.liveHours.effect) } ?? "—"),
                             HTML.escape(r.map { InterventionEffect.signed($0.activeDays.effect) } ?? "—"),
                             HTML.escape(r?.retention.map { InterventionEffect.signed($0.effect * 100, digits: 0) + " pt" } ?? "—"),
                             r.map { NumberFormat.grouped($0.matched) } ?? "—", r.map { NumberFormat.grouped($0.comparisonSize) } ?? "—"],
                            numeric: [3, 4, 5, 6, 7], attributes: "data-program=\"\(HTML.attribute(e.id))\"")
        }
        let method = "<p class=\"note\">Method: \(HTML.text(MatchedEffect.methodLine(days: effects.compactMap(\.result).first?.days ?? 28))).</p>\n"
        return HTML.section(id: "programs", title: "Programs and workshops",
                            lead: "LIVE after vs before, participants against a matched group of non-participants, as of today (every market).",
                            HTML.table(["program, workshop or coaching", "kind", "this week", "live h", "active days", "retained", "n", "matched"],
                                       numeric: [3, 4, 5, 6, 7], rows: rows) + method)
    }
}
