import Foundation
import GRDB
import GreenroomCore

/// Checks tickets files against the database (read-only) and builds a `TicketImportPlan`.
struct TicketImportPlanner {
    let db: Database
    let now: Millis
    let zone: TimeZone
    var plan = TicketImportPlan()

    struct CreatorRef {
        var id: String
        var networkID: String?
    }

    var members: [Member] = []
    var networks: [String: String] = [:]
    var creatorsByHandle: [String: CreatorRef?] = [:]
    var creatorsByEmail: [String: CreatorRef]?
    var pending: [Creator]
    var zendeskTagsInPlan = Set<String>()

    /// `--map`: file column → canonical column.
    let mapping: [String: String]
    /// `--create-missing`: assignees become specialists, networks are created by name.
    let createMissing: Bool

    /// `pendingCreators`: creators the same import adds, so its tickets can name them;
    /// `extraMembers`, `extraNetworks`: teammates and networks it creates (`--create-missing`).
    init(db: Database, now: Millis, zone: TimeZone, pendingCreators: [Creator] = [], mapping: [String: String] = [:],
         extraMembers: [Member] = [], extraNetworks: [Network] = [], createMissing: Bool = false) throws {
        self.db = db; self.now = now; self.zone = zone; self.pending = pendingCreators; self.createMissing = createMissing
        self.mapping = ImportColumns.applicable(mapping, to: ImportColumns.ticket)
        members = try Member.fetchAll(db, sql: "SELECT * FROM member WHERE deleted = 0 ORDER BY handle") + extraMembers
        for n in try Network.fetchAll(db, sql: "SELECT * FROM network WHERE deleted = 0 ORDER BY name") + extraNetworks where networks[n.name.lowercased()] == nil {
            networks[n.name.lowercased()] = n.id
        }
        for c in pendingCreators { creatorsByHandle[c.handle] = CreatorRef(id: c.id, networkID: c.networkID) }
    }

    mutating func add(_ source: TicketSource) throws {
        switch source {
        case .zendesk(let file, let document): try addZendesk(document, file: file)
        case .csv(let file, let table): try addCSV(table, file: file)
        }
    }

    // MARK: Directory look-ups

    mutating func creator(handle raw: String) throws -> CreatorRef? {
        let trimmed = raw.trimmingCharacters(in: .whitespaces).lowercased()
        let handle = trimmed.hasPrefix("@") ? trimmed : "@" + trimmed
        if let cached = creatorsByHandle[handle] { return cached }
        let row = try Row.fetchOne(db, sql: "SELECT id, network_id FROM creator WHERE handle = ? AND deleted = 0", arguments: [handle])
        let ref = row.map { CreatorRef(id: $0["id"], networkID: $0["network_id"]) }
        creatorsByHandle[handle] = ref
        return ref
    }

    /// Creators by email, read once (there is no index on email; one scan beats one per ticket).
    mutating func creator(email: String) throws -> CreatorRef? {
        if creatorsByEmail == nil {
            var map: [String: CreatorRef] = [:]
            let rows = try Row.fetchCursor(db, sql: "SELECT id, network_id, email FROM creator WHERE deleted = 0 AND email IS NOT NULL AND email <> '' ORDER BY created_at")
            while let r = try rows.next() {
                let e = (r["email"] as String).trimmingCharacters(in: .whitespaces).lowercased()
                if map[e] == nil { map[e] = CreatorRef(id: r["id"], networkID: r["network_id"]) }
            }
            for c in pending {
                if let e = c.email?.trimmingCharacters(in: .whitespaces).lowercased(), !e.isEmpty, map[e] == nil {
                    map[e] = CreatorRef(id: c.id, networkID: c.networkID)
                }
            }
            creatorsByEmail = map
        }
        return creatorsByEmail?[email.trimmingCharacters(in: .whitespaces).lowercased()]
    }

    /// A teammate by email, handle (`@ana`) or name, ignoring case.
    func member(email: String?, name: String?) -> Member? {
        if let e = email?.lowercased(), !e.isEmpty, let m = members.first(where: { $0.email?.lowercased() == e }) { return m }
        guard let n = name?.trimmingCharacters(in: .whitespaces).lowercased(), !n.isEmpty else { return nil }
        let handle = n.hasPrefix("@") ? n : "@" + n
        return members.first { $0.handle.lowercased() == handle } ?? members.first { $0.name.lowercased() == n }
    }

    func member(handle raw: String) -> Member? {
        let trimmed = raw.trimmingCharacters(in: .whitespaces).lowercased()
        let handle = trimmed.hasPrefix("@") ? trimmed : "@" + trimmed
        return members.first { $0.handle.lowercased() == handle }
    }

    func alreadyTagged(_ tag: String) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT 1 FROM ticket_tag WHERE tag = ? AND deleted = 0 LIMIT 1", arguments: [tag]) == true
    }

}
