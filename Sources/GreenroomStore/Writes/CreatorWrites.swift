import GRDB
import GreenroomCore

extension Store {
    /// Adds a creator with their tags and the stage event that puts them on the board, as one
    /// transaction. Returns the creator as stored.
    @discardableResult
    public func createCreator(_ creator: Creator, tags: [String] = [], by memberID: String? = nil) throws -> Creator {
        try write { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM creator WHERE handle = ? AND deleted = 0", arguments: [creator.handle]) == true {
                throw GreenroomError.invalidInput("handle \(creator.handle) is already taken")
            }
            try insertStamped(creator, in: db)
            for tag in Set(tags).sorted() {
                try insertStamped(CreatorTag(id: CreatorTag.id(creator: creator.id, tag: tag), creatorID: creator.id, tag: tag), in: db)
            }
            let event = StageEvent(id: UUIDv7.make(millis: now), creatorID: creator.id, fromStage: nil, toStage: creator.stage,
                                   at: creator.createdAt, byMemberID: memberID)
            try insertStamped(event, in: db)
            return creator
        }
    }

    /// The team settings, with defaults for anything missing or unreadable.
    public func teamSettings() throws -> TeamSettings {
        try read { db in try Store.loadSettings(db) }
    }

    static func loadSettings(_ db: Database) throws -> TeamSettings {
        var s = TeamSettings.defaults
        let rows = try Row.fetchAll(db, sql: "SELECT key, value FROM setting")
        for row in rows {
            let key: String = row["key"]
            let value: String = row["value"]
            switch TeamSettings.Key(rawValue: key) {
            case .team: if let v = try? SettingsCodec.decode(TeamSettings.Team.self, value) { s.team = v }
            case .stages: if let v = try? SettingsCodec.decode([TeamSettings.PipelineStage].self, value), !v.isEmpty { s.stages = v }
            case .sideStages: if let v = try? SettingsCodec.decode([TeamSettings.PipelineStage].self, value) { s.sideStages = v }
            case .slaWarningMinutes: if let v = try? SettingsCodec.decode(Int.self, value) { s.slaWarningMinutes = v }
            case .views: if let v = try? SettingsCodec.decode([TeamSettings.SavedView].self, value) { s.views = v }
            case .businessHours: if let v = try? SettingsCodec.decode(BusinessHours.self, value), v.validationError() == nil { s.businessHours = v }
            case .kpiTargets: if let v = try? SettingsCodec.decode([String: TeamSettings.KPITarget].self, value) { s.kpiTargets = v }
            case .campaignRiskMargin: if let v = try? SettingsCodec.decode(Int.self, value), (0...100).contains(v) { s.campaignRiskMargin = v }
            case .deleteGuard: if let v = try? SettingsCodec.decode(TeamSettings.DeleteGuard.self, value), v.validationError == nil { s.deleteGuard = v }
            case .qaRubric: if let v = try? SettingsCodec.decode(QARubric.self, value), v.validationError == nil { s.qaRubric = v }
            case nil: continue
            }
        }
        return s
    }

    /// Saves (or replaces) a roster view under `name`. The filter must parse.
    public func saveView(name: String, filter: String, sort: RosterSort?) throws {
        let clean = name.trimmingCharacters(in: .whitespaces)
        guard !clean.isEmpty else { throw GreenroomError.invalidInput("a view needs a name: view save NAME") }
        do {
            _ = try FilterParser(stages: try teamSettings().allStageNames).parse(filter)
        } catch let error as FilterError {
            throw GreenroomError.invalidInput("the filter has an error: \(error.message)")
        }
        try write { db in
            let settings = try Store.loadSettings(db)
            var views = settings.views.filter { $0.name.lowercased() != clean.lowercased() }
            views.append(TeamSettings.SavedView(name: clean, filter: filter, sort: sort))
            try writeSetting(.views, views, in: db)
        }
    }

    /// Removes a saved view.
    public func deleteView(name: String) throws {
        try write { db in
            let settings = try Store.loadSettings(db)
            let views = settings.views.filter { $0.name.lowercased() != name.lowercased() }
            guard views.count < settings.views.count else { throw GreenroomError.invalidInput("no view called \"\(name)\"") }
            try writeSetting(.views, views, in: db)
        }
    }

    /// Changes the team's name and time zone.
    public func setTeam(_ team: TeamSettings.Team) throws {
        guard !team.name.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw GreenroomError.invalidInput("team name cannot be empty")
        }
        guard TimeZone(identifier: team.timeZone) != nil else {
            throw GreenroomError.invalidInput("unknown time zone \"\(team.timeZone)\" (use an IANA name such as America/Mexico_City)")
        }
        try write { db in try writeSetting(.team, team, in: db) }
    }
}

import Foundation
