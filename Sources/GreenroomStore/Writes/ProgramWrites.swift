import Foundation
import GRDB
import GreenroomCore

/// Program and incentive-task writes (issue 26; workshops are in `WorkshopWrites.swift`).
/// Each validates first and throws a one-line reason before touching anything, then writes
/// in one transaction through the stamped path (outbox, field stamps), so every change syncs.
extension Store {
    /// Longest program, module, workshop or task title accepted.
    public static let programTextLimit = 80

    /// A trimmed, single-line name: not blank, at most `programTextLimit` characters, no
    /// control characters. `what` names it in the error ("a program name").
    static func cleanName(_ raw: String, _ what: String, limit: Int = programTextLimit) throws -> String {
        let name = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty else { throw GreenroomError.invalidInput("\(what) cannot be empty") }
        guard name.count <= limit else { throw GreenroomError.invalidInput("\(what) is at most \(limit) characters (got \(name.count))") }
        guard !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0.properties.generalCategory == .format && $0.value != 0x200D }) else {
            throw GreenroomError.invalidInput("\(what) cannot contain control characters")
        }
        return name
    }

    static func memberID(_ handle: String, option: String, _ db: Database) throws -> String? {
        if handle.lowercased() == "none" { return nil }
        let h = handle.hasPrefix("@") ? handle : "@" + handle
        guard let id = try String.fetchOne(db, sql: "SELECT id FROM member WHERE handle = ? AND deleted = 0", arguments: [h]) else {
            throw GreenroomError.invalidInput("no member \(TerminalText.sanitize(h)) (\(option) takes a member handle or none)")
        }
        return id
    }

    // MARK: Programs

    /// Adds a program with its modules (in the order given).
    public func addProgram(name: String, summary: String = "", owner: String? = nil, status: ProgramStatus = .running, modules: [String]) throws -> Program {
        let name = try Store.cleanName(name, "a program name")
        let titles = try modules.map { try Store.cleanName($0, "a module title") }
        guard !titles.isEmpty else { throw GreenroomError.invalidInput("a program needs at least one module (--module TITLE, in order)") }
        let summary = summary.trimmingCharacters(in: .whitespacesAndNewlines)
        guard summary.count <= 400, !summary.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw GreenroomError.invalidInput("a program summary is one line of at most 400 characters")
        }
        return try write { db in
            let taken = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM program WHERE deleted = 0 AND name = ? COLLATE NOCASE)", arguments: [name]) ?? false
            guard !taken else { throw GreenroomError.invalidInput("there is already a program called \"\(TerminalText.sanitize(name))\"") }
            let now = wallClock.now()
            let p = Program(id: UUIDv7.make(millis: now), name: name, summary: summary,
                            ownerID: try owner.flatMap { try Store.memberID($0, option: "--owner", db) }, status: status)
            try insertStamped(p, in: db)
            for (i, title) in titles.enumerated() {
                try insertStamped(ProgramModule(id: UUIDv7.make(millis: now), programID: p.id, position: i + 1, title: title), in: db)
            }
            return p
        }
    }

    /// Adds a module at the end of a program.
    @discardableResult
    public func addModule(programID: String, title: String) throws -> ProgramModule {
        let title = try Store.cleanName(title, "a module title")
        return try write { db in
            try Store.requireProgram(programID, db)
            let last = try Int.fetchOne(db, sql: "SELECT MAX(position) FROM program_module WHERE program_id = ? AND deleted = 0", arguments: [programID]) ?? 0
            let m = ProgramModule(id: UUIDv7.make(millis: wallClock.now()), programID: programID, position: last + 1, title: title)
            try insertStamped(m, in: db)
            return m
        }
    }

    /// Enrols creators (by id) at `at` (nil: now). One already enrolled is left as they are;
    /// one who left comes back. Throws before writing anything if a creator does not exist.
    @discardableResult
    public func enrol(programID: String, creatorIDs: [String], at: Millis? = nil) throws -> (added: Int, already: [String]) {
        guard !creatorIDs.isEmpty else { throw GreenroomError.invalidInput("no creators to enrol") }
        return try write { db in
            try Store.requireProgram(programID, db)
            let now = at ?? wallClock.now()
            var added = 0
            var already: [String] = []
            let unique = Array(Set(creatorIDs)).sorted()
            for creator in unique {
                guard try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM creator WHERE id = ? AND deleted = 0)", arguments: [creator]) == true else {
                    throw GreenroomError.invalidInput("no creator with id \(TerminalText.sanitize(creator))")
                }
            }
            for creator in unique {
                let id = ProgramEnrolment.id(program: programID, creator: creator)
                switch try Bool.fetchOne(db, sql: "SELECT deleted FROM program_enrolment WHERE id = ?", arguments: [id]) {
                case nil:
                    try insertStamped(ProgramEnrolment(id: id, programID: programID, creatorID: creator, enrolledAt: now), in: db)
                    added += 1
                case true?:
                    try updateStamped(.programEnrolment, id: id, fields: ["deleted": false.databaseValue, "enrolled_at": now.databaseValue], in: db)
                    added += 1
                case false?:
                    already.append(creator)
                }
            }
            return (added, already)
        }
    }

    /// Takes creators out of a program (tombstones); returns how many were enrolled.
    @discardableResult
    public func unenrol(programID: String, creatorIDs: [String]) throws -> Int {
        try write { db in
            var n = 0
            for creator in Set(creatorIDs).sorted() {
                let id = ProgramEnrolment.id(program: programID, creator: creator)
                guard try Bool.fetchOne(db, sql: "SELECT deleted FROM program_enrolment WHERE id = ?", arguments: [id]) == false else { continue }
                try updateStamped(.programEnrolment, id: id, fields: ["deleted": true.databaseValue], in: db)
                n += 1
            }
            return n
        }
    }

    /// Records that an enrolled creator finished a module (nil: the first one they have not
    /// finished). Returns the module. Refuses a creator not enrolled, a module of another
    /// program, one already finished, or a program with every module finished.
    @discardableResult
    public func completeModule(programID: String, creatorID: String, moduleID: String? = nil, at: Millis? = nil) throws -> ProgramModule {
        try write { db in try completeModule(programID: programID, creatorID: creatorID, moduleID: moduleID, at: at ?? wallClock.now(), db) }
    }

    func completeModule(programID: String, creatorID: String, moduleID: String?, at: Millis, _ db: Database) throws -> ProgramModule {
        try Store.requireProgram(programID, db)
        let handle = try String.fetchOne(db, sql: "SELECT handle FROM creator WHERE id = ?", arguments: [creatorID]).map { TerminalText.sanitize($0) } ?? "that creator"
        guard try Bool.fetchOne(db, sql: "SELECT deleted FROM program_enrolment WHERE id = ?",
                                arguments: [ProgramEnrolment.id(program: programID, creator: creatorID)]) == false else {
            throw GreenroomError.invalidInput("\(handle) is not enrolled in this program")
        }
        let modules = ProgramProgress.ordered(try Store.modules(programID, db))
        let done = Set(try String.fetchAll(db, sql: "SELECT module_id FROM module_completion WHERE program_id = ? AND creator_id = ? AND deleted = 0",
                                           arguments: [programID, creatorID]))
        let module: ProgramModule
        if let moduleID {
            guard let m = modules.first(where: { $0.id == moduleID }) else { throw GreenroomError.invalidInput("that module is not part of this program") }
            guard !done.contains(m.id) else { throw GreenroomError.invalidInput("\(handle) already finished \"\(TerminalText.sanitize(m.title))\"") }
            module = m
        } else {
            guard let m = modules.first(where: { !done.contains($0.id) }) else { throw GreenroomError.invalidInput("\(handle) has finished every module") }
            module = m
        }
        let id = ModuleCompletion.id(module: module.id, creator: creatorID)
        if try Bool.fetchOne(db, sql: "SELECT deleted FROM module_completion WHERE id = ?", arguments: [id]) == true {
            try updateStamped(.moduleCompletion, id: id, fields: ["deleted": false.databaseValue, "completed_at": at.databaseValue], in: db)
        } else {
            try insertStamped(ModuleCompletion(id: id, programID: programID, moduleID: module.id, creatorID: creatorID, completedAt: at), in: db)
        }
        return module
    }

    /// Records the next module as finished for each of many enrolled creators, in one
    /// transaction (a cohort finishing a session together); creators done with every module
    /// are skipped. Returns how many advanced.
    @discardableResult
    public func advance(programID: String, creatorIDs: [String], at: Millis? = nil) throws -> Int {
        try write { db in
            try Store.requireProgram(programID, db)
            let when = at ?? wallClock.now()
            let modules = ProgramProgress.ordered(try Store.modules(programID, db))
            var n = 0
            for creator in Array(Set(creatorIDs)).sorted() {
                guard try Bool.fetchOne(db, sql: "SELECT deleted FROM program_enrolment WHERE id = ?",
                                        arguments: [ProgramEnrolment.id(program: programID, creator: creator)]) == false else { continue }
                let done = Set(try String.fetchAll(db, sql: "SELECT module_id FROM module_completion WHERE program_id = ? AND creator_id = ? AND deleted = 0",
                                                   arguments: [programID, creator]))
                guard let next = modules.first(where: { !done.contains($0.id) }) else { continue }
                _ = try completeModule(programID: programID, creatorID: creator, moduleID: next.id, at: when, db)
                n += 1
            }
            return n
        }
    }

    /// Takes back a creator's completion of a module (nil: the last one in module order).
    /// Returns the module, or nil when there was nothing to take back.
    @discardableResult
    public func uncompleteModule(programID: String, creatorID: String, moduleID: String? = nil) throws -> ProgramModule? {
        try write { db in
            let modules = ProgramProgress.ordered(try Store.modules(programID, db))
            let done = Set(try String.fetchAll(db, sql: "SELECT module_id FROM module_completion WHERE program_id = ? AND creator_id = ? AND deleted = 0",
                                               arguments: [programID, creatorID]))
            guard let module = moduleID.flatMap({ id in modules.first { $0.id == id && done.contains(id) } })
                    ?? (moduleID == nil ? modules.last(where: { done.contains($0.id) }) : nil) else { return nil }
            try updateStamped(.moduleCompletion, id: ModuleCompletion.id(module: module.id, creator: creatorID), fields: ["deleted": true.databaseValue], in: db)
            return module
        }
    }

    static func requireProgram(_ id: String, _ db: Database) throws {
        guard try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM program WHERE id = ? AND deleted = 0)", arguments: [id]) == true else {
            throw GreenroomError.invalidInput("that program no longer exists")
        }
    }

    static func modules(_ programID: String, _ db: Database) throws -> [ProgramModule] {
        try ProgramModule.fetchAll(db, sql: "SELECT \(ProgramModule.selectColumns) FROM program_module WHERE program_id = ? AND deleted = 0 ORDER BY position, id",
                                   arguments: [programID])
    }

    // MARK: Incentive tasks

    /// What `task add` sets.
    public struct TaskDraft: Sendable, Hashable {
        public var title: String
        public var metric: TaskMetric
        public var goal: Int
        /// Dates as `DateInput` reads them (`YYYY-MM-DD`, `today`, `+3d`).
        public var start: String
        public var end: String
        public var reward: String
        public var amount: Int
        /// A campaign's name, the start of it, or its id.
        public var campaign: String?

        public init(title: String, metric: TaskMetric, goal: Int, start: String, end: String, reward: String = "", amount: Int = 0, campaign: String? = nil) {
            self.title = title; self.metric = metric; self.goal = goal; self.start = start; self.end = end
            self.reward = reward; self.amount = amount; self.campaign = campaign
        }
    }

    /// One task per creator, as the draft says.
    public func addTasks(_ draft: TaskDraft, creatorIDs: [String]) throws -> [IncentiveTask] {
        let title = try Store.cleanName(draft.title, "a task title")
        let reward = draft.reward.trimmingCharacters(in: .whitespacesAndNewlines)
        if !reward.isEmpty { _ = try Store.cleanName(reward, "a reward", limit: 120) }
        guard (1...1_000_000).contains(draft.goal) else { throw GreenroomError.invalidInput("--goal is a whole number from 1 (in \(draft.metric.unit))") }
        guard (0...Store.campaignNumberLimit).contains(draft.amount) else { throw GreenroomError.invalidInput("--amount is a whole number from 0") }
        guard !creatorIDs.isEmpty else { throw GreenroomError.invalidInput("name the creators the task is for") }
        let campaignID = try draft.campaign.map { try campaign(ref: $0).id }
        return try write { db in
            let zone = try Store.loadSettings(db).zone
            let now = wallClock.now()
            func day(_ text: String, _ option: String) throws -> String {
                guard let millis = DateInput.parse(text, now: now, zone: zone) else {
                    throw GreenroomError.invalidInput("\(option): not a date (YYYY-MM-DD, today, +3d): \"\(TerminalText.sanitize(text))\"")
                }
                return DateInput.format(millis, zone: zone)
            }
            let start = try day(draft.start, "--start"), end = try day(draft.end, "--end")
            guard start <= end else { throw GreenroomError.invalidInput("the task ends (\(end)) before it starts (\(start))") }
            var tasks: [IncentiveTask] = []
            for creator in Array(Set(creatorIDs)).sorted() {
                guard try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM creator WHERE id = ? AND deleted = 0)", arguments: [creator]) == true else {
                    throw GreenroomError.invalidInput("no creator with id \(TerminalText.sanitize(creator))")
                }
                let t = IncentiveTask(id: UUIDv7.make(millis: now), creatorID: creator, title: title, metric: draft.metric, goal: draft.goal,
                                      startDate: start, endDate: end, reward: reward, amount: draft.amount, campaignID: campaignID)
                try insertStamped(t, in: db)
                tasks.append(t)
            }
            return tasks
        }
    }

    /// Records a completed task's reward as paid (now). Refuses a task not completed or paid.
    public func payTask(id: String) throws -> IncentiveTask {
        guard let row = try taskRows(now: wallClock.now()).first(where: { $0.task.id == id }) else {
            throw GreenroomError.invalidInput("no task \(TerminalText.sanitize(id))")
        }
        guard row.task.paidAt == nil else { throw GreenroomError.invalidInput("that task's reward was already paid") }
        guard row.progress.state == .completed else { throw GreenroomError.invalidInput("that task is \(row.progress.state.rawValue), not completed: nothing is due") }
        return try write { db in
            let now = wallClock.now()
            try updateStamped(.incentiveTask, id: row.task.id, fields: ["paid_at": now.databaseValue], in: db)
            var t = row.task
            t.paidAt = now
            return t
        }
    }
}
