import Foundation
import GreenroomApp
import GreenroomCore
import GreenroomStore
import GreenroomTerminal
import GreenroomTUI

/// Opens everything the TUI needs, in an order that fails early and clearly: configuration,
/// key map and theme first (no terminal changes yet), then the database, then the terminal.
struct TUILauncher {
    let database: DatabaseOptions
    let demo: Bool
    let theme: String?
    let me: String?

    func run() throws {
        let env = ProcessInfo.processInfo.environment
        // Before anything is opened or created: a terminal that cannot draw a screen is one line.
        if let problem = TerminalProbe.fullScreenProblem(environment: env) { throw GreenroomError.environment(problem) }
        let paths = ConfigPaths.fromEnvironment(env)
        let config = try Config.load(path: paths.configFile)
        let keyMap = try KeyMap.load(path: paths.keysFile)
        let loadedTheme = try ThemeCatalog.standard(paths: paths).load(theme ?? config.theme)
        let clock = try WallClock.fromEnvironment(env)

        let path: String
        if demo {
            try paths.ensureDataDirectory()
            path = paths.demoDatabase
            if !FileManager.default.fileExists(atPath: path) {
                FileHandle.standardError.write(Data("Creating demo data at \(path)…\n".utf8))
                _ = try Store.generateDemo(at: path, options: DemoOptions(), clock: clock)
            }
        } else {
            let resolved = database.resolvedPath(paths: paths, environment: env)
            if resolved.isDefault { try paths.ensureDataDirectory() }
            path = resolved.path
        }
        let store = try Store.open(at: path, clock: clock, upgrading: { pending in
            FileHandle.standardError.write(Data("Upgrading \(path) to schema \(pending.last ?? "") (once; large databases take up to a minute)…\n".utf8))
        })
        let me = try resolveMe(store: store, config: config)

        let terminal = try NcursesTerminal(environment: env, mouse: config.mouse)
        defer { terminal.shutdown() }
        let model = Model(width: terminal.width, height: terminal.height, now: clock.now(), keyMap: keyMap,
                          theme: loadedTheme, capabilities: terminal.capabilities, me: me)
        let runner = CommandRunner(store: store, clock: clock, me: me, syncFolder: config.syncFolder.map(absolutePath),
                                   gitCarrier: config.syncCarrier == "git")
        runner.wake = terminal.waker
        let runtime = AppRuntime(model: model, terminal: terminal, runner: runner, clock: clock)
        runtime.run()
    }

    /// `--as`, else `me` from config.toml, else (on demo data) the first manager.
    private func resolveMe(store: Store, config: Config) throws -> String? {
        let members = try store.members()
        var handle = me ?? config.me
        if handle == nil && demo { handle = members.first { $0.role == .manager }?.handle }
        guard var h = handle else { return nil }
        if !h.hasPrefix("@") { h = "@" + h }
        if !members.isEmpty && !members.contains(where: { $0.handle == h }) {
            let known = members.prefix(8).map(\.handle).joined(separator: ", ")
            throw GreenroomError.invalidInput("unknown member \(h) (members include \(known))")
        }
        return h
    }
}
