import Foundation
import GRDB
import GreenroomCore

/// The resource hub (issue 26): knowledge-base articles sent to a creator or a community, each
/// send logged (`resource_send`) and written to the creators' activity logs, so who got which
/// guide is on record and syncs.
extension Store {
    /// Sends a resource (a guide, toolkit or link; not a reply) to creators (one log row and
    /// one activity each) or to a community (one log row; an activity for each current
    /// member). The activity says what was sent, with its URL as it was at that moment
    /// ("Sent link: Lighting kit · https://…"). Returns the rows logged and the activities
    /// written.
    @discardableResult
    public func sendResource(articleID: String, creatorIDs: [String] = [], communityID: String? = nil, by memberID: String? = nil) throws -> (logged: Int, activities: Int) {
        guard !creatorIDs.isEmpty || communityID != nil else { throw GreenroomError.invalidInput("say who gets it: creator handles or --community NAME") }
        return try write { db in
            guard let article = try Store.liveArticle(id: articleID, db) else {
                throw GreenroomError.invalidInput("that article no longer exists")
            }
            if let reason = article.whyNotSendable { throw GreenroomError.invalidInput(reason) }
            let title = article.title + (article.url.map { " · " + $0 } ?? "")
            let unique = Array(Set(creatorIDs)).sorted()
            for creator in unique {
                guard try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM creator WHERE id = ? AND deleted = 0)", arguments: [creator]) == true else {
                    throw GreenroomError.invalidInput("no creator with id \(TerminalText.sanitize(creator))")
                }
            }
            if let communityID { try Store.requireCommunity(communityID, db) }
            let now = wallClock.now()
            var logged = 0, activities = 0
            func activity(_ creator: String, _ sendID: String, _ text: String) throws {
                try insertStamped(Activity(id: UUIDv7.derived(from: "resource/" + sendID + "/" + creator, millis: now), creatorID: creator, kind: .message,
                                           authorID: memberID, at: now, summary: text, done: true), in: db)
                activities += 1
            }
            for creator in unique {
                let send = ResourceSend(id: UUIDv7.make(millis: now), articleID: articleID, creatorID: creator, communityID: nil, sentAt: now, byMemberID: memberID)
                try insertStamped(send, in: db)
                logged += 1
                try activity(creator, send.id, "Sent \(article.kind.rawValue): \(title)")
            }
            if let communityID {
                let send = ResourceSend(id: UUIDv7.make(millis: now), articleID: articleID, creatorID: nil, communityID: communityID, sentAt: now, byMemberID: memberID)
                try insertStamped(send, in: db)
                logged += 1
                let name = try String.fetchOne(db, sql: "SELECT name FROM community WHERE id = ?", arguments: [communityID]) ?? "a community"
                let members = try String.fetchAll(db, sql: """
                    SELECT m.creator_id FROM community_member m JOIN creator c ON c.id = m.creator_id
                    WHERE m.community_id = ? AND m.deleted = 0 AND m.left_at IS NULL AND c.deleted = 0 ORDER BY m.creator_id
                    """, arguments: [communityID])
                for creator in members { try activity(creator, send.id, "Sent \(article.kind.rawValue) to \(name): \(title)") }
            }
            return (logged, activities)
        }
    }

    /// The send log, latest first: to a creator (by id), a community, or everything.
    public func resourceSends(creatorID: String? = nil, communityID: String? = nil, limit: Int = 500) throws -> [ResourceSendRow] {
        try read { db in
            // Sends to a deleted creator or community are hidden with it (back when it is restored).
            var conditions = ["s.deleted = 0", "(s.creator_id IS NULL OR c.deleted = 0)", "(s.community_id IS NULL OR k.deleted = 0)"]
            var arguments: [DatabaseValueConvertible?] = []
            if let creatorID { conditions.append("s.creator_id = ?"); arguments.append(creatorID) }
            if let communityID { conditions.append("s.community_id = ?"); arguments.append(communityID) }
            arguments.append(limit)
            return try Row.fetchAll(db, sql: """
                SELECT a.title, c.handle, k.name, s.sent_at, m.handle, a.kind, a.url FROM resource_send s
                LEFT JOIN article a ON a.id = s.article_id LEFT JOIN creator c ON c.id = s.creator_id
                LEFT JOIN community k ON k.id = s.community_id LEFT JOIN member m ON m.id = s.by_member_id
                WHERE \(conditions.joined(separator: " AND ")) ORDER BY s.sent_at DESC, s.id LIMIT ?
                """, arguments: StatementArguments(arguments)).map {
                    ResourceSendRow(title: $0[0] ?? "?", creatorHandle: $0[1], communityName: $0[2], sentAt: $0[3], byHandle: $0[4],
                                    kind: ($0[5] as String?).flatMap(ArticleKind.init(rawValue:)), url: $0[6])
                }
        }
    }
}
