import ArgumentParser
import Foundation
import GreenroomCore
import GreenroomStore

/// `greenroom trash list|restore`: deleted creators, tickets and activities (issue 19) and
/// removed programs, workshops, communities and tasks (issue 26), and bringing them back. A restore is a synced write, so it reaches every laptop.
struct TrashCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trash",
        abstract: "List deleted creators, tickets, activities, programs, workshops, communities and tasks, and restore them.",
        subcommands: [List.self, Restore.self],
        defaultSubcommand: List.self
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "Deleted records, most recently deleted first.")
        @OptionGroup var database: DatabaseOptions

        @Option(help: ArgumentHelp("Only this kind: creator, ticket, activity, program, workshop, community or incentive_task.", valueName: "kind"))
        var kind: String?

        @Option(help: "At most this many.")
        var limit = 100

        @Option(help: ArgumentHelp("table or json.", valueName: "format"))
        var format = "table"

        func validate() throws {
            guard ["table", "json"].contains(format) else { throw ValidationError("--format must be table or json (got \(format))") }
            guard limit > 0 else { throw ValidationError("--limit must be 1 or more") }
            if let kind, !Store.trashEntities.map(\.rawValue).contains(kind) {
                throw ValidationError("--kind must be creator, ticket, activity, program, workshop, community or incentive_task (got \(kind))")
            }
        }

        func run() throws {
            let store = try openStore(database, env: ProcessInfo.processInfo.environment, mustExist: true)
            let entities = kind.flatMap(Entity.init(rawValue:)).map { [$0] } ?? Store.trashEntities
            let items = try store.trash(entities: entities, limit: limit)
            if format == "json" {
                let objects: [[String: Any]] = items.map { item in
                    var o: [String: Any] = ["kind": item.entity.rawValue, "id": item.id, "label": item.label]
                    o["deleted_at"] = item.deletedAt.map(Time.iso) ?? NSNull()
                    o["deleted_by_device"] = item.deletedBy ?? NSNull()
                    return o
                }
                print(String(decoding: try JSONOutput.data(objects), as: UTF8.self))
                return
            }
            guard !items.isEmpty else {
                print("The trash is empty.")
                return
            }
            printTable(["kind", "deleted", "what", "id"], items.map {
                [$0.entity.rawValue, $0.deletedAt.map(Time.iso) ?? "—", $0.label, $0.id]
            })
        }
    }

    struct Restore: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "restore", abstract: "Bring deleted records back (a synced write).",
            discussion: "Each REF is a creator's @handle, a ticket key (or its shown prefix), a removed program's, workshop's or community's name, or a record id from `trash list`."
        )
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var identity: IdentityOptions

        @Argument(help: ArgumentHelp("What to restore.", valueName: "ref"))
        var refs: [String]

        func validate() throws {
            guard !refs.isEmpty else { throw ValidationError("name at least one record to restore (see `greenroom trash list`)") }
        }

        func run() throws {
            let store = try openStore(database, env: ProcessInfo.processInfo.environment, mustExist: true)
            // Every reference is checked before anything is restored.
            let found = try refs.map { ref -> (String, Entity, String) in
                guard let (entity, id) = try store.trashReference(ref) else {
                    throw GreenroomError.invalidInput("\(TerminalText.sanitize(ref)): nothing in the trash by that name (see `greenroom trash list`)")
                }
                return (ref, entity, id)
            }
            let memberID = try identity.me.flatMap { try store.member(handle: $0)?.id }
            for (ref, entity, id) in found {
                try store.restoreFromTrash(entity, id: id, by: memberID)
                print("Restored \(entity.rawValue) \(TerminalText.sanitize(ref)); it syncs with the next `greenroom sync`.")
            }
        }
    }
}
