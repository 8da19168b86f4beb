import Foundation
import GRDB
import GreenroomCore

/// The roster: a filtered, sorted, paged view of creators with their LIVE statistics.
extension Store {
    // MARK: Statistics

    /// When `creator_stats` was last computed, if ever.
    public func creatorStatsAsOf() throws -> Millis? {
        try read { db in try Store.creatorStatsAsOf(db) }
    }

    static func creatorStatsAsOf(_ db: Database) throws -> Millis? {
        try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'creator_stats_as_of'").flatMap(Time.parseISO)
    }

    /// Recomputes every creator's LIVE statistics as of `now`, in one statement.
    ///
    /// Live hours cover [now − 7 d, now) and the 7 days before; active days count the team's
    /// local days with a LIVE in the last 30 (using the zone's offset at `now`, so a session
    /// within an hour of midnight in a week where clocks change may land on the next day).
    /// Health: `idle` — activated or established and no LIVE for 7+ days; `slipping` — live
    /// hours down 50 % or more against the previous 7 days; `active` — live in the last 7
    /// days; otherwise none. Paused and lost creators have no health.
    public func refreshCreatorStats(now: Millis) throws {
        try write { db in try Store.refreshCreatorStats(db, now: now) }
    }

    /// The same, inside `db`'s transaction. With `fromRowid`, only the creators from that rowid on (the ones an import just added)
    /// get their rows, as of the time the others were computed for (or `now` when none were),
    /// so the table stays one consistent picture without recomputing 100,000 creators.
    static func refreshCreatorStats(_ db: Database, now requested: Millis, fromRowid: Int64? = nil) throws {
        var now = requested
        if fromRowid != nil, let asOf = try Store.creatorStatsAsOf(db) {
            now = asOf
        }
        let settings = try loadSettings(db)
        let offset = Millis(settings.zone.secondsFromGMT(for: Time.date(now))) * 1000
        if fromRowid == nil { try db.execute(sql: "DELETE FROM creator_stats") }
        try db.execute(sql: """
            INSERT OR REPLACE INTO creator_stats(creator_id, live_minutes_7d, live_minutes_prev_7d, active_days_30d, last_live_at, health)
            SELECT id, live7, prev7, active30, last_live,
                   CASE WHEN stage IN ('lost', 'paused') THEN NULL
                        WHEN stage IN ('activated', 'established') AND (last_live IS NULL OR last_live < :d7) THEN 'idle'
                        WHEN prev7 > 0 AND live7 * 2 <= prev7 THEN 'slipping'
                        WHEN live7 > 0 THEN 'active'
                   END
            FROM (
              SELECT c.id, c.stage,
                (SELECT IFNULL(SUM(s.minutes), 0) FROM live_session s
                   WHERE s.creator_id = c.id AND s.started_at >= :d7 AND s.started_at < :now) AS live7,
                (SELECT IFNULL(SUM(s.minutes), 0) FROM live_session s
                   WHERE s.creator_id = c.id AND s.started_at >= :d14 AND s.started_at < :d7) AS prev7,
                (SELECT COUNT(DISTINCT (s.started_at + :offset) / 86400000) FROM live_session s
                   WHERE s.creator_id = c.id AND s.started_at >= :d30 AND s.started_at < :now) AS active30,
                (SELECT MAX(s.started_at) FROM live_session s WHERE s.creator_id = c.id AND s.started_at < :now) AS last_live
              FROM creator c WHERE c.deleted = 0 AND c.rowid >= :from ORDER BY c.id
            )
            """, arguments: ["now": now, "d7": now - 7 * Time.day, "d14": now - 14 * Time.day, "d30": now - 30 * Time.day,
                             "offset": offset, "from": fromRowid ?? 0])
        try db.execute(sql: "INSERT INTO meta(key, value) VALUES ('creator_stats_as_of', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                       arguments: [Time.iso(now)])
        if fromRowid == nil {
            // The newest LIVE session the statistics have seen: those after it (by rowid — a
            // session arriving by sync or import is a new row, whatever its start) are checked
            // against the statistics where freshness matters (Today's idle creators).
            try db.execute(sql: """
                INSERT INTO meta(key, value) VALUES ('creator_stats_session_rowid', (SELECT IFNULL(MAX(rowid), 0) FROM live_session))
                ON CONFLICT(key) DO UPDATE SET value = excluded.value
                """)
        }
    }

    /// The newest LIVE session's rowid when the statistics were last computed in full (nil:
    /// not recorded, so fresh sessions cannot be told apart).
    static func creatorStatsSessionMark(_ db: Database) throws -> Int64? {
        try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'creator_stats_session_rowid'").flatMap { Int64($0) }
    }

    // MARK: Roster

    /// Creators matching `filter`. Counts are cached until the database changes (see
    /// `CountCache`); a filter of free text alone is counted in the FTS index without
    /// touching the creator table, since the index holds live creators only.
    public func rosterCount(filter: CreatorFilter = .all, me: String? = nil, now: Millis) throws -> Int {
        try read { db in try rosterCount(db, RosterSQL.whereClause(filter, me: me, now: now)) }
    }

    func rosterCount(_ db: Database, _ w: RosterSQL.Where) throws -> Int {
        try counts.count("roster|" + w.key, tracked: w.tracked(perStage: false)) {
            if w.textOnly, let match = w.ftsMatch {
                return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM creator_fts WHERE creator_fts MATCH ?", arguments: [match]) ?? 0
            }
            // The whole roster: count a narrow partial index. SQLite 3.40 scans the table for
            // `deleted = 0` (26 MB at 100k creators: 6,464 page reads in the first frame, ~50 ms
            // warm and far more cold), not seeing that the partial index already holds only
            // those rows (1.5 MB, 10 ms).
            if w.whole {
                return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM creator c INDEXED BY creator_created WHERE c.deleted = 0") ?? 0
            }
            return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM creator c \(w.needsStats ? RosterSQL.statsJoin : "") WHERE \(w.clause)",
                                    arguments: w.arguments) ?? 0
        }
    }

    /// One page of the roster. Pages past the middle are read in reverse order from the end,
    /// so jumping to the bottom of 100k creators costs the same as the top.
    ///
    /// Free text that matches many creators (a first letter matches a third of them) is
    /// joined by walking the sort order's index and probing the match list, which stops
    /// after one page; text that matches few is looked up by rowid and sorted. Either way a
    /// page costs a few milliseconds at 100k creators.
    ///
    /// With `seek`, the page is read from a row the caller holds (keyset paging, see
    /// `PageSeek`): one index seek instead of stepping over `offset` rows, so a page in the
    /// middle costs what the top does. `offset` is then only where the page goes.
    public func rosterPage(filter: CreatorFilter = .all, sort: RosterSort = .default, me: String? = nil,
                           offset: Int, limit: Int, now: Millis, total knownTotal: Int? = nil,
                           seek: PageSeek<RosterRow>? = nil) throws -> [RosterRow] {
        try rosterPage(filter: filter, sort: sort, me: me, offset: offset, limit: limit, now: now, total: knownTotal, walkSortIndex: nil, seek: seek)
    }

    /// `walkSortIndex` forces either plan (tests check that both give the same rows).
    func rosterPage(filter: CreatorFilter, sort: RosterSort, me: String?, offset: Int, limit: Int, now: Millis, total knownTotal: Int?,
                    walkSortIndex: Bool?, seek: PageSeek<RosterRow>? = nil) throws -> [RosterRow] {
        try read { db in
            var w = RosterSQL.whereClause(filter, me: me, now: now)
            let total = try knownTotal ?? rosterCount(db, w)
            let start = max(0, offset)
            let end = min(total, start + max(0, limit))
            guard end > start else { return [] }
            if w.ftsMatch != nil && (walkSortIndex ?? (RosterSQL.hasIndex(sort) && total >= RosterSQL.denseMatches)) {
                w = RosterSQL.whereClause(filter, me: me, now: now, walkSortIndex: true)
            }
            let fromEnd: Bool
            let pageOffset: Int
            var clause = w.clause
            var arguments = w.arguments
            switch seek {
            case .after(let row, let skip)?:
                fromEnd = false
                pageOffset = skip
                clause += " AND " + RosterSQL.keyset(sort, after: row, reversed: false, arguments: &arguments)
            case .before(let row, let skip)?:
                fromEnd = true
                pageOffset = skip
                clause += " AND " + RosterSQL.keyset(sort, after: row, reversed: true, arguments: &arguments)
            case nil:
                fromEnd = start > total / 2
                pageOffset = fromEnd ? total - end : start
            }
            let order = RosterSQL.orderBy(sort, reversed: fromEnd)
            arguments += ["limit": end - start, "offset": pageOffset]
            let rows = try Row.fetchAll(db, sql: """
                SELECT c.id, c.handle, c.display_name, c.market, c.stage, c.followers, m.handle AS owner_handle,
                       IFNULL(st.live_minutes_7d, 0) AS live7d, IFNULL(st.active_days_30d, 0) AS active30d,
                       st.last_live_at AS last_live, st.health AS health
                FROM creator c
                  \(RosterSQL.statsJoin)
                  LEFT JOIN member m ON m.id = c.owner_id
                WHERE \(clause)
                ORDER BY \(order)
                LIMIT :limit OFFSET :offset
                """, arguments: arguments)
            let page = rows.map { r in
                RosterRow(id: r["id"], handle: r["handle"], displayName: r["display_name"], market: r["market"], stage: r["stage"],
                          ownerHandle: r["owner_handle"], liveMinutes7d: r["live7d"], lastLiveAt: r["last_live"], followers: r["followers"],
                          activeDays30d: r["active30d"], health: (r["health"] as String?).flatMap(CreatorFilter.Health.init(rawValue:)))
            }
            return fromEnd ? page.reversed() : page
        }
    }

    /// Ids of every creator matching `filter` (for "select all matches").
    public func rosterIDs(filter: CreatorFilter, me: String?, now: Millis) throws -> [String] {
        try read { db in
            let w = RosterSQL.whereClause(filter, me: me, now: now)
            return try String.fetchAll(db, sql: "SELECT c.id FROM creator c \(w.needsStats ? RosterSQL.statsJoin : "") WHERE \(w.clause)",
                                       arguments: w.arguments)
        }
    }
}

/// SQL for the filter language and the sort orders.
enum RosterSQL {
    static let statsJoin = "LEFT JOIN creator_stats st ON st.creator_id = c.id"

    /// A filter as SQL over `creator c` (joined with `creator_stats st` when `needsStats`).
    struct Where {
        var clause: String
        var arguments: StatementArguments
        /// Identifies the clause and its values, for the count cache.
        var key: String
        var needsStats: Bool
        /// One FTS5 query for every free-text word together (FTS5 ANDs its terms).
        var ftsMatch: String?
        /// Only free text: the FTS index alone can count it.
        var textOnly: Bool
        /// No condition but `deleted = 0`: the whole roster, which a narrow partial index counts.
        var whole = false

        /// This clause as a count the cache keeps in step with our writes. Not for free
        /// text: asking FTS5 whether one row matches a prefix costs as much as counting
        /// every match, so those counts are taken again after a write.
        func tracked(perStage: Bool) -> CountCache.TrackedCount? {
            guard ftsMatch == nil else { return nil }
            return CountCache.TrackedCount(clause: clause, arguments: arguments, needsStats: needsStats, perStage: perStage)
        }
    }

    /// Matches from which free text is joined by walking the sort index (see `rosterPage`).
    static let denseMatches = 2_000

    /// The WHERE clause for a filter. `walkSortIndex` writes the free-text term so SQLite
    /// cannot use it to pick rows by rowid and walks the ORDER BY index instead.
    static func whereClause(_ filter: CreatorFilter, me: String?, now: Millis, walkSortIndex: Bool = false) -> Where {
        var parts = ["c.deleted = 0"]
        var params = SQLParameters(prefix: "p")
        var needsStats = false
        func bind(_ value: DatabaseValueConvertible?) -> String { params.bind(value) }
        func list(_ values: [DatabaseValueConvertible]) -> String { params.list(values) }
        func add(_ predicate: String, negated: Bool) {
            parts.append(negated ? "NOT IFNULL(\(predicate), 0)" : "IFNULL(\(predicate), 0)")
        }
        func compare(_ expression: String, _ c: CreatorFilter.Comparison) -> String {
            "(\(expression)) \(c.op.rawValue) \(bind(c.value))"
        }
        let day = Double(Time.day)
        for condition in filter.conditions {
            switch condition {
            case .stage(let stages, let negated):
                add("c.stage IN \(list(stages))", negated: negated)
            case .market(let markets, let negated):
                add("c.market IN \(list(markets))", negated: negated)
            case .owner(let owners, let negated):
                var alternatives: [String] = []
                var handles: [String] = []
                for owner in owners {
                    switch owner {
                    case .me: handles.append(me ?? "\u{0}no one")
                    case .nobody: alternatives.append("c.owner_id IS NULL")
                    case .handle(let h): handles.append(h)
                    }
                }
                if !handles.isEmpty {
                    alternatives.append("c.owner_id IN (SELECT id FROM member WHERE handle IN \(list(handles)) AND deleted = 0)")
                }
                add("(" + alternatives.joined(separator: " OR ") + ")", negated: negated)
            case .tag(let tags, let negated):
                add("EXISTS (SELECT 1 FROM creator_tag t WHERE t.creator_id = c.id AND t.deleted = 0 AND t.tag IN \(list(tags)))", negated: negated)
            case .network(let networks, let negated):
                var alternatives: [String] = []
                let names = networks.compactMap { if case .named(let n) = $0 { return n.lowercased() } else { return nil } }
                if networks.contains(.nobody) { alternatives.append("c.network_id IS NULL") }
                if !names.isEmpty {
                    alternatives.append("c.network_id IN (SELECT id FROM network WHERE lower(name) IN \(list(names)) AND deleted = 0)")
                }
                add("(" + alternatives.joined(separator: " OR ") + ")", negated: negated)
            case .team(let teams, let negated):
                var alternatives: [String] = []
                let names = teams.compactMap { if case .named(let n) = $0 { return n.lowercased() } else { return nil } }
                if teams.contains(.nobody) { alternatives.append("c.team_id IS NULL") }
                if !names.isEmpty {
                    alternatives.append("c.team_id IN (SELECT id FROM team WHERE lower(name) IN \(list(names)) AND deleted = 0)")
                }
                add("(" + alternatives.joined(separator: " OR ") + ")", negated: negated)
            case .source(let sources, let negated):
                add("c.source IN \(list(sources.map(\.rawValue)))", negated: negated)
            case .kind(let kinds, let negated):
                add("c.kind IN \(list(kinds.map(\.rawValue)))", negated: negated)
            case .health(let values, let negated):
                if negated {
                    needsStats = true
                    add("st.health IN \(list(values.map(\.rawValue)))", negated: true)
                } else {
                    // Through the health index: a join over 100k creators costs 100 ms.
                    parts.append("c.id IN (SELECT creator_id FROM creator_stats WHERE health IN \(list(values.map(\.rawValue))))")
                }
            case .idleDays(let c):
                needsStats = true
                parts.append(compare("IFNULL((\(bind(now)) - st.last_live_at) / \(day), 1e18)", c))
            case .live7dMinutes(let c):
                needsStats = true
                parts.append(compare("IFNULL(st.live_minutes_7d, 0)", c))
            case .activeDays30d(let c):
                needsStats = true
                parts.append(compare("IFNULL(st.active_days_30d, 0)", c))
            case .followers(let c):
                parts.append(compare("c.followers", c))
            case .createdDays(let c):
                parts.append(compare("(\(bind(now)) - c.created_at) / \(day)", c))
            }
        }
        var handleWords = false
        var matches: [String] = []
        for word in filter.words {
            if word.hasPrefix("@") {
                // A handle: exact prefix on the handle index.
                handleWords = true
                let lower = word.lowercased()
                parts.append("c.handle >= \(bind(lower)) AND c.handle < \(bind(lower + "\u{10FFFF}"))")
            } else if let match = ftsQuery(word) {
                matches.append(match)
            }
        }
        let ftsMatch = matches.isEmpty ? nil : matches.joined(separator: " ")
        if let ftsMatch {
            parts.append("\(walkSortIndex ? "+" : "")c.rowid IN (SELECT rowid FROM creator_fts WHERE creator_fts MATCH \(bind(ftsMatch)))")
        }
        let clause = parts.joined(separator: " AND ")
        return Where(clause: clause, arguments: params.arguments, key: params.key(clause), needsStats: needsStats,
                     ftsMatch: ftsMatch, textOnly: ftsMatch != nil && filter.conditions.isEmpty && !handleWords, whole: parts.count == 1)
    }

    /// Whether a sort order has an index SQLite can walk.
    static func hasIndex(_ sort: RosterSort) -> Bool {
        switch sort.column {
        case .handle, .name, .market, .stage, .followers: return true
        case .owner, .live7d, .active30d, .lastLive, .health: return false
        }
    }

    /// An FTS5 query for one free-text word or phrase: each run of letters and digits becomes
    /// a quoted prefix term, so punctuation can never be read as FTS syntax.
    static func ftsQuery(_ text: String) -> String? {
        var tokens: [String] = []
        var current = ""
        for scalar in text.unicodeScalars {
            if scalar.properties.isAlphabetic || scalar.properties.numericType != nil || scalar.properties.generalCategory == .nonspacingMark {
                current.unicodeScalars.append(scalar)
            } else if !current.isEmpty {
                tokens.append(current)
                current = ""
            }
        }
        if !current.isEmpty { tokens.append(current) }
        guard !tokens.isEmpty else { return nil }
        return tokens.map { "\"\($0.replacingOccurrences(of: "\"", with: "\"\""))\"*" }.joined(separator: " ")
    }

    /// The sort key of a column other than the handle, as SQL and as the value a row holds.
    /// Never NULL, so a keyset comparison (`keyset`) has a value to compare with.
    static func sortKey(_ column: RosterColumn, of row: RosterRow? = nil) -> (sql: String, value: DatabaseValueConvertible?) {
        switch column {
        case .handle: return ("c.handle", row?.handle)
        case .name: return ("c.display_name COLLATE NOCASE", row?.displayName)
        case .market: return ("c.market", row?.market)
        case .stage: return ("c.stage", row?.stage)
        // (No owner sorts first, as NULL did: every handle is longer than "".)
        case .owner: return ("IFNULL((SELECT handle FROM member WHERE id = c.owner_id), '')", row.map { $0.ownerHandle ?? "" })
        case .live7d: return ("IFNULL(st.live_minutes_7d, 0)", row?.liveMinutes7d)
        case .active30d: return ("IFNULL(st.active_days_30d, 0)", row?.activeDays30d)
        case .lastLive: return ("IFNULL(st.last_live_at, 0)", row.map { $0.lastLiveAt ?? 0 })
        case .followers: return ("c.followers", row?.followers)
        case .health:
            let rank: Int? = row.map {
                switch $0.health { case .idle?: 0; case .slipping?: 1; case .active?: 2; case nil: 3 }
            }
            return ("CASE st.health WHEN 'idle' THEN 0 WHEN 'slipping' THEN 1 WHEN 'active' THEN 2 ELSE 3 END", rank)
        }
    }

    /// ORDER BY for a sort; `reversed` flips every key (used to read pages from the end).
    static func orderBy(_ sort: RosterSort, reversed: Bool) -> String {
        let descending = sort.descending != reversed
        let dir = descending ? "DESC" : "ASC"
        let tie = "c.handle \(reversed ? "DESC" : "ASC")"
        if sort.column == .handle { return "c.handle \(dir)" }
        return "\(sortKey(sort.column).sql) \(dir), \(tie)"
    }

    /// The rows that come after `row` in `orderBy(sort, reversed:)`: the keyset predicate of
    /// a page read from a row the caller holds. Written as a range on the sort key (which an
    /// index can seek) narrowed by the handle on ties, not as an OR SQLite cannot seek.
    static func keyset(_ sort: RosterSort, after row: RosterRow, reversed: Bool, arguments: inout StatementArguments) -> String {
        let descending = sort.descending != reversed
        let handleAfter = "c.handle \((sort.column == .handle ? descending : reversed) ? "<" : ">") :seekHandle"
        arguments += ["seekHandle": row.handle]
        guard sort.column != .handle else { return handleAfter }
        let key = sortKey(sort.column, of: row)
        arguments += ["seekKey": key.value]
        return "\(key.sql) \(descending ? "<=" : ">=") :seekKey AND (\(key.sql) \(descending ? "<" : ">") :seekKey OR \(handleAfter))"
    }
}
