import Foundation
import GreenroomCore
import GreenroomStore

/// Runs the commands `update` asks for against the store and turns results into messages.
///
/// This is the only file in the TUI that knows the store exists (DESIGN.md §5). Page loads
/// are indexed queries that take a few milliseconds, so they run inline and the next frame
/// is complete; anything long runs on `background` and reports through `deliver`.
public final class CommandRunner: @unchecked Sendable {
    let store: Store
    let clock: WallClock
    private let background = DispatchQueue(label: "greenroom.runner.background", qos: .userInitiated)
    private let inFlight = DispatchGroup()
    private let lock = NSLock()
    private var delivered: [Msg] = []
    /// Called from a background thread when messages are waiting in `drainDelivered`.
    public var wake: (@Sendable () -> Void)?

    public init(store: Store, clock: WallClock) {
        self.store = store
        self.clock = clock
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
        background.async { [weak self] in
            var msgs: [Msg]
            do {
                msgs = try work()
            } catch let error as GreenroomError {
                msgs = [.failed(error.description)]
            } catch {
                msgs = [.failed("\(error)")]
            }
            msgs.append(.backgroundFinished(task))
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

    /// Blocks until every background task has delivered its messages (tests and the bench).
    public func waitUntilIdle(timeout: Double = 30) -> Bool {
        inFlight.wait(timeout: .now() + timeout) == .success
    }

    private func execute(_ command: Command) throws -> [Msg] {
        let now = clock.now()
        switch command {
        case .loadSettings:
            return [.settingsLoaded(try store.teamSettings())]
        case .loadHeader:
            return [.headerLoaded(lastSyncAt: try store.lastSyncAt())]
        case .loadRoster(let offset, let limit):
            let total = try store.rosterCount()
            return [.rosterLoaded(total: total, offset: offset, rows: try store.rosterPage(offset: offset, limit: limit, now: now))]
        case .loadPipeline(let stages, let offsets, let limit):
            let columns = try store.pipelineColumns(stages: stages, offsets: offsets, limit: limit, now: now)
            return [.pipelineLoaded(counts: try store.stageCounts(), columns: columns)]
        case .loadPipelineColumn(let stage, let offset, let limit):
            let count = try store.stageCounts()[stage] ?? 0
            return [.pipelineColumnLoaded(stage: stage, count: count, offset: offset,
                                          cards: try store.pipelineCards(stage: stage, offset: offset, limit: limit, now: now))]
        case .loadQueue(let offset, let limit):
            return [.queueLoaded(summary: try store.queueSummary(now: now), offset: offset, rows: try store.queuePage(offset: offset, limit: limit))]
        case .loadKPIs(let days):
            // Aggregates over every session and ticket: off the loop, so keys stay instant.
            let store = self.store
            return [runInBackground(task: "KPIs") { [.kpisLoaded(try store.dailyKPIs(days: days, now: now))] }]
        case .quit, .suspend, .redraw:
            return [] // handled by the runtime
        }
    }
}
