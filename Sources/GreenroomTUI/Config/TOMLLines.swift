import Foundation
import GreenroomCore
import TOMLKit

/// Finds the line where a key is defined in a TOML text, for error messages. TOMLKit does
/// not keep source positions for values, so this reads the text itself: the first line whose
/// key (bare or quoted) is `key`.
struct TOMLLines {
    let lines: [Substring]

    init(_ text: String) {
        lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    }

    /// Parses a TOML document; a syntax error names the file and line.
    static func parse(_ text: String, file: String) throws -> (TOMLTable, TOMLLines) {
        do {
            return (try TOMLTable(string: text), TOMLLines(text))
        } catch let error as TOMLParseError {
            throw GreenroomError.config("\(file):\(error.source.begin.line): \(error.description)")
        }
    }

    /// Reads a configuration file as UTF-8 text.
    static func read(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw GreenroomError.config("cannot read \(path) as UTF-8 text")
        }
        return text
    }

    func line(ofKey key: String) -> Int {
        definedLine(ofKey: key) ?? 1
    }

    /// The line where `key` is defined, or nil when the text does not define it.
    func definedLine(ofKey key: String) -> Int? {
        for (i, raw) in lines.enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("#") { continue }
            if line == "[\(key)]" { return i + 1 }
            guard let eq = line.firstIndex(of: "=") else { continue }
            var k = line[..<eq].trimmingCharacters(in: .whitespaces)
            if k.count >= 2, (k.hasPrefix("\"") && k.hasSuffix("\"")) || (k.hasPrefix("'") && k.hasSuffix("'")) {
                k = String(k.dropFirst().dropLast())
            }
            if k == key { return i + 1 }
        }
        return nil
    }

    /// Every line (1-based) where `key` is assigned, for duplicate reports.
    func lines(ofKey key: String) -> [Int] {
        var found: [Int] = []
        for (i, raw) in lines.enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            guard !line.hasPrefix("#"), let eq = line.firstIndex(of: "=") else { continue }
            var k = line[..<eq].trimmingCharacters(in: .whitespaces)
            if k.count >= 2, (k.hasPrefix("\"") && k.hasSuffix("\"")) || (k.hasPrefix("'") && k.hasSuffix("'")) {
                k = String(k.dropFirst().dropLast())
            }
            if k == key { found.append(i + 1) }
        }
        return found
    }
}
