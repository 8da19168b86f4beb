import Foundation
import Testing

/// Expected screens kept as text files beside each feature's tests, in `__golden__/NAME.txt`
/// next to the test file that names them. A mismatch fails with the lines that differ;
/// `GREENROOM_UPDATE_GOLDEN=1 swift test` writes what the screens show now instead (then
/// read the diff before committing it).
enum Golden {
    static var updating: Bool { ProcessInfo.processInfo.environment["GREENROOM_UPDATE_GOLDEN"] == "1" }

    /// The golden file `name` beside `filePath` (the test file that asks).
    static func url(_ name: String, filePath: String) -> URL {
        URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("__golden__").appendingPathComponent(name + ".txt")
    }

    /// The expected screen `name`, or nil when there is no such file.
    static func screen(_ name: String, filePath: String = #filePath) -> String? {
        guard let data = FileManager.default.contents(atPath: url(name, filePath: filePath).path) else { return nil }
        var text = String(decoding: data, as: UTF8.self)
        if text.hasSuffix("\n") { text.removeLast() }
        return text
    }

    /// Expects `actual` to be the golden screen `name` (with `prefix`, to begin with it).
    static func expect(_ actual: String, is name: String, prefix: Bool = false, filePath: String = #filePath,
                       sourceLocation: SourceLocation = #_sourceLocation) {
        let expected = screen(name, filePath: filePath)
        if updating {
            let lines = actual.split(separator: "\n", omittingEmptySubsequences: false)
            let kept = prefix ? lines.prefix(expected.map { $0.split(separator: "\n", omittingEmptySubsequences: false).count } ?? lines.count) : lines[...]
            let file = url(name, filePath: filePath)
            try? FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try? (kept.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
            return
        }
        guard let expected else {
            Issue.record("no golden screen \(name) (\(url(name, filePath: filePath).path)); GREENROOM_UPDATE_GOLDEN=1 writes it",
                         sourceLocation: sourceLocation)
            return
        }
        let matches = prefix ? actual.hasPrefix(expected) : actual == expected
        #expect(matches, "\(name) differs:\n\(diff(expected: expected, actual: actual, prefix: prefix))", sourceLocation: sourceLocation)
    }

    /// The lines that differ, numbered, expected above actual.
    static func diff(expected: String, actual: String, prefix: Bool = false) -> String {
        let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
        var a = actual.split(separator: "\n", omittingEmptySubsequences: false)
        if prefix { a = Array(a.prefix(e.count)) }
        var out: [String] = []
        for i in 0..<max(e.count, a.count) {
            let x = i < e.count ? String(e[i]) : "(no line)", y = i < a.count ? String(a[i]) : "(no line)"
            if x != y { out.append("line \(i + 1):\n  - \(x)\n  + \(y)") }
        }
        return out.isEmpty ? "(the same lines; the ends differ)" : out.joined(separator: "\n")
    }
}
