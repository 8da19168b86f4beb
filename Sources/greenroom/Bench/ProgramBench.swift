import Foundation
import GreenroomApp
import GreenroomCore
import GreenroomStore
import GreenroomTUI

/// `greenroom bench --program`: a program's board (issue 26) over `enrolled` creators, with the
/// real update, view, runner and store on a headless 160×48 canvas. The first run adds
/// "Bench program" (five modules), enrols the first `enrolled` creators by id a day apart and
/// moves four fifths of them through the modules (a fifth stand at each module, a fifth done).
///
/// - `program_board_open_cold`: `Enter` on the programs list after a write, to the board's
///   frame (every enrolment and completion read through the covering indexes, standings,
///   the partial sort of each column, the funnel, the handles of the cards shown);
/// - `program_board_open_warm`: the same with nothing written in between (SQLite's cache warm;
///   the board is not cached by the app);
/// - `program_board_open_cold_cpu`: the cold open's CPU time on the thread that loads and
///   draws it (what the wall clock reads on an idle machine, less I/O waits);
/// - `program_board_move`: `l`, `j`, `h`, `k` on the open board (no reads);
/// - `program_effect_background`: the matched comparison the screen loads off the loop.
enum ProgramBench {
    static let name = "Bench program"

    static func run(db: String, clock: WallClock, enrolled: Int, repeats: Int, json: Bool) throws {
        guard FileManager.default.fileExists(atPath: db) else { throw GreenroomError.invalidInput("no database at \(db) (greenroom demo --db \(db) --creators 25000 first)") }
        guard (1...1_000_000).contains(enrolled) else { throw GreenroomError.invalidInput("--program-enrolled is from 1 to 1,000,000") }
        let store = try Store.open(at: db, clock: clock)
        let now = clock.now()
        var setup = 0.0
        let program: Program
        if let existing = try store.programs().first(where: { $0.name == name }) {
            program = existing
        } else {
            let start = DispatchTime.now().uptimeNanoseconds
            program = try store.addProgram(name: name, summary: "greenroom bench --program", modules: ["Setup", "Lighting", "Products", "Selling", "Review"])
            let ids = try store.rosterIDs(filter: .all, me: nil, now: now).sorted().prefix(enrolled)
            guard ids.count == enrolled else { throw GreenroomError.invalidInput("\(db) has \(ids.count) creators; --program-enrolled asks for \(enrolled)") }
            // Enrolled over the last 60 days, in batches of a day.
            let batch = max(1, enrolled / 60)
            for (i, start) in stride(from: 0, to: ids.count, by: batch).enumerated() {
                let chunk = Array(ids[ids.index(ids.startIndex, offsetBy: start)..<ids.index(ids.startIndex, offsetBy: min(ids.count, start + batch))])
                try store.enrol(programID: program.id, creatorIDs: chunk, at: now - Millis(60 - min(59, i)) * Time.day)
            }
            for k in 1...4 {
                let moving = Array(ids.prefix(enrolled * (5 - k) / 5))
                try store.advance(programID: program.id, creatorIDs: moving, at: now - Millis(40 - 8 * k) * Time.day)
            }
            setup = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        }
        let me = try store.members().first { $0.role == .manager }?.handle
        let terminal = HeadlessTerminal(width: BenchCommand.width, height: BenchCommand.height)
        let app = AppRuntime(model: Model(width: BenchCommand.width, height: BenchCommand.height, now: now, me: me), terminal: terminal,
                             runner: CommandRunner(store: store, clock: clock, me: me), clock: clock)
        app.start()
        app.settle(timeout: 120)
        app.handle([.key(.char(":"))] + "programs".map { .key(.char($0)) } + [.key(.enter)])
        app.settle(timeout: 120)
        let index = try store.programs().firstIndex { $0.id == program.id } ?? 0
        let margin = try store.teamSettings().campaignRiskMargin

        func time(_ body: () -> Void) -> Double {
            let start = DispatchTime.now().uptimeNanoseconds
            body()
            return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
        }
        /// This thread's CPU time for `body`, ms: on a shared machine the wall clock also
        /// counts the time other processes had the cores (the board loads on this thread).
        func cpu(_ body: () -> Void) -> Double {
            func now() -> Double {
                var t = timespec()
                clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
                return Double(t.tv_sec) * 1e3 + Double(t.tv_nsec) / 1e6
            }
            let start = now()
            body()
            return now() - start
        }
        var cold: [Double] = [], warm: [Double] = [], coldCPU: [Double] = []
        // On the programs list here, and again after each round's Esc.
        var opened = 0
        for _ in 0..<max(5, repeats / 20) {
            app.handle([.key(.char("g"))] + Array(repeating: .key(.char("j")), count: index))
            // Any write: the next open reads after a change.
            try store.setCampaignRiskMargin(margin)
            var wall = 0.0
            coldCPU.append(cpu { wall = time { app.handle([.key(.enter)]) } })
            cold.append(wall)
            app.settle(timeout: 120)
            app.handle([.key(.esc)])
            app.settle(timeout: 120)
            warm.append(time { app.handle([.key(.enter)]) })
            app.settle(timeout: 120)
            if case .programs(let s) = app.model.screen, (s.open?.data?.board.enrolled ?? 0) > 0 { opened += 1 }
            app.handle([.key(.esc)])
            app.settle(timeout: 120)
        }
        guard opened == max(5, repeats / 20) else { throw GreenroomError.invalidInput("the bench did not reach the program's board (\(opened) opens)") }
        app.handle([.key(.enter)])
        app.settle(timeout: 120)
        var move: [Double] = []
        for k in (0..<repeats).map({ [Key.char("l"), .char("j"), .char("h"), .char("k")][$0 % 4] }) { move.append(time { app.handle([.key(k)]) }) }
        var effect: [Double] = []
        for _ in 0..<3 { effect.append(time { _ = try? store.programEffect(id: program.id, now: now) }) }
        let board = try store.programBoard(id: program.id, now: now, cardsPerColumn: 10)
        let results = [("program_board_open_cold", BenchCommand.Latency(cold)), ("program_board_open_cold_cpu", BenchCommand.Latency(coldCPU)),
                       ("program_board_open_warm", BenchCommand.Latency(warm)),
                       ("program_board_move", BenchCommand.Latency(move)), ("program_effect_background", BenchCommand.Latency(effect))]
        let count = board?.board.enrolled ?? 0
        if json {
            var object: [String: Any] = Dictionary(uniqueKeysWithValues: results.map { ($0.0, $0.1.json) })
            object["enrolled"] = count
            object["completions"] = board.map { b in b.funnel.steps.dropFirst().dropLast(2).reduce(0) { $0 + $1.count } } ?? 0
            print(String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted]), as: UTF8.self))
            return
        }
        print("greenroom bench --program — \(db): \"\(name)\", \(NumberFormat.grouped(count)) enrolled" + (setup > 0 ? String(format: " (set up in %.1f s)", setup) : ""))
        print("scenario".padding(toLength: 28, withPad: " ", startingAt: 0) + "   p50 ms   p95 ms   p99 ms   samples")
        for (name, l) in results {
            print(name.padding(toLength: 28, withPad: " ", startingAt: 0)
                  + [l.p50, l.p95, l.p99].map { String(format: "%9.2f", $0) }.joined() + String(format: "%10d", l.samples.count))
        }
    }
}
