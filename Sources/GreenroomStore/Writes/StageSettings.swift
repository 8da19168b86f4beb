import GRDB
import GreenroomCore

/// Editing the pipeline's stage list and rotting thresholds (`greenroom settings stages`).
extension Store {
    /// How many (non-deleted) creators are in each stage, including stages the settings no
    /// longer list.
    public func creatorsPerStage() throws -> [String: Int] {
        try read { db in try Store.creatorsPerStage(db) }
    }

    static func creatorsPerStage(_ db: Database) throws -> [String: Int] {
        let rows = try Row.fetchAll(db, sql: "SELECT stage, COUNT(*) AS n FROM creator WHERE deleted = 0 GROUP BY stage")
        return Dictionary(rows.map { ($0["stage"] as String, $0["n"] as Int) }, uniquingKeysWith: +)
    }

    /// Applies `edit` to the team's stages as one transaction: either everything happens or
    /// nothing does. When a stage with creators is removed, they first move to the edit's
    /// target with ordinary stage events (reason "stage NAME removed", recorded as
    /// `memberHandle`'s when that member exists), and only then is the setting saved (a move
    /// may only target a stage the saved settings list). Returns the new settings and how
    /// many creators moved.
    @discardableResult
    public func editStages(_ edit: StageEdit, by memberHandle: String?) throws -> (TeamSettings, moved: Int) {
        try write { db in
            let settings = try Store.loadSettings(db)
            let counts = try Store.creatorsPerStage(db)
            let (updated, move) = try settings.applying(edit, counts: counts)
            let memberID = try memberHandle.flatMap { try Store.memberID(handle: $0, db) }
            var moved = 0
            if let move {
                let ids = try String.fetchAll(db, sql: "SELECT id FROM creator WHERE stage = ? AND deleted = 0 ORDER BY id",
                                              arguments: [move.from])
                for id in ids {
                    _ = try applyInTransaction(.moveStage(creatorID: id, to: move.to, reason: "stage \(move.from) removed"),
                                               by: memberID, in: db)
                }
                moved = ids.count
            }
            if updated.stages != settings.stages { try writeSetting(.stages, updated.stages, in: db) }
            if updated.sideStages != settings.sideStages { try writeSetting(.sideStages, updated.sideStages, in: db) }
            return (updated, moved: moved)
        }
    }

    /// The id of the member with this handle ("@ana"; a bare "ana" finds "@ana" too), or nil.
    static func memberID(handle: String, _ db: Database) throws -> String? {
        let candidates = handle.hasPrefix("@") ? [handle] : [handle, "@" + handle]
        for candidate in candidates {
            if let id = try String.fetchOne(db, sql: "SELECT id FROM member WHERE handle = ? AND deleted = 0", arguments: [candidate]) {
                return id
            }
        }
        return nil
    }
}
