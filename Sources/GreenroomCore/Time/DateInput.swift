import Foundation

/// Dates as people type them in a follow-up field: `2026-11-24`, `today`, `tomorrow`,
/// `+3d`, `+2w`, or a weekday (`mon` … `sun`, the next one after today). The result is the
/// start of that local day in the team's time zone.
public enum DateInput {
    public static func parse(_ text: String, now: Millis, zone: TimeZone) -> Millis? {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        let calendar = TeamCalendar(zone: zone)
        let today = calendar.startOfDay(now)
        switch t {
        case "today": return today
        case "tomorrow", "tmr": return calendar.addDays(1, to: today)
        default: break
        }
        if t.hasPrefix("+"), t.count >= 2, let unit = t.last {
            let digits = unit.isNumber ? t.dropFirst() : t.dropFirst().dropLast()
            guard let n = Int(digits), n >= 0, n <= 3650 else { return nil }
            if unit == "w" { return calendar.addDays(7 * n, to: today) }
            if unit == "d" || unit.isNumber { return calendar.addDays(n, to: today) }
            return nil
        }
        let weekdays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
        if let wanted = weekdays.firstIndex(where: { t.hasPrefix($0) && t.count <= 9 }) {
            let current = calendar.hourAndWeekday(today).weekday - 1
            var delta = (wanted - current + 7) % 7
            if delta == 0 { delta = 7 }
            return calendar.addDays(delta, to: today)
        }
        let parts = t.split(separator: "-")
        if parts.count == 3, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]), parts[0].count == 4 {
            var components = DateComponents()
            components.year = y; components.month = m; components.day = d
            var cal = Calendar(identifier: .gregorian)
            cal.timeZone = zone
            guard let date = cal.date(from: components), cal.component(.day, from: date) == d, cal.component(.month, from: date) == m else {
                return nil
            }
            return Time.millis(date)
        }
        return nil
    }

    /// `2026-11-24` in the zone.
    public static func format(_ millis: Millis, zone: TimeZone) -> String {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = zone
        let c = cal.dateComponents([.year, .month, .day], from: Time.date(millis))
        return String(format: "%04d-%02d-%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0)
    }

    /// `2026-11-24 14:05` in the zone (timelines and due times).
    public static func formatMinute(_ millis: Millis, zone: TimeZone) -> String {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = zone
        let c = cal.dateComponents([.year, .month, .day, .hour, .minute], from: Time.date(millis))
        return String(format: "%04d-%02d-%02d %02d:%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0)
    }
}
