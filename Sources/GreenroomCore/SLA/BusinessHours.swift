import Foundation
import Synchronization

/// The team's working hours for business-hours SLA targets. A team setting (JSON-coded).
///
/// A working day is a *local calendar day* in `timeZone` whose ISO weekday is in `weekdays`
/// and whose date is not in `holidays`. Its working interval runs from the instant the local
/// wall clock shows `startMinute` to the instant it shows `endMinute`, so a 09:00–17:00 day
/// is eight hours even on a daylight-saving switch day (the switch happens at night). If a
/// switch does fall inside the working interval, the interval counts the real time between
/// the two instants (a 00:00–24:00 day is 23 hours on spring-forward day). A wall time that
/// does not exist (skipped by spring-forward) is read with the offset before the switch,
/// i.e. pushed forward like Foundation's `Calendar`; a wall time that occurs twice (fall-back)
/// is its first occurrence.
public struct BusinessHours: Hashable, Codable, Sendable {
    /// IANA id, e.g. "America/New_York".
    public var timeZone: String
    /// ISO weekdays that are working days, 1 = Monday … 7 = Sunday.
    public var weekdays: [Int]
    /// Minutes after local midnight the day starts, e.g. 9*60.
    public var startMinute: Int
    /// Minutes after local midnight the day ends, e.g. 18*60 (> startMinute, at most 1440).
    public var endMinute: Int
    /// Local dates "YYYY-MM-DD" that are not working days.
    public var holidays: [String]

    public init(timeZone: String, weekdays: [Int], startMinute: Int, endMinute: Int, holidays: [String]) {
        self.timeZone = timeZone; self.weekdays = weekdays; self.startMinute = startMinute
        self.endMinute = endMinute; self.holidays = holidays
    }

    /// UTC, Monday–Friday, 09:00–17:00, no holidays.
    public static let standard = BusinessHours(timeZone: "UTC", weekdays: [1, 2, 3, 4, 5],
                                               startMinute: 9 * 60, endMinute: 17 * 60, holidays: [])

    private enum CodingKeys: String, CodingKey {
        case timeZone, weekdays, startMinute, endMinute, holidays
    }

    /// Decodes the JSON setting; a missing `holidays` key means none.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        timeZone = try c.decode(String.self, forKey: .timeZone)
        weekdays = try c.decode([Int].self, forKey: .weekdays)
        startMinute = try c.decode(Int.self, forKey: .startMinute)
        endMinute = try c.decode(Int.self, forKey: .endMinute)
        holidays = try c.decodeIfPresent([String].self, forKey: .holidays) ?? []
    }

    /// nil when valid, else a one-line reason (unknown zone, empty weekdays, weekday outside
    /// 1…7, end <= start, start/end outside 0…1440, malformed or impossible holiday date).
    public func validationError() -> String? {
        if TimeZone(identifier: timeZone) == nil { return "unknown time zone \"\(timeZone)\"" }
        if weekdays.isEmpty { return "no working weekdays (need at least one of 1…7, 1 = Monday)" }
        if let bad = weekdays.first(where: { !(1...7).contains($0) }) {
            return "weekday \(bad) is outside 1…7 (1 = Monday, 7 = Sunday)"
        }
        if !(0...1440).contains(startMinute) { return "start minute \(startMinute) is outside 0…1440" }
        if !(0...1440).contains(endMinute) { return "end minute \(endMinute) is outside 0…1440" }
        if endMinute <= startMinute {
            return "end \(Self.clock(endMinute)) is not after start \(Self.clock(startMinute))"
        }
        for holiday in holidays {
            switch CivilDate.parse(holiday) {
            case .malformed: return "holiday \"\(holiday)\" is not a YYYY-MM-DD date"
            case .impossible: return "holiday \"\(holiday)\" is not a real date"
            case .day: continue
            }
        }
        return nil
    }

    private static func clock(_ minute: Int) -> String {
        let h = minute / 60, m = minute % 60
        return (h < 10 ? "0" : "") + "\(h):" + (m < 10 ? "0" : "") + "\(m)"
    }
}

/// Minutes on a clock: calendar minutes, or only the minutes inside business hours.
///
/// Calendar time counts every millisecond. Business time counts only the milliseconds inside
/// working intervals (see `BusinessHours`). Invalid hours (`validationError() != nil`) fall
/// back to calendar time so that a bad setting never leaves a target without a due time.
/// Business time is counted between 1900 and 2200; instants outside that span are clamped.
///
/// Working intervals are computed once per distinct `BusinessHours` (shared, thread-safe
/// cache) into a table with running totals, so `elapsed` is two binary searches and `advance`
/// three, whatever the amount.
public struct SLAClock: Sendable {
    let calendar: WorkingCalendar?

    /// nil = calendar time (24/7).
    public init(hours: BusinessHours?) {
        calendar = hours.flatMap(WorkingCalendar.shared(for:))
    }

    /// Whether this clock counts only business hours.
    public var isBusinessTime: Bool { calendar != nil }

    /// Counted milliseconds in [from, to) (0 if to <= from).
    public func elapsed(from: Millis, to: Millis) -> Millis {
        guard to > from else { return 0 }
        guard let calendar else { return to &- from }
        return calendar.elapsed(from: from, to: to)
    }

    /// The instant at which `amount` counted milliseconds have passed since `from` (from itself
    /// when amount <= 0): the earliest instant `t` with `elapsed(from, t) == amount`. For
    /// business hours, if `from` is outside working time, counting starts at the next opening;
    /// an amount that ends exactly at a closing instant lands on that closing instant.
    /// `Millis.max` when the instant is beyond what can be represented or counted.
    public func advance(_ from: Millis, by amount: Millis) -> Millis {
        guard amount > 0 else { return from }
        guard let calendar else {
            let (sum, overflow) = from.addingReportingOverflow(amount)
            return overflow ? .max : sum
        }
        return calendar.advance(from, by: amount)
    }
}

// MARK: - Civil dates

/// Proleptic Gregorian date arithmetic on day numbers (days since 1970-01-01).
enum CivilDate {
    enum Parsed: Equatable { case day(Int), malformed, impossible }

    /// Parses a strict "YYYY-MM-DD".
    static func parse(_ text: String) -> Parsed {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return .malformed }
        func number(_ range: Range<Int>) -> Int? {
            var n = 0
            for i in range {
                let b = bytes[i]
                guard b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9") else { return nil }
                n = n * 10 + Int(b - UInt8(ascii: "0"))
            }
            return n
        }
        guard let y = number(0..<4), let m = number(5..<7), let d = number(8..<10) else { return .malformed }
        guard y >= 1, (1...12).contains(m), d >= 1, d <= daysInMonth(year: y, month: m) else { return .impossible }
        return .day(dayNumber(year: y, month: m, day: d))
    }

    static func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
    static func dayNumber(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// ISO weekday (1 = Monday … 7 = Sunday) of a day number; 1970-01-01 was a Thursday.
    static func isoWeekday(_ day: Int) -> Int {
        ((day % 7 + 7 + 3) % 7) + 1
    }

    /// Floor division of an instant into its UTC day number.
    static func utcDay(_ t: Millis) -> Int {
        Int(t >= 0 ? t / Time.day : -((-t + Time.day - 1) / Time.day))
    }
}

// MARK: - Working calendar

/// The working intervals of one `BusinessHours`, as a table of UTC instants with running totals.
/// Immutable apart from the table, which grows on demand under a lock; readers work on an
/// immutable snapshot.
final class WorkingCalendar: Sendable {
    /// Supported local days: 1900-01-01 ..< 2200-01-01.
    static let minDay = CivilDate.dayNumber(year: 1900, month: 1, day: 1)
    static let maxDay = CivilDate.dayNumber(year: 2200, month: 1, day: 1)

    private static let registry = Mutex<[BusinessHours: WorkingCalendar?]>([:])

    /// The shared calendar for `hours`, or nil when the hours are invalid (calendar time).
    static func shared(for hours: BusinessHours) -> WorkingCalendar? {
        if let cached = registry.withLock({ $0[hours] }) { return cached }
        let made = WorkingCalendar(hours)
        return registry.withLock { entries in
            if let cached = entries[hours] { return cached }
            if entries.count >= 64 { entries.removeAll() }
            entries[hours] = made
            return made
        }
    }

    let zone: TimeZone
    private let startOffset: Millis
    private let endOffset: Millis
    private let workdays: [Bool]   // index 1...7
    private let holidays: Set<Int>
    private let table: Mutex<WorkingTable?>

    init?(_ hours: BusinessHours) {
        guard hours.validationError() == nil, let zone = TimeZone(identifier: hours.timeZone) else { return nil }
        self.zone = zone
        startOffset = Millis(hours.startMinute) * Time.minute
        endOffset = Millis(hours.endMinute) * Time.minute
        var w = [Bool](repeating: false, count: 8)
        for d in hours.weekdays { w[d] = true }
        workdays = w
        var set = Set<Int>()
        for h in hours.holidays { if case .day(let n) = CivilDate.parse(h) { set.insert(n) } }
        holidays = set
        table = Mutex(nil)
    }

    // MARK: Queries

    func elapsed(from: Millis, to: Millis) -> Millis {
        let a = clamp(from), b = clamp(to)
        guard b > a else { return 0 }
        let t = snapshot(covering: a, b)
        return t.counted(upTo: b) - t.counted(upTo: a)
    }

    func advance(_ from: Millis, by amount: Millis) -> Millis {
        let a = clamp(from)
        var t = snapshot(covering: a, a)
        while true {
            // Counted totals are relative to the table's first day, so the target is taken
            // afresh from each snapshot.
            let (target, overflow) = t.counted(upTo: a).addingReportingOverflow(amount)
            if overflow { return .max }
            if let instant = t.instant(reaching: target) { return max(instant, from) }
            // Not within the table: grow it forward (geometrically) unless at the limit.
            if t.endDay >= Self.maxDay { return .max }
            let span = Millis(max(t.endDay - t.firstDay, 366)) * Time.day
            let far = Millis(t.endDay) * Time.day + span
            t = snapshot(covering: a, min(far, Millis(Self.maxDay) * Time.day))
        }
    }

    private func clamp(_ t: Millis) -> Millis {
        min(max(t, Millis(Self.minDay + 1) * Time.day), Millis(Self.maxDay - 1) * Time.day)
    }

    /// A table whose days certainly contain the local days of `a` and `b` (a <= b).
    private func snapshot(covering a: Millis, _ b: Millis) -> WorkingTable {
        // Local midnight is within ±14 h of UTC midnight, so one day of margin suffices.
        let lo = max(CivilDate.utcDay(a) - 1, Self.minDay)
        let hi = min(CivilDate.utcDay(b) + 2, Self.maxDay)
        return table.withLock { current in
            if let t = current, t.firstDay <= lo, t.endDay >= hi { return t }
            var first = lo - 366, end = hi + 3 * 366
            if let t = current {
                let size = t.endDay - t.firstDay
                first = min(t.firstDay, lo < t.firstDay ? lo - size : lo)
                end = max(t.endDay, hi > t.endDay ? hi + size : hi)
            }
            let built = build(firstDay: max(first, Self.minDay), endDay: min(end, Self.maxDay))
            current = built
            return built
        }
    }

    // MARK: Building

    private func build(firstDay: Int, endDay: Int) -> WorkingTable {
        var opens: [Millis] = [], closes: [Millis] = [], ends: [Millis] = []
        let capacity = (endDay - firstDay) * 5 / 7 + 8
        opens.reserveCapacity(capacity); closes.reserveCapacity(capacity); ends.reserveCapacity(capacity)
        var total: Millis = 0
        var lastClose = Millis.min
        for day in firstDay..<endDay {
            guard workdays[CivilDate.isoWeekday(day)], !holidays.contains(day) else { continue }
            let midnight = Millis(day) * Time.day
            let open = max(instant(localWallTime: midnight + startOffset), lastClose)
            let close = instant(localWallTime: midnight + endOffset)
            guard close > open else { continue }
            total += close - open
            opens.append(open); closes.append(close); ends.append(total)
            lastClose = close
        }
        return WorkingTable(firstDay: firstDay, endDay: endDay, opens: opens, closes: closes, cumulativeEnds: ends)
    }

    private func offset(at t: Millis) -> Millis {
        Millis(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(t) / 1000))) * 1000
    }

    /// The UTC instant at which the local wall clock shows `local` (wall time written as if it
    /// were UTC millis). Skipped wall times use the offset before the switch (pushed forward);
    /// repeated wall times take the first occurrence.
    func instant(localWallTime local: Millis) -> Millis {
        let before = offset(at: local - 15 * Time.hour)
        let after = offset(at: local + 13 * Time.hour)
        if before == after { return local - before }
        let first = local - before, second = local - after
        let firstValid = offset(at: first) == before
        let secondValid = offset(at: second) == after
        switch (firstValid, secondValid) {
        case (true, true): return min(first, second)
        case (true, false): return first
        case (false, true): return second
        case (false, false): return first
        }
    }
}

/// Working intervals of the local days `firstDay ..< endDay`, in order, with the counted time
/// from the table's start to the end of each interval.
final class WorkingTable: Sendable {
    let firstDay: Int
    let endDay: Int
    let opens: [Millis]
    let closes: [Millis]
    let cumulativeEnds: [Millis]

    init(firstDay: Int, endDay: Int, opens: [Millis], closes: [Millis], cumulativeEnds: [Millis]) {
        self.firstDay = firstDay; self.endDay = endDay; self.opens = opens; self.closes = closes
        self.cumulativeEnds = cumulativeEnds
    }

    /// Counted time from the table's start to `t`.
    func counted(upTo t: Millis) -> Millis {
        // Number of intervals opening at or before t.
        var lo = 0, hi = opens.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if opens[mid] <= t { lo = mid + 1 } else { hi = mid }
        }
        guard lo > 0 else { return 0 }
        let i = lo - 1
        let before = cumulativeEnds[i] - (closes[i] - opens[i])
        return before + min(t, closes[i]) - opens[i]
    }

    /// The earliest instant at which the counted time from the table's start reaches `target`
    /// (> 0), or nil when the table ends first.
    func instant(reaching target: Millis) -> Millis? {
        var lo = 0, hi = cumulativeEnds.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if cumulativeEnds[mid] < target { lo = mid + 1 } else { hi = mid }
        }
        guard lo < cumulativeEnds.count else { return nil }
        let before = cumulativeEnds[lo] - (closes[lo] - opens[lo])
        return opens[lo] + (target - before)
    }
}
