import Foundation
import GreenroomCore
import GreenroomStore
import GreenroomTUI

/// The weekly Review, off the loop; once it is there, the programs and workshops that ran in
/// its week are measured in a task of their own (each comparison scans every creator), so the
/// Review never waits for them.
extension CommandRunner {
    func run(_ command: ReviewCommand, now: Millis) throws -> [Msg] {
        switch command {
        case .load(let week):
            let store = self.store
            let me = self.me
            return [runInBackground(task: "Review") { [self] in
                let review = try store.weeklyReview(week: week, me: me, now: now, breachedLimit: ReviewScreen.breachedShown, withToday: false)
                let period = review.period
                return [.review(.loaded(week: week, review)), runInBackground(task: "program effects") {
                    [.review(.effectsLoaded(period: period, try store.interventionEffects(in: period, now: now)))]
                }]
            }]
        }
    }
}

extension ReviewCommand: ScreenEffects {
    func run(in runner: CommandRunner, now: Millis) throws -> [Msg] { try runner.run(self, now: now) }
}
