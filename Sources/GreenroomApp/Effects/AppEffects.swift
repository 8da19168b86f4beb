import Foundation
import GreenroomCore
import GreenroomStore
import GreenroomTUI

/// The app-wide commands: settings, header, directory, statistics, and applying a change set (undo, redo).
extension CommandRunner {
    func runApp(_ command: Command, now: Millis) throws -> [Msg] {
        switch command {
        case .loadSettings:
            return [.settingsLoaded(try store.teamSettings())]
        case .loadHeader:
            return [.headerLoaded(lastSyncAt: try store.lastSyncAt(), conflicts: try store.openConflictCount())]
        case .loadDirectory:
            return [.directoryLoaded(members: try store.members(), networks: try store.networks()), .teamDirectoryLoaded(teams: try store.teams(), timeOff: try store.currentTimeOff(now: now))]
        case .refreshStats(let maxAge):
            let store = self.store
            if let asOf = try store.creatorStatsAsOf(), now - asOf < maxAge, now >= asOf { return [] }
            return [runInBackground(task: "statistics") {
                try store.refreshCreatorStats(now: now)
                return [.statsRefreshed]
            }]
        case .apply(let set, let mode):
            return [.applied(inverse: try store.apply(set, by: try memberID()), mode: mode)]
        default:
            return []
        }
    }
}
