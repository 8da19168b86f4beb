import Foundation
import GreenroomCore
import GreenroomTUI

/// `report insights --format html`: rising and falling topics as one self-contained page.
///
/// Renders the same `InsightsReport` as the JSON, through the same rounding
/// (`InsightsDocument.rounded`); each topic carries `data-topic` (kind:text), `data-topic-kind`, `data-topic-text`,
/// `data-count`, `data-expected`, `data-baseline-mean`, `data-change` and `data-p-value`
/// with the JSON's values, each week of the volume chart `data-week` and `data-tickets`.
enum InsightsHTML {
    static func render(_ r: InsightsReport, limit: Int, zone: TimeZone, generatedAt: Millis) -> String {
        let calendar = TeamCalendar(zone: zone)
        var scope = [r.network.map { "network \(HTML.name($0))" }, r.market.map { "market \(HTML.text($0))" }].compactMap { $0 }
        if scope.isEmpty { scope = ["every network and market"] }
        let subtitle = "\(HTML.escape(calendar.dayRange(r.week, dash: " to "))) (\(HTML.escape(zone.identifier))) · " + scope.joined(separator: " · ")
        let sections = [volume(r, calendar: calendar), topics(r, .rising, limit: limit), topics(r, .falling, limit: limit), method(r)]
        return HTML.page(title: "Insights \(r.label)", kind: "insights", subtitle: subtitle,
                         generated: "Generated \(HTML.escape(DateInput.format(generatedAt, zone: zone))) by greenroom report insights.",
                         sections: sections)
    }

    static func v(_ x: Double) -> String { HTML.value(InsightsDocument.rounded(x)) }

    static func volume(_ r: InsightsReport, calendar: TeamCalendar) -> String {
        let mean = r.baselineTickets.isEmpty ? 0 : Double(r.baselineTickets.reduce(0, +)) / Double(r.baselineTickets.count)
        let lead = "<strong data-week-total=\"\(r.tickets)\">\(NumberFormat.grouped(r.tickets))</strong> tickets this week; "
            + "\(String(format: "%.1f", mean)) a week over the \(r.baseline.count) weeks before. "
            + "A topic counts tickets; its expectation is its baseline share of this week's volume."
        guard r.tickets > 0 || r.baselineTickets.contains(where: { $0 > 0 }) else {
            return HTML.section(id: "volume", title: "Ticket volume", lead: lead, HTML.empty("No ticket was created in these weeks."))
        }
        let columns = zip(r.baseline, r.baselineTickets).map { week, n in
            SVGChart.Column(label: calendar.isoWeekString(week.start), value: Double(n), text: NumberFormat.grouped(n),
                            attributes: "data-week=\"\(calendar.isoWeekString(week.start))\" data-tickets=\"\(n)\"")
        } + [SVGChart.Column(label: String(r.label.prefix(8)), value: Double(r.tickets), text: NumberFormat.grouped(r.tickets), emphasis: true,
                             attributes: "data-week=\"\(HTML.attribute(String(r.label.prefix(8))))\" data-tickets=\"\(r.tickets)\" data-reviewed=\"true\"")]
        return HTML.section(id: "volume", title: "Ticket volume", lead: lead,
                            "<div class=\"chart\">" + SVGChart.columns(columns, kind: "volume", title: "Tickets created per week", width: min(720, Double(columns.count) * 110)) + "</div>\n")
    }

    static func topics(_ r: InsightsReport, _ direction: InsightTopic.Direction, limit: Int) -> String {
        let all = direction == .rising ? r.rising : r.falling
        let title = direction == .rising ? "Rising topics" : "Falling topics"
        let id = direction.rawValue
        guard !all.isEmpty else {
            return HTML.section(id: id, title: title, HTML.empty("No topic is \(direction.rawValue) significantly this week."))
        }
        let shown = Array(all.prefix(limit))
        func attributes(_ t: InsightTopic) -> String {
            "data-topic=\"\(t.kind.rawValue):\(HTML.attribute(t.text))\" data-topic-kind=\"\(t.kind.rawValue)\" data-topic-text=\"\(HTML.attribute(t.text))\" data-count=\"\(t.count)\" data-expected=\"\(v(t.expected))\" "
                + "data-baseline-mean=\"\(v(t.baselineMean))\" data-change=\"\(v(t.change))\" data-p-value=\"\(HTML.value(t.pValue))\""
        }
        let bars = shown.map { t in
            SVGChart.Bar(label: "\(t.kind.rawValue): \(t.text)", value: Double(t.count),
                         text: "\(t.count) vs \(String(format: "%.1f", t.expected)) · \(String(format: "%+.0f%%", t.change * 100))",
                         marker: t.expected, attributes: "data-bar=\"\(HTML.attribute(t.text))\"", emphasis: direction == .rising)
        }
        let chart = "<div class=\"chart\">" + SVGChart.bars(bars, kind: "topics-\(id)", title: "\(title): tickets this week against the expectation", labelColumns: 28) + "</div>\n"
        let rows = shown.map { t -> String in
            let tickets = t.ticketIDs.compactMap { r.weekTickets[$0] }
            let keys = tickets.prefix(InsightsDocument.samples).map { "<span class=\"key\" title=\"\(HTML.attribute($0.subject))\">\(HTML.text($0.key))</span>" }
            return HTML.row([HTML.escape(t.kind.rawValue), HTML.name(t.text), "\(t.count)", String(format: "%.1f", t.expected),
                             String(format: "%.1f", t.baselineMean), String(format: "%+.0f%%", t.change * 100), String(format: "%.1e", t.pValue),
                             keys.joined(separator: " ") + (t.count > InsightsDocument.samples ? " …" : "")],
                            numeric: [2, 3, 4, 5, 6], attributes: attributes(t))
        }
        let more = all.count > shown.count ? "<p class=\"note\">\(all.count - shown.count) more in the JSON report (--limit).</p>\n" : ""
        return HTML.section(id: id, title: title, lead: "The dashed tick is what the baseline expects for this week's volume.",
                            chart + HTML.table(["kind", "topic", "tickets", "expected", "baseline / week", "change", "p", "tickets"],
                                               numeric: [2, 3, 4, 5, 6], rows: rows) + more)
    }

    static func method(_ r: InsightsReport) -> String {
        HTML.section(id: "method", title: "Method",
                     "<p data-topics-tested=\"\(r.tested)\" data-threshold=\"\(HTML.value(r.threshold))\">\(r.tested) topics tested, significant below "
                        + "p = \(String(format: "%.2g", r.threshold)).</p>\n<p class=\"note\">\(HTML.text(InsightAnalysis.method))</p>\n")
    }

    /// `--topic`: one topic's tickets.
    static func renderTopic(_ topic: String, label: String, tickets: [InsightTicket], generatedAt: Millis, zone: TimeZone) -> String {
        let rows = tickets.map { HTML.row(["<span class=\"key\">\(HTML.text($0.key))</span>", HTML.name($0.subject)], attributes: "data-ticket=\"\(HTML.attribute($0.key))\"") }
        let body = rows.isEmpty ? HTML.empty("No ticket with this topic in \(HTML.text(label)).") : HTML.table(["ticket", "subject"], rows: rows)
        return HTML.page(title: "“\(topic)” in \(label)", kind: "insights", subtitle: "\(tickets.count) ticket\(tickets.count == 1 ? "" : "s")",
                         generated: "Generated \(HTML.escape(DateInput.format(generatedAt, zone: zone))) by greenroom report insights --topic.",
                         sections: [HTML.section(id: "tickets", title: "Tickets", body)])
    }
}
