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
    static let columns = ["id", "handle", "name", "role", "team", "tier", "email", "deleted"]
    var databaseValues: [DatabaseValue] { [dv(id), dv(handle), dv(name), dv(role.rawValue), dv(team), dv(tier), dv(email), dv(deleted)] }

    public init(row: Row) throws {
        self.init(id: row["id"], handle: row["handle"], name: row["name"],
                  role: try decodeEnum(row, "role"), team: row["team"], tier: row["tier"], email: row["email"], deleted: row["deleted"])
    }
}

extension Network: StoredRecord {
    static let entity = Entity.network
    static let columns = ["id", "name", "region", "contact", "deleted"]
    var databaseValues: [DatabaseValue] { [dv(id), dv(name), dv(region), dv(contact), dv(deleted)] }

    public init(row: Row) throws {
        self.init(id: row["id"], name: row["name"], region: row["region"], contact: row["contact"], deleted: row["deleted"])
    }
}

extension Creator: StoredRecord {
    static let entity = Entity.creator
    static let columns = ["id", "handle", "display_name", "kind", "market", "language", "network_id", "owner_id", "stage",
                          "source", "followers", "email", "phone", "notes", "created_at", "deleted"]
    var databaseValues: [DatabaseValue] {
        [dv(id), dv(handle), dv(displayName), dv(kind.rawValue), dv(market), dv(language), dv(networkID), dv(ownerID), dv(stage),
         dv(source.rawValue), dv(followers), dv(email), dv(phone), dv(notes), dv(createdAt), dv(deleted)]
    }

    public init(row: Row) throws {
        self.init(id: row["id"], handle: row["handle"], displayName: row["display_name"], kind: try decodeEnum(row, "kind"),
                  market: row["market"], language: row["language"], networkID: row["network_id"], ownerID: row["owner_id"],
                  stage: row["stage"], source: try decodeEnum(row, "source"), followers: row["followers"], email: row["email"],
                  phone: row["phone"], notes: row["notes"], createdAt: row["created_at"], deleted: row["deleted"])
    }
}

extension CreatorTag: StoredRecord {
    static let entity = Entity.creatorTag
    static let columns = ["id", "creator_id", "tag", "deleted"]
    var databaseValues: [DatabaseValue] { [dv(id), dv(creatorID), dv(tag), dv(deleted)] }

    public init(row: Row) throws {
        self.init(id: row["id"], creatorID: row["creator_id"], tag: row["tag"], deleted: row["deleted"])
    }
}

extension StageEvent: StoredRecord {
    static let entity = Entity.stageEvent
    static let columns = ["id", "creator_id", "from_stage", "to_stage", "at", "by_member_id", "reason", "deleted"]
    var databaseValues: [DatabaseValue] { [dv(id), dv(creatorID), dv(fromStage), dv(toStage), dv(at), dv(byMemberID), dv(reason), dv(deleted)] }

    public init(row: Row) throws {
        self.init(id: row["id"], creatorID: row["creator_id"], fromStage: row["from_stage"], toStage: row["to_stage"],
                  at: row["at"], byMemberID: row["by_member_id"], reason: row["reason"], deleted: row["deleted"])
    }
}

extension LiveSession: StoredRecord {
    static let entity = Entity.liveSession
    static let columns = ["id", "creator_id", "started_at", "minutes", "peak_viewers", "viewer_minutes", "gifts"]
    var databaseValues: [DatabaseValue] { [dv(id), dv(creatorID), dv(startedAt), dv(minutes), dv(peakViewers), dv(viewerMinutes), dv(gifts)] }

    public init(row: Row) throws {
        self.init(id: row["id"], creatorID: row["creator_id"], startedAt: row["started_at"], minutes: row["minutes"],
                  peakViewers: row["peak_viewers"], viewerMinutes: row["viewer_minutes"], gifts: row["gifts"])
    }
}

extension Activity: StoredRecord {
    static let entity = Entity.activity
    static let columns = ["id", "creator_id", "kind", "author_id", "at", "summary", "next_step", "follow_up_due", "done", "deleted"]
    var databaseValues: [DatabaseValue] {
        [dv(id), dv(creatorID), dv(kind.rawValue), dv(authorID), dv(at), dv(summary), dv(nextStep), dv(followUpDue), dv(done), dv(deleted)]
    }

    public init(row: Row) throws {
        self.init(id: row["id"], creatorID: row["creator_id"], kind: try decodeEnum(row, "kind"), authorID: row["author_id"],
                  at: row["at"], summary: row["summary"], nextStep: row["next_step"], followUpDue: row["follow_up_due"],
                  done: row["done"], deleted: row["deleted"])
    }
}

extension Ticket: StoredRecord {
    static let entity = Entity.ticket
    static let columns = ["id", "key", "subject", "body", "requester_creator_id", "requester_network_id", "channel", "category",
                          "priority", "status", "tier", "assignee_id", "csat", "merged_into_id", "created_at", "deleted"]
    var databaseValues: [DatabaseValue] {
        [dv(id), dv(key), dv(subject), dv(body), dv(requesterCreatorID), dv(requesterNetworkID), dv(channel.rawValue),
         dv(category.rawValue), dv(priority.rawValue), dv(status.rawValue), dv(tier), dv(assigneeID), dv(csat?.rawValue),
         dv(mergedIntoID), dv(createdAt), dv(deleted)]
    }

    public init(row: Row) throws {
        let csatRaw: String? = row["csat"]
        self.init(id: row["id"], key: row["key"], subject: row["subject"], body: row["body"],
                  requesterCreatorID: row["requester_creator_id"], requesterNetworkID: row["requester_network_id"],
                  channel: try decodeEnum(row, "channel"), category: try decodeEnum(row, "category"),
                  priority: try decodeEnum(row, "priority"), status: try decodeEnum(row, "status"), tier: row["tier"],
                  assigneeID: row["assignee_id"], csat: csatRaw.flatMap(CSAT.init(rawValue:)), mergedIntoID: row["merged_into_id"],
                  createdAt: row["created_at"], deleted: row["deleted"])
    }
}

extension TicketTag: StoredRecord {
    static let entity = Entity.ticketTag
    static let columns = ["id", "ticket_id", "tag", "deleted"]
    var databaseValues: [DatabaseValue] { [dv(id), dv(ticketID), dv(tag), dv(deleted)] }

    public init(row: Row) throws {
        self.init(id: row["id"], ticketID: row["ticket_id"], tag: row["tag"], deleted: row["deleted"])
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
        self.init(id: row["id"], ticketID: row["ticket_id"], kind: try decodeEnum(row, "kind"), at: row["at"],
                  actor: try decodeEnum(row, "actor"), authorID: row["author_id"], isPublic: row["is_public"], body: row["body"],
                  fromValue: row["from_value"], toValue: row["to_value"], reason: row["reason"], deleted: row["deleted"])
    }
}

extension SLAPolicy: StoredRecord {
    static let entity = Entity.slaPolicy
    static let columns = ["id", "priority", "first_reply_minutes", "next_reply_minutes", "resolution_minutes", "business_hours"]
    var databaseValues: [DatabaseValue] {
        [dv(id), dv(priority.rawValue), dv(firstReplyMinutes), dv(nextReplyMinutes), dv(resolutionMinutes), dv(businessHours)]
    }

    public init(row: Row) throws {
        self.init(id: row["id"], priority: try decodeEnum(row, "priority"), firstReplyMinutes: row["first_reply_minutes"],
                  nextReplyMinutes: row["next_reply_minutes"], resolutionMinutes: row["resolution_minutes"], businessHours: row["business_hours"])
    }
}

extension Article: StoredRecord {
    static let entity = Entity.article
    static let columns = ["id", "title", "body", "is_macro", "macro_status", "macro_priority", "macro_tags", "updated_at", "deleted"]
    var databaseValues: [DatabaseValue] {
        [dv(id), dv(title), dv(body), dv(isMacro), dv(macroStatus?.rawValue), dv(macroPriority?.rawValue),
         dv(JSONText.encode(macroTags)), dv(updatedAt), dv(deleted)]
    }

    public init(row: Row) throws {
        let statusRaw: String? = row["macro_status"]
        let priorityRaw: String? = row["macro_priority"]
        let tagsJSON: String = row["macro_tags"]
        self.init(id: row["id"], title: row["title"], body: row["body"], isMacro: row["is_macro"],
                  macroStatus: statusRaw.flatMap(TicketStatus.init(rawValue:)), macroPriority: priorityRaw.flatMap(TicketPriority.init(rawValue:)),
                  macroTags: JSONText.decodeStrings(tagsJSON), updatedAt: row["updated_at"], deleted: row["deleted"])
    }
}

/// Reads an enum column, failing with the table's column name when the stored value is unknown.
func decodeEnum<E: RawRepresentable>(_ row: Row, _ column: String) throws -> E where E.RawValue == String {
    let raw: String = row[column]
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
        self.init(id: row["id"], name: row["name"], kind: try decodeEnum(row, "kind"), startDate: row["start_date"], endDate: row["end_date"],
                  metric: try decodeEnum(row, "metric"), target: row["target"], ownerID: row["owner_id"], status: try decodeEnum(row, "status"),
                  deleted: row["deleted"])
    }
}

extension CampaignEnrolment: StoredRecord {
    static let entity = Entity.campaignEnrolment
    static let columns = ["id", "campaign_id", "creator_id", "target", "joined_at", "deleted"]
    var databaseValues: [DatabaseValue] { [dv(id), dv(campaignID), dv(creatorID), dv(target), dv(joinedAt), dv(deleted)] }

    public init(row: Row) throws {
        self.init(id: row["id"], campaignID: row["campaign_id"], creatorID: row["creator_id"], target: row["target"],
                  joinedAt: row["joined_at"], deleted: row["deleted"])
    }
}

extension CampaignTier: StoredRecord {
    static let entity = Entity.campaignTier
    static let columns = ["id", "campaign_id", "threshold", "reward", "amount", "deleted"]
    var databaseValues: [DatabaseValue] { [dv(id), dv(campaignID), dv(threshold), dv(reward), dv(amount), dv(deleted)] }

    public init(row: Row) throws {
        self.init(id: row["id"], campaignID: row["campaign_id"], threshold: row["threshold"], reward: row["reward"],
                  amount: row["amount"], deleted: row["deleted"])
    }
}

extension ConflictDecision: StoredRecord {
    static let entity = Entity.conflictDecision
    static let columns = ["id", "entity", "row_id", "field", "lost_hlc", "kept", "at", "by_member_id"]
    var databaseValues: [DatabaseValue] { [dv(id), dv(targetEntity), dv(rowID), dv(field), dv(lostHLC), dv(kept.rawValue), dv(at), dv(byMemberID)] }

    public init(row: Row) throws {
        self.init(id: row["id"], targetEntity: row["entity"], rowID: row["row_id"], field: row["field"], lostHLC: row["lost_hlc"],
                  kept: try decodeEnum(row, "kept"), at: row["at"], byMemberID: row["by_member_id"])
    }
}
