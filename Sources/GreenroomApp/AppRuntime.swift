import Foundation
import GreenroomCore
import GreenroomTUI

/// The Elm loop: input → `update` → commands → runner → messages → `update` … → `view` →
/// backend. One frame is drawn per batch of input, after every command it caused has run.
public final class AppRuntime {
    public private(set) var model: Model
    let terminal: TerminalBackend
    let runner: CommandRunner
    let clock: WallClock
    private let started = DispatchTime.now()

    public init(model: Model, terminal: TerminalBackend, runner: CommandRunner, clock: WallClock) {
        self.model = model
        self.terminal = terminal
        self.runner = runner
        self.clock = clock
    }

    var monotonic: Double { Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9 }

    /// Starts the program: loads every pane and draws the first frame.
    public func start() {
        model.width = terminal.width
        model.height = terminal.height
        model.capabilities = terminal.capabilities
        _ = dispatch(.tick(now: clock.now(), monotonic: monotonic))
        process(runConcurrently(initialCommands(model)))
        render()
    }

    /// Runs the first loads at once, each on a reader connection of its own (the store's pool
    /// reads in parallel), and applies their results in the commands' order, so the model is
    /// what running them one by one gives; returns the commands the results asked for. The
    /// first frame waits for the slowest pane instead of the sum of them (roster, queue and
    /// board were ~21, 18 and 16 ms one after another at 100k creators / 1M tickets).
    /// Commands the runtime handles itself are left to `process`.
    private func runConcurrently(_ commands: [Command]) -> [Command] {
        var loads: [Command] = [], next: [Command] = []
        for command in commands {
            switch command {
            case .quit, .suspend, .redraw, .editExternally: next.append(command)
            default: loads.append(command)
            }
        }
        let results = ConcurrentResults(count: loads.count)
        let runner = self.runner, work = loads
        // Longest first: the workers take the loads in this order (two at a time on two cores),
        // so the board (per-stage counts and a page per column) and the queue (its counts and
        // page) start at once and the short loads fill in around them; taken in the commands'
        // order, the roster and the board fell on one worker one after the other.
        let order = work.indices.sorted { (AppRuntime.expectedCost(work[$0]), $1) > (AppRuntime.expectedCost(work[$1]), $0) }
        DispatchQueue.concurrentPerform(iterations: work.count) { i in results.set(order[i], runner.run(work[order[i]])) }
        for msgs in results.all { for msg in msgs { next += update(&model, msg) } }
        return next
    }

    /// A rough rank of how long a first load takes at 100k creators / 1M tickets (higher runs
    /// first); only the order of starting depends on it, never the result.
    static func expectedCost(_ command: Command) -> Int {
        switch command {
        case .pipeline(.load): return 3
        case .tickets(.load): return 2
        case .roster(.load): return 1
        default: return 0
        }
    }

    /// Feeds one message through update and every command it causes. Returns false once the
    /// program should stop.
    @discardableResult
    public func dispatch(_ msg: Msg) -> Bool {
        let commands = update(&model, msg)
        process(commands)
        return !model.quitting
    }

    private var pendingRedraw = false

    private func process(_ commands: [Command]) {
        var queue = commands
        var guardCount = 0
        while !queue.isEmpty && guardCount < 1000 {
            guardCount += 1
            let command = queue.removeFirst()
            switch command {
            case .quit:
                model.quitting = true
            case .suspend:
                terminal.suspend()
                terminal.invalidate()
            case .redraw:
                terminal.invalidate()
            case .editExternally(let target, let text):
                queue.append(contentsOf: update(&model, editExternally(target, text)))
            default:
                for msg in runner.run(command) {
                    queue.append(contentsOf: update(&model, msg))
                }
            }
        }
    }

    /// The editor to run: `$VISUAL`, else `$EDITOR`, else `vi`.
    var editorCommand: String {
        let env = ProcessInfo.processInfo.environment
        return [env["VISUAL"], env["EDITOR"]].compactMap { $0 }.first { !$0.isEmpty } ?? "vi"
    }

    /// Edits `text` in an external editor with the screen handed over, and returns the result.
    func editExternally(_ target: EditorTarget, _ text: String) -> Msg {
        let path = NSTemporaryDirectory() + "greenroom-edit-\(UUID().uuidString).md"
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            return .failed("cannot write a temporary file for the editor: \(error.localizedDescription)")
        }
        var status: Int32 = 0
        var launchError: String?
        let editor = editorCommand
        terminal.runExternal {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", editor + " \"$1\"", "sh", path]
            do {
                try process.run()
                process.waitUntilExit()
                status = process.terminationStatus
            } catch {
                launchError = error.localizedDescription
            }
        }
        terminal.invalidate()
        if let launchError { return .failed("cannot start editor \"\(editor)\": \(launchError)") }
        guard status == 0 else { return .failed("editor \"\(editor)\" exited with status \(status); the text is unchanged") }
        guard let edited = try? String(contentsOfFile: path, encoding: .utf8) else {
            return .failed("cannot read the edited text back; the text is unchanged")
        }
        return .editorReturned(target, edited)
    }

    public func render() {
        terminal.draw(view(model))
    }

    /// Waits for background work to finish and applies its results (tests and the bench).
    public func settle(timeout: Double = 30) {
        _ = runner.waitUntilIdle(timeout: timeout)
        for msg in runner.drainDelivered() { dispatch(msg) }
        render()
    }

    /// Handles one batch of terminal events and draws a frame. Used by `run` and by the bench.
    public func handle(_ events: [TerminalEvent]) {
        for event in events {
            switch event {
            case .key(let key): dispatch(.key(key))
            case .mouse(let event): dispatch(.mouse(event))
            case .resize(let w, let h): dispatch(.resize(width: w, height: h))
            case .hangup: model.quitting = true
            case .paste(let text): dispatch(.paste(text))
            }
            if model.quitting { return }
        }
        for msg in runner.drainDelivered() { dispatch(msg) }
        render()
    }

    /// Runs until the user quits.
    public func run() {
        start()
        var lastTick = monotonic
        while !model.quitting {
            let events = terminal.poll(timeout: 0.25)
            let now = monotonic
            if now - lastTick >= 1 {
                lastTick = now
                dispatch(.tick(now: clock.now(), monotonic: now))
            }
            // Every batch of input or background results, and every tick, gets a frame; the
            // backend sends only the cells that changed, so an idle tick costs nothing.
            for msg in runner.drainDelivered() { dispatch(msg) }
            handle(events)
        }
    }
}

/// Results written by concurrent workers, one slot each.
private final class ConcurrentResults: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [[Msg]]
    init(count: Int) { slots = Array(repeating: [], count: count) }
    func set(_ i: Int, _ value: [Msg]) { lock.withLock { slots[i] = value } }
    var all: [[Msg]] { lock.withLock { slots } }
}
