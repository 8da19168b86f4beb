import ArgumentParser
import Foundation
import GreenroomCore
import GreenroomStore
import GreenroomTUI

extension CreatorsCommand {
    /// `greenroom creators merge @keep @other`
    struct Merge: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "merge",
            abstract: "Merge a creator into another who is the same person.",
            discussion: """
            @other's live sessions, activities, stage events and tickets move to @keep, and so do \
            program enrolments and completed modules, workshop invitations and attendance, community \
            memberships, incentive tasks and resource sends (where @keep already has the same \
            enrolment, invitation, membership or task, one row stays with the further progress of \
            the two); tags @keep lacks \
            are added; @keep's empty email, phone, language, network and owner take @other's, notes are \
            joined and the larger follower count kept; then @other is deleted. One synced change; \
            `greenroom creators unmerge @other` undoes it on this laptop. Campaign enrolments stay \
            with @other (they are listed so @keep can be enrolled).
            """
        )

        @OptionGroup var database: DatabaseOptions

        @Argument(help: "The creator to keep.")
        var keep: String

        @Argument(help: "The creator merged into it (deleted afterwards).")
        var other: String

        @OptionGroup var identity: IdentityOptions

        func run() throws {
            let env = ProcessInfo.processInfo.environment
            let store = try openStore(database, env: env, mustExist: true)
            let me = identity.me ?? (try? Config.load(path: ConfigPaths.fromEnvironment(env).configFile).me) ?? nil
            let memberID = try me.flatMap { try store.member(handle: $0)?.id }
            let report = try store.mergeCreators(keep: keep, merge: other, by: memberID)
            print(TerminalText.sanitize(report.summary))
            if !report.campaigns.isEmpty {
                print("\(report.merged) stays enrolled in \(report.campaigns.map { "\"\(TerminalText.sanitize($0))\"" }.joined(separator: ", ")); enrol \(report.kept) with `greenroom campaign enrol NAME \(report.kept)`.")
            }
            print("Undo: greenroom creators unmerge \(report.merged)")
        }
    }

    /// `greenroom creators unmerge @other`
    struct Unmerge: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "unmerge",
            abstract: "Undo a merge made on this laptop: the merged creator and everything that moved come back."
        )

        @OptionGroup var database: DatabaseOptions

        @Argument(help: "The creator that was merged away.")
        var other: String

        @OptionGroup var identity: IdentityOptions

        func run() throws {
            let env = ProcessInfo.processInfo.environment
            let store = try openStore(database, env: env, mustExist: true)
            let me = identity.me ?? (try? Config.load(path: ConfigPaths.fromEnvironment(env).configFile).me) ?? nil
            let memberID = try me.flatMap { try store.member(handle: $0)?.id }
            let handle = try store.unmergeCreator(other, by: memberID)
            print("Restored \(handle) with everything the merge had moved.")
        }
    }
}
