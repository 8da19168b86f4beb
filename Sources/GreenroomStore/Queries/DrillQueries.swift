import Foundation
import GRDB
import GreenroomCore

/// Drill-downs: the creators or tickets behind a number, each with what it contributes when
/// the number is a KPI (`kpiDrillDown`), shown with the keys and handles every screen uses.
extension Store {
    // MARK: Drill-down

    public func drillDown(_ request: DrillRequest, now: Millis) throws -> DrillResult {
        var counted: [String] = []
        var baseOnly: [String] = []
        let subject: KPIDrill.Subject
        let columns = { (subject: KPIDrill.Subject) in
            subject == .creators ? ["creator", "name", "stage", "market", "owner"] : ["key", "subject", "status", "priority", "assignee"]
        }
        switch request {
        case .kpi(let id, let period, let scope):
            let rowsAndValue = try kpiDrillRows(id, period: period, scope: scope, now: now)
            let drill = (subject: id.isTicketKPI ? KPIDrill.Subject.tickets : .creators, rows: rowsAndValue.rows, value: rowsAndValue.value)
            // The first rows' identities now; the rest a window at a time as the list scrolls
            // (`DrillScreen`): a day's ~18,500 active creators looked up at once were most of
            // the drill-down's first open.
            let byID = try drillIdentities(drill.subject, drill.rows.prefix(Store.drillFirstIdentities).map(\.id))
            let rows = drill.rows.enumerated().map { i, r in
                DrillRow(target: drill.subject == .creators ? .creator(r.id) : .ticket(r.id),
                         cells: byID[r.id] ?? (i < Store.drillFirstIdentities ? DrillRow.gone : []), counted: r.counted,
                         inBase: r.inBase, figures: r.cells)
            }
            return DrillResult(subject: drill.subject, columns: columns(drill.subject), rows: rows,
                               counted: rows.lazy.filter(\.counted).count, base: rows.lazy.filter(\.inBase).count,
                               kpi: id, figureColumns: id.drillColumns, value: drill.value,
                               summary: KPIDrillSummary(id, rows: drill.rows))
        case .cohort(let week, let n):
            subject = .creators
            let calendar = TeamCalendar(zone: try teamSettings().zone)
            let cohort = try read { db in try Store.firstActivations(from: week, to: calendar.addDays(7, to: week), db) }
            let liveWeek = calendar.addDays(7 * n, to: week)
            let live = try read { db in
                try Store.liveCreators(Array(cohort.keys), from: liveWeek, to: calendar.addDays(7, to: liveWeek), db)
            }
            counted = cohort.keys.filter { live.contains($0) }.sorted()
            baseOnly = cohort.keys.filter { !live.contains($0) }.sorted()
        case .category(let category, let period, let scope):
            subject = .tickets
            counted = try read { db in
                let s = try KPIScopeSQL(scope, db)
                var arguments = s.arguments
                arguments += ["from": period.start, "to": period.end, "category": category.rawValue]
                return try String.fetchAll(db, sql: """
                    SELECT t.id FROM ticket t WHERE t.created_at >= :from AND t.created_at < :to AND t.deleted = 0
                      AND t.category = :category AND \(s.ticketCondition) ORDER BY t.id
                    """, arguments: arguments)
            }
        case .breached(let period, let scope):
            subject = .tickets
            counted = try read { db in try Store.breachedTicketIDs(period, scope, now: now, db) }
        case .qaReviews(let agent, let period):
            subject = .tickets
            let h = agent.hasPrefix("@") ? agent : "@" + agent
            counted = try read { db in
                guard let id = try String.fetchOne(db, sql: "SELECT id FROM member WHERE handle = ?", arguments: [h]) else { return [] }
                var seen = Set<String>()
                return try Store.qaDrill(agent: id, period, rubric: try Store.loadSettings(db).qaRubric, db).map(\.id).filter { seen.insert($0).inserted }
            }
        }
        let rows = try drillRows(subject, counted, counted: true) + drillRows(subject, baseOnly, counted: false)
        return DrillResult(subject: subject, columns: columns(subject), rows: rows, counted: counted.count, base: counted.count + baseOnly.count)
    }

    /// Display rows for ids, in the order given: a creator's handle, name, stage, market and
    /// owner; a ticket's key (as the queue shows it), subject, status, priority and assignee.
    func drillRows(_ subject: KPIDrill.Subject, _ ids: [String], counted: Bool) throws -> [DrillRow] {
        let byID = try drillIdentities(subject, ids)
        return ids.compactMap { id in
            byID[id].map { DrillRow(target: subject == .creators ? .creator(id) : .ticket(id), cells: $0, counted: counted) }
        }
    }

    /// How many of a KPI drill-down's rows come with their identities (`drillDown`).
    public static let drillFirstIdentities = 200

    /// The cells that identify each id's creator or ticket (ids that name nothing are left
    /// out). Read in one statement; the dictionary is sized first (growing it was a tenth of
    /// opening a day's 18,000 active creators).
    public func drillIdentities(_ subject: KPIDrill.Subject, _ ids: [String]) throws -> [String: [String]] {
        guard !ids.isEmpty else { return [:] }
        let json = JSONText.encode(ids)
        return try read { db in
            var byID: [String: [String]] = [:]
            byID.reserveCapacity(ids.count)
            if subject == .creators {
                let statement = try db.makeStatement(sql: """
                    SELECT c.id, c.handle, c.display_name, c.stage, c.market, m.handle AS owner
                    FROM creator c LEFT JOIN member m ON m.id = c.owner_id
                    WHERE c.id IN (SELECT value FROM json_each(?))
                    """)
                let cursor = try Row.fetchCursor(statement, arguments: [json])
                while let r = try cursor.next() {
                    byID[r[0]] = [r[1], r[2], r[3], r[4], (r[5] as String?) ?? "—"]
                }
            } else {
                let rows = try Row.fetchAll(db, sql: """
                    SELECT t.id, t.key, t.subject, t.status, t.priority, m.handle AS assignee
                    FROM ticket t LEFT JOIN member m ON m.id = t.assignee_id
                    WHERE t.id IN (SELECT value FROM json_each(?))
                    """, arguments: [json])
                let shown = try Store.shortKeys(rows.map { $0["key"] as String }, db)
                for r in rows {
                    let key: String = r["key"]
                    byID[r["id"]] = [shown[key] ?? key, r["subject"], r["status"], r["priority"], (r["assignee"] as String?) ?? "—"]
                }
            }
            return byID
        }
    }
}
