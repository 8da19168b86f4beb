import GRDB
import GreenroomCore

/// What `M` offers to merge a ticket into: the requester's other tickets first (newest first),
/// then the newest unsolved tickets. Merged and deleted tickets are left out.
extension Store {
    public func mergeCandidates(for id: String, limit: Int = 200) throws -> [MergeCandidate] {
        try read { db in
            guard let requester = try Row.fetchOne(db, sql: "SELECT requester_creator_id FROM ticket WHERE id = ?", arguments: [id]) else { return [] }
            let creator: String? = requester["requester_creator_id"]
            let select = """
                SELECT t.id, t.key, t.subject, t.status, t.created_at, t.requester_creator_id, c.handle, n.name
                FROM ticket t LEFT JOIN creator c ON c.id = t.requester_creator_id LEFT JOIN network n ON n.id = t.requester_network_id
                """
            var rows: [Row] = []
            if let creator {
                rows += try Row.fetchAll(db, sql: select + """
                     WHERE t.requester_creator_id = ? AND t.id != ? AND t.deleted = 0 AND t.merged_into_id IS NULL
                     ORDER BY t.created_at DESC LIMIT 50
                    """, arguments: [creator, id])
            }
            rows += try Row.fetchAll(db, sql: select + """
                 WHERE t.deleted = 0 AND t.status IN \(Store.openStatuses) AND t.id != ? AND t.merged_into_id IS NULL
                 ORDER BY t.created_at DESC LIMIT ?
                """, arguments: [id, limit])
            var seen = Set<String>()
            var out: [MergeCandidate] = []
            for r in rows {
                let rid: String = r["id"]
                guard seen.insert(rid).inserted else { continue }
                out.append(MergeCandidate(id: rid, key: try Store.shortKey(r["key"], db), subject: r["subject"],
                                          requester: (r["handle"] as String?) ?? (r["name"] as String?), status: try decodeEnum(r, "status"),
                                          createdAt: r["created_at"], sameRequester: creator != nil && (r["requester_creator_id"] as String?) == creator))
            }
            return Array(out.prefix(limit))
        }
    }
}
