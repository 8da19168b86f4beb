import Foundation
import Testing
@testable import GreenroomCore

/// `KPIDrillSummary` (what a drill-down's rows add up to) reads its rows in one pass; the
/// oracle is the definition as it was first written, filter by filter.
@Suite struct KPIDrillSummaryTests {
    /// The summary from the definition: the counted rows (the base rows for a ratio of sums),
    /// their first figures summed, the second figures of the base rows summed, then the count,
    /// sum, mean, median or ratio.
    static func oracle(_ id: KPIID, _ rows: [KPIDrillRow]) -> KPIDrillSummary.Fields {
        let counted = rows.filter(\.counted).count
        let base = rows.filter(\.inBase).count
        let summed = id.drillTotal == .sumRatio ? rows.filter(\.inBase) : rows.filter(\.counted)
        let first = summed.compactMap { $0.cells.first?.number }
        let sum = first.reduce(0, +)
        let otherSum = rows.filter(\.inBase).compactMap { $0.cells.count > 1 ? $0.cells[1].number : nil }.reduce(0, +)
        let sorted = first.sorted()
        var value: Double?, companion: Double?
        switch id.drillTotal {
        case .rows: value = id.unit == "%" ? (base > 0 ? Double(counted) / Double(base) : nil) : Double(counted)
        case .sum: value = sum
        case .mean:
            value = first.isEmpty ? nil : sum / Double(first.count)
            companion = Percentile.of(sorted, 0.5)
        case .median:
            value = Percentile.of(sorted, 0.5)
            companion = Percentile.of(sorted, 0.9)
        case .sumRatio: value = sum + otherSum > 0 ? sum / (sum + otherSum) : nil
        }
        return .init(counted: counted, base: base, sum: sum, otherSum: otherSum, value: value, companion: companion)
    }

    @Test func theOnePassSummaryIsTheDefinitionForEveryKPIAndMix() {
        var rng = SystemRandomNumberGenerator()
        func cell() -> KPIDrillCell {
            switch Int.random(in: 0..<8, using: &rng) {
            case 0: return .count(Int.random(in: 0...9, using: &rng))
            case 1: return .hours(Double.random(in: 0...30, using: &rng))
            case 2: return .minutes(Double.random(in: 0...900, using: &rng))
            case 3: return .days(Double.random(in: 0...40, using: &rng))
            case 4: return .viewerMinutes(Int.random(in: 0...100_000, using: &rng))
            case 5: return .instant(Int64.random(in: 0...1_800_000_000_000, using: &rng))
            case 6: return .text("x")
            default: return .none
            }
        }
        var cases = 0
        for id in KPIID.allCases {
            for size in [0, 1, 2, 3, 10, 57, 400] {
                for _ in 0..<4 {
                    let rows = (0..<size).map { i in
                        KPIDrillRow(id: "r\(i % max(1, size - 2))", counted: Bool.random(using: &rng), inBase: Bool.random(using: &rng),
                                    cells: (0..<Int.random(in: 0...3, using: &rng)).map { _ in cell() })
                    }
                    let s = KPIDrillSummary(id, rows: rows)
                    let got = KPIDrillSummary.Fields(counted: s.counted, base: s.base, sum: s.sum, otherSum: s.otherSum, value: s.value, companion: s.companion)
                    let want = Self.oracle(id, rows)
                    // Bit for bit, NaN-free: the same additions in the same order.
                    #expect(got == want, "\(id) \(size)")
                    cases += 1
                }
            }
        }
        #expect(cases == KPIID.allCases.count * 28)
    }
}

extension KPIDrillSummary {
    struct Fields: Equatable {
        var counted: Int, base: Int, sum: Double, otherSum: Double, value: Double?, companion: Double?
    }
}
