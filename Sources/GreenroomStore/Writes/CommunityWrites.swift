import Foundation
import GRDB
import GreenroomCore

/// Communities (issue 26): groups of creators on a channel, for a market, with members who
/// join and leave and moderators among them. Writes validate first and change nothing on a
/// refusal; every write is stamped and synced.
extension Store {
    public func addCommunity(name: String, channel: CommunityChannel, market: String, link: String? = nil) throws -> Community {
        let name = try Store.cleanName(name, "a community name")
        let market = market.uppercased()
        guard Market.isValid(market) else { throw GreenroomError.invalidInput("--market: \"\(TerminalText.sanitize(market))\" is not an ISO country code") }
        let link = link?.trimmingCharacters(in: .whitespacesAndNewlines)
        if let link, !link.isEmpty { _ = try Store.cleanName(link, "a link", limit: 500) }
        return try write { db in
            let taken = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM community WHERE deleted = 0 AND name = ? COLLATE NOCASE)", arguments: [name]) ?? false
            guard !taken else { throw GreenroomError.invalidInput("there is already a community called \"\(TerminalText.sanitize(name))\"") }
            let c = Community(id: UUIDv7.make(millis: wallClock.now()), name: name, channel: channel, market: market, link: link?.isEmpty == true ? nil : link)
            try insertStamped(c, in: db)
            return c
        }
    }

    /// Adds creators as members (or moderators) from `at` (nil: now). A current member is left
    /// as they are unless the role changes; one who left joins again from `at`. Returns how
    /// many joined and the ids already members.
    @discardableResult
    public func join(communityID: String, creatorIDs: [String], role: CommunityMember.Role = .member, at: Millis? = nil) throws -> (added: Int, already: [String]) {
        guard !creatorIDs.isEmpty else { throw GreenroomError.invalidInput("no creators to add") }
        return try write { db in
            try Store.requireCommunity(communityID, db)
            let when = at ?? wallClock.now()
            let unique = Array(Set(creatorIDs)).sorted()
            for creator in unique {
                guard try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM creator WHERE id = ? AND deleted = 0)", arguments: [creator]) == true else {
                    throw GreenroomError.invalidInput("no creator with id \(TerminalText.sanitize(creator))")
                }
            }
            var added = 0
            var already: [String] = []
            for creator in unique {
                let id = CommunityMember.id(community: communityID, creator: creator)
                if let current = try CommunityMember.fetchOne(db, sql: "SELECT \(CommunityMember.selectColumns) FROM community_member WHERE id = ?", arguments: [id]) {
                    if !current.deleted && current.leftAt == nil {
                        if current.role != role { try updateStamped(.communityMember, id: id, fields: ["role": role.rawValue.databaseValue], in: db) }
                        already.append(creator)
                        continue
                    }
                    try updateStamped(.communityMember, id: id, fields: ["deleted": false.databaseValue, "left_at": DatabaseValue.null,
                                                                          "joined_at": when.databaseValue, "role": role.rawValue.databaseValue], in: db)
                } else {
                    try insertStamped(CommunityMember(id: id, communityID: communityID, creatorID: creator, role: role, joinedAt: when), in: db)
                }
                added += 1
            }
            return (added, already)
        }
    }

    /// Records that members left at `at` (nil: now). Refuses one who is not a member, or a
    /// leave before the join.
    @discardableResult
    public func leave(communityID: String, creatorIDs: [String], at: Millis? = nil) throws -> Int {
        try write { db in
            let when = at ?? wallClock.now()
            var n = 0
            for creator in Array(Set(creatorIDs)).sorted() {
                let id = CommunityMember.id(community: communityID, creator: creator)
                let handle = try String.fetchOne(db, sql: "SELECT handle FROM creator WHERE id = ?", arguments: [creator]).map { TerminalText.sanitize($0) } ?? "that creator"
                guard let m = try CommunityMember.fetchOne(db, sql: "SELECT \(CommunityMember.selectColumns) FROM community_member WHERE id = ? AND deleted = 0", arguments: [id]),
                      m.leftAt == nil else {
                    throw GreenroomError.invalidInput("\(handle) is not a member")
                }
                guard when >= m.joinedAt else { throw GreenroomError.invalidInput("\(handle) joined on \(Time.iso(m.joinedAt)): a leave date cannot be before it") }
                try updateStamped(.communityMember, id: id, fields: ["left_at": when.databaseValue], in: db)
                n += 1
            }
            return n
        }
    }

    static func requireCommunity(_ id: String, _ db: Database) throws {
        guard try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM community WHERE id = ? AND deleted = 0)", arguments: [id]) == true else {
            throw GreenroomError.invalidInput("that community no longer exists")
        }
    }

    public func communitySummaries() throws -> [CommunitySummary] {
        try read { db in
            try Community.fetchAll(db, sql: "SELECT \(Community.selectColumns) FROM community WHERE deleted = 0 ORDER BY name COLLATE NOCASE, id").map { c in
                let r = try Row.fetchOne(db, sql: """
                    SELECT IFNULL(SUM(e.left_at IS NULL), 0), IFNULL(SUM(e.left_at IS NULL AND e.role = 'moderator'), 0), IFNULL(SUM(e.left_at IS NOT NULL), 0)
                    FROM community_member e WHERE e.community_id = ? AND e.deleted = 0 AND \(Store.liveEnrolledCreator)
                    """, arguments: [c.id])
                return CommunitySummary(community: c, members: r?[0] ?? 0, moderators: r?[1] ?? 0, left: r?[2] ?? 0)
            }
        }
    }

    /// The community `ref` names: its id, its name, or a unique start of a name.
    public func community(ref: String) throws -> Community {
        let wanted = ref.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        let all = try communitySummaries().map(\.community)
        if let c = all.first(where: { $0.id == wanted || $0.name.lowercased() == wanted }) { return c }
        let matches = all.filter { !wanted.isEmpty && $0.name.lowercased().hasPrefix(wanted) }
        switch matches.count {
        case 1: return matches[0]
        case 0: throw GreenroomError.invalidInput("no community matches \"\(TerminalText.sanitize(ref))\"")
        default: throw GreenroomError.invalidInput("\"\(TerminalText.sanitize(ref))\" matches \(matches.count) communities; give more of the name")
        }
    }

    public func communityMembers(id: String) throws -> [CommunityMemberRow] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT c.handle, m.role, m.joined_at, m.left_at, c.id FROM community_member m JOIN creator c ON c.id = m.creator_id
                WHERE m.community_id = ? AND m.deleted = 0 AND c.deleted = 0 ORDER BY m.left_at IS NOT NULL, c.handle
                """, arguments: [id]).compactMap { r in
                    guard let role = CommunityMember.Role(rawValue: r[1]) else { return nil }
                    return CommunityMemberRow(handle: r[0], role: role, joinedAt: r[2], leftAt: r[3], creatorID: r[4])
                }
        }
    }

    /// Members against matched non-members (`MatchedEffect`): participants are those who
    /// joined and had not left by the anchor, the median join time; creators who were members
    /// at another time are in neither group.
    public func communityEffect(id: String, now: Millis, days: Int = 28) throws -> MatchedEffect.Result? {
        let rows = try read { db in
            try Row.fetchAll(db, sql: """
                SELECT e.creator_id, e.joined_at, e.left_at FROM community_member e WHERE e.community_id = ? AND e.deleted = 0 AND \(Store.liveEnrolledCreator)
                """, arguments: [id])
        }
        guard let anchor = MatchedEffect.anchor(rows.map { $0[1] as Millis }) else { return nil }
        let members = rows.filter { ($0[1] as Millis) <= anchor && (($0[2] as Millis?).map { $0 > anchor } ?? true) }.map { $0[0] as String }
        guard !members.isEmpty else { return nil }
        return try effect(participants: Set(members), anchor: anchor, now: now, days: days, excluding: Set(rows.map { $0[0] as String }))
    }
}
