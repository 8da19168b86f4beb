import Foundation

/// When to wake something snoozed, as people type it: `tomorrow 9:00`, `mon`, `+3d`, `+2h`,
/// `14:30`, `2026-11-25 8:00`. A day without a time means 9:00 that day (in the team's zone);
/// a time alone means today, or tomorrow once it has passed. The answer is always in the future.
public enum SnoozeTime {
    /// The hour a day without a time wakes at.
    public static let defaultHour = 9

    public static let examples = "tomorrow 9:00, mon, +3d, +2h or 2026-11-25 14:00"

    /// The instant, or a one-line reason it cannot be read.
    public static func parse(_ text: String, now: Millis, zone: TimeZone) -> Result<Millis, SnoozeError> {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard !t.isEmpty else { return .failure(SnoozeError("say when: \(examples)")) }
        // +2h, +30m: from now.
        if t.hasPrefix("+"), let unit = t.last, unit == "h" || unit == "m", let n = Int(t.dropFirst().dropLast()), n > 0, n <= 24 * 365 {
            return .success(now + Millis(n) * (unit == "h" ? Time.hour : Time.minute))
        }
        var words = t.split(separator: " ").map(String.init)
        var minuteOfDay: Int?
        if let last = words.last, let m = clock(last) {
            minuteOfDay = m
            words.removeLast()
        }
        let calendar = TeamCalendar(zone: zone)
        let day: Millis
        if words.isEmpty {
            guard let m = minuteOfDay else { return .failure(SnoozeError("could not read \"\(text)\": try \(examples)")) }
            let today = calendar.startOfDay(now)
            let at = today + Millis(m) * Time.minute
            return .success(at > now ? at : calendar.addDays(1, to: today) + Millis(m) * Time.minute)
        }
        guard let parsed = DateInput.parse(words.joined(separator: " "), now: now, zone: zone) else {
            return .failure(SnoozeError("could not read \"\(text)\": try \(examples)"))
        }
        day = parsed
        let at = day + Millis(minuteOfDay ?? defaultHour * 60) * Time.minute
        guard at > now else { return .failure(SnoozeError("\"\(text)\" has already passed: pick a time after now")) }
        return .success(at)
    }

    /// `9:00`, `14:30`, `9am`, `5pm` as minutes after midnight.
    static func clock(_ word: String) -> Int? {
        var w = word
        var offset = 0
        if w.hasSuffix("am") || w.hasSuffix("pm") {
            offset = w.hasSuffix("pm") ? 12 * 60 : 0
            w = String(w.dropLast(2))
            let parts = w.split(separator: ":")
            guard let h = Int(parts.first ?? ""), (1...12).contains(h) else { return nil }
            let m = parts.count == 2 ? Int(parts[1]) : 0
            guard let m, (0..<60).contains(m), parts.count <= 2 else { return nil }
            return (h % 12) * 60 + m + offset
        }
        let parts = w.split(separator: ":")
        guard parts.count == 2, parts[1].count == 2, let h = Int(parts[0]), let m = Int(parts[1]), (0..<24).contains(h), (0..<60).contains(m) else {
            return nil
        }
        return h * 60 + m
    }
}

/// Why a snooze time could not be read (one line).
public struct SnoozeError: Error, Hashable, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
}
