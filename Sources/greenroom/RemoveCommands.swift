import ArgumentParser
import Foundation
import GreenroomCore
import GreenroomStore

/// `greenroom program|workshop|community|task remove …`: a soft delete. Without `--yes` the
/// command says what would be removed (and what hangs off it) in one line and changes
/// nothing (exit 2); with it, the record gets a tombstone — a synced write, restorable from
/// `:trash` or `greenroom trash restore` — and its enrolments, invitations and memberships
/// are hidden with it until then.
func runRemoval(_ plan: (Store) throws -> Removal, yes: Bool, database: DatabaseOptions, identity: IdentityOptions) throws {
    let store = try openStore(database, env: ProcessInfo.processInfo.environment, mustExist: true)
    let removal = try plan(store)
    guard yes else {
        throw GreenroomError.invalidInput("this would remove \(removal.description); add --yes to remove it (it can be restored from the trash)")
    }
    let memberID = try identity.me.flatMap { try store.member(handle: $0)?.id }
    try store.remove(removal, by: memberID)
    let restore: String
    switch removal.entity {
    case .incentiveTask: restore = "greenroom trash list --kind incentive_task, then greenroom trash restore ID"
    default:
        let name = removal.what.drop { $0 != "\"" }
        restore = "greenroom trash restore \(name.contains(" ") ? String(name) : String(name.dropFirst().dropLast()))"
    }
    print("removed \(removal.description) · to bring it back: \(restore)")
}

/// The confirmation every remove command takes.
struct RemoveConfirmation: ParsableArguments {
    @Flag(help: "Remove it (without --yes the command only says what it would remove).")
    var yes = false
}

extension ProgramCommand {
    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "remove", abstract: "Remove a program (to the trash; its enrolments stay with it).")
        @Argument(help: "The program's name, the start of it, or its id.") var name: String
        @OptionGroup var confirmation: RemoveConfirmation
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var identity: IdentityOptions

        func run() throws {
            try runRemoval({ try $0.programRemoval(ref: name) }, yes: confirmation.yes, database: database, identity: identity)
        }
    }
}

extension WorkshopCommand {
    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "remove", abstract: "Remove a workshop (to the trash; its invitations stay with it).")
        @Argument(help: "The workshop's title, the start of it, or its id.") var title: String
        @OptionGroup var confirmation: RemoveConfirmation
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var identity: IdentityOptions

        func run() throws {
            try runRemoval({ try $0.workshopRemoval(ref: title) }, yes: confirmation.yes, database: database, identity: identity)
        }
    }
}

extension CommunityCommand {
    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "remove", abstract: "Remove a community (to the trash; its memberships stay with it).")
        @Argument(help: "The community's name, the start of it, or its id.") var name: String
        @OptionGroup var confirmation: RemoveConfirmation
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var identity: IdentityOptions

        func run() throws {
            try runRemoval({ try $0.communityRemoval(ref: name) }, yes: confirmation.yes, database: database, identity: identity)
        }
    }
}

extension TaskCommand {
    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "remove", abstract: "Remove incentive tasks (to the trash): one by id, or every creator's task of a title.",
            discussion: "Example: greenroom task remove \"LIVE 5 days\" --start 2026-11-16 --yes; greenroom task remove \"LIVE 5 days\" @mila.cooks --yes"
        )
        @Argument(help: "A task's id (or its last 12 characters, as the list shows), or a task title.") var ref: String
        @Argument(help: "Only these creators' tasks of that title.") var handles: [String] = []
        @Option(help: ArgumentHelp("The first day of the tasks, when the title was given over several windows.", valueName: "date")) var start: String?
        @OptionGroup var confirmation: RemoveConfirmation
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var identity: IdentityOptions

        func run() throws {
            try runRemoval({ store in try store.taskRemoval(ref: ref, creatorIDs: try creatorIDs(store, handles), start: start) },
                           yes: confirmation.yes, database: database, identity: identity)
        }
    }
}
