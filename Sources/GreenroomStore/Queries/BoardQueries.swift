import Foundation
import GRDB
import GRDBSQLite
import GreenroomCore

/// The pipeline board: per-stage counts and windows of cards under the roster's filter
/// language, finding a card after a move, and the funnel.
extension Store {
    // MARK: Board

    /// Cards per stage under `filter` (cached until the database changes).
    public func stageCounts(filter: CreatorFilter = .all, me: String? = nil, now: Millis) throws -> [String: Int] {
        try read { db in try stageCounts(db, RosterSQL.whereClause(filter, me: me, now: now)) }
    }

    func stageCounts(_ db: Database, _ w: RosterSQL.Where) throws -> [String: Int] {
        try counts.value("board|" + w.key, tracked: w.tracked(perStage: true)) {
            // Unfiltered: the narrowest index by stage (805 page reads at 100k creators, not the
            // board index's 1,895; see `Store.openTicketCount`).
            let index = w.whole ? "INDEXED BY creator_stage_handle" : ""
            let rows = try Row.fetchAll(db, sql: """
                SELECT c.stage, COUNT(*) AS n FROM creator c \(index) \(w.needsStats ? RosterSQL.statsJoin : "")
                WHERE \(w.clause) GROUP BY c.stage
                """, arguments: w.arguments)
            return Dictionary(uniqueKeysWithValues: rows.map { ($0["stage"] as String, $0["n"] as Int) })
        }
    }

    /// One window of a column's cards under `filter`, longest in stage first. Windows past
    /// the middle are read backwards from the end, so the bottom of a 50,000-card column
    /// costs what the top does; with `seek` a window is read from a card the caller holds
    /// (keyset paging, see `PageSeek`), so the middle does too.
    public func pipelineCards(stage: String, filter: CreatorFilter = .all, me: String? = nil, offset: Int, limit: Int,
                              total knownTotal: Int? = nil, now: Millis, seek: PageSeek<PipelineCard>? = nil) throws -> [PipelineCard] {
        try read { db in
            let w = RosterSQL.whereClause(filter, me: me, now: now, walkSortIndex: filter.words.isEmpty ? false : true)
            let total = try knownTotal ?? (stageCounts(db, w)[stage] ?? 0)
            let start = max(0, offset)
            let end = min(total, start + max(0, limit))
            guard end > start else { return [] }
            /// The window read by position from the nearer end, or (`seek`) from a card held.
            func read(_ seek: PageSeek<PipelineCard>?) throws -> [PipelineCard] {
                var fromEnd = start > total / 2
                var pageOffset = fromEnd ? total - end : start
                var clause = w.clause
                var arguments = w.arguments
                switch seek {
                case .after(let card, let skip)?:
                    fromEnd = false
                    pageOffset = skip
                    clause += " AND (c.stage_entered_at, c.handle) > (:seekAt, :seekHandle)"
                    arguments += ["seekAt": card.enteredStageAt, "seekHandle": card.handle]
                case .before(let card, let skip)?:
                    fromEnd = true
                    pageOffset = skip
                    clause += " AND (c.stage_entered_at, c.handle) < (:seekAt, :seekHandle)"
                    arguments += ["seekAt": card.enteredStageAt, "seekHandle": card.handle]
                case nil:
                    break
                }
                let dir = fromEnd ? "DESC" : "ASC"
                arguments += ["stage": stage, "limit": end - start, "offset": pageOffset]
                let rows = try Row.fetchAll(db, sql: """
                    SELECT c.id, c.handle, c.stage, c.stage_entered_at, m.handle AS owner_handle,
                      (SELECT MIN(a.follow_up_due) FROM activity a
                         WHERE a.creator_id = c.id AND a.done = 0 AND a.deleted = 0 AND a.follow_up_due IS NOT NULL) AS next_follow_up
                    FROM creator c \(w.needsStats ? RosterSQL.statsJoin : "") LEFT JOIN member m ON m.id = c.owner_id
                    WHERE c.stage = :stage AND \(clause)
                    ORDER BY c.stage_entered_at \(dir), c.handle \(dir)
                    LIMIT :limit OFFSET :offset
                    """, arguments: arguments)
                let cards = rows.map { r in
                    PipelineCard(id: r["id"], handle: r["handle"], ownerHandle: r["owner_handle"], stage: r["stage"],
                                 enteredStageAt: r["stage_entered_at"], nextFollowUp: r["next_follow_up"])
                }
                return fromEnd ? cards.reversed() : cards
            }
            // A card with no entry time (sorted first, as NULL is) has no key to seek from, and
            // a seek's row values skip such cards: a window that reaches them is read by position.
            switch seek {
            case .after(let card, _)?, .before(let card, _)?:
                if card.enteredStageAt != nil {
                    let cards = try read(seek)
                    // (After a card, a short window is the column's end; before one, it may
                    // be the cards with no time, which come first.)
                    if case .after = seek { return cards }
                    if cards.count == end - start { return cards }
                }
                return try read(nil)
            case nil:
                return try read(nil)
            }
        }
    }

    /// Every column with its count and a window of cards.
    public func pipelineColumns(stages: [String], filter: CreatorFilter = .all, me: String? = nil, offsets: [String: Int] = [:],
                                limit: Int, now: Millis) throws -> (counts: [String: Int], columns: [PipelineColumn]) {
        let counts = try stageCounts(filter: filter, me: me, now: now)
        let columns = try stages.map { stage in
            let count = counts[stage] ?? 0
            let offset = min(offsets[stage] ?? 0, max(0, count - 1))
            return PipelineColumn(stage: stage, count: count, offset: offset,
                                  cards: try pipelineCards(stage: stage, filter: filter, me: me, offset: offset, limit: limit, total: count, now: now))
        }
        return (counts, columns)
    }

    /// Where a creator's card is: its stage and its index in that column under `filter`
    /// (nil when the creator is gone or filtered out). One or two index range counts.
    public func locateCard(creatorID: String, filter: CreatorFilter = .all, me: String? = nil, now: Millis) throws -> (stage: String, index: Int)? {
        try read { db in
            let w = RosterSQL.whereClause(filter, me: me, now: now)
            guard let row = try Row.fetchOne(db, sql: """
                SELECT c.stage, c.stage_entered_at, c.handle FROM creator c \(w.needsStats ? RosterSQL.statsJoin : "")
                WHERE c.id = :id AND \(w.clause)
                """, arguments: w.arguments + ["id": creatorID]) else { return nil }
            let stage: String = row["stage"]
            let entered: Millis? = row["stage_entered_at"]
            let handle: String = row["handle"]
            var arguments = w.arguments
            arguments += ["stage": stage, "t": entered, "h": handle]
            let join = w.needsStats ? RosterSQL.statsJoin : ""
            // Ascending order puts NULL times first. Row values keep each count one range
            // of the board index (an OR of the same conditions made SQLite scan the stage).
            let before = entered == nil
                ? "SELECT COUNT(*) FROM creator c \(join) WHERE c.stage = :stage AND c.stage_entered_at IS NULL AND c.handle < :h AND \(w.clause)"
                : """
                  SELECT (SELECT COUNT(*) FROM creator c \(join) WHERE c.stage = :stage AND c.stage_entered_at IS NULL AND \(w.clause))
                       + (SELECT COUNT(*) FROM creator c \(join) WHERE c.stage = :stage AND (c.stage_entered_at, c.handle) < (:t, :h) AND \(w.clause))
                  """
            let index = try Int.fetchOne(db, sql: before, arguments: arguments) ?? 0
            return (stage, index)
        }
    }

    // MARK: Funnel

    /// The funnel (see `FunnelReport`) for creators who entered the first stage in
    /// [start, end), optionally only those matching `filter`.
    ///
    /// Every live stage event is streamed once, in (creator, time) order, from the covering
    /// index `stage_event_flow`, straight from SQLite's C API into `FunnelAccumulator`:
    /// 330k events at 100k creators take tens of milliseconds, where building them as
    /// values took over a second. Lost reasons come from a second, indexed query.
    public func funnel(start: Millis, end: Millis, filter: CreatorFilter = .all, me: String? = nil, now: Millis) throws -> FunnelReport {
        try read { db in
            let settings = try Store.loadSettings(db)
            let flow = settings.stages.map(\.name)
            let extras = settings.sideStages.map(\.name)
            var acc = FunnelAccumulator(flow: flow, extraStages: extras, windowStart: start, windowEnd: end)
            let w = RosterSQL.whereClause(filter, me: me, now: now)
            let scope = filter.isEmpty
                ? "e.creator_id NOT IN (SELECT id FROM creator WHERE deleted = 1)"
                : "e.creator_id IN (SELECT c.id FROM creator c \(w.needsStats ? RosterSQL.statsJoin : "") WHERE \(w.clause))"
            let cases = acc.stages.enumerated().map { "WHEN '\($0.element.replacingOccurrences(of: "'", with: "''"))' THEN \($0.offset)" }.joined(separator: " ")
            let statement = try db.makeStatement(sql: """
                SELECT e.creator_id, e.at, CASE e.to_stage \(cases) ELSE \(acc.stages.count) END
                FROM stage_event e
                WHERE e.deleted = 0 AND \(scope)
                ORDER BY e.creator_id, e.at, e.to_stage
                """)
            try statement.setArguments(w.arguments)
            let handle = statement.sqliteStatement
            // The current creator's id bytes, compared with memcmp to find where the next begins.
            var previous = [UInt8](repeating: 0, count: 128)
            var previousLength = -1
            try previous.withUnsafeMutableBytes { buffer in
                let base = buffer.baseAddress!
                while true {
                    let code = sqlite3_step(handle)
                    if code == SQLITE_DONE { break }
                    guard code == SQLITE_ROW else {
                        throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
                    }
                    let length = Int(sqlite3_column_bytes(handle, 0))
                    if let text = sqlite3_column_text(handle, 0),
                       length != previousLength || length > 128 || memcmp(base, text, length) != 0 {
                        acc.beginCreator()
                        previousLength = length
                        if length <= 128 { memcpy(base, text, length) }
                    }
                    acc.event(stage: Int(sqlite3_column_int64(handle, 2)), at: sqlite3_column_int64(handle, 1))
                }
            }
            sqlite3_reset(handle)
            var arguments = w.arguments
            arguments += ["lost": Stage.lost, "start": start, "end": end]
            let reasons = try Row.fetchAll(db, sql: """
                SELECT e.reason, COUNT(*) AS n FROM stage_event e
                WHERE e.deleted = 0 AND e.to_stage = :lost AND e.at >= :start AND e.at < :end AND \(scope)
                GROUP BY e.reason
                """, arguments: arguments)
            for row in reasons { acc.lost(reason: row["reason"], count: row["n"]) }
            return acc.report()
        }
    }
}
