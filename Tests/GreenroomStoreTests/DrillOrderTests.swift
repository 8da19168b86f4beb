import Foundation
import GRDB
import Testing
import GreenroomCore
@testable import GreenroomStore

/// The drill-down's row order computed on integer keys (issue 23) against its definition —
/// the comparison of the rows themselves, as text — over random rows.
@Suite struct DrillOrderTests {
    /// A random lowercase UUID; `sharing`: one of a few with the same first 16 digits (as ids
    /// made in one millisecond nearly do), so the order falls to the last 16.
    static func randomUUID<G: RandomNumberGenerator>(_ g: inout G, sharing: Bool = false) -> String {
        let hex = Array("0123456789abcdef")
        var s = ""
        for i in 0..<36 {
            s.append([8, 13, 18, 23].contains(i) ? "-" : hex[Int.random(in: 0..<16, using: &g)])
        }
        return sharing ? "01a107aa-5b18-7946-" + s.dropFirst(19) : s
    }

    @Test func uuidKeysOrderExactlyAsTheirText() {
        var g = SeededGenerator(seed: 23)
        let ids = (0..<3_000).map { i in Self.randomUUID(&g, sharing: i % 3 == 0) }
        for id in ids { #expect(UUIDv7.orderKey(id) != nil, "\(id)") }
        let byKey = ids.sorted { a, b in
            let ka = UUIDv7.orderKey(a)!, kb = UUIDv7.orderKey(b)!
            return ka.high != kb.high ? ka.high < kb.high : ka.low < kb.low
        }
        #expect(byKey == ids.sorted())
        for (a, b) in zip(ids, ids.dropFirst()) {
            let ka = UUIDv7.orderKey(a)!, kb = UUIDv7.orderKey(b)!
            #expect((ka.high == kb.high && ka.low == kb.low) == (a == b))
        }
        // Ids made by Greenroom are keys too.
        #expect(UUIDv7.orderKey(UUIDv7.make(millis: 1_795_000_000_000)) != nil)
    }

    @Test func anythingButALowercaseHyphenatedUUIDHasNoKey() {
        let good = "01a107aa-5b18-7946-ae93-b85fe0096e89"
        #expect(UUIDv7.orderKey(good) != nil)
        for bad in ["01A107AA-5B18-7946-AE93-B85FE0096E89", String(good.dropLast()), good + "0",
                    "01a107aa5-b18-7946-ae93-b85fe0096e89", "01a107aa-5b18-7946-ae93-b85fe0096e8g",
                    "01a107aa-5b18-7946-ae93-b85fe0096é", "", "creator-1", "01a107aa 5b18 7946 ae93 b85fe0096e89"] {
            #expect(UUIDv7.orderKey(bad) == nil, "\(bad)")
        }
    }

    /// A day's sessions summed per creator as the drill-down reads them (SQLite's C interface,
    /// keyed by the id's bits), against sums made here: creators with UUID ids, and one whose
    /// id is other text (a legacy or hand-made id), which is keyed by its text.
    @Test func aDaysSessionsAreSummedPerCreatorWhateverTheIdLooksLike() throws {
        let f = try Fixture()
        let day = KPIPeriod(start: pinnedNow - Time.day, end: pinnedNow)
        var g = SeededGenerator(seed: 11)
        let creators = (0..<30).map { i in Self.randomUUID(&g, sharing: i % 2 == 0) } + ["legacy-creator", "01a107aa-5b18-7946-AE93-b85fe0096e89"]
        var expected: [String: (sessions: Int, minutes: Int, viewerMinutes: Int)] = [:]
        try f.store.write { db in
            for n in 0..<200 {
                let creator = creators[n % creators.count]
                let at = day.start + Millis(n) * 60_000
                // Outside the day: not counted.
                let inside = n % 17 != 0
                let minutes = n % 7 + 1, viewerMinutes = n * 3
                try db.execute(sql: """
                    INSERT INTO live_session(id, creator_id, started_at, minutes, peak_viewers, viewer_minutes, gifts, hlc)
                    VALUES (?, ?, ?, ?, 1, ?, 0, ?)
                    """, arguments: [UUIDv7.make(millis: at), creator, inside ? at : day.end + 1, minutes, viewerMinutes, Store.genesis.encoded])
                if inside {
                    expected[creator, default: (0, 0, 0)].sessions += 1
                    expected[creator, default: (0, 0, 0)].minutes += minutes
                    expected[creator, default: (0, 0, 0)].viewerMinutes += viewerMinutes
                }
            }
        }
        let active = try f.store.kpiDrillDown(.activeCreators, period: day, scope: .all, now: pinnedNow)
        #expect(active.ids == expected.keys.sorted())
        #expect(active.rows.map(\.id) == expected.keys.sorted())
        for row in active.rows {
            let e = try #require(expected[row.id])
            #expect(row.cells == [.count(e.sessions), .hours(Double(e.minutes) / 60)], "\(row.id)")
        }
        let consumption = try f.store.kpiDrillDown(.contentConsumption, period: day, scope: .all, now: pinnedNow)
        for row in consumption.rows {
            let e = try #require(expected[row.id])
            #expect(row.cells == [.viewerMinutes(e.viewerMinutes), .count(e.sessions)], "\(row.id)")
        }
        #expect(active.value.value == Double(expected.count))
    }

    /// The definition: counted rows, then base-only rows, then the others; by id, then by
    /// first figure; ties in their first order.
    static func reference(_ rows: [KPIDrillRow]) -> [KPIDrillRow] {
        func rank(_ r: KPIDrillRow) -> Int { r.counted ? 0 : r.inBase ? 1 : 2 }
        return rows.enumerated().sorted { a, b in
            let ra = rank(a.element), rb = rank(b.element)
            if ra != rb { return ra < rb }
            if a.element.id != b.element.id { return a.element.id < b.element.id }
            let fa = a.element.cells.first?.number ?? 0, fb = b.element.cells.first?.number ?? 0
            return fa != fb ? fa < fb : a.offset < b.offset
        }.map(\.element)
    }

    @Test func drillRowsAreInTheDefinedOrder() {
        var g = SeededGenerator(seed: 7)
        for round in 0..<40 {
            let pool = (0..<max(1, round * 5)).map { i in Self.randomUUID(&g, sharing: i % 2 == 0) }
            var rows = (0..<(round * 20)).map { i -> KPIDrillRow in
                let counted = Bool.random(using: &g)
                let cells: [KPIDrillCell] = switch Int.random(in: 0..<4, using: &g) {
                case 0: []
                case 1: [.text("x")]
                case 2: [.count(Int.random(in: 0..<3, using: &g))]
                default: [.hours(Double(Int.random(in: 0..<3, using: &g)) / 2), .count(i)]
                }
                return KPIDrillRow(id: pool.randomElement(using: &g)!, counted: counted,
                                   inBase: counted || Bool.random(using: &g), cells: cells)
            }
            #expect(Store.drillOrder(rows) == Self.reference(rows), "round \(round)")
            // Rows already in order (as the session KPIs hand theirs over) stay as they are.
            let ordered = Self.reference(rows)
            #expect(Store.drillOrder(ordered) == ordered, "round \(round) in order")
            // One id that is not a UUID sorts every row as text, in the same order.
            if !rows.isEmpty {
                rows[rows.count / 2].id = "legacy-\(round)"
                #expect(Store.drillOrder(rows) == Self.reference(rows), "round \(round) with text id")
            }
        }
    }
}
