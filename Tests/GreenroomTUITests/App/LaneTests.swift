import Foundation
import Testing

/// DESIGN.md §5: only the terminal backend imports ncurses, only the store speaks SQL (GRDB),
/// the TUI depends on neither the store nor sync (GreenroomApp runs its commands), and Core is
/// pure Swift.
@Suite struct LaneTests {
    static var root: URL {
        var dir = URL(fileURLWithPath: #filePath)
        while dir.path != "/" {
            dir.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: dir.appendingPathComponent("Package.swift").path) { return dir }
        }
        return dir
    }

    /// (path relative to Sources/, imported module) for every import in the sources.
    static func imports() throws -> [(file: String, module: String)] {
        let sources = root.appendingPathComponent("Sources")
        let enumerator = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)!
        var out: [(String, String)] = []
        for case let url as URL in enumerator where url.pathExtension == "swift" {
            let relative = String(url.path.dropFirst(sources.path.count + 1))
            for line in try String(contentsOf: url, encoding: .utf8).split(separator: "\n") {
                let t = line.trimmingCharacters(in: .whitespaces)
                let words = t.split(separator: " ")
                if let i = words.firstIndex(of: "import"), i + 1 < words.count, words[..<i].allSatisfy({ $0.hasPrefix("@") || $0 == "public" }) {
                    out.append((relative, String(words[i + 1])))
                }
            }
        }
        return out
    }

    @Test func onlyTheTerminalBackendImportsNcurses() throws {
        let offenders = try LaneTests.imports().filter { $0.module == "CNcursesw" && !$0.file.hasPrefix("GreenroomTerminal/") }
        #expect(offenders.isEmpty, "\(offenders)")
        #expect(try LaneTests.imports().contains { $0.module == "CNcursesw" })
    }

    @Test func onlyTheStoreImportsGRDB() throws {
        let offenders = try LaneTests.imports().filter { $0.module.hasPrefix("GRDB") && !$0.file.hasPrefix("GreenroomStore/") }
        #expect(offenders.isEmpty, "\(offenders)")
    }

    /// The targets a target depends on, as Package.swift declares them.
    static func dependencies(of target: String) throws -> [String] {
        let manifest = try String(contentsOf: root.appendingPathComponent("Package.swift"), encoding: .utf8)
        guard let start = manifest.range(of: "name: \"\(target)\",") else { return [] }
        let rest = manifest[start.upperBound...]
        guard let open = rest.range(of: "dependencies: ["), let close = rest[open.upperBound...].range(of: "],") else { return [] }
        return rest[open.upperBound..<close.lowerBound].split(separator: ",").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            .filter { $0.hasPrefix("\"") }.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
    }

    @Test func theTUIDoesNotDependOnTheStoreOrSync() throws {
        // The compiler enforces it: GreenroomTUI cannot import what it does not depend on.
        // GreenroomApp (the runtime) runs the TUI's commands against the store and the folder.
        let tui = try LaneTests.dependencies(of: "GreenroomTUI")
        #expect(tui.contains("GreenroomCore"))
        #expect(!tui.contains("GreenroomStore") && !tui.contains("GreenroomSync") && !tui.contains("GreenroomApp"), "\(tui)")
        let terminal = try LaneTests.dependencies(of: "GreenroomTerminal")
        #expect(!terminal.contains("GreenroomStore") && !terminal.contains("GreenroomSync"), "\(terminal)")
        let app = try LaneTests.dependencies(of: "GreenroomApp")
        #expect(app.contains("GreenroomStore") && app.contains("GreenroomTUI"), "\(app)")
    }

    @Test func onlyTheRuntimeAndTheExecutableReachTheStoreFromTheUI() throws {
        let ui = ["GreenroomTUI/", "GreenroomTerminal/"]
        let offenders = try LaneTests.imports().filter { i in
            ["GreenroomStore", "GreenroomSync", "GreenroomApp"].contains(i.module) && ui.contains { i.file.hasPrefix($0) }
        }
        #expect(offenders.isEmpty, "\(offenders)")
        #expect(try LaneTests.imports().contains { $0.file.hasPrefix("GreenroomApp/") && $0.module == "GreenroomStore" })
    }

    @Test func syncReachesTheDatabaseOnlyThroughTheStore() throws {
        // GreenroomSync owns the folder (and its sealing, with swift-crypto); SQL (merging,
        // bookkeeping) lives in GreenroomStore/Sync.
        let allowed: Set<String> = ["Foundation", "GreenroomCore", "GreenroomStore", "Crypto"]
        let imports = try LaneTests.imports().filter { $0.file.hasPrefix("GreenroomSync/") }
        #expect(!imports.isEmpty)
        let offenders = imports.filter { !allowed.contains($0.module) }
        #expect(offenders.isEmpty, "\(offenders)")
        let sources = LaneTests.root.appendingPathComponent("Sources/GreenroomSync")
        for name in try FileManager.default.subpathsOfDirectory(atPath: sources.path) where name.hasSuffix(".swift") {
            let text = try String(contentsOf: sources.appendingPathComponent(name), encoding: .utf8)
            for keyword in ["SELECT ", "INSERT ", "UPDATE ", "DELETE FROM"] {
                #expect(!text.contains(keyword), "GreenroomSync/\(name) writes SQL (\(keyword))")
            }
        }
    }

    @Test func theHTMLReportsArePureRendering() throws {
        // Data in, a String out: the report pages read no store and touch no terminal.
        let allowed: Set<String> = ["Foundation", "GreenroomCore", "GreenroomTUI"]
        let imports = try LaneTests.imports().filter { $0.file.hasPrefix("greenroom/HTML/") }
        #expect(!imports.isEmpty)
        #expect(imports.filter { !allowed.contains($0.module) }.isEmpty, "\(imports)")
    }

    @Test func coreIsPureSwift() throws {
        // Synchronization is the standard library's Mutex (the SLA clock's shared working-hours tables).
        let allowed: Set<String> = ["Foundation", "Synchronization"]
        let offenders = try LaneTests.imports().filter { $0.file.hasPrefix("GreenroomCore/") && !allowed.contains($0.module) }
        #expect(offenders.isEmpty, "\(offenders)")
    }

    @Test func updateAndViewDoNoIO() throws {
        // The TUI is pure: every file imports Core and nothing that touches the world, except
        // loading config, keys and themes (Foundation, TOMLKit) in Config/, Keys/ and Theme/, and
        // time zones (Foundation) in the forms.
        let loaders = ["GreenroomTUI/Config/", "GreenroomTUI/Keys/", "GreenroomTUI/Theme/", "GreenroomTUI/Forms/"]
        let imports = try LaneTests.imports().filter { $0.file.hasPrefix("GreenroomTUI/") }
        #expect(!imports.isEmpty)
        let offenders = imports.filter { i in
            let allowed: Set<String> = loaders.contains { i.file.hasPrefix($0) } ? ["GreenroomCore", "Foundation", "TOMLKit"] : ["GreenroomCore"]
            return !allowed.contains(i.module)
        }
        #expect(offenders.isEmpty, "\(offenders)")
    }
}

@Suite struct ReadmeTests {
    @Test func theReadmeKeyTableIsTheKeyMap() throws {
        let readme = try String(contentsOf: LaneTests.root.appendingPathComponent("README.md"), encoding: .utf8)
        let begin = try #require(readme.range(of: "<!-- keys:begin -->\n"))
        let end = try #require(readme.range(of: "<!-- keys:end -->"))
        let table = String(readme[begin.upperBound..<end.lowerBound])
        #expect(table == KeyMapTable.current, "README key table is stale: run `swift run greenroom keys --defaults` and paste it")
    }
}

import GreenroomTUI

enum KeyMapTable {
    static var current: String { KeyMap.defaults.markdownTable() }
}
