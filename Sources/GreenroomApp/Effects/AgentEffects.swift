import Foundation
import GreenroomCore
import GreenroomStore
import GreenroomTUI

/// An agent's page, off the loop.
extension CommandRunner {
    func run(_ command: AgentCommand, now: Millis) throws -> [Msg] {
        switch command {
        case .load(let handle):
            let store = self.store
            return [runInBackground(task: "agent page") {
                do {
                    return [.agent(.loaded(handle: handle, try store.agentPage(handle: handle, now: now)))]
                } catch let error as GreenroomError {
                    return [.agent(.failed(handle: handle, error.description))]
                }
            }]
        }
    }
}

extension AgentCommand: ScreenEffects {
    func run(in runner: CommandRunner, now: Millis) throws -> [Msg] { try runner.run(self, now: now) }
}
