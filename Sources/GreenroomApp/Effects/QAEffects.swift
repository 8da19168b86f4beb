import Foundation
import GreenroomCore
import GreenroomStore
import GreenroomTUI

/// The QA sample, off the loop.
extension CommandRunner {
    func run(_ command: QACommand, now: Millis) throws -> [Msg] {
        switch command {
        case .load(let week, let perAgent):
            let store = self.store
            return [runInBackground(task: "QA sample") { [.qa(.loaded(week: week, try store.qaSample(week: week, perAgent: perAgent)))] }]
        }
    }
}

extension QACommand: ScreenEffects {
    func run(in runner: CommandRunner, now: Millis) throws -> [Msg] { try runner.run(self, now: now) }
}
