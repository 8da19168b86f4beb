import ArgumentParser
import Foundation
import GreenroomCore
import GreenroomStore

extension ReportCommand {
    /// `greenroom report insights`
    struct Insights: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "insights",
            abstract: "Topics rising or falling this week: categories, tags, and words and phrases of subjects and CSAT comments.",
            discussion: """
            Counts, per topic, the tickets created in the week (by default the last complete ISO week in the team's \
            time zone) against the mean of the weeks before, scaled by the week's ticket volume, and keeps the topics \
            whose count a Poisson model makes too unlikely (the rule is in the JSON's "method" and in the README). \
            --topic lists the week's tickets of one topic (a text, or kind:text such as tag:vip or phrase:payout delayed).
            --format html writes one self-contained page with the weekly volume and the topics as charts.
            Example: greenroom report insights --market MX --weeks 6 --format json
            """
        )

        @OptionGroup var database: DatabaseOptions

        @Option(help: ArgumentHelp("ISO week such as 2026-W46 (default: the last complete week).", valueName: "YYYY-Www"))
        var week: String?

        @Option(help: ArgumentHelp("Baseline weeks before it, 1 to 52.", valueName: "N"))
        var weeks: Int = 4

        @Option(help: ArgumentHelp("Only tickets from this network (its name).", valueName: "NAME"))
        var network: String?

        @Option(help: ArgumentHelp("Only tickets from creators in this market.", valueName: "CC"))
        var market: String?

        @Option(help: "text, json or html.")
        var format: String = "text"

        @OptionGroup var output: ReportOutputOptions

        @Option(help: ArgumentHelp("At most N rising and N falling topics (text and html; JSON has all).", valueName: "N"))
        var limit: Int = 10

        @Option(help: ArgumentHelp("List the week's tickets of this topic instead.", valueName: "TEXT"))
        var topic: String?

        func run() throws {
            try requireFormat(format, ["text", "json", "html"])
            guard limit >= 1 else { throw GreenroomError.invalidInput("--limit must be at least 1 (got \(limit))") }
            if let market, market.count != 2 || !market.allSatisfy({ $0.isASCII && $0.isLetter }) {
                throw GreenroomError.invalidInput("--market must be a two-letter country code such as MX (got \(TerminalText.sanitize(market)))")
            }
            if let topic, topic.trimmingCharacters(in: .whitespaces).isEmpty { throw GreenroomError.invalidInput("--topic must not be empty") }
            let env = ProcessInfo.processInfo.environment
            let store = try openStore(database, env: env, mustExist: true)
            let settings = try store.teamSettings()
            var period: KPIPeriod?
            if let week {
                guard let p = TeamCalendar(zone: settings.zone).isoWeek(week) else {
                    throw GreenroomError.invalidInput("--week must be an ISO week such as 2026-W46 (got \(TerminalText.sanitize(week)))")
                }
                period = p
            }
            if let topic {
                let weeks = try store.insightWeeks(week: period, now: store.now)
                let tickets = try store.insightTickets(topic: topic, week: period, network: network, market: market, now: store.now)
                if format == "html" {
                    try output.write(Data(InsightsHTML.renderTopic(topic, label: weeks.label, tickets: tickets, generatedAt: store.now, zone: settings.zone).utf8))
                } else {
                    try output.write(try InsightsDocument.renderTopic(topic, label: weeks.label, tickets: tickets, format: format))
                }
                return
            }
            let report = try store.insights(week: period, weeks: weeks, network: network, market: market, now: store.now)
            if format == "html" {
                try output.write(Data(InsightsHTML.render(report, limit: limit, zone: settings.zone, generatedAt: store.now).utf8))
            } else {
                try output.write(try InsightsDocument.render(report, format: format, limit: limit, zone: settings.zone))
            }
        }
    }
}

/// The insights report as text or JSON.
///
/// JSON (stable; times ISO 8601 UTC): `{week, label, partial, start, end, time_zone, network, market,
///   baseline: [{start, end, tickets}], tickets, topics_tested, threshold, method,
///   rising: [topic], falling: [topic]}` where a topic is `{kind, text, count, baseline_mean, expected,
///   change, p_value, score, direction, tickets: [{id, key, subject}]}` — every ticket of the topic in
///   the week; `change` is relative to `expected`, `score` is −log10 `p_value`.
enum InsightsDocument {
    static let samples = 5

    /// A measure as the JSON writes it (and the HTML marks it): four decimals.
    static func rounded(_ v: Double) -> Double { (v * 10000).rounded() / 10000 }

    static func render(_ r: InsightsReport, format: String, limit: Int, zone: TimeZone) throws -> Data {
        func num(_ v: Double) -> Double { rounded(v) }
        func ticketList(_ t: InsightTopic) -> [InsightTicket] { t.ticketIDs.compactMap { r.weekTickets[$0] } }
        if format == "json" {
            func topic(_ t: InsightTopic) -> [String: Any] {
                ["kind": t.kind.rawValue, "text": t.text, "count": t.count, "baseline_mean": num(t.baselineMean), "expected": num(t.expected),
                 "change": num(t.change), "p_value": t.pValue, "score": num(t.score), "direction": t.direction.rawValue,
                 "tickets": ticketList(t).map { ["id": $0.id, "key": $0.key, "subject": TerminalText.sanitize($0.subject)] }]
            }
            let object: [String: Any] = [
                "week": String(r.label.prefix(8)), "label": r.label, "partial": r.isPartial,
                "start": Time.iso(r.week.start), "end": Time.iso(r.week.end), "time_zone": zone.identifier,
                "network": r.network ?? NSNull(), "market": r.market ?? NSNull(),
                "baseline": zip(r.baseline, r.baselineTickets).map { ["start": Time.iso($0.start), "end": Time.iso($0.end), "tickets": $1] as [String: Any] },
                "tickets": r.tickets, "topics_tested": r.tested, "threshold": r.threshold, "method": InsightAnalysis.method,
                "rising": r.rising.map(topic), "falling": r.falling.map(topic),
            ]
            return try JSONOutput.data(object) + Data("\n".utf8)
        }
        let calendar = TeamCalendar(zone: zone)
        var out = "Insights \(r.label)"
        let scope = [r.network.map { "network \(TerminalText.sanitize($0))" }, r.market.map { "market \($0)" }].compactMap { $0 }
        out += scope.isEmpty ? "" : " · " + scope.joined(separator: " · ")
        let baselineMean = r.baselineTickets.isEmpty ? 0 : Double(r.baselineTickets.reduce(0, +)) / Double(r.baselineTickets.count)
        out += "\n\(r.tickets) tickets this week; \(String(format: "%.1f", baselineMean)) a week over the \(r.baseline.count) weeks before"
        if let first = r.baseline.first, let last = r.baseline.last {
            out += " (\(calendar.isoWeekString(first.start))…\(calendar.isoWeekString(last.start)))"
        }
        out += "; \(r.tested) topics tested, significant below p = \(String(format: "%.2g", r.threshold)).\n"
        for (title, topics) in [("Rising", r.rising), ("Falling", r.falling)] {
            out += "\n\(title)\n"
            guard !topics.isEmpty else { out += "  none\n"; continue }
            for t in topics.prefix(limit) {
                let change = String(format: "%+.0f%%", t.change * 100)
                let keys = ticketList(t).prefix(samples).map(\.key).joined(separator: " ")
                let more = t.count > samples ? " …" : ""
                out += "  \(t.kind.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)) \(TerminalText.sanitize(t.text))  "
                out += "\(t.count) vs \(String(format: "%.1f", t.expected)) expected (baseline \(String(format: "%.1f", t.baselineMean))/wk) "
                out += "\(change)  p=\(String(format: "%.1e", t.pValue))  \(keys)\(more)\n"
            }
            if topics.count > limit { out += "  … \(topics.count - limit) more (--limit)\n" }
        }
        out += "\nMethod: \(InsightAnalysis.method)\n"
        return Data(out.utf8)
    }

    /// One topic's tickets: `{topic, week, tickets: [{id, key, subject}]}`, or a text list.
    static func renderTopic(_ topic: String, label: String, tickets: [InsightTicket], format: String) throws -> Data {
        if format == "json" {
            let object: [String: Any] = ["topic": topic, "week": label,
                                         "tickets": tickets.map { ["id": $0.id, "key": $0.key, "subject": TerminalText.sanitize($0.subject)] }]
            return try JSONOutput.data(object) + Data("\n".utf8)
        }
        var out = "\(tickets.count) ticket\(tickets.count == 1 ? "" : "s") with \"\(TerminalText.sanitize(topic))\" in \(label)\n"
        for t in tickets { out += "  \(t.key)  \(TerminalText.sanitize(t.subject))\n" }
        return Data(out.utf8)
    }
}
