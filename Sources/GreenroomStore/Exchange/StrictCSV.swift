import Foundation
import GreenroomCore

/// A strict RFC 4180 reader for files from outside (DESIGN.md §9, "validation at the edge").
///
/// Why not CSV.swift, which the package already uses (and still uses to write lists)? Its
/// reader takes whatever it is given: a stray quote inside a quoted value is kept as text
/// (`"QA "the" One"` became `QA "he"One`), a quoted value left open runs to the end of the
/// file, a value of any size is read whole, and it reports no line numbers. Those cases
/// cannot be told apart from its output afterwards, so checking "around it" would mean
/// scanning the bytes with the same state machine as a parser; and it reads one Unicode
/// scalar at a time through a type-erased iterator, about 1 s for 100,000 creators (the
/// whole import's budget is 2 s). So this reads the bytes once, strictly:
///
/// - UTF-8 only (a BOM is skipped); a NUL byte, invalid UTF-8, UTF-16, or a spreadsheet's
///   own format (xlsx, xls) is refused with what it looks like and what to do;
/// - a quote may only open a value, be doubled inside a quoted value, or close it — any
///   other quote is refused at its line, with how to write it;
/// - every value is at most `maxFieldBytes` (64 KiB unless the caller says otherwise);
/// - every row has exactly as many values as the header (blank lines are skipped);
/// - the header names no column twice and has no empty name between named ones.
///
/// The delimiter is a comma, unless the header line has no comma and has semicolons (what
/// spreadsheets in many European locales save) or tabs. Line ends are LF, CRLF or CR.
/// Every row keeps the physical line it starts on, so messages read `file:line: reason`.
struct StrictCSV {
    var header: [String]
    /// Rows in file order with the line each starts on; blank lines are not rows.
    var rows: [(line: Int, fields: [String])]
    /// Rows refused for their shape (wrong number of values, a value over the limit): each
    /// `file:line: reason`. Quoting and encoding errors are thrown instead, since nothing
    /// after them can be trusted.
    var problems: [String]

    static let defaultMaxFieldBytes = ImportOptions.defaultMaxFieldBytes

    /// A problem that stops reading the file, already phrased as `file:line: reason`.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static func read(path: String, name: String, maxFieldBytes: Int = defaultMaxFieldBytes) throws -> StrictCSV {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Failure(description: "\(name): cannot be read (missing, a directory, or no permission)")
        }
        return try parse(data, name: name, maxFieldBytes: maxFieldBytes)
    }

    static func parse(_ data: Data, name: String, maxFieldBytes: Int = defaultMaxFieldBytes) throws -> StrictCSV {
        try data.withUnsafeBytes { raw in
            try parse(raw.bindMemory(to: UInt8.self), name: name, maxFieldBytes: maxFieldBytes)
        }
    }

    private static let quote = UInt8(ascii: "\""), lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")

    static func parse(_ all: UnsafeBufferPointer<UInt8>, name: String, maxFieldBytes: Int) throws -> StrictCSV {
        var start = 0
        if all.count >= 3 && all[0] == 0xEF && all[1] == 0xBB && all[2] == 0xBF { start = 3 }
        try checkText(all, from: start, name: name)
        if all[start...].allSatisfy({ $0 == lf || $0 == cr || $0 == 0x20 || $0 == 0x09 }) {
            throw Failure(description: "\(name):1: the file is empty; a CSV file starts with a header line naming its columns (handle,name,market,…)")
        }
        let delimiter = sniffDelimiter(all, from: start)
        var result = StrictCSV(header: [], rows: [], problems: [])
        var i = start
        var line = 1
        var fields: [String] = []
        var rowLine = 1
        var scratch: [UInt8] = []
        var headerDone = false
        let end = all.count
        func failure(_ at: Int, _ reason: String) -> Failure { Failure(description: "\(name):\(at): \(reason)") }
        func columnName(_ index: Int) -> String {
            index < result.header.count ? "column \"\(result.header[index])\"" : "value \(index + 1)"
        }
        func finishRow() {
            defer { fields.removeAll(keepingCapacity: true) }
            if fields.count == 1 && fields[0].isEmpty { return } // a blank line
            if !headerDone {
                result.header = fields
                headerDone = true
                return
            }
            let expected = result.header.count
            if fields.count != expected {
                if fields.count > expected {
                    let extra = fields.count - expected
                    result.problems.append("\(name):\(rowLine): \(fields.count) values but the header has \(expected) columns: \(extra == 1 ? "an extra value" : "\(extra) extra values") after \"\(result.header.last ?? "")\" (a comma inside a value needs quotes around the value)")
                } else {
                    let missing = result.header[fields.count...].map { "\"\($0)\"" }
                    result.problems.append("\(name):\(rowLine): \(fields.count) value\(fields.count == 1 ? "" : "s") but the header has \(expected) columns: no value for \(missing.count <= 3 ? missing.joined(separator: ", ") : missing.prefix(3).joined(separator: ", ") + " and \(missing.count - 3) more")")
                }
                return
            }
            result.rows.append((rowLine, fields))
        }
        while i <= end {
            // One value, starting at i.
            rowLine = fields.isEmpty ? line : rowLine
            if i < end && all[i] == quote {
                let openedOn = line
                scratch.removeAll(keepingCapacity: true)
                i += 1
                var closed = false
                while i < end {
                    let b = all[i]
                    if b == quote {
                        if i + 1 < end && all[i + 1] == quote {
                            scratch.append(quote)
                            i += 2
                            continue
                        }
                        let next = i + 1 < end ? all[i + 1] : lf
                        guard next == delimiter || next == lf || next == cr else {
                            throw failure(line, "a quote inside the quoted \(columnName(fields.count)) ends it too early (after \"\(preview(scratch))\"); inside quotes write a quote twice: \"QA \"\"the\"\" One\"")
                        }
                        i += 1
                        closed = true
                        break
                    }
                    if b == lf || (b == cr && !(i + 1 < end && all[i + 1] == lf)) { line += 1 }
                    scratch.append(b)
                    i += 1
                    if scratch.count > maxFieldBytes {
                        throw failure(openedOn, "the \(columnName(fields.count)) is longer than \(sizeText(maxFieldBytes)) (the limit for one value; --max-field-size raises it)")
                    }
                }
                guard closed else {
                    throw failure(openedOn, "the quoted \(columnName(fields.count)) opened here is never closed (a missing \" at its end?)")
                }
                fields.append(String(decoding: scratch, as: UTF8.self))
            } else {
                let from = i
                while i < end {
                    let b = all[i]
                    if b == delimiter || b == lf || b == cr { break }
                    if b == quote {
                        throw failure(line, "a quote inside the unquoted \(columnName(fields.count)); put the whole value in quotes and write the quote twice: \"QA \"\"the\"\" One\"")
                    }
                    i += 1
                }
                if i - from > maxFieldBytes {
                    throw failure(line, "the \(columnName(fields.count)) is longer than \(sizeText(maxFieldBytes)) (the limit for one value; --max-field-size raises it)")
                }
                fields.append(String(decoding: UnsafeBufferPointer(rebasing: all[from..<i]), as: UTF8.self))
            }
            // What ends the value: a delimiter, a line end, or the end of the file.
            if i >= end {
                finishRow()
                break
            }
            let b = all[i]
            i += 1
            if b == delimiter { continue }
            if b == cr && i < end && all[i] == lf { i += 1 }
            line += 1
            finishRow()
            if i >= end { break }
        }
        if let duplicate = duplicateColumn(result.header) {
            throw Failure(description: "\(name):1: the header names column \"\(duplicate)\" twice")
        }
        if let gap = result.header.dropLast().firstIndex(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
            throw Failure(description: "\(name):1: column \(gap + 1) of the header has no name")
        }
        return result
    }

    /// The first column name that appears twice, ignoring case and spaces.
    private static func duplicateColumn(_ header: [String]) -> String? {
        var seen = Set<String>()
        for name in header {
            let key = CSVTable.fold(name)
            if key.isEmpty { continue }
            if !seen.insert(key).inserted { return name }
        }
        return nil
    }

    /// Refuses what is not UTF-8 text, saying what it looks like.
    private static func checkText(_ all: UnsafeBufferPointer<UInt8>, from start: Int, name: String) throws {
        let head = Array(all.prefix(8))
        if head.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
            throw Failure(description: "\(name):1: this is a spreadsheet workbook (xlsx or another zip file), not CSV; save it as \"CSV UTF-8\" and import that")
        }
        if head.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) {
            throw Failure(description: "\(name):1: this is an old Excel workbook (xls), not CSV; save it as \"CSV UTF-8\" and import that")
        }
        if head.starts(with: [0xFF, 0xFE]) || head.starts(with: [0xFE, 0xFF]) {
            throw Failure(description: "\(name):1: the file is UTF-16 text; save it as UTF-8 (\"CSV UTF-8\") and import that")
        }
        var line = 1
        var i = start
        let end = all.count
        while i < end {
            let b = all[i]
            if b < 0x80 {
                if b == 0 { throw Failure(description: "\(name):\(line): the file has a NUL byte here: it is binary, not CSV text") }
                if b == lf { line += 1 }
                i += 1
                continue
            }
            // A multi-byte UTF-8 sequence: its length from the first byte, then continuation bytes.
            let length: Int
            if b & 0xE0 == 0xC0 && b >= 0xC2 { length = 2 } else if b & 0xF0 == 0xE0 { length = 3 } else if b & 0xF8 == 0xF0 && b <= 0xF4 { length = 4 } else { length = 0 }
            var valid = length > 0 && i + length <= end
            if valid {
                for k in 1..<length where all[i + k] & 0xC0 != 0x80 { valid = false }
            }
            if valid && length == 3 {
                let c = (UInt32(b & 0x0F) << 12) | (UInt32(all[i + 1] & 0x3F) << 6)
                if c < 0x800 || (0xD800...0xDFFF).contains(c | UInt32(all[i + 2] & 0x3F)) { valid = false }
            }
            if valid && length == 4 {
                let c = (UInt32(b & 0x07) << 18) | (UInt32(all[i + 1] & 0x3F) << 12)
                if c < 0x10000 || c > 0x10FFFF { valid = false }
            }
            guard valid else {
                throw Failure(description: "\(name):\(line): the file is not UTF-8 text here (saved as Latin-1 or Windows-1252?); save it as UTF-8 (\"CSV UTF-8\") and import that")
            }
            i += length
        }
    }

    /// `,` unless the header line has none and has `;` or tabs.
    private static func sniffDelimiter(_ all: UnsafeBufferPointer<UInt8>, from start: Int) -> UInt8 {
        var commas = 0, semicolons = 0, tabs = 0
        var inQuotes = false
        for b in all[start...] {
            if b == quote { inQuotes.toggle() }
            if inQuotes { continue }
            if b == lf || b == cr { break }
            if b == UInt8(ascii: ",") { commas += 1 } else if b == UInt8(ascii: ";") { semicolons += 1 } else if b == 0x09 { tabs += 1 }
        }
        if commas == 0 && semicolons > 0 { return UInt8(ascii: ";") }
        if commas == 0 && tabs > 0 { return 0x09 }
        return UInt8(ascii: ",")
    }

    private static func preview(_ bytes: [UInt8]) -> String {
        let text = TerminalText.sanitize(String(decoding: bytes.suffix(24), as: UTF8.self))
        return bytes.count > 24 ? "…" + text : text
    }

    static func sizeText(_ bytes: Int) -> String {
        if bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0 { return "\(bytes / (1024 * 1024)) MiB" }
        if bytes >= 1024 && bytes % 1024 == 0 { return "\(bytes / 1024) KiB" }
        return "\(bytes) bytes"
    }
}
