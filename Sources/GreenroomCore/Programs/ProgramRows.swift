import Foundation

// What the program and workshop screens show (read by the store, drawn by the TUI).

/// A program in the list: its modules, how many are enrolled, done and stuck.
public struct ProgramSummary: Hashable, Sendable {
    public var program: Program
    public var ownerHandle: String?
    public var modules: Int
    public var enrolled: Int
    public var completed: Int

    public init(program: Program, ownerHandle: String?, modules: Int, enrolled: Int, completed: Int) {
        self.program = program; self.ownerHandle = ownerHandle; self.modules = modules; self.enrolled = enrolled; self.completed = completed
    }
}

/// What the program screen shows of one program: the board, the funnel.
public struct ProgramBoardData: Hashable, Sendable {
    public var program: Program
    public var modules: [ProgramModule]
    public var board: ProgramBoard
    public var funnel: ProgramFunnel

    public init(program: Program, modules: [ProgramModule], board: ProgramBoard, funnel: ProgramFunnel) {
        self.program = program; self.modules = modules; self.board = board; self.funnel = funnel
    }
}

/// A workshop with its counts.
public struct WorkshopSummary: Hashable, Sendable {
    public var workshop: Workshop
    public var hostHandle: String?
    public var moduleTitle: String?
    public var invited: Int
    public var attended: Int

    public init(workshop: Workshop, hostHandle: String?, moduleTitle: String?, invited: Int, attended: Int) {
        self.workshop = workshop; self.hostHandle = hostHandle; self.moduleTitle = moduleTitle; self.invited = invited; self.attended = attended
    }
}

/// One invited creator, for the attendance checklist.
public struct WorkshopAttendee: Hashable, Sendable {
    public var creatorID: String
    public var handle: String
    public var displayName: String
    public var attended: Bool

    public init(creatorID: String, handle: String, displayName: String, attended: Bool) {
        self.creatorID = creatorID; self.handle = handle; self.displayName = displayName; self.attended = attended
    }
}


/// A community in the list: members now (moderators among them) and those who left.
public struct CommunitySummary: Hashable, Sendable {
    public var community: Community
    public var members: Int
    public var moderators: Int
    public var left: Int

    public init(community: Community, members: Int, moderators: Int, left: Int) {
        self.community = community; self.members = members; self.moderators = moderators; self.left = left
    }
}

/// One membership, by handle.
public struct CommunityMemberRow: Hashable, Sendable {
    public var handle: String
    public var role: CommunityMember.Role
    public var joinedAt: Millis
    public var leftAt: Millis?
    /// The member's creator id (`Enter` on the `:communities` screen opens them).
    public var creatorID: String

    public init(handle: String, role: CommunityMember.Role, joinedAt: Millis, leftAt: Millis?, creatorID: String = "") {
        self.handle = handle; self.role = role; self.joinedAt = joinedAt; self.leftAt = leftAt; self.creatorID = creatorID
    }
}
