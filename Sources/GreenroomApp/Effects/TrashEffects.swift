import Foundation
import GreenroomCore
import GreenroomStore
import GreenroomTUI

/// The trash screen's commands: the deleted records, and restoring one (an ordinary synced
/// write, so `u` undoes it).
extension CommandRunner {
    func run(_ command: TrashCommand) throws -> [Msg] {
        switch command {
        case .load:
            return [.trash(.loaded(try trashRows()))]
        case .restore(let kind, let id, let label):
            guard let entity = Entity(rawValue: kind) else { return [] }
            let inverse = try store.restoreFromTrash(entity, id: id, by: try memberID())
            return [.applied(inverse: ChangeSet("Restored \(label)", inverse.changes), mode: .perform)]
        }
    }

    /// The trash as rows, with who deleted each thing in words.
    func trashRows() throws -> [TrashRow] {
        let names = Dictionary(try store.syncPeers().map { ($0.device, $0.name) }, uniquingKeysWith: { a, _ in a })
        return try store.trash().map { item in
            let by = item.deletedBy.map { $0 == store.deviceID ? "this laptop" : (names[$0].flatMap { $0.isEmpty ? nil : $0 } ?? $0) } ?? "—"
            return TrashRow(kind: item.entity.rawValue, id: item.id, label: item.label, deletedAt: item.deletedAt, deletedBy: by)
        }
    }
}

extension TrashCommand: ScreenEffects {
    func run(in runner: CommandRunner, now: Millis) throws -> [Msg] { try runner.run(self) }
}
