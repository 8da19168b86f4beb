import Foundation
import GreenroomCore
import GreenroomStore
import GreenroomTUI

/// Today: four sections over the whole team's data, off the loop, so keys stay instant.
extension CommandRunner {
    func run(_ command: TodayCommand, now: Millis) throws -> [Msg] {
        switch command {
        case .load(let me):
            let store = self.store
            return [runInBackground(task: "Today") { [.today(.loaded(try store.today(me: me, now: now)))] }]
        case .loadMore(let me, let limit):
            let store = self.store
            return [runInBackground(task: "Today") { [.today(.loaded(try store.today(me: me, now: now, limit: limit)))] }]
        }
    }
}

extension TodayCommand: ScreenEffects {
    func run(in runner: CommandRunner, now: Millis) throws -> [Msg] { try runner.run(self, now: now) }
}
