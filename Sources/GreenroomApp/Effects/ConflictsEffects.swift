import Foundation
import GreenroomCore
import GreenroomStore
import GreenroomTUI

/// The conflicts screen's commands: the open conflicts, and deciding one (a synced decision).
extension CommandRunner {
    func run(_ command: ConflictsCommand) throws -> [Msg] {
        switch command {
        case .load:
            return [.conflicts(.loaded(try store.openConflicts().map { CommandRunner.row($0, thisDevice: store.deviceID) }))]
        case .resolve(let id, let keepCurrent):
            try store.resolveConflict(id: id, keep: keepCurrent ? .current : .lost, by: try memberID())
            return [.notice(keepCurrent ? "Kept the current value; the decision syncs with the next S"
                                        : "Brought back the value that lost; it syncs with the next S"),
                    .conflicts(.loaded(try store.openConflicts().map { CommandRunner.row($0, thisDevice: store.deviceID) })),
                    .headerLoaded(lastSyncAt: try store.lastSyncAt(), conflicts: try store.openConflictCount())]
        }
    }

    static func row(_ c: SyncConflict, thisDevice: String) -> ConflictRow {
        func text(_ v: FieldValue) -> String {
            switch v {
            case .null: return "(empty)"
            case .int(let i): return String(i)
            case .text(let t): return t
            }
        }
        func who(_ device: String, _ name: String?) -> String { device == thisDevice ? "this laptop" : name ?? device }
        return ConflictRow(id: c.id, entity: c.entity.rawValue, label: c.label, field: c.field,
                           current: text(c.current), currentBy: who(c.currentDevice, c.currentDeviceName),
                           lost: text(c.lost), lostTime: c.lostTime, lostBy: who(c.lostDevice, c.lostDeviceName))
    }
}

extension ConflictsCommand: ScreenEffects {
    func run(in runner: CommandRunner, now: Millis) throws -> [Msg] { try runner.run(self) }
}
