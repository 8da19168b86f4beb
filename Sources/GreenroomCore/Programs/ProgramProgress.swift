import Foundation

/// Where each enrolled creator stands in a program, the board that shows who is stuck where,
/// and the program funnel. Pure: the store hands in the rows, nothing here reads a database.
///
/// Rules, written down once:
/// - Modules are taken in order. A creator **stands at** the first module they have not
///   completed; one who completed every module stands in "done". A module completed out of
///   order counts for the creator's tally but does not move them past an earlier one they
///   skipped (the board shows them at the module they still owe).
/// - **Last progress** is the latest of the enrolment and the creator's completions in the
///   program; a creator is **stuck** when that is `stuckAfterDays` days ago or more and they
///   are not done.
/// - The **funnel** counts enrolled creators, then for each module k those standing past it
///   (modules 1…k all completed), then completed (every module), then activated: completed
///   creators whose stage is one of the activated stages passed in (`activated`,
///   `established` by default). Each step is a subset of the one before.
public enum ProgramProgress {
    /// One enrolment as the store reads it.
    public struct Enrolled: Hashable, Sendable {
        public var creatorID: String
        public var enrolledAt: Millis
        public init(creatorID: String, enrolledAt: Millis) { self.creatorID = creatorID; self.enrolledAt = enrolledAt }
    }

    /// One live completion as the store reads it.
    public struct Completed: Hashable, Sendable {
        public var creatorID: String
        public var moduleID: String
        public var at: Millis
        public init(creatorID: String, moduleID: String, at: Millis) { self.creatorID = creatorID; self.moduleID = moduleID; self.at = at }
    }

    public static let defaultStuckAfterDays = 14

    /// Each enrolled creator's standing, in the order given. Completions of creators not
    /// enrolled, or of modules not in `modules`, are ignored.
    public static func standings(modules: [ProgramModule], enrolled: [Enrolled], completed: [Completed]) -> [ProgramStanding] {
        let ordered = ordered(modules)
        var moduleIndex: [String: Int] = [:]
        for (i, m) in ordered.enumerated() { moduleIndex[m.id] = i }
        var row: [String: Int] = [:]
        row.reserveCapacity(enrolled.count)
        for (i, e) in enrolled.enumerated() { row[e.creatorID] = i }
        // One flat table of flags (creator-major): no array per creator.
        let m = ordered.count
        var done = [Bool](repeating: false, count: enrolled.count * m)
        var last = enrolled.map(\.enrolledAt)
        for c in completed {
            guard let r = row[c.creatorID], let k = moduleIndex[c.moduleID] else { continue }
            done[r * m + k] = true
            if c.at > last[r] { last[r] = c.at }
        }
        var out: [ProgramStanding] = []
        out.reserveCapacity(enrolled.count)
        for (i, e) in enrolled.enumerated() {
            var at = m, count = 0
            for k in 0..<m where done[i * m + k] {
                count += 1
            }
            for k in 0..<m where !done[i * m + k] { at = k; break }
            out.append(ProgramStanding(creatorID: e.creatorID, enrolledAt: e.enrolledAt, column: at, completedCount: count, lastProgress: last[i]))
        }
        return out
    }

    /// Modules in the order a program takes them (position, then id).
    public static func ordered(_ modules: [ProgramModule]) -> [ProgramModule] {
        modules.filter { !$0.deleted }.sorted { $0.position != $1.position ? $0.position < $1.position : $0.id < $1.id }
    }

    /// The funnel over standings; `activated` holds the ids of creators in an activated stage.
    public static func funnel(modules: [ProgramModule], standings: [ProgramStanding], activated: Set<String>) -> ProgramFunnel {
        let ordered = ordered(modules)
        var past = Array(repeating: 0, count: ordered.count)
        var completed = 0, active = 0
        for s in standings {
            for k in 0..<min(s.column, ordered.count) { past[k] += 1 }
            if s.column >= ordered.count && !ordered.isEmpty {
                completed += 1
                if activated.contains(s.creatorID) { active += 1 }
            }
        }
        var steps = [ProgramFunnel.Step(label: "enrolled", count: standings.count)]
        for (k, m) in ordered.enumerated() { steps.append(.init(label: m.title, count: past[k])) }
        steps.append(.init(label: "completed", count: completed))
        steps.append(.init(label: "activated", count: active))
        return ProgramFunnel(steps: steps)
    }

    /// The board: one column per module and a last one for those done; in each, the creators
    /// longest without progress first (ties by creator id), at most `cardsPerColumn` of them.
    public static func board(modules: [ProgramModule], standings: [ProgramStanding], now: Millis,
                             stuckAfterDays: Int = defaultStuckAfterDays, cardsPerColumn: Int) -> ProgramBoard {
        let ordered = ordered(modules)
        var buckets = Array(repeating: [ProgramStanding](), count: ordered.count + 1)
        for s in standings { buckets[min(s.column, ordered.count)].append(s) }
        let stuckBefore = now - Millis(stuckAfterDays) * Time.day
        var columns: [ProgramBoard.Column] = []
        for (i, bucket) in buckets.enumerated() {
            let done = i == ordered.count
            var stuck = 0
            if !done { for s in bucket where s.lastProgress <= stuckBefore { stuck += 1 } }
            let top = topOldest(bucket, cardsPerColumn).map { s in
                ProgramBoard.Card(creatorID: s.creatorID, handle: "", completedCount: s.completedCount, lastProgress: s.lastProgress,
                                  stuck: !done && s.lastProgress <= stuckBefore)
            }
            columns.append(ProgramBoard.Column(moduleID: done ? nil : ordered[i].id, title: done ? "done" : ordered[i].title,
                                               count: bucket.count, stuck: stuck, cards: top))
        }
        return ProgramBoard(columns: columns, enrolled: standings.count, stuckAfterDays: stuckAfterDays)
    }

    /// The `k` standings with the oldest last progress, oldest first; a partial selection, so
    /// a column of 20,000 is not sorted whole to show a screenful.
    static func topOldest(_ items: [ProgramStanding], _ k: Int) -> [ProgramStanding] {
        func before(_ a: ProgramStanding, _ b: ProgramStanding) -> Bool {
            a.lastProgress != b.lastProgress ? a.lastProgress < b.lastProgress : a.creatorID < b.creatorID
        }
        guard k > 0 else { return [] }
        if items.count <= k * 4 { return Array(items.sorted(by: before).prefix(k)) }
        var kept: [ProgramStanding] = []
        kept.reserveCapacity(k + 1)
        for s in items {
            if kept.count == k, let worst = kept.last, !before(s, worst) { continue }
            let at = kept.firstIndex { before(s, $0) } ?? kept.count
            kept.insert(s, at: at)
            if kept.count > k { kept.removeLast() }
        }
        return kept
    }
}

/// One enrolled creator's place in a program.
public struct ProgramStanding: Hashable, Sendable {
    public var creatorID: String
    public var enrolledAt: Millis
    /// The index of the first module not completed; the module count when done.
    public var column: Int
    /// Modules completed, in order or not.
    public var completedCount: Int
    public var lastProgress: Millis

    public init(creatorID: String, enrolledAt: Millis, column: Int, completedCount: Int, lastProgress: Millis) {
        self.creatorID = creatorID; self.enrolledAt = enrolledAt; self.column = column
        self.completedCount = completedCount; self.lastProgress = lastProgress
    }
}

/// enrolled → each module → completed → activated.
public struct ProgramFunnel: Hashable, Sendable {
    public struct Step: Hashable, Sendable {
        public var label: String
        public var count: Int
        public init(label: String, count: Int) { self.label = label; self.count = count }
    }

    public var steps: [Step]
    public init(steps: [Step]) { self.steps = steps }

    /// Each step's share of the one before (nil for the first, or after an empty step).
    public var stepRates: [Double?] {
        steps.indices.map { i in i == 0 || steps[i - 1].count == 0 ? nil : Double(steps[i].count) / Double(steps[i - 1].count) }
    }
}

/// Who is stuck where: one column per module and "done".
public struct ProgramBoard: Hashable, Sendable {
    public struct Card: Hashable, Sendable {
        public var creatorID: String
        /// Filled by the store for the cards shown.
        public var handle: String
        public var completedCount: Int
        public var lastProgress: Millis
        public var stuck: Bool

        public init(creatorID: String, handle: String, completedCount: Int, lastProgress: Millis, stuck: Bool) {
            self.creatorID = creatorID; self.handle = handle; self.completedCount = completedCount
            self.lastProgress = lastProgress; self.stuck = stuck
        }
    }

    public struct Column: Hashable, Sendable {
        /// Nil for "done".
        public var moduleID: String?
        public var title: String
        /// Creators standing here (the cards are the first of them).
        public var count: Int
        public var stuck: Int
        public var cards: [Card]

        public init(moduleID: String?, title: String, count: Int, stuck: Int, cards: [Card]) {
            self.moduleID = moduleID; self.title = title; self.count = count; self.stuck = stuck; self.cards = cards
        }
    }

    public var columns: [Column]
    public var enrolled: Int
    public var stuckAfterDays: Int

    public init(columns: [Column], enrolled: Int, stuckAfterDays: Int) {
        self.columns = columns; self.enrolled = enrolled; self.stuckAfterDays = stuckAfterDays
    }
}
