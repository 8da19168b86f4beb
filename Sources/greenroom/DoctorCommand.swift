import ArgumentParser
import Foundation
import GreenroomCore
import GreenroomStore
import GreenroomSync
import GreenroomTerminal
import GreenroomTUI

/// `greenroom doctor`: answers the questions users ask first. Exits 1 when something is wrong.
struct DoctorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check the terminal, database, configuration, key map and themes."
    )

    @OptionGroup var database: DatabaseOptions

    enum Verdict: String { case ok = "ok", warn = "warn", fail = "FAIL" }

    func run() throws {
        let env = ProcessInfo.processInfo.environment
        let paths = ConfigPaths.fromEnvironment(env)
        var failures = 0
        func report(_ verdict: Verdict, _ area: String, _ text: String) {
            if verdict == .fail { failures += 1 }
            print("\(verdict.rawValue.padding(toLength: 5, withPad: " ", startingAt: 0)) \(area.padding(toLength: 9, withPad: " ", startingAt: 0)) \(TerminalText.sanitize(text))")
        }

        // Terminal
        let t = TerminalProbe.probe(environment: env)
        if let term = t.term {
            if t.canDrawFullScreen == false {
                report(.warn, "terminal", "TERM=\(term) cannot move the cursor: the full-screen desk will not start here (the commands work); use e.g. TERM=xterm-256color")
            } else if let colors = t.colors {
                report(.ok, "terminal", "TERM=\(term), \(colors) colours\(t.noColor ? " (NO_COLOR set: monochrome)" : ""), ESCDELAY \(t.escDelay)")
            } else {
                report(.fail, "terminal", "TERM=\(term) is not in the terminfo database; set TERM, e.g. xterm-256color")
            }
        } else {
            report(.fail, "terminal", "TERM is not set")
        }
        if !t.stdoutIsTerminal || !t.stdinIsTerminal {
            report(.warn, "terminal", "not running in a terminal now (stdin \(t.stdinIsTerminal ? "tty" : "not a tty"), stdout \(t.stdoutIsTerminal ? "tty" : "not a tty")); the TUI needs one")
        }
        if t.codeset.uppercased().replacingOccurrences(of: "-", with: "") == "UTF8" && t.wideCharacters {
            report(.ok, "unicode", "locale codeset \(t.codeset), wide characters supported")
        } else {
            report(.warn, "unicode", "locale codeset \(t.codeset): borders and sparklines fall back to ASCII; set LANG=C.UTF-8 or similar")
        }

        // Database
        let db = database.resolvedPath(paths: paths, environment: env)
        if !FileManager.default.fileExists(atPath: db.path) {
            report(.warn, "database", "no database at \(db.path) yet (it is created on first start; try `greenroom --demo`)")
        } else {
            do {
                let store = try Store.open(at: db.path, createIfMissing: false)
                let migrations = try store.appliedMigrations()
                let integrity = try store.integrityCheck()
                let mode = (try? FileManager.default.attributesOfItem(atPath: db.path)[.posixPermissions] as? Int) ?? 0
                let journal = try store.journalMode()
                if integrity == ["ok"] {
                    report(.ok, "database", "\(db.path): schema \(migrations.last ?? "none"), journal \(journal), integrity ok")
                } else {
                    report(.fail, "database", "\(db.path): integrity_check found \(integrity.count) problem(s): \(integrity.prefix(3).joined(separator: "; "))")
                }
                if mode & 0o077 != 0 {
                    report(.warn, "database", "\(db.path) has mode \(String(mode, radix: 8)); expected 600 (chmod 600 it)")
                }
                // Rows no record type can hold (issue 19): none should be left.
                let bad = try store.undecodableValues()
                if !bad.isEmpty {
                    report(.fail, "database", "\(bad.count)\(bad.count == 20 ? "+" : "") value(s) that do not decode: \(bad.prefix(3).map(\.description).joined(separator: "; "))")
                }
                let repaired = try store.repairedValues()
                if repaired.count > 0 {
                    report(.warn, "database", "\(repaired.count) value(s) of the wrong type were repaired on upgrade (damaged_value): \(repaired.first.prefix(3).map(\.description).joined(separator: "; "))")
                }
                if let change = try store.deviceChange() { report(.ok, "sync", "device id changed: \(change)") }
                if let folder = (try? Config.load(path: paths.configFile))?.syncFolder {
                    checkSyncFolder(store, folder: folder, report: report)
                }
                try store.close()
            } catch let error as GreenroomError {
                report(.fail, "database", error.description)
            }
        }

        // Configuration, key map, themes
        var configuredTheme = "default"
        do {
            let config = try Config.load(path: paths.configFile)
            configuredTheme = config.theme
            let exists = FileManager.default.fileExists(atPath: paths.configFile)
            report(.ok, "config", exists ? "\(paths.configFile)" : "\(paths.configFile) (not present: defaults)")
        } catch let error as GreenroomError {
            report(.fail, "config", error.description)
        }
        do {
            let map = try KeyMap.load(path: paths.keysFile)
            let overridden = Action.allCases.filter { map.keys(for: $0) != $0.defaultKeys }.count
            let exists = FileManager.default.fileExists(atPath: paths.keysFile)
            report(.ok, "keys", exists ? "\(paths.keysFile): \(overridden) action(s) rebound, no conflicts" : "built-in bindings (no keys.toml)")
        } catch let error as GreenroomError {
            report(.fail, "keys", error.description)
        }
        let catalog = ThemeCatalog.standard(paths: paths)
        let names = catalog.available()
        if names.isEmpty {
            report(.warn, "themes", "no theme files found (searched \(catalog.directories.joined(separator: ", "))); using built-in attributes")
        }
        for name in names {
            do {
                _ = try catalog.load(name)
            } catch let error as GreenroomError {
                report(.fail, "themes", error.description)
            }
        }
        do {
            let theme = try catalog.load(configuredTheme)
            report(.ok, "themes", "\(names.count) available (\(names.joined(separator: ", "))); using \(theme.name)")
        } catch let error as GreenroomError {
            report(.fail, "themes", error.description)
        }

        if failures > 0 {
            print("\(failures) problem(s) found.")
            throw ExitCode(1)
        }
        print("All checks passed.")
    }

    /// The sync folder as this database sees it: reachable, held deletes, quarantined
    /// operations, open conflicts, and whether another database writes as this device.
    func checkSyncFolder(_ store: Store, folder: String, report: (Verdict, String, String) -> Void) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            report(.warn, "sync", "sync folder \(folder) is not there (unmounted, or not carried yet)")
            return
        }
        do {
            let status = try store.syncStatus()
            let (_, foreign) = try Syncer(store: store, folder: folder).ownSegments()
            if let foreign {
                report(.fail, "sync", "device id \(status.deviceID) is used by two databases: \(foreign) holds operations this one never made; the next sync gives this database a new id")
            }
            for held in try store.heldDeletes() {
                report(.warn, "sync", "held: \(held.description) would be deleted; greenroom sync --accept-deletes \(held.device) or --keep-deleted \(held.device)")
            }
            if status.quarantined > 0 || status.waitingForRows > 0 {
                report(.warn, "sync", "\(status.quarantined) operation(s) quarantined, \(status.waitingForRows) waiting for rows; greenroom sync status lists them")
            }
            report(.ok, "sync", "\(folder): device \(status.deviceID), \(status.peers.count) peer(s), \(status.openConflicts) open conflict(s), \(status.pendingOperations) operation(s) to export")
        } catch let error as GreenroomError {
            report(.fail, "sync", error.description)
        } catch {
            report(.fail, "sync", "\(error)")
        }
    }
}
