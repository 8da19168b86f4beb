import Foundation
import GreenroomCore
import GreenroomStore
import GreenroomTUI

/// The weekly Review, off the loop.
extension CommandRunner {
    func run(_ command: ReviewCommand, now: Millis) throws -> [Msg] {
        switch command {
        case .load(let week):
            let store = self.store
            let me = self.me
            return [runInBackground(task: "Review") {
                [.review(.loaded(week: week, try store.weeklyReview(week: week, me: me, now: now, breachedLimit: ReviewScreen.breachedShown,
                                                                    withToday: false)))]
            }]
        }
    }
}

extension ReviewCommand: ScreenEffects {
    func run(in runner: CommandRunner, now: Millis) throws -> [Msg] { try runner.run(self, now: now) }
}
