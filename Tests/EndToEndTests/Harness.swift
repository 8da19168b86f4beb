import Foundation
import Glibc
import Testing
import GreenroomCore

/// Every end-to-end test runs inside this suite, one at a time: they spawn processes and tmux
/// servers, which must not overlap (see `Sandbox.spawnDetached`).
@Suite(.serialized) enum EndToEnd {}

/// End-to-end tests drive the real `greenroom` binary inside tmux, the way tig's test suite
/// drives tig: send keys, capture the screen, compare.
enum Harness {
    static let pinnedNow = "2026-11-20T09:30:00Z"

    static var root: URL {
        var dir = URL(fileURLWithPath: #filePath)
        while dir.path != "/" {
            dir.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: dir.appendingPathComponent("Package.swift").path) { return dir }
        }
        return dir
    }

    /// The binary built next to the test bundle (`swift test` builds it as a dependency).
    static var binary: String {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("greenroom").path
        if FileManager.default.isExecutableFile(atPath: beside) { return beside }
        for config in ["debug", "release"] {
            let p = root.appendingPathComponent(".build/\(config)/greenroom").path
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return beside
    }

    static var tmuxAvailable: Bool {
        FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux") || FileManager.default.isExecutableFile(atPath: "/usr/local/bin/tmux")
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs the binary to completion with pipes (so: not a terminal).
    @discardableResult
    static func run(_ arguments: [String], environment: [String: String]) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }
}

/// A private home for one test: its own XDG directories, database and tmux server.
final class Sandbox: @unchecked Sendable {
    let path: String
    let socket: String

    /// A second tmux server over the same files (a second run of the program).
    init(sharing other: Sandbox) {
        path = other.path
        socket = "greenroom-e2e-" + UUID().uuidString.prefix(8)
        owner = false
    }

    private var owner = true

    init() {
        path = NSTemporaryDirectory() + "greenroom-e2e-" + UUID().uuidString
        socket = "greenroom-e2e-" + UUID().uuidString.prefix(8)
        for sub in ["config/greenroom", "data", "home"] {
            try? FileManager.default.createDirectory(atPath: path + "/" + sub, withIntermediateDirectories: true)
        }
    }

    deinit {
        _ = try? shell(["tmux", "-L", socket, "kill-server"], detached: true)
        guard owner else { return }
        // Whatever still runs from this sandbox (the app, its shell) goes first.
        _ = try? shell(["pkill", "-KILL", "-f", "--", path], detached: true)
        try? FileManager.default.removeItem(atPath: path)
    }

    var database: String { path + "/demo.sqlite" }

    var environment: [String: String] {
        [
            "HOME": path + "/home",
            "XDG_CONFIG_HOME": path + "/config",
            "XDG_DATA_HOME": path + "/data",
            "GREENROOM_NOW": Harness.pinnedNow,
            "LANG": "C.UTF-8",
            "TERM": "tmux-256color",
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
        ]
    }

    /// Writes a small demo database.
    func makeDemo(creators: Int = 150, tickets: Int = 300) throws {
        let r = try Harness.run(["demo", "--db", database, "--creators", "\(creators)", "--tickets", "\(tickets)", "--seed", "11"], environment: environment)
        guard r.status == 0 else { throw GreenroomError.invalidInput("demo failed: \(r.stderr)") }
    }

    /// Runs a command and returns its output. `detached` is for commands that leave a daemon
    /// behind (a tmux server), which would otherwise hold the output pipe open forever.
    @discardableResult
    func shell(_ args: [String], detached: Bool = false) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = args
        p.standardInput = FileHandle.nullDevice
        if detached {
            Sandbox.spawnDetached(args)
            return ""
        }
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    /// Starts `greenroom ARGS` in a detached tmux session of the given size. When it exits,
    /// the shell prints its status and whether the tty settings came back unchanged.
    func start(_ arguments: [String], width: Int = 100, height: Int = 30, extraEnvironment: [String: String] = [:]) throws {
        let env = environment.merging(extraEnvironment) { $1 }
        let assignments = env.map { "\($0.key)='\($0.value)'" }.sorted().joined(separator: " ")
        let args = arguments.map { "'\($0)'" }.joined(separator: " ")
        let script = "before=$(stty -g); env \(assignments) '\(Harness.binary)' \(args); status=$?; "
            + "after=$(stty -g); [ \"$before\" = \"$after\" ] && tty=same || tty=changed; "
            + "printf 'EXIT=%s TTY=%s\\n' $status $tty; sleep 600"
        try shell(["tmux", "-L", socket, "-f", "/dev/null", "new-session", "-d", "-s", "main", "-x", "\(width)", "-y", "\(height)", "sh", "-c", script],
                  detached: true)
        try shell(["tmux", "-L", socket, "set-option", "-g", "default-terminal", "tmux-256color"])
    }

    /// Runs a command that leaves a daemon behind without letting the daemon inherit any of
    /// this process's descriptors: Foundation's `Process` watches for exit through a socket
    /// the child inherits, and a tmux server holding it would make `waitUntilExit` wait for
    /// the server. The end-to-end suites run serially, so no other spawn is in flight.
    static func spawnDetached(_ args: [String]) {
        let fds = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd"))?.compactMap { Int32($0) } ?? []
        for fd in fds where fd > 2 {
            let flags = fcntl(fd, F_GETFD)
            if flags >= 0 { _ = fcntl(fd, F_SETFD, flags | FD_CLOEXEC) }
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv: [UnsafeMutablePointer<CChar>?] = args.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        // A clean signal state: the calling thread (a test worker) may block or ignore signals,
        // and the tmux server and everything in its panes would inherit that.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t(), all = sigset_t()
        sigemptyset(&empty)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        guard posix_spawnp(&pid, args[0], &actions, &attributes, argv, environ) == 0 else { return }
        var status: Int32 = 0
        waitpid(pid, &status, 0)
    }

    /// Starts an interactive shell (with job control) in tmux, for tests of `Ctrl-z`.
    func startShell(width: Int = 100, height: Int = 30) throws {
        try shell(["tmux", "-L", socket, "-f", "/dev/null", "new-session", "-d", "-s", "main", "-x", "\(width)", "-y", "\(height)",
                   "env", "-i", "PS1=$ ", "TERM=tmux-256color", "HOME=\(path)/home", "PATH=/usr/bin:/bin", "bash", "--norc", "--noprofile", "-i"],
                  detached: true)
    }

    /// The command line that runs greenroom with this sandbox's environment.
    func commandLine(_ arguments: [String]) -> String {
        let assignments = environment.map { "\($0.key)='\($0.value)'" }.sorted().joined(separator: " ")
        return "env \(assignments) '\(Harness.binary)' " + arguments.map { "'\($0)'" }.joined(separator: " ")
    }

    /// Sends an X10 mouse report for a button-1 press at a 0-based cell, as a terminal would.
    func click(x: Int, y: Int) throws {
        let report = "\u{1B}[M" + String(UnicodeScalar(32)) + String(UnicodeScalar(UInt8(33 + x))) + String(UnicodeScalar(UInt8(33 + y)))
        try type(report)
    }

    func send(_ keys: String...) throws {
        try shell(["tmux", "-L", socket, "send-keys", "-t", "main"] + keys)
    }

    /// Sends text literally (no key-name lookup).
    func type(_ text: String) throws {
        try shell(["tmux", "-L", socket, "send-keys", "-t", "main", "-l", text])
    }

    func resize(width: Int, height: Int) throws {
        try shell(["tmux", "-L", socket, "resize-window", "-t", "main", "-x", "\(width)", "-y", "\(height)"])
    }

    func capture() throws -> String {
        try shell(["tmux", "-L", socket, "capture-pane", "-p", "-N", "-t", "main"])
    }

    /// Waits until the screen contains `text`, returning the screen.
    @discardableResult
    func waitFor(_ text: String, timeout: Double = 15, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var screen = ""
        while Date() < deadline {
            screen = try capture()
            if screen.contains(text) { return screen }
            Thread.sleep(forTimeInterval: 0.05)
        }
        Issue.record("timed out waiting for \"\(text)\"; screen:\n\(screen)", sourceLocation: sourceLocation)
        return screen
    }

    /// Waits until `check` holds for the screen.
    @discardableResult
    func waitUntil(timeout: Double = 15, _ what: String, sourceLocation: SourceLocation = #_sourceLocation, _ check: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var screen = ""
        while Date() < deadline {
            screen = try capture()
            if check(screen) { return screen }
            Thread.sleep(forTimeInterval: 0.05)
        }
        Issue.record("timed out waiting until \(what); screen:\n\(screen)", sourceLocation: sourceLocation)
        return screen
    }
}

/// What the feature suites do over and over: run a command on the sandbox's database, read
/// its JSON, open a screen through the palette.
extension Sandbox {
    /// `greenroom ARGS --db <the sandbox's database>`, run to completion.
    func command(_ args: [String]) throws -> Harness.Result {
        try Harness.run(args + ["--db", database], environment: environment)
    }

    /// A command's standard output read as a JSON array of objects.
    func rows(_ result: Harness.Result, sourceLocation: SourceLocation = #_sourceLocation) throws -> [[String: Any]] {
        try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]], sourceLocation: sourceLocation)
    }

    /// `:` WORD `Enter`, once the palette is open.
    func palette(_ word: String) throws {
        try type(":")
        try waitFor("COMMAND")
        try type(word)
        try send("Enter")
    }
}
