import Foundation

/// A member's weekly shifts in their own time zone (issue 24), written as people say them:
///
///     mon-fri 09:00-17:00; sat 10:00-14:00
///     mon,wed,fri 22:00-06:00          (overnight: runs into the next morning)
///     daily 08:00-12:00 13:00-17:00    (two shifts a day)
///
/// Entries are separated by `;`. Days are `mon` … `sun`, ranges of them (`mon-fri`,
/// `fri-mon` wraps), lists with `,`, `daily`, `weekdays` or `weekends`. Times are `HH:MM`,
/// 24-hour; `24:00` may end a shift; an end before the start runs past midnight. An empty
/// text is "no schedule": the member is taken to be on shift at any time (a team that has not
/// written schedules still gets its tickets assigned), which `isEmpty` tells apart.
///
/// The stored form is `canonical`: days merged into ranges where their shifts are the same,
/// Monday first, so two laptops writing the same schedule write the same text.
public struct WeeklySchedule: Hashable, Sendable {
    /// A shift: minutes after local midnight; `end` may be ≤ `start` (overnight) or 1440.
    public struct Shift: Hashable, Sendable, Comparable {
        public var start: Int
        public var end: Int
        public static func < (a: Shift, b: Shift) -> Bool { (a.start, a.end) < (b.start, b.end) }
        var isOvernight: Bool { end <= start }
    }

    /// Shifts by ISO weekday index 0 = Monday … 6 = Sunday.
    public private(set) var days: [[Shift]]

    public var isEmpty: Bool { days.allSatisfy(\.isEmpty) }

    public static let empty = WeeklySchedule(days: Array(repeating: [], count: 7))

    init(days: [[Shift]]) { self.days = days.map { Array(Set($0)).sorted() } }

    private static let dayNames = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

    /// Parses `text`; throws a one-line reason naming the part it could not read.
    public init(parsing text: String) throws {
        var days: [[Shift]] = Array(repeating: [], count: 7)
        let entries = text.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        for entry in entries {
            let parts = entry.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            guard parts.count >= 2 else {
                throw GreenroomError.invalidInput("schedule: \"\(TerminalText.sanitize(entry))\" needs days and a time range, e.g. \"mon-fri 09:00-17:00\"")
            }
            let which = try WeeklySchedule.days(parts[0].lowercased())
            for range in parts.dropFirst() {
                let shift = try WeeklySchedule.shift(range)
                for d in which { days[d].append(shift) }
            }
        }
        self.init(days: days)
        if let problem = overlap() { throw GreenroomError.invalidInput("schedule: \(problem)") }
    }

    private static func days(_ spec: String) throws -> [Int] {
        switch spec {
        case "daily": return Array(0..<7)
        case "weekdays": return Array(0..<5)
        case "weekends": return [5, 6]
        default: break
        }
        var out: [Int] = []
        for item in spec.split(separator: ",", omittingEmptySubsequences: false) {
            let ends = item.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
            guard (1...2).contains(ends.count), let from = dayNames.firstIndex(of: ends[0]),
                  let to = ends.count == 2 ? dayNames.firstIndex(of: ends[1]) : from else {
                throw GreenroomError.invalidInput("schedule: \"\(TerminalText.sanitize(String(item)))\" is not a day (mon … sun, mon-fri, daily, weekdays, weekends)")
            }
            var d = from
            while true {
                out.append(d)
                if d == to { break }
                d = (d + 1) % 7
            }
        }
        return out
    }

    private static func shift(_ text: String) throws -> Shift {
        let ends = text.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        guard ends.count == 2, let start = minute(ends[0]), let end = minute(ends[1]), start < 1440 else {
            throw GreenroomError.invalidInput("schedule: \"\(TerminalText.sanitize(text))\" is not a time range like 09:00-17:00")
        }
        guard start != end else { throw GreenroomError.invalidInput("schedule: \(text) starts and ends at the same time") }
        // A shift that ends at midnight is written 24:00 (00:00 reads the same).
        return Shift(start: start, end: end == 0 ? 1440 : end)
    }

    private static func minute(_ text: String) -> Int? {
        let hm = text.split(separator: ":", omittingEmptySubsequences: false)
        guard hm.count == 2, (1...2).contains(hm[0].count), hm[1].count == 2, let h = Int(hm[0]), let m = Int(hm[1]),
              (0...24).contains(h), (0..<60).contains(m), h < 24 || m == 0 else { return nil }
        return h * 60 + m
    }

    /// The week's shifts as half-open minute ranges from Monday 00:00 (overnight shifts of
    /// Sunday wrap to Monday morning), for the overlap check and `isOn`.
    private var weekRanges: [Range<Int>] {
        var out: [Range<Int>] = []
        for (d, shifts) in days.enumerated() {
            for s in shifts {
                let base = d * 1440
                if s.isOvernight {
                    out.append((base + s.start)..<min(base + 1440 + s.end, 7 * 1440))
                    if d == 6 { out.append(0..<s.end) }
                } else {
                    out.append((base + s.start)..<(base + s.end))
                }
            }
        }
        return out.sorted { $0.lowerBound < $1.lowerBound }
    }

    private func overlap() -> String? {
        let ranges = weekRanges
        for (a, b) in zip(ranges, ranges.dropFirst()) where a.overlaps(b) {
            return "two shifts overlap on \(WeeklySchedule.dayNames[b.lowerBound / 1440]) at \(WeeklySchedule.clock(b.lowerBound % 1440))"
        }
        return nil
    }

    private static func clock(_ minute: Int) -> String {
        String(format: "%02d:%02d", minute / 60, minute % 60)
    }

    /// One line, Monday first, equal days merged: `mon-fri 09:00-17:00; sat 10:00-14:00`.
    public var canonical: String {
        var entries: [String] = []
        var d = 0
        while d < 7 {
            guard !days[d].isEmpty else { d += 1; continue }
            var e = d
            while e + 1 < 7 && days[e + 1] == days[d] { e += 1 }
            let name = d == e ? WeeklySchedule.dayNames[d] : "\(WeeklySchedule.dayNames[d])-\(WeeklySchedule.dayNames[e])"
            let times = days[d].map { "\(WeeklySchedule.clock($0.start))-\(WeeklySchedule.clock($0.end))" }
            entries.append(([name] + times).joined(separator: " "))
            d = e + 1
        }
        return entries.joined(separator: "; ")
    }

    /// Whether the member is on shift at `instant`, read on their local clock in `zone`
    /// (an empty schedule: always).
    public func isOn(at instant: Millis, zone: TimeZone) -> Bool {
        if isEmpty { return true }
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = zone
        let c = calendar.dateComponents([.weekday, .hour, .minute], from: Time.date(instant))
        let weekday = ((c.weekday ?? 2) + 5) % 7 // Calendar: 1 = Sunday → index 6; 2 = Monday → 0
        let minute = (c.hour ?? 0) * 60 + (c.minute ?? 0) + weekday * 1440
        return weekRanges.contains { $0.contains(minute) }
    }

    /// Total scheduled minutes in a week (the team view's "hours a week").
    public var weeklyMinutes: Int { weekRanges.reduce(0) { $0 + $1.count } }
}
