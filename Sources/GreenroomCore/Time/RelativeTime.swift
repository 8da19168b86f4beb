/// Compact relative durations for narrow columns: `now`, `12m`, `3h`, `4d`, `6w`, `2y`.
public enum RelativeTime {
    /// How long ago `then` was, as seen at `now`; "—" when there is no time.
    public static func ago(_ then: Millis?, now: Millis) -> String {
        guard let then else { return "—" }
        return compact(max(0, now - then))
    }

    /// A duration such as `41m`, `3h`, `2d`; `now` under a minute.
    public static func compact(_ duration: Millis) -> String {
        let minutes = duration / Time.minute
        if minutes < 1 { return "now" }
        if minutes < 60 { return "\(minutes)m" }
        let hours = minutes / 60
        if hours < 48 { return "\(hours)h" }
        let days = hours / 24
        if days < 14 { return "\(days)d" }
        if days < 365 { return "\(days / 7)w" }
        return "\(days / 365)y"
    }

    /// "5m ago", or "just now" under a minute (never "now ago").
    public static func agoPhrase(_ then: Millis, now: Millis) -> String {
        let text = compact(max(0, now - then))
        return text == "now" ? "just now" : text + " ago"
    }

    /// "in 5m", or "now" under a minute (never "in now").
    public static func inPhrase(_ due: Millis, now: Millis) -> String {
        let text = compact(max(0, due - now))
        return text == "now" ? "now" : "in " + text
    }

    /// "1 day", "3 days": a count with its noun, singular for one.
    public static func counted(_ n: Int, _ singular: String, plural: String? = nil) -> String {
        "\(n) " + (n == 1 ? singular : plural ?? singular + "s")
    }

    /// A countdown to `due`: `41m`, `2h05`, `3d`, or overdue with a minus sign: `-12m`.
    public static func countdown(to due: Millis, now: Millis) -> String {
        let delta = due - now
        let magnitude = abs(delta)
        let sign = delta < 0 ? "-" : ""
        let minutes = magnitude / Time.minute
        if minutes < 60 { return sign + "\(minutes)m" }
        let hours = minutes / 60
        if hours < 24 {
            let rest = minutes % 60
            return sign + "\(hours)h" + (rest < 10 ? "0" : "") + "\(rest)"
        }
        return sign + "\(hours / 24)d"
    }
}
