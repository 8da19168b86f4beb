import Foundation
import Synchronization
import GreenroomCore
import GreenroomStore
import GreenroomSync
import GreenroomTUI

/// The effects of a registered screen's commands (TUI's `Screens.all`): each screen's command
/// type conforms beside its effects in Effects/, so the runner needs no line per screen.
protocol ScreenEffects {
    func run(in runner: CommandRunner, now: Millis) throws -> [Msg]
}

/// Runs the commands `update` asks for against the store and turns results into messages.
///
/// This is the only file in the TUI that knows the store exists (DESIGN.md §5). Page loads
/// are indexed queries that take a few milliseconds, so they run inline and the next frame
/// is complete; anything long runs in the background (`runInBackground`) and reports through
/// `deliver`.
public final class CommandRunner: @unchecked Sendable {
    let store: Store
    let clock: WallClock
    /// One serial queue per kind of background task, and one for every task that writes.
    /// Tasks of a kind finish in the order they were asked for (the newest KPI load lands
    /// last) and writes in the order they were made; different kinds run at once. One queue
    /// for everything made a screen the user opened wait behind a reload nobody could see
    /// (the KPI pane recomputed after `Esc` from the Review, unchanged, delayed the KPI
    /// drill-down opened next by its whole time).
    private var queues: [String: DispatchQueue] = [:]
    /// Background tasks that write: they share one queue, so writes stay in order.
    static let writingTasks: Set<String> = ["bulk", "triage", "macro", "statistics", "sync", "remove", "automations"]
    /// Background tasks nobody waits for on screen (the Review's program effects, below its
    /// first page, ~1.5 s of a core at 100k creators): their work runs on a thread of its own
    /// at a lower scheduling priority (nice 10), so what the user opens next — a drill-down
    /// seconds later — gets the cores first. Their queue still runs them one at a time.
    static let lowPriorityTasks: Set<String> = ["program effects"]
    private let inFlight = DispatchGroup()
    private let lock = NSLock()
    private var delivered: [Msg] = []
    /// Called from a background thread when messages are waiting in `drainDelivered`.
    public var wake: (@Sendable () -> Void)?

    /// Who "me" is, to sign changes (the member's handle).
    let me: String?
    private var meID: String??

    /// The team's sync folder (config.toml `sync_folder`), if one was ever chosen.
    let syncFolder: String?
    /// Whether `S` carries the folder through git (config.toml `sync_carrier = "git"`).
    let gitCarrier: Bool
    /// The database's `data_version` at the last look (`checkExternalWrites`); nil before the first.
    var dataVersion: Int?
    /// The running search over the history, which the next one cancels (`TicketEffects`).
    let ticketSearch = Mutex<ReadCancellation?>(nil)

    public init(store: Store, clock: WallClock, me: String? = nil, syncFolder: String? = nil, gitCarrier: Bool = false) {
        self.store = store
        self.clock = clock
        self.me = me
        self.syncFolder = syncFolder
        self.gitCarrier = gitCarrier
    }

    /// Delivers a message from background work before the work ends (progress).
    func deliver(_ msg: Msg) {
        lock.lock()
        delivered.append(msg)
        lock.unlock()
        wake?()
    }

    /// The member id of "me", looked up once.
    func memberID() throws -> String? {
        // Under the lock: the first loads run at once (AppRuntime.runConcurrently).
        if let cached = lock.withLock({ meID }) { return cached }
        let id = try me.flatMap { try store.member(handle: $0)?.id }
        lock.withLock { meID = .some(id) }
        return id
    }

    /// Executes one command and returns the messages it produces now.
    public func run(_ command: Command) -> [Msg] {
        do {
            return try execute(command)
        } catch let error as GreenroomError {
            return [.failed(error.description)]
        } catch {
            return [.failed("\(error)")]
        }
    }

    /// Messages from background work that finished since the last call.
    public func drainDelivered() -> [Msg] {
        lock.lock()
        defer { lock.unlock() }
        let out = delivered
        delivered.removeAll()
        return out
    }

    /// Runs `work` off the main loop; its messages, then `backgroundFinished(task)`, arrive
    /// through `drainDelivered`. Returns the message that marks the task as running.
    func runInBackground(task: String, _ work: @escaping @Sendable () throws -> [Msg]) -> Msg {
        inFlight.enter()
        let kind = CommandRunner.writingTasks.contains(task) ? "writes" : task
        let queue = lock.withLock {
            if let queue = queues[kind] { return queue }
            let queue = DispatchQueue(label: "greenroom.runner.\(kind)", qos: .userInitiated)
            queues[kind] = queue
            return queue
        }
        queue.async { [weak self] in
            let run: @Sendable () -> [Msg] = {
                var msgs: [Msg]
                do {
                    msgs = try work()
                } catch let error as GreenroomError {
                    msgs = [.failed(error.description)]
                } catch {
                    msgs = [.failed("\(error)")]
                }
                msgs.append(.backgroundFinished(task))
                return msgs
            }
            let msgs = CommandRunner.lowPriorityTasks.contains(task) ? CommandRunner.onLowPriorityThread(run) : run()
            if let self {
                self.lock.lock()
                self.delivered.append(contentsOf: msgs)
                self.lock.unlock()
                self.wake?()
                self.inFlight.leave()
            }
        }
        return .backgroundStarted(task)
    }

    /// Runs `run` on a new thread at nice 10 and waits for it. (Linux keeps a nice value per
    /// thread; raising it needs no privilege, lowering it back would, hence a thread of its
    /// own rather than one of the dispatch pool's.)
    static func onLowPriorityThread(_ run: @escaping @Sendable () -> [Msg]) -> [Msg] {
        final class Result: @unchecked Sendable { var msgs: [Msg] = [] }
        let result = Result()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            #if os(Linux)
            _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 10)
            #endif
            result.msgs = run()
            done.signal()
        }
        thread.start()
        done.wait()
        return result.msgs
    }

    /// Blocks until every background task has delivered its messages (tests and the bench).
    public func waitUntilIdle(timeout: Double = 30) -> Bool {
        inFlight.wait(timeout: .now() + timeout) == .success
    }

    private func execute(_ command: Command) throws -> [Msg] {
        let now = clock.now()
        switch command {
        case .loadSettings, .loadHeader, .loadDirectory, .refreshStats, .apply:
            return try runApp(command, now: now)
        case .roster(let command): return try run(command, now: now)
        case .kpis(let command): return try run(command, now: now)
        case .sync(let command): return try run(command, now: now)
        case .creator(let command): return try run(command, now: now)
        case .pipeline(let command): return try run(command, now: now)
        case .tickets(let command): return try run(command, now: now)
        // Feature screens: one line each (their effects are in Effects/<Feature>Effects.swift).
        case .campaigns(let command): return try run(command, now: now)
        case .knowledgeBase(let command): return try run(command, now: now)
        case .screen(let command):
            guard let effects = command.base as? any ScreenEffects else {
                return [.failed("no effects for \(type(of: command.base))")]
            }
            return try effects.run(in: self, now: now)
        case .checkExternalWrites:
            let version = try store.externalDataVersion()
            defer { dataVersion = version }
            return dataVersion != nil && dataVersion != version ? [.externalWrites] : []
        case .quit, .suspend, .redraw, .editExternally:
            return [] // handled by the runtime
        }
    }
}
