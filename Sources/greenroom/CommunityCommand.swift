import ArgumentParser
import Foundation
import GreenroomCore
import GreenroomStore
import GreenroomTUI

/// `greenroom community …`: creator communities, members joining and leaving, moderators,
/// and members' activity and retention against matched non-members.
struct CommunityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "community",
        abstract: "Communities: channel, market, members with join and leave dates, moderators, effect.",
        discussion: """
        NAME is a community's name, the start of it, or its id. Examples: \
        greenroom community create --name "MX sellers" --channel whatsapp --market MX; \
        greenroom community join "MX sellers" --filter 'market:MX kind:merchant'; \
        greenroom community join "MX sellers" @lupita --moderator; greenroom community leave "MX sellers" @djrafa --at 2026-11-10
        """,
        subcommands: [List.self, Show.self, Create.self, Join.self, Leave.self, Effect.self, Remove.self],
        defaultSubcommand: List.self
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "Every community with its members, moderators and leavers.")
        @Option(help: "table or json.") var format: String = "table"
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            try requireFormat(format, ["table", "json"])
            let store = try openStore(database, env: ProcessInfo.processInfo.environment, mustExist: true)
            let rows = try store.communitySummaries()
            if format == "json" {
                try printJSON(rows.map { s -> [String: Any] in
                    ["id": s.community.id, "name": s.community.name, "channel": s.community.channel.rawValue, "market": s.community.market,
                     "link": s.community.link as Any? ?? NSNull(), "members": s.members, "moderators": s.moderators, "left": s.left]
                })
                return
            }
            printTable(["NAME", "CHANNEL", "MARKET", "MEMBERS", "MODERATORS", "LEFT"], rows.map {
                [$0.community.name, $0.community.channel.rawValue, $0.community.market, NumberFormat.grouped($0.members), "\($0.moderators)", NumberFormat.grouped($0.left)]
            }, right: [3, 4, 5])
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Members (current first) with role and dates.")
        @Argument(help: "The community's name, the start of it, or its id.") var name: String
        @Option(help: "table or json.") var format: String = "table"
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            try requireFormat(format, ["table", "json"])
            let store = try openStore(database, env: ProcessInfo.processInfo.environment, mustExist: true)
            let c = try store.community(ref: name)
            let zone = try store.teamSettings().zone
            let members = try store.communityMembers(id: c.id)
            if format == "json" {
                try printJSON(["id": c.id, "name": c.name, "channel": c.channel.rawValue, "market": c.market,
                               "members": members.map { m -> [String: Any] in
                                   ["handle": m.handle, "role": m.role.rawValue, "joined": DateInput.format(m.joinedAt, zone: zone),
                                    "left": m.leftAt.map { DateInput.format($0, zone: zone) } as Any? ?? NSNull()]
                               }] as [String: Any])
                return
            }
            print("\(TerminalText.sanitize(c.name)) · \(c.channel.rawValue) · \(c.market) · \(members.filter { $0.leftAt == nil }.count) members")
            printTable(["CREATOR", "ROLE", "JOINED", "LEFT"], members.map {
                [$0.handle, $0.role.rawValue, DateInput.format($0.joinedAt, zone: zone), $0.leftAt.map { DateInput.format($0, zone: zone) } ?? "—"]
            })
        }
    }

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "create", abstract: "Create a community.")
        @Option(help: "The name (unique).") var name: String
        @Option(help: "discord, whatsapp, telegram, in_app or other.") var channel: String
        @Option(help: "ISO country code.") var market: String
        @Option(help: "An invite link.") var link: String?
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let channel = try parseValue(channel, "--channel", CommunityChannel.self)
            let store = try openStore(database, env: ProcessInfo.processInfo.environment, mustExist: true)
            let c = try store.addCommunity(name: name, channel: channel, market: market, link: link)
            print("created community \"\(TerminalText.sanitize(c.name))\" · \(c.channel.rawValue) · \(c.market)")
        }
    }

    /// `--at DATE` (default now), not after today.
    static func date(_ text: String?, _ store: Store) throws -> Millis? {
        guard let text else { return nil }
        guard let t = DateInput.parse(text, now: store.now, zone: try store.teamSettings().zone), t <= store.now else {
            throw GreenroomError.invalidInput("--at: not a date up to today (YYYY-MM-DD or today): \"\(TerminalText.sanitize(text))\"")
        }
        return t
    }

    struct Join: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "join", abstract: "Add members by handle and/or a roster filter.")
        @Argument(help: "The community's name, the start of it, or its id.") var community: String
        @Argument(help: "Creator handles.") var handles: [String] = []
        @Option(help: "A roster filter; every match joins.") var filter: String?
        @Flag(help: "As moderators.") var moderator = false
        @Option(help: ArgumentHelp("When they joined (default now).", valueName: "date")) var at: String?
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let store = try openStore(database, env: ProcessInfo.processInfo.environment, mustExist: true)
            let c = try store.community(ref: community)
            let r = try store.join(communityID: c.id, creatorIDs: try selectedCreators(store, handles: handles, filter: filter),
                                   role: moderator ? .moderator : .member, at: try CommunityCommand.date(at, store))
            if r.added == 0 && !moderator { throw GreenroomError.invalidInput("already members of \"\(TerminalText.sanitize(c.name))\"") }
            if moderator && !r.already.isEmpty { print("\(r.already.count) already a member: now moderating") }
            print("\(r.added) joined \"\(TerminalText.sanitize(c.name))\"" + (r.already.isEmpty ? "" : " (\(r.already.count) already members)"))
        }
    }

    struct Leave: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "leave", abstract: "Record that members left.")
        @Argument(help: "The community's name, the start of it, or its id.") var community: String
        @Argument(help: "Creator handles.") var handles: [String] = []
        @Option(help: ArgumentHelp("When they left (default now).", valueName: "date")) var at: String?
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            guard !handles.isEmpty else { throw GreenroomError.invalidInput("name the creators: greenroom community leave NAME @handle…") }
            let store = try openStore(database, env: ProcessInfo.processInfo.environment, mustExist: true)
            let c = try store.community(ref: community)
            let n = try store.leave(communityID: c.id, creatorIDs: try creatorIDs(store, handles), at: try CommunityCommand.date(at, store))
            print("\(n) left \"\(TerminalText.sanitize(c.name))\"")
        }
    }

    struct Effect: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "effect", abstract: "Members' change in LIVE and retention against matched non-members.",
                                                        discussion: MatchedEffect.methodLine(days: 28))
        @Argument(help: "The community's name, the start of it, or its id.") var community: String
        @Option(help: "Days before and after the anchor (the median join).") var days: Int = 28
        @Option(help: "table or json.") var format: String = "table"
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            try requireEffectOptions(format: format, days: days)
            let store = try openStore(database, env: ProcessInfo.processInfo.environment, mustExist: true)
            let c = try store.community(ref: community)
            try printEffect(try store.communityEffect(id: c.id, now: store.now, days: days), title: c.name, format: format, days: days)
        }
    }
}
