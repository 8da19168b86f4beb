import Foundation
import GreenroomApp
import GreenroomCore
import GreenroomStore
import GreenroomTUI

/// `greenroom bench --campaign` (hidden): the Campaigns screen on the benchmark dataset — the
/// campaign with the most enrolled creators (the demo's 11.11 sale: about 20,000 of 100,000
/// creators), opened from the list and scrolled, with the real update, view, runner and store
/// on a headless 160×48 canvas.
///
/// - `campaigns_list_cold`: `C` after a write until the list's rows are drawn (every campaign's
///   standings computed, off the loop: the keystroke itself draws "Loading…" at once);
/// - `campaign_open_cold`: `Enter` on the list after a write (the ranked standings are
///   computed again: one aggregate per enrolled creator, then a sort), to its frame;
/// - `campaign_open_warm`: the same with the database unchanged (standings from the cache);
/// - `campaign_scroll`: `j`, `Ctrl-d`, `k` through the ranked creators (paged);
/// - `campaign_daily_background`: the daily sparkline's query after a write (loaded off the
///   loop once the frame is drawn, so not part of the keystroke);
/// - `campaign_at_risk`: `a`, repeatedly (only those at risk, then everyone again).
enum CampaignBench {
    static func run(db: String, clock: WallClock, repeats: Int, json: Bool) throws {
        guard FileManager.default.fileExists(atPath: db) else { throw GreenroomError.invalidInput("no database at \(db) (run greenroom bench or demo first)") }
        let store = try Store.open(at: db, clock: clock)
        let now = clock.now()
        let summaries = try store.campaignSummaries(now: now)
        guard let biggest = summaries.enumerated().max(by: { $0.element.enrolled < $1.element.enrolled }) else {
            throw GreenroomError.invalidInput("no campaigns in \(db)")
        }
        let me = try store.members().first { $0.role == .manager }?.handle
        let terminal = HeadlessTerminal(width: BenchCommand.width, height: BenchCommand.height)
        let app = AppRuntime(model: Model(width: BenchCommand.width, height: BenchCommand.height, now: now, me: me), terminal: terminal,
                             runner: CommandRunner(store: store, clock: clock, me: me), clock: clock)
        app.start()
        app.settle(timeout: 120)
        app.handle([.key(.char("C"))])
        app.settle(timeout: 120)
        let margin = try store.teamSettings().campaignRiskMargin

        func time(_ body: () -> Void) -> Double {
            let start = DispatchTime.now().uptimeNanoseconds
            body()
            return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
        }
        func time(_ events: [TerminalEvent]) -> Double { time { app.handle(events) } }
        // The list loads off the loop: `campaigns_list_cold` is `C` until its rows are drawn.
        // A write before each `Enter` makes the timed open compute the standings again.
        var cold: [Double] = [], warm: [Double] = [], list: [Double] = []
        for _ in 0..<max(5, repeats / 20) {
            app.handle([.key(.esc), .key(.esc)])
            app.settle(timeout: 120)
            try store.setCampaignRiskMargin(margin)
            list.append(time { app.handle([.key(.char("C"))]); app.settle(timeout: 120) })
            app.handle(Array(repeating: .key(.char("j")), count: biggest.offset))
            try store.setCampaignRiskMargin(margin)
            cold.append(time { app.handle([.key(.enter)]) })
            app.settle(timeout: 120)
            app.handle([.key(.esc)])
            app.settle(timeout: 120)
            warm.append(time { app.handle([.key(.enter)]) })
            app.settle(timeout: 120)
        }
        var scroll: [Double] = []
        for k in Array(repeating: Key.char("j"), count: repeats) + Array(repeating: Key.ctrl("d"), count: repeats / 4) + Array(repeating: Key.char("k"), count: repeats / 2) {
            scroll.append(time([.key(k)]))
        }
        // The daily series, which the screen loads off the loop after the frame.
        var daily: [Double] = []
        for _ in 0..<max(5, repeats / 20) {
            try store.setCampaignRiskMargin(margin)
            let start = DispatchTime.now().uptimeNanoseconds
            _ = try store.campaignDaily(id: biggest.element.campaign.id, now: now)
            daily.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        }
        var risk: [Double] = []
        app.settle(timeout: 120)
        for _ in 0..<max(5, repeats / 20) { risk.append(time([.key(.char("a"))])) }
        app.settle(timeout: 120)
        let results = [("campaigns_list_cold", BenchCommand.Latency(list)), ("campaign_open_cold", BenchCommand.Latency(cold)), ("campaign_open_warm", BenchCommand.Latency(warm)),
                       ("campaign_scroll", BenchCommand.Latency(scroll)), ("campaign_daily_background", BenchCommand.Latency(daily)), ("campaign_at_risk", BenchCommand.Latency(risk))]
        if json {
            var object: [String: Any] = Dictionary(uniqueKeysWithValues: results.map { ($0.0, $0.1.json) })
            object["campaign"] = TerminalText.sanitize(biggest.element.campaign.name)
            object["enrolled"] = biggest.element.enrolled
            print(String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted]), as: UTF8.self))
            return
        }
        print("greenroom bench --campaign — \(db): \"\(TerminalText.sanitize(biggest.element.campaign.name))\", \(NumberFormat.grouped(biggest.element.enrolled)) enrolled")
        print("scenario".padding(toLength: 22, withPad: " ", startingAt: 0) + "   p50 ms   p95 ms   p99 ms   samples")
        for (name, l) in results {
            print(name.padding(toLength: 22, withPad: " ", startingAt: 0)
                  + [l.p50, l.p95, l.p99].map { String(format: "%9.2f", $0) }.joined() + String(format: "%10d", l.samples.count))
        }
    }
}
