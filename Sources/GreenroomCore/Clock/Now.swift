import Foundation

/// Milliseconds since the Unix epoch, UTC. Every timestamp in the database is one.
public typealias Millis = Int64

public enum Time {
    public static let minute: Millis = 60_000
    public static let hour: Millis = 3_600_000
    public static let day: Millis = 86_400_000

    public static func millis(_ date: Date) -> Millis { Millis((date.timeIntervalSince1970 * 1000).rounded()) }
    public static func date(_ millis: Millis) -> Date { Date(timeIntervalSince1970: Double(millis) / 1000) }

    /// Parses an ISO 8601 instant, with or without fractional seconds, `Z` or an offset.
    public static func parseISO(_ text: String) -> Millis? {
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
        let f = ISO8601DateFormatter()
        f.formatOptions = millis % 1000 == 0 ? [.withInternetDateTime] : [.withInternetDateTime, .withFractionalSeconds]
        return f.string(from: date(millis))
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
