import Foundation
import GreenroomCore
import GreenroomTUI

/// `report campaign NAME --format html`: one campaign's goal, progress, pace, tiers and
/// creators as one self-contained page.
///
/// Renders the same `CampaignDetail` and standings as the JSON, through the same rounding
/// (`CampaignDocument.round`): the page's body carries `data-progress`, `data-pace`,
/// `data-target`, `data-enrolled`, `data-at-risk`, `data-payouts-due`; a tier row
/// `data-tier-threshold`, `data-creators`, `data-payout`; a creator row `data-rank`,
/// `data-handle`, `data-progress`, `data-pace`, `data-target`, `data-at-risk`.
enum CampaignHTML {
    static func render(_ d: CampaignDetail, creators: [CampaignStanding], zone: TimeZone, generatedAt: Millis) -> String {
        let s = d.summary, c = s.campaign
        var subtitle = "\(HTML.escape(c.kind.title)) · \(HTML.escape(c.startDate)) to \(HTML.escape(c.endDate)) (\(HTML.escape(zone.identifier))) · \(HTML.escape(c.status.rawValue))"
        subtitle += s.ownerHandle.map { " · owner \(HTML.name($0))" } ?? ""
        subtitle += s.daysLeft > 0 ? " · \(s.daysLeft) day\(s.daysLeft == 1 ? "" : "s") left" : ""
        return HTML.page(title: c.name, heading: HTML.name(c.name), kind: "campaign", subtitle: subtitle,
                         generated: "Generated \(HTML.escape(DateInput.format(generatedAt, zone: zone))) by greenroom report campaign.",
                         sections: [progress(d, zone: zone, now: generatedAt), tiers(d), standings(d, creators)])
    }

    static func v(_ x: Double) -> String { HTML.value(CampaignDocument.round(x)) }

    static func progress(_ d: CampaignDetail, zone: TimeZone, now: Millis) -> String {
        let s = d.summary, c = s.campaign, m = c.metric, u = m.unit
        let payouts = d.tiers.reduce(0) { $0 + $1.payout }
        let ahead = s.progress - s.pace
        let cards: [(String, String, String)] = [
            ("progress", "\(m.format(s.progress)) \(u)", "progress" + (s.share.map { " · " + NumberFormat.percent($0) + " of the goal" } ?? "")),
            ("goal", "\(NumberFormat.grouped(c.target)) \(u)", "goal (\(m.title))"),
            ("pace", "\(m.format(s.pace)) \(u)", ahead >= 0 ? "pace today · ahead by \(m.format(ahead)) \(u)" : "pace today · behind by \(m.format(-ahead)) \(u)"),
            ("enrolled", NumberFormat.grouped(s.enrolled), "enrolled"),
            ("at_risk", NumberFormat.grouped(d.atRisk), "at risk (behind pace by > \(d.riskMargin)% of target)"),
            ("payouts_due", NumberFormat.grouped(payouts), "payouts due"),
        ]
        var body = "<div data-campaign=\"\(HTML.attribute(c.id))\" data-progress=\"\(v(s.progress))\" data-pace=\"\(v(s.pace))\" data-target=\"\(c.target)\" "
            + "data-enrolled=\"\(s.enrolled)\" data-at-risk=\"\(d.atRisk)\" data-payouts-due=\"\(payouts)\" data-days-left=\"\(s.daysLeft)\">\n"
        body += "<ul class=\"cards\">\n" + cards.map { id, big, label in
            "<li data-card=\"\(id)\"><span class=\"big\">\(HTML.escape(big))</span><span class=\"label\">\(HTML.escape(label))</span></li>"
        }.joined(separator: "\n") + "\n</ul>\n"
        body += "<div class=\"chart\">" + SVGChart.progress(s.progress, goal: Double(c.target), pace: s.pace, progressText: CampaignDocument.progressText(s),
                                                         paceText: "pace today \(m.format(s.pace)) \(u)", goalText: "goal \(NumberFormat.grouped(c.target)) \(u)",
                                                         title: "Progress against the goal") + "</div>\n"
        let calendar = TeamCalendar(zone: zone)
        let days = calendar.days(from: s.window.lowerBound, to: s.window.upperBound)
        if let daily = d.daily, !daily.isEmpty {
            body += "<h3>Day by day</h3>\n<div class=\"chart\">"
            body += SVGChart.cumulative(daily, days: days, goal: Double(c.target), firstLabel: c.startDate, lastLabel: c.endDate,
                                        title: "Cumulative progress by day against the goal's straight line")
            body += "</div>\n<p class=\"legend\">Solid: progress so far, day by day. Dashed: the goal's straight line. Dotted: the goal.</p>\n"
        } else {
            body += HTML.empty(s.window.lowerBound > now ? "The campaign has not started yet." : "No day of the campaign to show yet.")
        }
        return HTML.section(id: "progress", title: "Progress and pace", body + "</div>\n")
    }

    static func tiers(_ d: CampaignDetail) -> String {
        let u = d.summary.campaign.metric.unit
        guard !d.tiers.isEmpty else { return HTML.section(id: "tiers", title: "Tiers", HTML.empty("No incentive tiers.")) }
        let rows = d.tiers.map { t in
            HTML.row(["\(NumberFormat.grouped(t.tier.threshold)) \(HTML.escape(u))", HTML.name(t.tier.reward), NumberFormat.grouped(t.tier.amount),
                      NumberFormat.grouped(t.creators), NumberFormat.grouped(t.payout)], numeric: [0, 2, 3, 4],
                     attributes: "data-tier-threshold=\"\(t.tier.threshold)\" data-creators=\"\(t.creators)\" data-payout=\"\(t.payout)\"")
        }
        return HTML.section(id: "tiers", title: "Tiers", lead: "Each creator is paid the highest tier they reached.",
                            HTML.table(["threshold", "reward", "amount", "creators", "payout due"], numeric: [0, 2, 3, 4], rows: rows))
    }

    static func standings(_ d: CampaignDetail, _ creators: [CampaignStanding]) -> String {
        let m = d.summary.campaign.metric, u = m.unit
        let title = "Creators (\(NumberFormat.grouped(creators.count)))"
        guard !creators.isEmpty else { return HTML.section(id: "creators", title: title, HTML.empty("Nobody is enrolled yet.")) }
        let rows = creators.map { r -> String in
            let next = r.nextTier.map { "\(HTML.name($0)) in \(HTML.escape(m.format(r.toNextTier ?? 0))) \(HTML.escape(u))" } ?? "—"
            return HTML.row(["\(r.rank)", HTML.name(r.handle), HTML.name(r.displayName), NumberFormat.grouped(r.target),
                             WeeklyHTML.barCell(min(r.progress, Double(r.target)), of: Double(max(r.target, 1)), text: HTML.escape(m.format(r.progress))),
                             HTML.escape(m.format(r.pace)), r.tier.map(HTML.name) ?? "—", next, r.atRisk ? "<strong>at risk</strong>" : ""],
                            numeric: [0, 3, 4, 5],
                            attributes: "data-rank=\"\(r.rank)\" data-handle=\"\(HTML.attribute(r.handle))\" data-progress=\"\(v(r.progress))\" "
                                + "data-pace=\"\(v(r.pace))\" data-target=\"\(r.target)\" data-at-risk=\"\(r.atRisk)\"")
        }
        return HTML.section(id: "creators", title: title, lead: "Ranked by progress; the bar is progress against the creator's own target.",
                            HTML.table(["#", "creator", "name", "target", "progress", "pace", "tier", "next tier", ""], numeric: [0, 3, 4, 5], rows: rows))
    }
}
