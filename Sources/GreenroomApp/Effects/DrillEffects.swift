import Foundation
import GreenroomCore
import GreenroomStore
import GreenroomTUI

/// The drill-down's rows, off the loop.
extension CommandRunner {
    func run(_ command: DrillCommand, now: Millis) throws -> [Msg] {
        switch command {
        case .load(let request):
            let store = self.store
            return [runInBackground(task: "drill-down") { [.drill(.loaded(request, try store.drillDown(request, now: now)))] }]
        case .identities(let request, let subject, let ids):
            // A window's worth (≤ 500 ids, a few milliseconds): inline, so the rows it shows are whole.
            return [.drill(.identities(request, try store.drillIdentities(subject, ids)))]
        }
    }
}

extension DrillCommand: ScreenEffects {
    func run(in runner: CommandRunner, now: Millis) throws -> [Msg] { try runner.run(self, now: now) }
}
