import Foundation

/// A KPI period as a screen or report shows it: a complete day, ISO week or month, or — while
/// it has not ended — its part made of complete days, compared with the same days of the
/// period before (issue 20).
///
/// **Why complete days.** The current week on a Friday morning holds four complete days and a
/// few hours; counting those hours would make every count look like a drop against any full
/// day. So a partial period counts from its start to the start of today (team time zone),
/// and the comparison is the period before cut to the same number of days — Monday to
/// Thursday against Monday to Thursday — never against a whole week. A month compares its
/// first N days with the first N days of the month before (the whole month before when that
/// one is shorter). A period with no complete day yet (today is its first day) has nothing
/// to show: `days == 0`.
public struct KPIPeriodSpan: Hashable, Sendable {
    public var unit: KPIPeriodUnit
    /// The whole period, as the calendar has it.
    public var full: KPIPeriod
    /// What is counted: `full`, or its complete days while it has not ended.
    public var counted: KPIPeriod
    /// What it is compared with: the whole period before, or the same days of it.
    public var previous: KPIPeriod
    /// Complete days counted, and days in the whole period.
    public var days: Int
    public var daysInPeriod: Int

    public init(unit: KPIPeriodUnit, full: KPIPeriod, counted: KPIPeriod, previous: KPIPeriod, days: Int, daysInPeriod: Int) {
        self.unit = unit; self.full = full; self.counted = counted; self.previous = previous; self.days = days; self.daysInPeriod = daysInPeriod
    }

    public var isPartial: Bool { counted.end < full.end }

    /// "partial, 4 of 7 days" (nil for a complete period).
    public var partialNote: String? {
        isPartial ? "partial, \(days) of \(daysInPeriod) day\(daysInPeriod == 1 ? "" : "s")" : nil
    }
}

extension TeamCalendar {
    /// Days from one local midnight to another (DST-safe).
    public func days(from start: Millis, to end: Millis) -> Int {
        var n = 0
        var t = start
        while t < end { t = addDays(1, to: t); n += 1 }
        return n
    }

    /// The span of a whole period of `unit` as of `now`: complete, or partial with its
    /// complete days (see `KPIPeriodSpan`). A period that starts after today is returned
    /// with no day counted.
    public func span(_ unit: KPIPeriodUnit, _ full: KPIPeriod, now: Millis) -> KPIPeriodSpan {
        let before: KPIPeriod
        switch unit {
        case .day: before = KPIPeriod(start: addDays(-1, to: full.start), end: full.start)
        case .week: before = KPIPeriod(start: addDays(-7, to: full.start), end: full.start)
        case .month: before = KPIPeriod(start: addMonths(-1, to: full.start), end: full.start)
        }
        let total = days(from: full.start, to: full.end)
        guard full.end > now else {
            return KPIPeriodSpan(unit: unit, full: full, counted: full, previous: before, days: total, daysInPeriod: total)
        }
        let cut = max(full.start, min(full.end, startOfDay(now)))
        let counted = days(from: full.start, to: cut)
        let previousEnd = min(before.end, addDays(counted, to: before.start))
        return KPIPeriodSpan(unit: unit, full: full, counted: KPIPeriod(start: full.start, end: cut),
                             previous: KPIPeriod(start: before.start, end: previousEnd), days: counted, daysInPeriod: total)
    }

    /// "2026-11-19", "2026-W47" or "2026-11" for the period starting at `start`.
    public func periodName(_ unit: KPIPeriodUnit, start: Millis) -> String {
        switch unit {
        case .day: return DateInput.format(start, zone: zone)
        case .week: return isoWeekString(start)
        case .month: return String(DateInput.format(start, zone: zone).prefix(7))
        }
    }

    /// "2026-W47 · partial, 4 of 7 days", or just "2026-W46" for a complete period.
    public func label(_ span: KPIPeriodSpan, separator: String = " · ") -> String {
        periodName(span.unit, start: span.full.start) + (span.partialNote.map { separator + $0 } ?? "")
    }

    /// "2026-11-16 – 2026-11-19": the local days a period covers (its last day inclusive).
    public func dayRange(_ p: KPIPeriod, dash: String = " – ") -> String {
        let first = DateInput.format(p.start, zone: zone)
        guard p.end > p.start else { return first + dash + "(no day)" }
        let last = DateInput.format(p.end - 1, zone: zone)
        return first == last ? first : first + dash + last
    }
}
