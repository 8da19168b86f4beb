import CSV
import Foundation
import GreenroomCore

/// A CSV file read strictly (`StrictCSV`): its header, its rows with the line each starts
/// on, and the rows refused for their shape (as `file:line: reason`).
struct CSVTable: Sendable {
    var header: [String]
    var records: [(line: Int, fields: [String])]
    var problems: [String] = []

    static func read(path: String, name: String, maxFieldBytes: Int = ImportOptions.defaultMaxFieldBytes) throws -> CSVTable {
        do {
            let csv = try StrictCSV.read(path: path, name: name, maxFieldBytes: maxFieldBytes)
            return CSVTable(header: csv.header, records: csv.rows, problems: csv.problems)
        } catch let failure as StrictCSV.Failure {
            throw GreenroomError.invalidInput(failure.description)
        }
    }

    /// Header names folded for matching: lower case, no spaces, dashes, underscores or BOM.
    static func fold(_ name: String) -> String {
        String(name.lowercased().unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) && $0 != "\u{FEFF}" })
    }
}

/// Writes CSV with CSV.swift (quoting fields with commas, quotes and line breaks); for the
/// command line's lists, where a few thousand rows are written.
enum CSVOutput {
    static func render(header: [String], rows: [[String]]) throws -> Data {
        let writer = try CSVWriter(stream: .toMemory())
        try writer.write(row: header)
        for row in rows { try writer.write(row: row) }
        writer.stream.close()
        guard let data = writer.stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data else {
            throw GreenroomError.invalidInput("could not render CSV")
        }
        return data + Data("\n".utf8)
    }
}

/// CSV rendering for the command line's lists.
public enum CreatorsCSV {
    public static func render(header: [String], rows: [[String]]) throws -> Data {
        try CSVOutput.render(header: header, rows: rows)
    }
}

/// Parsing values people put in spreadsheets.
enum ImportValues {
    /// `12300`, `12,300`, `12.3k`, `1.2M`.
    static func count(_ text: String) -> Int? {
        if let n = Int(text), n >= 0 { return n }
        let t = text.replacingOccurrences(of: ",", with: "").replacingOccurrences(of: "_", with: "").lowercased()
        if let n = Int(t), n >= 0 { return n }
        for (suffix, factor) in [("k", 1_000.0), ("m", 1_000_000.0)] where t.hasSuffix(suffix) {
            if let v = Double(t.dropLast()), v >= 0, v * factor < 1e15 { return Int((v * factor).rounded()) }
        }
        return nil
    }

    /// Minutes as `90` or `1:30`, at most a day.
    static func minutes(_ text: String) -> Int? {
        if let n = Int(text), (0...1440).contains(n) { return n }
        let parts = text.split(separator: ":")
        if parts.count == 2, let h = Int(parts[0]), let m = Int(parts[1]), (0..<60).contains(m), h >= 0, h * 60 + m <= 1440 { return h * 60 + m }
        return nil
    }

    /// Local-time formats, one formatter per zone and pattern for the whole process (a
    /// `DateFormatter` costs ~50 µs to make; an import may parse a million dates).
    nonisolated(unsafe) private static var formatters: [String: DateFormatter] = [:]
    private static let lock = NSLock()

    /// ISO 8601 with a zone, or a local `YYYY-MM-DD HH:MM[:SS]` in the team's zone.
    static func instant(_ text: String, zone: TimeZone) -> Millis? {
        if let m = FastTime.parse(text) { return m }
        lock.lock(); defer { lock.unlock() }
        for format in ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm"] {
            let key = zone.identifier + "|" + format
            let formatter: DateFormatter
            if let f = formatters[key] { formatter = f } else {
                formatter = DateFormatter()
                formatter.locale = Locale(identifier: "en_US_POSIX")
                formatter.timeZone = zone
                formatter.dateFormat = format
                formatters[key] = formatter
            }
            if let d = formatter.date(from: text) { return Time.millis(d) }
        }
        return nil
    }

    /// A cell without surrounding white space (and without building a new string when it
    /// has none, which is nearly always).
    static func trim(_ text: String) -> String {
        guard let first = text.utf8.first, let last = text.utf8.last else { return text }
        if first > 0x20 && first < 0x7F && last > 0x20 && last < 0x7F { return text }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// `@name` in lower case, from `name`, `@Name` or ` @name `.
    static func handle(_ text: String) -> String {
        let t = trim(text).lowercased()
        return t.hasPrefix("@") ? t : "@" + t
    }

    /// A list of tags from a cell: separated by `;`, `,` or `|`, normalised, in order, once each.
    static func tags(_ text: String) -> [String] {
        var out: [String] = []
        for part in text.split(whereSeparator: { $0 == ";" || $0 == "|" || $0 == "," }) {
            let tag = Store.normalizeTag(String(part))
            if !tag.isEmpty && !out.contains(tag) { out.append(tag) }
        }
        return out
    }
}
