import CSV
import Foundation
import GreenroomCore

/// A CSV file read with CSV.swift: UTF-8 with or without a BOM, quoted fields with commas
/// and line breaks. Each record keeps the physical line it starts on, for error reports.
struct CSVTable {
    var header: [String]
    var records: [(line: Int, fields: [String])]

    static func read(path: String) throws -> CSVTable {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw GreenroomError.invalidInput("cannot read \(path)")
        }
        guard String(data: data, encoding: .utf8) != nil else {
            throw GreenroomError.invalidInput("\(path) is not UTF-8 text")
        }
        let stream = InputStream(data: data)
        let reader: CSVReader
        do {
            reader = try CSVReader(stream: stream, hasHeaderRow: true)
        } catch {
            throw GreenroomError.invalidInput("\(path): not a CSV file (\(error))")
        }
        guard let header = reader.headerRow else {
            throw GreenroomError.invalidInput("\(path) is empty: it needs a header line")
        }
        var records: [(Int, [String])] = []
        var line = 2 + header.reduce(0) { $0 + $1.filter(\.isNewline).count }
        while let row = reader.next() {
            if !(row.count == 1 && row[0].isEmpty) { records.append((line, row)) }
            line += 1 + row.reduce(0) { $0 + $1.filter(\.isNewline).count }
        }
        if let error = reader.error {
            throw GreenroomError.invalidInput("\(path) line \(line): malformed CSV (\(error))")
        }
        return CSVTable(header: header, records: records)
    }

    /// Header names folded for matching: lower case, no spaces, dashes, underscores or BOM.
    static func fold(_ name: String) -> String {
        String(name.lowercased().unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) && $0 != "\u{FEFF}" })
    }
}

/// Writes CSV with CSV.swift (quoting fields with commas, quotes and line breaks).
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
