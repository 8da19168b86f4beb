import GreenroomCore

/// Number formats for narrow columns.
public enum NumberFormat {
    /// `950`, `12.3k`, `1.2M`.
    public static func compact(_ n: Int) -> String {
        let v = Double(n)
        if abs(v) < 1000 { return String(n) }
        if abs(v) < 1_000_000 { return trim(v / 1000) + "k" }
        return trim(v / 1_000_000) + "M"
    }

    /// Hours with one decimal from minutes: `6.5h`.
    public static func hours(minutes: Int) -> String {
        oneDecimal(Double(minutes) / 60) + "h"
    }

    /// `1,234,567`.
    public static func grouped(_ n: Int) -> String {
        let digits = String(abs(n))
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return (n < 0 ? "-" : "") + out
    }

    public static func oneDecimal(_ v: Double) -> String {
        let tenths = Int((v * 10).rounded())
        return "\(tenths / 10).\(abs(tenths % 10))"
    }

    /// A KPI value: integers grouped, small fractional values with one decimal.
    public static func value(_ v: Double, unit: String) -> String {
        if v.rounded() == v || abs(v) >= 100 { return grouped(Int(v.rounded())) + unit }
        return oneDecimal(v) + unit
    }

    /// A relative change as a whole percentage.
    public static func percent(_ fraction: Double) -> String {
        "\(Int((abs(fraction) * 100).rounded()))%"
    }

    private static func trim(_ v: Double) -> String {
        v >= 100 ? String(Int(v.rounded())) : oneDecimal(v)
    }
}

/// KPI values and changes as the pane, the Review and the reports print them.
public enum KPIFormat {
    /// `94%` (`3.2%` under 10%), `1,234h`, `6.5h`, `42m`, `3.5d`, `312`, `1.2M viewer-min`.
    public static func value(_ v: Double, _ id: KPIID) -> String {
        switch id.unit {
        case "%":
            let p = v * 100
            return (p < 10 && p.rounded() != p ? NumberFormat.oneDecimal(p) : "\(Int(p.rounded()))") + "%"
        case "h": return NumberFormat.value(v, unit: "h")
        case "min": return v >= 100 ? NumberFormat.grouped(Int(v.rounded())) + "m" : NumberFormat.oneDecimal(v) + "m"
        case "d": return NumberFormat.oneDecimal(v) + "d"
        case "viewer-min": return NumberFormat.compact(Int(v.rounded()))
        default: return NumberFormat.value(v, unit: "")
        }
    }

    /// `▲4%` / `▼1.2pt` (`+4%` / `-1.2pt` without Unicode); `=` when flat.
    public static func change(_ c: Double, _ id: KPIID, unicode: Bool) -> String {
        let arrow = c == 0 ? "=" : c > 0 ? (unicode ? "▲" : "+") : (unicode ? "▼" : "-")
        if id.unit == "%" { return arrow + NumberFormat.oneDecimal(abs(c) * 100) + "pt" }
        return arrow + NumberFormat.percent(c)
    }

    /// `≥95%` / `≤30m` (ASCII `>=`/`<=`).
    public static func target(_ t: Double, _ id: KPIID, direction: KPIDirection, unicode: Bool) -> String {
        (direction == .higherIsBetter ? (unicode ? "≥" : ">=") : (unicode ? "≤" : "<=")) + value(t, id)
    }
}

extension KPIFormat {
    /// A drill-down row's figure: `3`, `2.5h`, `42m`, `3.5d`, `12.0k`, a local date, text, `—`.
    public static func cell(_ cell: KPIDrillCell, calendar: TeamCalendar) -> String {
        switch cell {
        case .count(let n): return NumberFormat.grouped(n)
        case .hours(let h): return NumberFormat.oneDecimal(h) + "h"
        case .minutes(let m): return m >= 100 ? NumberFormat.grouped(Int(m.rounded())) + "m" : NumberFormat.oneDecimal(m) + "m"
        case .days(let d): return NumberFormat.oneDecimal(d) + "d"
        case .viewerMinutes(let n): return NumberFormat.compact(n)
        case .instant(let t): return DateInput.format(t, zone: calendar.zone)
        case .text(let s): return s
        case .none: return "—"
        }
    }

    /// What a KPI drill-down's rows add up to, in words: "Σ live h 77.4h over 56 creators",
    /// "30 of 34 counted: 88%", "median 42m · p90 3.1h over 68 tickets". When the rows do
    /// not make the number drilled into (the data changed in between), both are shown.
    public static func drillSummary(_ id: KPIID, _ s: KPIDrillSummary, value: KPIValue?, noun: String, unicode: Bool) -> String {
        func f(_ v: Double?) -> String { v.map { KPIFormat.value($0, id) } ?? "—" }
        let nouns = "\(NumberFormat.grouped(s.counted)) \(noun)\(s.counted == 1 ? "" : "s")"
        let sigma = unicode ? "Σ" : "sum"
        let text: String
        switch id.drillTotal {
        case .rows:
            text = id.unit == "%" ? "\(NumberFormat.grouped(s.counted)) of \(NumberFormat.grouped(s.base)) counted: \(f(s.value))" : "\(nouns): \(f(s.value))"
        case .sum: text = "\(sigma) \(id.drillColumns[0]) over \(nouns): \(f(s.value))"
        case .mean: text = "mean \(f(s.value)) \(unicode ? "·" : "-") median \(f(s.companion)) over \(nouns)"
        case .median: text = "median \(f(s.value)) \(unicode ? "·" : "-") p90 \(f(s.companion)) over \(nouns)"
        case .sumRatio:
            text = "\(sigma) achieved \(NumberFormat.grouped(Int(s.sum))) of \(NumberFormat.grouped(Int(s.sum + s.otherSum))) targets: \(f(s.value))"
        }
        let matches: Bool
        switch (s.value, value?.value) {
        case (nil, nil): matches = true
        case (let a?, let b?): matches = abs(a - b) <= max(1e-9, abs(b) * 1e-9)
        default: matches = false
        }
        return matches ? text + " (the number)" : text + " (the number now: \(f(value?.value)))"
    }
}
