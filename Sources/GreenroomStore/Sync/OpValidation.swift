import Foundation
import GRDB
import GreenroomCore

/// The checks of an incoming operation that need the database (DESIGN.md §9): the rows it
/// refers to exist here (a tombstoned row counts — whether a row was deleted must not decide
/// whether an edit made before the delete is kept), and its stages are ones the team has had
/// (`sync_known_stage`). What fails waits in the quarantine (`waiting`) and is tried again on
/// every sync, so a reference that arrives in a later file is applied then; the order files
/// arrive in never decides the result. Field types, sizes and choices are checked earlier, on
/// the reading thread (`FieldRules`, `SyncOperation.problem`).
extension SyncSession {
    /// Why `op` cannot be applied yet, as `field: reason`, or nil.
    func missingReference(_ op: SyncOperation) throws -> String? {
        guard let checked = FieldRules.checkedAgainstData[op.entity], !checked.isEmpty else { return nil }
        for (name, kind) in checked {
            guard case .text(let text)? = op.field(name) else { continue }
            switch kind {
            case .reference(let target):
                if try !knownRow(target, text) {
                    return "\(name): no \(target.rawValue.replacingOccurrences(of: "_", with: " ")) \(text) here yet; held until it arrives"
                }
            case .stage:
                if try !knownStage(text) {
                    return "\(name): \"\(TerminalText.sanitize(text))\" is not a stage of this team; held until a stage setting names it"
                }
            default:
                continue
            }
        }
        return nil
    }

    private func knownRow(_ entity: Entity, _ id: String) throws -> Bool {
        if knownRows[entity]?.contains(id) == true { return true }
        let exists = try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM \(entity.rawValue) WHERE id = ?"), arguments: [id]) ?? false
        if exists { remember(entity, id) }
        return exists
    }

    private func knownStage(_ name: String) throws -> Bool {
        if knownStages == nil {
            knownStages = Set(try String.fetchAll(db, sql: "SELECT name FROM sync_known_stage"))
                .union(TeamSettings.defaults.allStageNames)
        }
        if knownStages!.contains(name) { return true }
        // A stage setting applied earlier in this sync may have named it.
        if try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM sync_known_stage WHERE name = ?"), arguments: [name]) == true {
            knownStages!.insert(name)
            return true
        }
        return false
    }

    /// A row this session inserted is known from then on.
    func noteInserted(_ op: SyncOperation) { remember(op.entity, op.id) }

    /// Adds a row to `knownRows`, forgetting them all first when there are
    /// `SyncSession.knownRowsLimit`: a first sync inserts a million rows, and remembering
    /// every id (as inserts once did) held ~100 MB by the end; a forgotten row costs one
    /// index lookup when it is referred to again.
    private func remember(_ entity: Entity, _ id: String) {
        if knownRowCount >= SyncSession.knownRowsLimit { knownRows.removeAll(); knownRowCount = 0 }
        if knownRows[entity, default: []].insert(id).inserted { knownRowCount += 1 }
    }
}

extension Store {
    /// Remembers the stage names of a `pipeline.stages` or `pipeline.side_stages` value —
    /// every version seen, winner or not (`sync_known_stage`).
    static func rememberStages(_ db: Database, key: String, json: String) throws {
        guard key == TeamSettings.Key.stages.rawValue || key == TeamSettings.Key.sideStages.rawValue,
              let stages = try? SettingsCodec.decode([TeamSettings.PipelineStage].self, json) else { return }
        for stage in stages where !stage.name.isEmpty {
            try db.cachedStatement(sql: "INSERT OR IGNORE INTO sync_known_stage(name) VALUES (?)").execute(arguments: [stage.name])
        }
    }

    /// Remembers the stages of the settings as they are now (and the defaults).
    static func rememberStages(_ db: Database) throws {
        for name in Set(try loadSettings(db).allStageNames).union(TeamSettings.defaults.allStageNames) where !name.isEmpty {
            try db.execute(sql: "INSERT OR IGNORE INTO sync_known_stage(name) VALUES (?)", arguments: [name])
        }
    }
}
