import Foundation

/// Milliseconds since the Unix epoch, UTC. Every timestamp in the database is one.
public typealias Millis = Int64

public enum Time {
    public static let minute: Millis = 60_000
    public static let hour: Millis = 3_600_000
    public static let day: Millis = 86_400_000

    public static func millis(_ date: Date) -> Millis { Millis((date.timeIntervalSince1970 * 1000).rounded()) }
    public static func date(_ millis: Millis) -> Date { Date(timeIntervalSince1970: Double(millis) / 1000) }

    /// Swift Foundation's ISO 8601 style (no ICU formatter to build: ~0.3 µs a call, where an
    /// `ISO8601DateFormatter` made per call cost ~75 µs — 40k breached tickets in a weekly report
    /// spent 4 s there). Formats whole seconds only; `iso` appends the milliseconds itself, since
    /// the style's fractional seconds come from a `Double` and can print .862 for 863 ms.
    private static let isoSeconds = Date.ISO8601FormatStyle(timeZone: .gmt)
    private static let isoFraction = Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt)

    /// Parses an ISO 8601 instant, with or without fractional seconds, `Z` or an offset.
    public static func parseISO(_ text: String) -> Millis? {
        if let d = (try? isoFraction.parse(text)) ?? (try? isoSeconds.parse(text)) { return millis(d) }
        // What only Foundation's older parser takes (surrounding spaces, for one).
        let withFraction = ISO8601DateFormatter()
        withFraction.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let d = withFraction.date(from: text) { return millis(d) }
        let plain = ISO8601DateFormatter()
        plain.formatOptions = [.withInternetDateTime]
        if let d = plain.date(from: text) { return millis(d) }
        return nil
    }

    /// `2026-11-20T09:30:00Z` (UTC, seconds precision; milliseconds when not zero).
    public static func iso(_ millis: Millis) -> String {
        let seconds = millis >= 0 ? millis / 1000 : (millis - 999) / 1000
        let fraction = Int(millis - seconds * 1000)
        let text = isoSeconds.format(Date(timeIntervalSince1970: Double(seconds)))
        guard fraction != 0 else { return text }
        let digits = String(fraction)
        return text.dropLast() + "." + String(repeating: "0", count: 3 - digits.count) + digits + "Z"
    }
}

/// Where "now" comes from. Injected everywhere so tests and demos can pin it.
public struct WallClock: Sendable {
    private let read: @Sendable () -> Millis

    public init(_ read: @escaping @Sendable () -> Millis) { self.read = read }

    public func now() -> Millis { read() }

    /// The system clock.
    public static let system = WallClock { Time.millis(Date()) }

    /// A clock stopped at `millis`.
    public static func fixed(_ millis: Millis) -> WallClock { WallClock { millis } }

    /// The clock this process should use: `GREENROOM_NOW` (ISO 8601) pins it; otherwise the
    /// system clock. A malformed value is an error rather than a silent fallback.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws -> WallClock {
        guard let raw = environment["GREENROOM_NOW"], !raw.isEmpty else { return .system }
        guard let pinned = Time.parseISO(raw) else {
            throw GreenroomError.invalidInput("GREENROOM_NOW=\(raw) is not an ISO 8601 instant (e.g. 2026-11-20T09:30:00Z)")
        }
        return .fixed(pinned)
    }
}
