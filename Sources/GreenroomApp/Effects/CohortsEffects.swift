import Foundation
import GreenroomCore
import GreenroomStore
import GreenroomTUI

/// Cohort retention, off the loop.
extension CommandRunner {
    func run(_ command: CohortsCommand, now: Millis) throws -> [Msg] {
        switch command {
        case .load:
            let store = self.store
            return [runInBackground(task: "cohorts") { [.cohorts(.loaded(try store.cohortTable(now: now)))] }]
        }
    }
}

extension CohortsCommand: ScreenEffects {
    func run(in runner: CommandRunner, now: Millis) throws -> [Msg] { try runner.run(self, now: now) }
}
