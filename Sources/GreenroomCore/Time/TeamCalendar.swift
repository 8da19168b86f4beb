import Foundation

/// Calendar arithmetic in the team's time zone: day and ISO-week boundaries as UTC millis.
public struct TeamCalendar: Sendable {
    public let zone: TimeZone
    private let calendar: Calendar

    public init(zone: TimeZone) {
        self.zone = zone
        var c = Calendar(identifier: .iso8601)
        c.timeZone = zone
        self.calendar = c
    }

    /// Start of the local day containing `millis`.
    public func startOfDay(_ millis: Millis) -> Millis {
        Time.millis(calendar.startOfDay(for: Time.date(millis)))
    }

    /// Start of the local day `days` days after the one starting at `dayStart` (DST-safe).
    public func addDays(_ days: Int, to dayStart: Millis) -> Millis {
        Time.millis(calendar.date(byAdding: .day, value: days, to: Time.date(dayStart))!)
    }

    /// The half-open [start, end) ranges of the last `count` local days, oldest first, the last
    /// one being the day that contains `now`.
    public func lastDays(_ count: Int, endingAt now: Millis) -> [Range<Millis>] {
        let today = startOfDay(now)
        return (0..<count).map { i in
            let start = addDays(-(count - 1 - i), to: today)
            return start..<addDays(1, to: start)
        }
    }

    /// The last `count` local days as one [start, end) range: from the start of the day
    /// `count - 1` days before today to the end of today. "The last 90 days" in reports.
    public func window(days count: Int, endingAt now: Millis) -> Range<Millis> {
        let end = addDays(1, to: startOfDay(now))
        return addDays(-max(1, count), to: end)..<end
    }

    /// Local hour (0–23) and weekday (1 = Monday … 7 = Sunday) of an instant.
    public func hourAndWeekday(_ millis: Millis) -> (hour: Int, weekday: Int) {
        let comps = calendar.dateComponents([.hour, .weekday], from: Time.date(millis))
        let gregorianWeekday = comps.weekday ?? 1 // 1 = Sunday
        return (comps.hour ?? 0, gregorianWeekday == 1 ? 7 : gregorianWeekday - 1)
    }
}
