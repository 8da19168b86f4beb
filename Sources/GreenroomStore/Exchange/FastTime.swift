import GreenroomCore

/// The UTC instants of CSV files, read and written digit by digit: exports and imports
/// handle one or two per row, hundreds of thousands of rows at a time, and Foundation's
/// format style (~1–3 µs a value, more when its first attempt throws) was a visible share
/// of both. Only the exact shapes `Time.iso` writes take the fast path —
/// `2026-11-20T09:30:00Z` and `2026-11-20T09:30:00.250Z`, years 1970–9999 — with the
/// same result as `Time.parseISO` / `Time.iso` (a test compares them on random instants);
/// everything else goes to those.
enum FastTime {
    static func parse(_ text: String) -> Millis? {
        var text = text
        return text.withUTF8 { parseBytes($0) } ?? Time.parseISO(text)
    }

    private static func parseBytes(_ b: UnsafeBufferPointer<UInt8>) -> Millis? {
        guard b.count == 20 || b.count == 24, b[4] == 45, b[7] == 45, b[10] == 84, b[13] == 58, b[16] == 58, b[b.count - 1] == 90 else { return nil }
        func digits(_ from: Int, _ count: Int) -> Int64? {
            var v: Int64 = 0
            for i in from..<(from + count) {
                let d = b[i] &- 48
                guard d < 10 else { return nil }
                v = v * 10 + Int64(d)
            }
            return v
        }
        guard let y = digits(0, 4), let m = digits(5, 2), let d = digits(8, 2), let h = digits(11, 2), let mi = digits(14, 2),
              let s = digits(17, 2), y >= 1970, (1...12).contains(m), d >= 1, d <= daysIn(month: m, year: y), h < 24, mi < 60, s < 60 else { return nil }
        var ms: Int64 = 0
        if b.count == 24 {
            guard b[19] == 46, let f = digits(20, 3) else { return nil }
            ms = f
        }
        return ((daysFromCivil(y, m, d) * 24 + h) * 60 + mi) * 60_000 + s * 1000 + ms
    }

    static func format(_ millis: Millis) -> String {
        guard millis >= 0, millis < 253_402_300_800_000 else { return Time.iso(millis) }
        let ms = Int(millis % 1000)
        let totalSeconds = millis / 1000
        let (y, m, d) = civilFromDays(totalSeconds / 86_400)
        let secondOfDay = Int(totalSeconds % 86_400)
        let count = ms == 0 ? 20 : 24
        return String(unsafeUninitializedCapacity: count) { out in
            func put(_ value: Int, _ at: Int, _ width: Int) {
                var v = value
                for i in stride(from: at + width - 1, through: at, by: -1) { out[i] = UInt8(48 + v % 10); v /= 10 }
            }
            put(Int(y), 0, 4); out[4] = 45; put(Int(m), 5, 2); out[7] = 45; put(Int(d), 8, 2); out[10] = 84
            put(secondOfDay / 3600, 11, 2); out[13] = 58; put(secondOfDay / 60 % 60, 14, 2); out[16] = 58; put(secondOfDay % 60, 17, 2)
            if ms != 0 { out[19] = 46; put(ms, 20, 3) }
            out[count - 1] = 90
            return count
        }
    }

    private static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func daysFromCivil(_ year: Int64, _ month: Int64, _ day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civilFromDays(_ days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}
