import ArgumentParser
import Foundation
import GreenroomCore
import GreenroomStore

/// `greenroom settings delete-guard [--percent N] [--rows N] [--minimum N]`: the sync's
/// delete fail-safe, a team setting (it travels with sync).
struct DeleteGuardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete-guard",
        abstract: "Show or set how many deletes from one laptop a sync applies without asking.",
        discussion: """
        A sync that would delete, from one device, more of one kind of record (creators, \
        tickets, activities, teammates, networks, campaigns, articles) than the guard allows \
        holds those deletes until `greenroom sync --accept-deletes DEVICE` or --keep-deleted. \
        It trips above --rows rows or above --percent of the live rows, never below --minimum. \
        Default: 10%, 500 rows, minimum 10.
        """
    )
    @OptionGroup var database: DatabaseOptions

    @Option(help: "Trip above this share of the live rows (1–100).")
    var percent: Int?

    @Option(help: "Trip above this many rows.")
    var rows: Int?

    @Option(help: "Never trip below this many rows.")
    var minimum: Int?

    func run() throws {
        let store = try openStore(database, env: ProcessInfo.processInfo.environment, mustExist: true)
        var rule = try store.teamSettings().deleteGuard
        if percent != nil || rows != nil || minimum != nil {
            rule.percent = percent ?? rule.percent
            rule.rows = rows ?? rule.rows
            rule.minimum = minimum ?? rule.minimum
            try store.setDeleteGuard(rule)
        }
        print("A sync holds one laptop's deletes of one kind of record above \(rule.rows) rows or \(rule.percent)% of the live rows, never below \(rule.minimum).")
    }
}
