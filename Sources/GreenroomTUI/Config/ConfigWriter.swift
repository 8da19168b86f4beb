import Foundation
import GreenroomCore
import TOMLKit

extension Config {
    /// Remembers the sync folder in `config.toml` as `sync_folder` (the key `Config.parse`
    /// already reads), keeping every other key, comment and line as it was. The assignment
    /// itself is rendered by TOMLKit, so any path is quoted correctly; it replaces an
    /// existing `sync_folder` line or goes before the first table. The result is parsed
    /// again before it is written (atomically); should the line edit not give exactly the old
    /// settings plus the new folder, the file is rewritten from TOMLKit's table instead.
    public static func rememberSyncFolder(_ folder: String, in path: String) throws {
        let old = FileManager.default.fileExists(atPath: path) ? try TOMLLines.read(path) : ""
        let previous = try parse(old, file: path)
        let assignment = TOMLTable()
        assignment["sync_folder"] = folder
        let line = assignment.convert().trimmingCharacters(in: .whitespacesAndNewlines)
        var lines = old.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if let n = TOMLLines(old).definedLine(ofKey: "sync_folder") {
            lines[n - 1] = line
        } else if let table = lines.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces).hasPrefix("[") }) {
            lines.insert(line, at: table)
        } else {
            if lines.last == "" { lines.removeLast() }
            lines.append(line)
            lines.append("")
        }
        var text = lines.joined(separator: "\n")
        var expected = previous
        expected.syncFolder = (folder as NSString).expandingTildeInPath
        if (try? parse(text, file: path)) != expected {
            let (table, _) = try TOMLLines.parse(old, file: path)
            table["sync_folder"] = folder
            text = table.convert()
        }
        let directory = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let temp = (directory as NSString).appendingPathComponent(".config.toml.tmp-\(getpid())")
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: temp))
            guard rename(temp, path) == 0 else { throw GreenroomError.config(String(cString: strerror(errno))) }
        } catch {
            try? FileManager.default.removeItem(atPath: temp)
            throw GreenroomError.config("cannot write \(path): \(error.localizedDescription)")
        }
    }
}
