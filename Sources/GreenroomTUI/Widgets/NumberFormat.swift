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
