import Foundation
import GRDB
import GreenroomCore

/// Insights: topics rising or falling week over week (`InsightAnalysis` states the rule).
/// One range scan of `ticket_created` over the week and its baseline weeks, each ticket's tags
/// and CSAT comments read through `ticket_tag_ticket` and `ticket_event_ticket`.
extension Store {
    /// The reviewed week and its baseline: `week` (default: the last complete week in the
    /// team's time zone, as `report weekly`), cut at `now` while it runs, and the `weeks`
    /// complete weeks before it.
    public func insightWeeks(week: KPIPeriod? = nil, weeks: Int = 4, now: Millis) throws
        -> (week: KPIPeriod, label: String, isPartial: Bool, baseline: [KPIPeriod]) {
        guard (1...52).contains(weeks) else { throw GreenroomError.invalidInput("--weeks must be 1 to 52 (got \(weeks))") }
        let calendar = TeamCalendar(zone: try teamSettings().zone)
        let full = calendar.weekPeriod(containing: week?.start ?? calendar.startOfISOWeek(now) - 1)
        guard full.start < now else {
            throw GreenroomError.invalidInput("\(calendar.isoWeekString(full.start)) has not started yet")
        }
        let isPartial = full.end > now
        let counted = KPIPeriod(start: full.start, end: min(full.end, now))
        let label = calendar.isoWeekString(full.start) + (isPartial ? " · partial" : "")
        return (counted, label, isPartial, calendar.lastN(weeks, .week, endingAt: full.start - 1))
    }

    /// Topics rising or falling in `week` against the `weeks` weeks before it, for tickets
    /// whose requester is in `network` (by name) and/or whose requesting creator is in
    /// `market`. Every topic's tickets are in `weekTickets`, keyed as the screens show them.
    public func insights(week: KPIPeriod? = nil, weeks: Int = 4, network: String? = nil, market: String? = nil,
                         now: Millis) throws -> InsightsReport {
        let w = try insightWeeks(week: week, weeks: weeks, now: now)
        return try read { db in
            let scope = try Store.insightScope(network: network, market: market, db)
            let tickets = try Store.insightTickets(from: w.baseline.first?.start ?? w.week.start, to: w.week.end, scope, db)
            let a = InsightAnalysis.analyze(tickets: tickets, week: w.week, baseline: w.baseline)
            let shown = Set((a.rising + a.falling).flatMap(\.ticketIDs))
            let weekTickets = try Store.shortened(a.weekTickets.values.filter { shown.contains($0.id) }, db)
                .reduce(into: [String: InsightTicket]()) { $0[$1.id] = $1 }
            return InsightsReport(week: w.week, label: w.label, isPartial: w.isPartial, baseline: w.baseline, network: network,
                                  market: market?.uppercased(), tickets: a.tickets, baselineTickets: a.baselineTickets, tested: a.tested,
                                  threshold: a.threshold, rising: a.rising, falling: a.falling, weekTickets: weekTickets)
        }
    }

    /// The tickets of `week` (as `insights` picks it) carrying the topic `text`
    /// (`InsightAnalysis.tickets(in:topic:)`), oldest first, keyed as the screens show them.
    public func insightTickets(topic text: String, week: KPIPeriod? = nil, network: String? = nil, market: String? = nil,
                               now: Millis) throws -> [InsightTicket] {
        let w = try insightWeeks(week: week, now: now)
        return try read { db in
            let scope = try Store.insightScope(network: network, market: market, db)
            let tickets = try Store.insightTickets(from: w.week.start, to: w.week.end, scope, db)
            let week = Dictionary(tickets.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
            return try Store.shortened(InsightAnalysis.tickets(in: week, topic: text), db)
        }
    }

    /// The SQL condition (on `t`) and arguments for a network name and a market.
    static func insightScope(network: String?, market: String?, _ db: Database) throws -> (sql: String, arguments: StatementArguments) {
        var sql = "1"
        var arguments: StatementArguments = [:]
        if let network {
            let ids = try String.fetchAll(db, sql: "SELECT id FROM network WHERE name = ? COLLATE NOCASE AND deleted = 0", arguments: [network])
            guard !ids.isEmpty else { throw GreenroomError.invalidInput("--network: no network named \"\(TerminalText.sanitize(network))\"") }
            sql += """
                 AND (t.requester_network_id IN (SELECT value FROM json_each(:networks))
                      OR t.requester_creator_id IN (SELECT c.id FROM creator c WHERE c.network_id IN (SELECT value FROM json_each(:networks)) AND c.deleted = 0))
                """
            arguments += ["networks": JSONText.encode(ids)]
        }
        if let market {
            sql += " AND t.requester_creator_id IN (SELECT id FROM creator WHERE market = :market AND deleted = 0)"
            arguments += ["market": market.uppercased()]
        }
        return (sql, arguments)
    }

    /// Tickets created in [from, to) in scope, with their tags and CSAT comments: one range
    /// scan of `ticket_created`, tags and comments by ticket.
    static func insightTickets(from: Millis, to: Millis, _ scope: (sql: String, arguments: StatementArguments),
                               _ db: Database) throws -> [InsightTicket] {
        var arguments = scope.arguments
        arguments += ["from": from, "to": to]
        var out: [InsightTicket] = []
        let sep = "\u{1F}"
        let rows = try Row.fetchCursor(db, sql: """
            SELECT t.id, t.key, t.subject, t.category, t.created_at,
                   (SELECT group_concat(g.tag, char(31)) FROM ticket_tag g WHERE g.ticket_id = t.id AND g.deleted = 0) AS tags,
                   (SELECT group_concat(e.body, char(31)) FROM ticket_event e
                     WHERE e.ticket_id = t.id AND e.kind = 'csat' AND e.deleted = 0 AND e.body IS NOT NULL AND e.body <> '') AS comments
            FROM ticket t
            WHERE t.created_at >= :from AND t.created_at < :to AND t.deleted = 0 AND \(scope.sql)
            """, arguments: arguments)
        while let r = try rows.next() {
            let tags: String? = r["tags"], comments: String? = r["comments"]
            out.append(InsightTicket(id: r["id"], key: r["key"], subject: r["subject"], category: r["category"],
                                     tags: tags.map { $0.components(separatedBy: sep) } ?? [],
                                     comments: comments.map { $0.components(separatedBy: sep) } ?? [], createdAt: r["created_at"]))
        }
        return out
    }

    /// The tickets with their keys as the screens show them.
    static func shortened(_ tickets: [InsightTicket], _ db: Database) throws -> [InsightTicket] {
        let short = try shortKeys(tickets.map(\.key), db)
        return tickets.map { var t = $0; t.key = short[t.key] ?? t.key; return t }
    }
}
