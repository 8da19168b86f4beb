import Foundation
import GreenroomCore
import GreenroomStore
import GreenroomTUI

/// The 1:1 screen's agenda, off the loop.
extension CommandRunner {
    func run(_ command: OneOnOneScreenCommand, now: Millis) throws -> [Msg] {
        switch command {
        case .load(let handle):
            let store = self.store
            return [runInBackground(task: "1:1 agenda") {
                do {
                    return [.oneOnOne(.loaded(handle: handle, try store.oneOnOneAgenda(handle: handle, now: now)))]
                } catch let error as GreenroomError {
                    return [.oneOnOne(.failed(handle: handle, error.description))]
                }
            }]
        }
    }
}

extension OneOnOneScreenCommand: ScreenEffects {
    func run(in runner: CommandRunner, now: Millis) throws -> [Msg] { try runner.run(self, now: now) }
}
