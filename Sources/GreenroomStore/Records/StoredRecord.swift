import GRDB
import GreenroomCore

/// How a Core record maps to its table: the ordered synced columns and their values.
///
/// Written by hand rather than derived through `Codable` so that the column list is explicit
/// (it is also the field list of sync operations) and bulk loads bind values without an
/// encoder in the loop. `hlc` and derived columns are not part of it.
protocol StoredRecord: FetchableRecord, Sendable {
    static var entity: Entity { get }
    static var columns: [String] { get }
    var id: String { get }
    var databaseValues: [DatabaseValue] { get }
}

extension StoredRecord {
    static var tableName: String { entity.rawValue }

    static var insertSQL: String {
        let cols = columns + ["hlc"]
        return "INSERT INTO \(tableName) (\(cols.joined(separator: ", "))) VALUES (\(Array(repeating: "?", count: cols.count).joined(separator: ", ")))"
    }

    static var selectColumns: String { columns.joined(separator: ", ") }

    /// Column name → value, for sync operations.
    var fieldDictionary: [String: DatabaseValue] {
        Dictionary(uniqueKeysWithValues: zip(Self.columns, databaseValues))
    }
}

private func dv(_ v: (any DatabaseValueConvertible)?) -> DatabaseValue { v?.databaseValue ?? .null }

extension Member: StoredRecord {
    static let entity = Entity.member
    static let columns = ["id", "handle", "name", "role", "team", "tier", "email", "time_zone", "schedule", "deleted"]
    var databaseValues: [DatabaseValue] { [dv(id), dv(handle), dv(name), dv(role.rawValue), dv(team), dv(tier), dv(email), dv(timeZone), dv(schedule), dv(deleted)] }

    public init(row: Row) throws {
        self.init(id: try row.decode(forColumn: "id"), handle: try row.decode(forColumn: "handle"), name: try row.decode(forColumn: "name"),
                  role: try decodeEnum(row, "role"), team: try row.decode(forColumn: "team"), tier: try row.decode(forColumn: "tier"), email: try row.decode(forColumn: "email"),
                  timeZone: try row.decode(forColumn: "time_zone"), schedule: try row.decode(forColumn: "schedule"), deleted: try row.decode(forColumn: "deleted"))
    }
}

extension Network: StoredRecord {
    static let entity = Entity.network
    static let columns = ["id", "name", "region", "contact", "deleted"]
    var databaseValues: [DatabaseValue] { [dv(id), dv(name), dv(region), dv(contact), dv(deleted)] }

    public init(row: Row) throws {
        self.init(id: try row.decode(forColumn: "id"), name: try row.decode(forColumn: "name"), region: try row.decode(forColumn: "region"), contact: try row.decode(forColumn: "contact"), deleted: try row.decode(forColumn: "deleted"))
    }
}

extension Creator: StoredRecord {
    static let entity = Entity.creator
    static let columns = ["id", "handle", "display_name", "kind", "market", "language", "network_id", "owner_id", "stage",
                          "source", "followers", "email", "phone", "notes", "created_at", "deleted", "team_id"]
    var databaseValues: [DatabaseValue] {
        [dv(id), dv(handle), dv(displayName), dv(kind.rawValue), dv(market), dv(language), dv(networkID), dv(ownerID), dv(stage),
         dv(source.rawValue), dv(followers), dv(email), dv(phone), dv(notes), dv(createdAt), dv(deleted), dv(teamID)]
    }

    public init(row: Row) throws {
        self.init(id: try row.decode(forColumn: "id"), handle: try row.decode(forColumn: "handle"), displayName: try row.decode(forColumn: "display_name"), kind: try decodeEnum(row, "kind"),
                  market: try row.decode(forColumn: "market"), language: try row.decode(forColumn: "language"), networkID: try row.decode(forColumn: "network_id"), ownerID: try row.decode(forColumn: "owner_id"),
                  stage: try row.decode(forColumn: "stage"), source: try decodeEnum(row, "source"), followers: try row.decode(forColumn: "followers"), email: try row.decode(forColumn: "email"),
                  phone: try row.decode(forColumn: "phone"), notes: try row.decode(forColumn: "notes"), createdAt: try row.decode(forColumn: "created_at"), deleted: try row.decode(forColumn: "deleted"),
                  teamID: row.hasColumn("team_id") ? try row.decode(forColumn: "team_id") : nil)
    }
}

extension CreatorTag: StoredRecord {
    static let entity = Entity.creatorTag
    static let columns = ["id", "creator_id", "tag", "deleted"]
    var databaseValues: [DatabaseValue] { [dv(id), dv(creatorID), dv(tag), dv(deleted)] }

    public init(row: Row) throws {
        self.init(id: try row.decode(forColumn: "id"), creatorID: try row.decode(forColumn: "creator_id"), tag: try row.decode(forColumn: "tag"), deleted: try row.decode(forColumn: "deleted"))
    }
}

extension StageEvent: StoredRecord {
    static let entity = Entity.stageEvent
    static let columns = ["id", "creator_id", "from_stage", "to_stage", "at", "by_member_id", "reason", "deleted"]
    var databaseValues: [DatabaseValue] { [dv(id), dv(creatorID), dv(fromStage), dv(toStage), dv(at), dv(byMemberID), dv(reason), dv(deleted)] }

    public init(row: Row) throws {
        self.init(id: try row.decode(forColumn: "id"), creatorID: try row.decode(forColumn: "creator_id"), fromStage: try row.decode(forColumn: "from_stage"), toStage: try row.decode(forColumn: "to_stage"),
                  at: try row.decode(forColumn: "at"), byMemberID: try row.decode(forColumn: "by_member_id"), reason: try row.decode(forColumn: "reason"), deleted: try row.decode(forColumn: "deleted"))
    }
}

extension LiveSession: StoredRecord {
    static let entity = Entity.liveSession
    static let columns = ["id", "creator_id", "started_at", "minutes", "peak_viewers", "viewer_minutes", "gifts"]
    var databaseValues: [DatabaseValue] { [dv(id), dv(creatorID), dv(startedAt), dv(minutes), dv(peakViewers), dv(viewerMinutes), dv(gifts)] }

    public init(row: Row) throws {
        self.init(id: try row.decode(forColumn: "id"), creatorID: try row.decode(forColumn: "creator_id"), startedAt: try row.decode(forColumn: "started_at"), minutes: try row.decode(forColumn: "minutes"),
                  peakViewers: try row.decode(forColumn: "peak_viewers"), viewerMinutes: try row.decode(forColumn: "viewer_minutes"), gifts: try row.decode(forColumn: "gifts"))
    }
}

extension Activity: StoredRecord {
    static let entity = Entity.activity
    static let columns = ["id", "creator_id", "kind", "author_id", "at", "summary", "next_step", "follow_up_due", "done", "deleted"]
    var databaseValues: [DatabaseValue] {
        [dv(id), dv(creatorID), dv(kind.rawValue), dv(authorID), dv(at), dv(summary), dv(nextStep), dv(followUpDue), dv(done), dv(deleted)]
    }

    public init(row: Row) throws {
        self.init(id: try row.decode(forColumn: "id"), creatorID: try row.decode(forColumn: "creator_id"), kind: try decodeEnum(row, "kind"), authorID: try row.decode(forColumn: "author_id"),
                  at: try row.decode(forColumn: "at"), summary: try row.decode(forColumn: "summary"), nextStep: try row.decode(forColumn: "next_step"), followUpDue: try row.decode(forColumn: "follow_up_due"),
                  done: try row.decode(forColumn: "done"), deleted: try row.decode(forColumn: "deleted"))
    }
}

extension Ticket: StoredRecord {
    static let entity = Entity.ticket
    static let columns = ["id", "key", "subject", "body", "requester_creator_id", "requester_network_id", "channel", "category",
                          "priority", "status", "tier", "assignee_id", "csat", "merged_into_id", "created_at", "deleted", "snoozed_until", "team_id"]
    var databaseValues: [DatabaseValue] {
        [dv(id), dv(key), dv(subject), dv(body), dv(requesterCreatorID), dv(requesterNetworkID), dv(channel.rawValue),
         dv(category.rawValue), dv(priority.rawValue), dv(status.rawValue), dv(tier), dv(assigneeID), dv(csat?.rawValue),
         dv(mergedIntoID), dv(createdAt), dv(deleted), dv(snoozedUntil), dv(teamID)]
    }

    public init(row: Row) throws {
        let csatRaw: String? = try row.decode(forColumn: "csat")
        self.init(id: try row.decode(forColumn: "id"), key: try row.decode(forColumn: "key"), subject: try row.decode(forColumn: "subject"), body: try row.decode(forColumn: "body"),
                  requesterCreatorID: try row.decode(forColumn: "requester_creator_id"), requesterNetworkID: try row.decode(forColumn: "requester_network_id"),
                  channel: try decodeEnum(row, "channel"), category: try decodeEnum(row, "category"),
                  priority: try decodeEnum(row, "priority"), status: try decodeEnum(row, "status"), tier: try row.decode(forColumn: "tier"),
                  assigneeID: try row.decode(forColumn: "assignee_id"), csat: csatRaw.flatMap(CSAT.init(rawValue:)), mergedIntoID: try row.decode(forColumn: "merged_into_id"),
                  createdAt: try row.decode(forColumn: "created_at"), deleted: try row.decode(forColumn: "deleted"),
                  snoozedUntil: try row.decode(forColumn: "snoozed_until"), teamID: try row.decode(forColumn: "team_id"))
    }
}

extension TicketTag: StoredRecord {
    static let entity = Entity.ticketTag
    static let columns = ["id", "ticket_id", "tag", "deleted"]
    var databaseValues: [DatabaseValue] { [dv(id), dv(ticketID), dv(tag), dv(deleted)] }

    public init(row: Row) throws {
        self.init(id: try row.decode(forColumn: "id"), ticketID: try row.decode(forColumn: "ticket_id"), tag: try row.decode(forColumn: "tag"), deleted: try row.decode(forColumn: "deleted"))
    }
}

extension TicketEvent: StoredRecord {
    static let entity = Entity.ticketEvent
    static let columns = ["id", "ticket_id", "kind", "at", "actor", "author_id", "is_public", "body", "from_value", "to_value", "reason", "deleted"]
    var databaseValues: [DatabaseValue] {
        [dv(id), dv(ticketID), dv(kind.rawValue), dv(at), dv(actor.rawValue), dv(authorID), dv(isPublic), dv(body),
         dv(fromValue), dv(toValue), dv(reason), dv(deleted)]
    }

    public init(row: Row) throws {
        self.init(id: try row.decode(forColumn: "id"), ticketID: try row.decode(forColumn: "ticket_id"), kind: try decodeEnum(row, "kind"), at: try row.decode(forColumn: "at"),
                  actor: try decodeEnum(row, "actor"), authorID: try row.decode(forColumn: "author_id"), isPublic: try row.decode(forColumn: "is_public"), body: try row.decode(forColumn: "body"),
                  fromValue: try row.decode(forColumn: "from_value"), toValue: try row.decode(forColumn: "to_value"), reason: try row.decode(forColumn: "reason"), deleted: try row.decode(forColumn: "deleted"))
    }
}

extension SLAPolicy: StoredRecord {
    static let entity = Entity.slaPolicy
    static let columns = ["id", "priority", "first_reply_minutes", "next_reply_minutes", "resolution_minutes", "business_hours", "team_id"]
    var databaseValues: [DatabaseValue] {
        [dv(id), dv(priority.rawValue), dv(firstReplyMinutes), dv(nextReplyMinutes), dv(resolutionMinutes), dv(businessHours), dv(teamID)]
    }

    /// Reads rows of every schema: before v24-team-sla there is no `team_id` (a migration
    /// that re-times tickets reads policies before that column exists).
    public init(row: Row) throws {
        self.init(id: try row.decode(forColumn: "id"), priority: try decodeEnum(row, "priority"), firstReplyMinutes: try row.decode(forColumn: "first_reply_minutes"),
                  nextReplyMinutes: try row.decode(forColumn: "next_reply_minutes"), resolutionMinutes: try row.decode(forColumn: "resolution_minutes"), businessHours: try row.decode(forColumn: "business_hours"),
                  teamID: row.hasColumn("team_id") ? try row.decode(forColumn: "team_id") : nil)
    }
}

extension Article: StoredRecord {
    static let entity = Entity.article
    static let columns = ["id", "title", "body", "is_macro", "macro_status", "macro_priority", "macro_tags", "updated_at", "deleted", "kind", "url"]
    var databaseValues: [DatabaseValue] {
        [dv(id), dv(title), dv(body), dv(isMacro), dv(macroStatus?.rawValue), dv(macroPriority?.rawValue),
         dv(JSONText.encode(macroTags)), dv(updatedAt), dv(deleted), dv(kind.rawValue), dv(url)]
    }

    public init(row: Row) throws {
        let statusRaw: String? = try row.decode(forColumn: "macro_status")
        let priorityRaw: String? = try row.decode(forColumn: "macro_priority")
        let tagsJSON: String = try row.decode(forColumn: "macro_tags")
        self.init(id: try row.decode(forColumn: "id"), title: try row.decode(forColumn: "title"), body: try row.decode(forColumn: "body"), isMacro: try row.decode(forColumn: "is_macro"),
                  macroStatus: statusRaw.flatMap(TicketStatus.init(rawValue:)), macroPriority: priorityRaw.flatMap(TicketPriority.init(rawValue:)),
                  macroTags: JSONText.decodeStrings(tagsJSON), updatedAt: try row.decode(forColumn: "updated_at"), deleted: try row.decode(forColumn: "deleted"),
                  kind: try decodeEnum(row, "kind"), url: try row.decode(forColumn: "url"))
    }
}

/// Reads an enum column, failing with the table's column name when the stored value is unknown.
func decodeEnum<E: RawRepresentable>(_ row: Row, _ column: String) throws -> E where E.RawValue == String {
    let raw: String = try row.decode(forColumn: column)
    guard let value = E(rawValue: raw) else {
        throw GreenroomError.database("unexpected value \"\(raw)\" in column \(column)")
    }
    return value
}

extension Campaign: StoredRecord {
    static let entity = Entity.campaign
    static let columns = ["id", "name", "kind", "start_date", "end_date", "metric", "target", "owner_id", "status", "deleted"]
    var databaseValues: [DatabaseValue] {
        [dv(id), dv(name), dv(kind.rawValue), dv(startDate), dv(endDate), dv(metric.rawValue), dv(target), dv(ownerID), dv(status.rawValue), dv(deleted)]
    }

    public init(row: Row) throws {
        self.init(id: try row.decode(forColumn: "id"), name: try row.decode(forColumn: "name"), kind: try decodeEnum(row, "kind"), startDate: try row.decode(forColumn: "start_date"), endDate: try row.decode(forColumn: "end_date"),
                  metric: try decodeEnum(row, "metric"), target: try row.decode(forColumn: "target"), ownerID: try row.decode(forColumn: "owner_id"), status: try decodeEnum(row, "status"),
                  deleted: try row.decode(forColumn: "deleted"))
    }
}

extension CampaignEnrolment: StoredRecord {
    static let entity = Entity.campaignEnrolment
    static let columns = ["id", "campaign_id", "creator_id", "target", "joined_at", "deleted"]
    var databaseValues: [DatabaseValue] { [dv(id), dv(campaignID), dv(creatorID), dv(target), dv(joinedAt), dv(deleted)] }

    public init(row: Row) throws {
        self.init(id: try row.decode(forColumn: "id"), campaignID: try row.decode(forColumn: "campaign_id"), creatorID: try row.decode(forColumn: "creator_id"), target: try row.decode(forColumn: "target"),
                  joinedAt: try row.decode(forColumn: "joined_at"), deleted: try row.decode(forColumn: "deleted"))
    }
}

extension CampaignTier: StoredRecord {
    static let entity = Entity.campaignTier
    static let columns = ["id", "campaign_id", "threshold", "reward", "amount", "deleted"]
    var databaseValues: [DatabaseValue] { [dv(id), dv(campaignID), dv(threshold), dv(reward), dv(amount), dv(deleted)] }

    public init(row: Row) throws {
        self.init(id: try row.decode(forColumn: "id"), campaignID: try row.decode(forColumn: "campaign_id"), threshold: try row.decode(forColumn: "threshold"), reward: try row.decode(forColumn: "reward"),
                  amount: try row.decode(forColumn: "amount"), deleted: try row.decode(forColumn: "deleted"))
    }
}

extension ConflictDecision: StoredRecord {
    static let entity = Entity.conflictDecision
    static let columns = ["id", "entity", "row_id", "field", "lost_hlc", "kept", "at", "by_member_id"]
    var databaseValues: [DatabaseValue] { [dv(id), dv(targetEntity), dv(rowID), dv(field), dv(lostHLC), dv(kept.rawValue), dv(at), dv(byMemberID)] }

    public init(row: Row) throws {
        self.init(id: try row.decode(forColumn: "id"), targetEntity: try row.decode(forColumn: "entity"), rowID: try row.decode(forColumn: "row_id"), field: try row.decode(forColumn: "field"), lostHLC: try row.decode(forColumn: "lost_hlc"),
                  kept: try decodeEnum(row, "kept"), at: try row.decode(forColumn: "at"), byMemberID: try row.decode(forColumn: "by_member_id"))
    }
}

extension Program: StoredRecord {
    static let entity = Entity.program
    static let columns = ["id", "name", "summary", "owner_id", "status", "deleted"]
    var databaseValues: [DatabaseValue] { [dv(id), dv(name), dv(summary), dv(ownerID), dv(status.rawValue), dv(deleted)] }

    public init(row: Row) throws {
        self.init(id: try row.decode(forColumn: "id"), name: try row.decode(forColumn: "name"), summary: try row.decode(forColumn: "summary"),
                  ownerID: try row.decode(forColumn: "owner_id"), status: try decodeEnum(row, "status"), deleted: try row.decode(forColumn: "deleted"))
    }
}

extension ProgramModule: StoredRecord {
    static let entity = Entity.programModule
    static let columns = ["id", "program_id", "position", "title", "deleted"]
    var databaseValues: [DatabaseValue] { [dv(id), dv(programID), dv(position), dv(title), dv(deleted)] }

    public init(row: Row) throws {
        self.init(id: try row.decode(forColumn: "id"), programID: try row.decode(forColumn: "program_id"), position: try row.decode(forColumn: "position"),
                  title: try row.decode(forColumn: "title"), deleted: try row.decode(forColumn: "deleted"))
    }
}

extension ProgramEnrolment: StoredRecord {
    static let entity = Entity.programEnrolment
    static let columns = ["id", "program_id", "creator_id", "enrolled_at", "deleted"]
    var databaseValues: [DatabaseValue] { [dv(id), dv(programID), dv(creatorID), dv(enrolledAt), dv(deleted)] }

    public init(row: Row) throws {
        self.init(id: try row.decode(forColumn: "id"), programID: try row.decode(forColumn: "program_id"), creatorID: try row.decode(forColumn: "creator_id"),
                  enrolledAt: try row.decode(forColumn: "enrolled_at"), deleted: try row.decode(forColumn: "deleted"))
    }
}

extension ModuleCompletion: StoredRecord {
    static let entity = Entity.moduleCompletion
    static let columns = ["id", "program_id", "module_id", "creator_id", "completed_at", "deleted"]
    var databaseValues: [DatabaseValue] { [dv(id), dv(programID), dv(moduleID), dv(creatorID), dv(completedAt), dv(deleted)] }

    public init(row: Row) throws {
        self.init(id: try row.decode(forColumn: "id"), programID: try row.decode(forColumn: "program_id"), moduleID: try row.decode(forColumn: "module_id"),
                  creatorID: try row.decode(forColumn: "creator_id"), completedAt: try row.decode(forColumn: "completed_at"), deleted: try row.decode(forColumn: "deleted"))
    }
}

extension Workshop: StoredRecord {
    static let entity = Entity.workshop
    static let columns = ["id", "title", "starts_at", "minutes", "host_id", "market", "capacity", "link", "module_id", "deleted"]
    var databaseValues: [DatabaseValue] {
        [dv(id), dv(title), dv(startsAt), dv(minutes), dv(hostID), dv(market), dv(capacity), dv(link), dv(moduleID), dv(deleted)]
    }

    public init(row: Row) throws {
        self.init(id: try row.decode(forColumn: "id"), title: try row.decode(forColumn: "title"), startsAt: try row.decode(forColumn: "starts_at"),
                  minutes: try row.decode(forColumn: "minutes"), hostID: try row.decode(forColumn: "host_id"), market: try row.decode(forColumn: "market"),
                  capacity: try row.decode(forColumn: "capacity"), link: try row.decode(forColumn: "link"), moduleID: try row.decode(forColumn: "module_id"),
                  deleted: try row.decode(forColumn: "deleted"))
    }
}

extension WorkshopInvite: StoredRecord {
    static let entity = Entity.workshopInvite
    static let columns = ["id", "workshop_id", "creator_id", "invited_at", "attended", "deleted"]
    var databaseValues: [DatabaseValue] { [dv(id), dv(workshopID), dv(creatorID), dv(invitedAt), dv(attended), dv(deleted)] }

    public init(row: Row) throws {
        self.init(id: try row.decode(forColumn: "id"), workshopID: try row.decode(forColumn: "workshop_id"), creatorID: try row.decode(forColumn: "creator_id"),
                  invitedAt: try row.decode(forColumn: "invited_at"), attended: try row.decode(forColumn: "attended"), deleted: try row.decode(forColumn: "deleted"))
    }
}

extension IncentiveTask: StoredRecord {
    static let entity = Entity.incentiveTask
    static let columns = ["id", "creator_id", "title", "metric", "goal", "start_date", "end_date", "reward", "amount", "campaign_id", "paid_at", "deleted"]
    var databaseValues: [DatabaseValue] {
        [dv(id), dv(creatorID), dv(title), dv(metric.rawValue), dv(goal), dv(startDate), dv(endDate), dv(reward), dv(amount), dv(campaignID), dv(paidAt), dv(deleted)]
    }

    public init(row: Row) throws {
        self.init(id: try row.decode(forColumn: "id"), creatorID: try row.decode(forColumn: "creator_id"), title: try row.decode(forColumn: "title"),
                  metric: try decodeEnum(row, "metric"), goal: try row.decode(forColumn: "goal"), startDate: try row.decode(forColumn: "start_date"),
                  endDate: try row.decode(forColumn: "end_date"), reward: try row.decode(forColumn: "reward"), amount: try row.decode(forColumn: "amount"),
                  campaignID: try row.decode(forColumn: "campaign_id"), paidAt: try row.decode(forColumn: "paid_at"), deleted: try row.decode(forColumn: "deleted"))
    }
}

extension Community: StoredRecord {
    static let entity = Entity.community
    static let columns = ["id", "name", "channel", "market", "link", "deleted"]
    var databaseValues: [DatabaseValue] { [dv(id), dv(name), dv(channel.rawValue), dv(market), dv(link), dv(deleted)] }

    public init(row: Row) throws {
        self.init(id: try row.decode(forColumn: "id"), name: try row.decode(forColumn: "name"), channel: try decodeEnum(row, "channel"),
                  market: try row.decode(forColumn: "market"), link: try row.decode(forColumn: "link"), deleted: try row.decode(forColumn: "deleted"))
    }
}

extension CommunityMember: StoredRecord {
    static let entity = Entity.communityMember
    static let columns = ["id", "community_id", "creator_id", "role", "joined_at", "left_at", "deleted"]
    var databaseValues: [DatabaseValue] { [dv(id), dv(communityID), dv(creatorID), dv(role.rawValue), dv(joinedAt), dv(leftAt), dv(deleted)] }

    public init(row: Row) throws {
        self.init(id: try row.decode(forColumn: "id"), communityID: try row.decode(forColumn: "community_id"), creatorID: try row.decode(forColumn: "creator_id"),
                  role: try decodeEnum(row, "role"), joinedAt: try row.decode(forColumn: "joined_at"), leftAt: try row.decode(forColumn: "left_at"),
                  deleted: try row.decode(forColumn: "deleted"))
    }
}

extension ResourceSend: StoredRecord {
    static let entity = Entity.resourceSend
    static let columns = ["id", "article_id", "creator_id", "community_id", "sent_at", "by_member_id", "deleted"]
    var databaseValues: [DatabaseValue] { [dv(id), dv(articleID), dv(creatorID), dv(communityID), dv(sentAt), dv(byMemberID), dv(deleted)] }

    public init(row: Row) throws {
        self.init(id: try row.decode(forColumn: "id"), articleID: try row.decode(forColumn: "article_id"), creatorID: try row.decode(forColumn: "creator_id"),
                  communityID: try row.decode(forColumn: "community_id"), sentAt: try row.decode(forColumn: "sent_at"),
                  byMemberID: try row.decode(forColumn: "by_member_id"), deleted: try row.decode(forColumn: "deleted"))
    }
}

extension Team: StoredRecord {
    static let entity = Entity.team
    static let columns = ["id", "name", "lead_id", "time_zone", "assignment", "capacity", "deleted", "calendar"]
    var databaseValues: [DatabaseValue] { [dv(id), dv(name), dv(leadID), dv(timeZone), dv(assignment.rawValue), dv(capacity), dv(deleted), dv(calendar)] }

    public init(row: Row) throws {
        self.init(id: try row.decode(forColumn: "id"), name: try row.decode(forColumn: "name"), leadID: try row.decode(forColumn: "lead_id"),
                  timeZone: try row.decode(forColumn: "time_zone"), assignment: try decodeEnum(row, "assignment"),
                  capacity: try row.decode(forColumn: "capacity"), deleted: try row.decode(forColumn: "deleted"),
                  calendar: try row.decode(forColumn: "calendar"))
    }
}

extension TeamMember: StoredRecord {
    static let entity = Entity.teamMember
    static let columns = ["id", "team_id", "member_id", "capacity", "deleted"]
    var databaseValues: [DatabaseValue] { [dv(id), dv(teamID), dv(memberID), dv(capacity), dv(deleted)] }

    public init(row: Row) throws {
        self.init(id: try row.decode(forColumn: "id"), teamID: try row.decode(forColumn: "team_id"), memberID: try row.decode(forColumn: "member_id"),
                  capacity: try row.decode(forColumn: "capacity"), deleted: try row.decode(forColumn: "deleted"))
    }
}

extension ShiftException: StoredRecord {
    static let entity = Entity.shiftException
    static let columns = ["id", "member_id", "starts_at", "ends_at", "kind", "note", "deleted"]
    var databaseValues: [DatabaseValue] { [dv(id), dv(memberID), dv(startsAt), dv(endsAt), dv(kind.rawValue), dv(note), dv(deleted)] }

    public init(row: Row) throws {
        self.init(id: try row.decode(forColumn: "id"), memberID: try row.decode(forColumn: "member_id"), startsAt: try row.decode(forColumn: "starts_at"),
                  endsAt: try row.decode(forColumn: "ends_at"), kind: try decodeEnum(row, "kind"), note: try row.decode(forColumn: "note"),
                  deleted: try row.decode(forColumn: "deleted"))
    }
}

extension AutomationRule: StoredRecord {
    static let entity = Entity.automationRule
    static let columns = ["id", "name", "team_id", "condition", "actions", "enabled", "position", "deleted", "target"]
    var databaseValues: [DatabaseValue] {
        [dv(id), dv(name), dv(teamID), dv(condition), dv(AutomationRule.encodeActions(actions)), dv(enabled), dv(position), dv(deleted), dv(target.rawValue)]
    }

    public init(row: Row) throws {
        let actionsText: String = try row.decode(forColumn: "actions")
        self.init(id: try row.decode(forColumn: "id"), name: try row.decode(forColumn: "name"), teamID: try row.decode(forColumn: "team_id"),
                  condition: try row.decode(forColumn: "condition"), actions: AutomationRule.decodeActions(actionsText),
                  enabled: try row.decode(forColumn: "enabled"), position: try row.decode(forColumn: "position"), deleted: try row.decode(forColumn: "deleted"),
                  target: RuleTarget(rawValue: try row.decode(forColumn: "target")) ?? .tickets)
    }
}

extension RuleFiring: StoredRecord {
    static let entity = Entity.ruleFiring
    static let columns = ["id", "rule_id", "ticket_id", "creator_id", "trigger_at", "fired_at", "device", "summary", "deleted"]
    var databaseValues: [DatabaseValue] {
        [dv(id), dv(ruleID), dv(ticketID), dv(creatorID), dv(triggerAt), dv(firedAt), dv(device), dv(summary), dv(deleted)]
    }

    public init(row: Row) throws {
        self.init(id: try row.decode(forColumn: "id"), ruleID: try row.decode(forColumn: "rule_id"), ticketID: try row.decode(forColumn: "ticket_id"),
                  creatorID: try row.decode(forColumn: "creator_id"),
                  triggerAt: try row.decode(forColumn: "trigger_at"), firedAt: try row.decode(forColumn: "fired_at"), device: try row.decode(forColumn: "device"),
                  summary: try row.decode(forColumn: "summary"), deleted: try row.decode(forColumn: "deleted"))
    }
}

extension QAReview: StoredRecord {
    static let entity = Entity.qaReview
    static let columns = ["id", "ticket_id", "agent_id", "reviewer_id", "scores", "comment", "reviewed_at", "deleted"]
    var databaseValues: [DatabaseValue] {
        [dv(id), dv(ticketID), dv(agentID), dv(reviewerID), dv(QAReview.encodeScores(scores)), dv(comment), dv(reviewedAt), dv(deleted)]
    }

    /// Scores that do not read as scores (never written by this build) read as none.
    public init(row: Row) throws {
        let text: String = try row.decode(forColumn: "scores")
        let scores = (try? QAReview.decodeScores(text).get()) ?? [:]
        self.init(id: try row.decode(forColumn: "id"), ticketID: try row.decode(forColumn: "ticket_id"), agentID: try row.decode(forColumn: "agent_id"),
                  reviewerID: try row.decode(forColumn: "reviewer_id"), scores: scores, comment: try row.decode(forColumn: "comment"),
                  reviewedAt: try row.decode(forColumn: "reviewed_at"), deleted: try row.decode(forColumn: "deleted"))
    }
}

extension CoachingItem: StoredRecord {
    static let entity = Entity.coachingItem
    static let columns = ["id", "member_id", "kind", "body", "discussed", "ticket_id", "due_at", "done_at", "author_id", "at", "deleted"]
    var databaseValues: [DatabaseValue] {
        [dv(id), dv(memberID), dv(kind.rawValue), dv(body), dv(discussed), dv(ticketID), dv(dueAt), dv(doneAt), dv(authorID), dv(at), dv(deleted)]
    }

    public init(row: Row) throws {
        self.init(id: try row.decode(forColumn: "id"), memberID: try row.decode(forColumn: "member_id"), kind: try decodeEnum(row, "kind"),
                  body: try row.decode(forColumn: "body"), discussed: try row.decode(forColumn: "discussed"), ticketID: try row.decode(forColumn: "ticket_id"),
                  dueAt: try row.decode(forColumn: "due_at"), doneAt: try row.decode(forColumn: "done_at"), authorID: try row.decode(forColumn: "author_id"),
                  at: try row.decode(forColumn: "at"), deleted: try row.decode(forColumn: "deleted"))
    }
}
