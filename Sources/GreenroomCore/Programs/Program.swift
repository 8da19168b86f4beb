import Foundation

/// Creator programs (issue 26): education programs with ordered modules, the creators
/// enrolled in them and the modules each has completed; workshops with invitations and
/// attendance; incentive tasks. Like every synced record, ids are UUIDv7 and deletes are
/// tombstones. Where two laptops can make "the same" row (a creator enrolled in a program, a
/// module completed by a creator, a creator invited to a workshop), its id is derived from
/// what it joins, so both writes land on one row and sync merges them field by field.
public enum ProgramStatus: String, CaseIterable, Codable, Sendable {
    case draft, running, ended
}

/// An education program ("LIVE 101 for SMB merchants").
public struct Program: Hashable, Codable, Sendable {
    public var id: String
    public var name: String
    /// What it teaches, one line (may be empty).
    public var summary: String
    public var ownerID: String?
    public var status: ProgramStatus
    public var deleted: Bool

    public init(id: String, name: String, summary: String = "", ownerID: String? = nil, status: ProgramStatus = .running, deleted: Bool = false) {
        self.id = id; self.name = name; self.summary = summary; self.ownerID = ownerID; self.status = status; self.deleted = deleted
    }
}

/// One module of a program. Modules are taken in `position` order (ties by id).
public struct ProgramModule: Hashable, Codable, Sendable {
    public var id: String
    public var programID: String
    public var position: Int
    public var title: String
    public var deleted: Bool

    public init(id: String, programID: String, position: Int, title: String, deleted: Bool = false) {
        self.id = id; self.programID = programID; self.position = position; self.title = title; self.deleted = deleted
    }
}

/// A creator in a program; leaving is a tombstone, enrolling again revives the row.
public struct ProgramEnrolment: Hashable, Codable, Sendable {
    public var id: String
    public var programID: String
    public var creatorID: String
    public var enrolledAt: Millis
    public var deleted: Bool

    public init(id: String, programID: String, creatorID: String, enrolledAt: Millis, deleted: Bool = false) {
        self.id = id; self.programID = programID; self.creatorID = creatorID; self.enrolledAt = enrolledAt; self.deleted = deleted
    }

    /// The same on every laptop: a UUIDv7 with the program's time and bits from both ids.
    public static func id(program: String, creator: String) -> String {
        UUIDv7.derived(from: "program/" + program + "/" + creator, millis: UUIDv7.millis(of: program) ?? 0)
    }
}

/// A creator finished a module (taking it back is a tombstone).
public struct ModuleCompletion: Hashable, Codable, Sendable {
    public var id: String
    public var programID: String
    public var moduleID: String
    public var creatorID: String
    public var completedAt: Millis
    public var deleted: Bool

    public init(id: String, programID: String, moduleID: String, creatorID: String, completedAt: Millis, deleted: Bool = false) {
        self.id = id; self.programID = programID; self.moduleID = moduleID; self.creatorID = creatorID
        self.completedAt = completedAt; self.deleted = deleted
    }

    public static func id(module: String, creator: String) -> String {
        UUIDv7.derived(from: "module/" + module + "/" + creator, millis: UUIDv7.millis(of: module) ?? 0)
    }
}

/// A scheduled workshop: when, who hosts, for which market, how many seats, where (a link),
/// and optionally the program module that attending it completes.
public struct Workshop: Hashable, Codable, Sendable {
    public var id: String
    public var title: String
    public var startsAt: Millis
    public var minutes: Int
    public var hostID: String?
    public var market: String
    public var capacity: Int
    public var link: String?
    public var moduleID: String?
    public var deleted: Bool

    public init(id: String, title: String, startsAt: Millis, minutes: Int, hostID: String?, market: String, capacity: Int,
                link: String? = nil, moduleID: String? = nil, deleted: Bool = false) {
        self.id = id; self.title = title; self.startsAt = startsAt; self.minutes = minutes; self.hostID = hostID; self.market = market
        self.capacity = capacity; self.link = link; self.moduleID = moduleID; self.deleted = deleted
    }
}

/// A creator invited to a workshop, and whether they came.
public struct WorkshopInvite: Hashable, Codable, Sendable {
    public var id: String
    public var workshopID: String
    public var creatorID: String
    public var invitedAt: Millis
    public var attended: Bool
    public var deleted: Bool

    public init(id: String, workshopID: String, creatorID: String, invitedAt: Millis, attended: Bool = false, deleted: Bool = false) {
        self.id = id; self.workshopID = workshopID; self.creatorID = creatorID; self.invitedAt = invitedAt
        self.attended = attended; self.deleted = deleted
    }

    public static func id(workshop: String, creator: String) -> String {
        UUIDv7.derived(from: "workshop/" + workshop + "/" + creator, millis: UUIDv7.millis(of: workshop) ?? 0)
    }

    /// The id of the `workshop` activity that marking the invitation `invite` present writes
    /// (dated at the workshop's start): derived from the invitation, so marking twice, on two
    /// laptops, or a creator merge re-deriving it for the kept creator all make one activity.
    public static func attendanceActivityID(invite: String, startsAt: Millis) -> String {
        UUIDv7.derived(from: "attendance/" + invite, millis: startsAt)
    }
}

/// Where a community lives.
public enum CommunityChannel: String, CaseIterable, Codable, Sendable {
    case discord, whatsapp, telegram
    case inApp = "in_app"
    case other
}

/// A group of creators (a Discord server, a WhatsApp group, an in-app group) for one market.
public struct Community: Hashable, Codable, Sendable {
    public var id: String
    public var name: String
    public var channel: CommunityChannel
    public var market: String
    public var link: String?
    public var deleted: Bool

    public init(id: String, name: String, channel: CommunityChannel, market: String, link: String? = nil, deleted: Bool = false) {
        self.id = id; self.name = name; self.channel = channel; self.market = market; self.link = link; self.deleted = deleted
    }
}

/// A creator's membership of a community: joined, maybe left, and whether they moderate it.
/// The id is derived from community and creator; joining again after leaving reopens the row
/// with the new join date (the earlier stay is not kept).
public struct CommunityMember: Hashable, Codable, Sendable {
    public enum Role: String, CaseIterable, Codable, Sendable { case member, moderator }

    public var id: String
    public var communityID: String
    public var creatorID: String
    public var role: Role
    public var joinedAt: Millis
    public var leftAt: Millis?
    public var deleted: Bool

    public init(id: String, communityID: String, creatorID: String, role: Role, joinedAt: Millis, leftAt: Millis? = nil, deleted: Bool = false) {
        self.id = id; self.communityID = communityID; self.creatorID = creatorID; self.role = role
        self.joinedAt = joinedAt; self.leftAt = leftAt; self.deleted = deleted
    }

    public static func id(community: String, creator: String) -> String {
        UUIDv7.derived(from: "community/" + community + "/" + creator, millis: UUIDv7.millis(of: community) ?? 0)
    }
}

/// A knowledge-base article sent to a creator or to a community (the resource hub).
public struct ResourceSend: Hashable, Codable, Sendable {
    public var id: String
    public var articleID: String
    public var creatorID: String?
    public var communityID: String?
    public var sentAt: Millis
    public var byMemberID: String?
    public var deleted: Bool

    public init(id: String, articleID: String, creatorID: String?, communityID: String?, sentAt: Millis, byMemberID: String?, deleted: Bool = false) {
        self.id = id; self.articleID = articleID; self.creatorID = creatorID; self.communityID = communityID
        self.sentAt = sentAt; self.byMemberID = byMemberID; self.deleted = deleted
    }
}

extension Article {
    /// Why it cannot be sent to creators (a reply, or a macro, answers tickets), or nil for a
    /// resource (a guide, toolkit or link): one line, the same in the app and `kb send`.
    public var whyNotSendable: String? {
        guard isMacro || !kind.isResource else { return nil }
        let name = TerminalText.sanitize(title)
        return isMacro ? "\"\(name)\" is a macro (it answers tickets): pick a guide, toolkit or link to send"
                       : "\"\(name)\" is a reply (it answers tickets): make it a guide, toolkit or link to send it"
    }
}

/// One logged send, by name.
public struct ResourceSendRow: Hashable, Sendable {
    public var title: String
    public var creatorHandle: String?
    public var communityName: String?
    public var sentAt: Millis
    public var byHandle: String?
    /// The resource's kind and URL as it is now (the activity written at the send keeps the
    /// URL it was sent with).
    public var kind: ArticleKind?
    public var url: String?

    public init(title: String, creatorHandle: String?, communityName: String?, sentAt: Millis, byHandle: String?,
                kind: ArticleKind? = nil, url: String? = nil) {
        self.title = title; self.creatorHandle = creatorHandle; self.communityName = communityName; self.sentAt = sentAt; self.byHandle = byHandle
        self.kind = kind; self.url = url
    }
}
