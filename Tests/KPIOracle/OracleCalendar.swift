import Foundation

/// Periods in the team's time zone and the SLA clock, from Foundation's calendar alone.
public struct OraclePeriod: Hashable, Sendable, CustomStringConvertible {
    public var start: Int64
    public var end: Int64
    public init(start: Int64, end: Int64) { self.start = start; self.end = end }
    public func contains(_ t: Int64) -> Bool { t >= start && t < end }
    public var description: String { "[\(Date(timeIntervalSince1970: Double(start) / 1000)), \(Date(timeIntervalSince1970: Double(end) / 1000)))" }
}

public enum OracleUnit: String, Sendable, CaseIterable { case day, week, month }

public struct OracleCalendar: Sendable {
    let calendar: Calendar

    public init(zone: TimeZone) {
        var c = Calendar(identifier: .iso8601)
        c.timeZone = zone
        c.firstWeekday = 2
        c.minimumDaysInFirstWeek = 4
        calendar = c
    }

    static func ms(_ d: Date) -> Int64 { Int64((d.timeIntervalSince1970 * 1000).rounded()) }
    static func date(_ t: Int64) -> Date { Date(timeIntervalSince1970: Double(t) / 1000) }

    /// The day, ISO week or month containing `t`.
    public func period(_ unit: OracleUnit, containing t: Int64) -> OraclePeriod {
        let component: Calendar.Component = unit == .day ? .day : unit == .week ? .weekOfYear : .month
        let interval = calendar.dateInterval(of: component, for: Self.date(t))!
        return OraclePeriod(start: Self.ms(interval.start), end: Self.ms(interval.end))
    }

    /// The `count` complete periods before the one containing `now`, oldest first.
    public func completePeriods(_ unit: OracleUnit, count: Int, now: Int64) -> [OraclePeriod] {
        var out: [OraclePeriod] = []
        var p = period(unit, containing: now)
        for _ in 0..<count {
            p = period(unit, containing: p.start - 1)
            out.insert(p, at: 0)
        }
        return out
    }

    public func startOfDay(_ t: Int64) -> Int64 { Self.ms(calendar.startOfDay(for: Self.date(t))) }
    public func addDays(_ n: Int, _ t: Int64) -> Int64 { Self.ms(calendar.date(byAdding: .day, value: n, to: Self.date(t))!) }

    /// The week N weeks after the ISO week holding `t`.
    public func weekAfter(_ n: Int, _ t: Int64) -> OraclePeriod {
        let week = period(.week, containing: t)
        let start = addDays(7 * n, week.start)
        return OraclePeriod(start: start, end: addDays(7, start))
    }
}

/// Calendar time, or business time: the minutes inside each working day's hours, a working
/// day being a local day of the hours' zone on a working weekday that is not a holiday.
struct OracleClock {
    let hours: OracleData.Hours?
    let calendar: Calendar?

    init(_ hours: OracleData.Hours?) {
        guard let h = hours, let tz = TimeZone(identifier: h.zone), !h.weekdays.isEmpty, h.endMinute > h.startMinute,
              (0...1440).contains(h.startMinute), (0...1440).contains(h.endMinute) else {
            self.hours = nil; calendar = nil; return
        }
        var c = Calendar(identifier: .gregorian)
        c.timeZone = tz
        self.hours = h
        calendar = c
    }

    /// The working interval of the local day starting at `dayStart`, if it is a working day.
    func workingInterval(_ dayStart: Date) -> (Int64, Int64)? {
        guard let h = hours, let c = calendar else { return nil }
        let weekday = c.component(.weekday, from: dayStart) // 1 = Sunday
        let iso = weekday == 1 ? 7 : weekday - 1
        let comps = c.dateComponents([.year, .month, .day], from: dayStart)
        let name = String(format: "%04d-%02d-%02d", comps.year!, comps.month!, comps.day!)
        guard h.weekdays.contains(iso), !h.holidays.contains(name) else { return nil }
        func wall(_ minute: Int) -> Int64 {
            if minute == 1440 { return OracleCalendar.ms(c.date(byAdding: .day, value: 1, to: dayStart)!) }
            var x = comps
            x.hour = minute / 60; x.minute = minute % 60
            return OracleCalendar.ms(c.date(from: x)!)
        }
        return (wall(h.startMinute), wall(h.endMinute))
    }

    /// Counted milliseconds in [from, to).
    func elapsed(_ from: Int64, _ to: Int64) -> Int64 {
        guard to > from else { return 0 }
        guard let c = calendar else { return to - from }
        var total: Int64 = 0
        var day = c.startOfDay(for: OracleCalendar.date(from))
        while OracleCalendar.ms(day) < to {
            if let (s, e) = workingInterval(day) { total += max(0, min(e, to) - max(s, from)) }
            day = c.date(byAdding: .day, value: 1, to: day)!
        }
        return total
    }

    /// The earliest instant at which `amount` counted milliseconds have passed since `from`.
    func advance(_ from: Int64, _ amount: Int64) -> Int64 {
        guard amount > 0 else { return from }
        guard let c = calendar else { return from + amount }
        var left = amount
        var day = c.startOfDay(for: OracleCalendar.date(from))
        for _ in 0..<100_000 {
            if let (s, e) = workingInterval(day), e > from {
                let lo = max(s, from)
                if left <= e - lo { return lo + left }
                left -= e - lo
            }
            day = c.date(byAdding: .day, value: 1, to: day)!
        }
        return Int64.max
    }
}
