import Foundation
import GRDB
import GreenroomCore

/// QA reviews (issue 25): the rubric (a team setting), reviews of tickets, the weekly QA
/// score per agent and the reproducible sample of tickets to review (`QASampling`).
extension Store {
    // MARK: Rubric

    /// Replaces the team's QA rubric (`qa.rubric`, a synced setting), validated.
    public func setQARubric(_ rubric: QARubric) throws {
        if let error = rubric.validationError { throw GreenroomError.invalidInput(error) }
        try write { db in try writeSetting(.qaRubric, rubric, in: db) }
    }

    // MARK: Reviews

    /// The review a draft makes: the ticket must exist and not be merged away, every scored
    /// criterion must be the rubric's and scored 0…4; the agent is the ticket's assignee now.
    static func qaReview(_ draft: QAReviewDraft, id: String, reviewer: String?, at: Millis, _ db: Database) throws -> QAReview {
        guard let row = try Row.fetchOne(db, sql: "SELECT deleted, assignee_id, merged_into_id FROM ticket WHERE id = ?", arguments: [draft.ticketID]),
              !(row["deleted"] as Bool) else {
            throw GreenroomError.invalidInput("that ticket no longer exists")
        }
        if (row["merged_into_id"] as String?) != nil { throw GreenroomError.invalidInput("that ticket was merged into another; review that one") }
        guard !draft.scores.isEmpty else { throw GreenroomError.invalidInput("score at least one criterion") }
        let rubric = try loadSettings(db).qaRubric
        if let unknown = rubric.unknownCriterion(in: draft.scores) {
            throw GreenroomError.invalidInput("\"\(TerminalText.sanitize(unknown))\" is not a criterion of the rubric (\(rubric.keys.joined(separator: ", ")))")
        }
        if let bad = draft.scores.sorted(by: { $0.key < $1.key }).first(where: { !(0...QARubric.maxScore).contains($0.value) }) {
            throw GreenroomError.invalidInput("\(bad.key): score \(bad.value) is out of range (0–\(QARubric.maxScore))")
        }
        return QAReview(id: id, ticketID: draft.ticketID, agentID: row["assignee_id"], reviewerID: reviewer, scores: draft.scores,
                        comment: draft.comment.trimmingCharacters(in: .whitespacesAndNewlines), reviewedAt: at)
    }

    /// Reviews a ticket (what `*` saves): returns the review's id. Undo tombstones it.
    @discardableResult
    public func reviewTicket(_ draft: QAReviewDraft, by memberID: String?) throws -> String {
        let inverse = try apply(ChangeSet("QA review", [.insertQAReview(draft)]), by: memberID)
        guard case .update(.qaReview, let id, _)? = inverse.changes.first else { throw GreenroomError.invalidInput("the review was not written") }
        return id
    }

    /// A ticket's live reviews, latest first.
    public func qaReviews(ticketID: String) throws -> [QAReview] {
        try read { db in
            try QAReview.fetchAll(db, sql: "SELECT \(QAReview.selectColumns) FROM qa_review WHERE ticket_id = ? AND deleted = 0 ORDER BY reviewed_at DESC, id",
                                  arguments: [ticketID])
        }
    }

    /// Why a peer's QA review cannot be applied here (an unknown criterion), as
    /// `scores: reason`, or nil. `extra` are criteria named by rubric settings read earlier in
    /// the same sync (a teammate who adds a criterion and uses it at once).
    public static func qaProblem(_ fields: [String: FieldValue], extra: Set<String>, _ db: Database) throws -> String? {
        guard let text = fields["scores"]?.text, let scores = try? QAReview.decodeScores(text).get() else { return nil }
        let rubric = try loadSettings(db).qaRubric
        let known = Set(rubric.keys).union(extra)
        guard let unknown = scores.keys.sorted().first(where: { !known.contains($0) }) else { return nil }
        return "scores: \"\(TerminalText.sanitize(unknown))\" is not a criterion of the team's rubric (\(rubric.keys.joined(separator: ", ")))"
    }

    // MARK: Scores

    /// The live reviews of tickets first solved in [from, to): (agent id, review score, first
    /// solve), every one — `agent` narrows to one member id.
    ///
    /// Read from the reviews (`CROSS JOIN` keeps them the outer loop): a sample of tickets
    /// is reviewed, so they are far fewer than a week's solved tickets, which SQLite chose to
    /// walk instead — 0.77 s cold at 1M tickets with no review at all, 8 ms this way.
    static func qaScored(from: Millis, to: Millis, agent: String?, rubric: QARubric, _ db: Database) throws -> [(agent: String, score: Double?, solved: Millis)] {
        var out: [(String, Double?, Millis)] = []
        let rows = try Row.fetchCursor(db, sql: """
            SELECT q.agent_id, q.scores, t.first_solved_at FROM qa_review q CROSS JOIN ticket t ON t.id = q.ticket_id
            WHERE q.deleted = 0 AND t.deleted = 0 AND q.agent_id IS NOT NULL \(agent == nil ? "" : "AND q.agent_id = :agent")
              AND t.first_solved_at >= :from AND t.first_solved_at < :to
            """, arguments: ["from": from, "to": to, "agent": agent])
        while let r = try rows.next() {
            let scores = (try? QAReview.decodeScores(r[1]).get()) ?? [:]
            out.append((r[0], rubric.score(scores), r[2]))
        }
        return out
    }

    /// Each agent's QA figures for the period (by member id).
    static func qaByAgent(_ p: KPIPeriod, rubric: QARubric, _ db: Database) throws -> [String: QAScoreSummary] {
        var scores: [String: [Double?]] = [:]
        for r in try qaScored(from: p.start, to: p.end, agent: nil, rubric: rubric, db) { scores[r.agent, default: []].append(r.score) }
        return scores.mapValues { QAScoreSummary.of($0, rubric: rubric) }
    }

    /// One agent's QA figures per period (periods in order, not overlapping).
    static func qaSeries(agent: String, _ periods: [KPIPeriod], rubric: QARubric, _ db: Database) throws -> [QAScoreSummary] {
        guard let first = periods.first, let last = periods.last else { return [] }
        var scores = Array(repeating: [Double?](), count: periods.count)
        let locate = kpiLocator(periods)
        for r in try qaScored(from: first.start, to: last.end, agent: agent, rubric: rubric, db) {
            for i in locate(r.solved) { scores[i].append(r.score) }
        }
        return scores.map { QAScoreSummary.of($0, rubric: rubric) }
    }

    /// The tickets behind an agent's QA score of a period (a drill-down): reviewed tickets
    /// first solved in it, each with its review's score.
    static func qaDrill(agent: String, _ p: KPIPeriod, rubric: QARubric, _ db: Database) throws -> [(id: String, score: Double?)] {
        try Row.fetchAll(db, sql: """
            SELECT q.ticket_id, q.scores FROM qa_review q CROSS JOIN ticket t ON t.id = q.ticket_id
            WHERE q.deleted = 0 AND t.deleted = 0 AND q.agent_id = ? AND t.first_solved_at >= ? AND t.first_solved_at < ?
            ORDER BY t.first_solved_at, q.ticket_id
            """, arguments: [agent, p.start, p.end]).map { r in
                (r[0], rubric.score((try? QAReview.decodeScores(r[1]).get()) ?? [:]))
            }
    }

    // MARK: Sampling

    /// `perAgent` solved tickets per agent of the week to review (`QASampling`: seeded by the
    /// week, the agent's id and `seed`, so every laptop draws the same ones): tickets first
    /// solved in the week, assigned to a teammate, not deleted. `agent`: one handle only.
    public func qaSample(week: KPIPeriod, perAgent: Int, seed: Int = 0, agent: String? = nil) throws -> [QASampleRow] {
        guard (1...1000).contains(perAgent) else { throw GreenroomError.invalidInput("--per-agent must be from 1 to 1,000") }
        return try read { db in
            let settings = try Store.loadSettings(db)
            let label = TeamCalendar(zone: settings.zone).isoWeekString(week.start)
            var members: [String: String] = [:]
            for r in try Row.fetchAll(db, sql: "SELECT id, handle FROM member") { members[r[0]] = r[1] }
            var agentID: String?
            if let agent {
                let handle = agent.hasPrefix("@") ? agent : "@" + agent
                guard let id = try String.fetchOne(db, sql: "SELECT id FROM member WHERE handle = ? AND deleted = 0", arguments: [handle]) else {
                    throw GreenroomError.invalidInput("no teammate \(TerminalText.sanitize(handle))")
                }
                agentID = id
            }
            var solved: [String: [String]] = [:]
            let rows = try Row.fetchCursor(db, sql: """
                SELECT t.assignee_id, t.id FROM ticket t
                WHERE t.first_solved_at >= ? AND t.first_solved_at < ? AND t.deleted = 0 AND t.assignee_id IS NOT NULL
                """, arguments: [week.start, week.end])
            while let r = try rows.next() {
                let a: String = r[0]
                guard members[a] != nil, agentID == nil || agentID == a else { continue }
                solved[a, default: []].append(r[1])
            }
            var picked: [(agent: String, ids: [String])] = []
            for (a, ids) in solved {
                picked.append((a, QASampling.sample(ids, n: perAgent, seed: seed, week: label, agent: a)))
            }
            picked.sort { (members[$0.agent] ?? $0.agent) < (members[$1.agent] ?? $1.agent) }
            let all = picked.flatMap(\.ids)
            var details: [String: Row] = [:]
            for r in try Row.fetchAll(db, sql: "SELECT id, key, subject, first_solved_at FROM ticket WHERE id IN (SELECT value FROM json_each(?))",
                                      arguments: [JSONText.encode(all)]) {
                details[r["id"]] = r
            }
            var reviewed: [String: Double?] = [:]
            for r in try Row.fetchAll(db, sql: """
                SELECT ticket_id, scores FROM qa_review WHERE deleted = 0 AND ticket_id IN (SELECT value FROM json_each(?)) ORDER BY reviewed_at, id
                """, arguments: [JSONText.encode(all)]) {
                reviewed[r[0]] = settings.qaRubric.score((try? QAReview.decodeScores(r[1]).get()) ?? [:])
            }
            let short = try Store.shortKeys(details.values.map { $0["key"] as String }, db)
            return picked.flatMap { a, ids in
                ids.compactMap { id -> QASampleRow? in
                    guard let d = details[id] else { return nil }
                    let key: String = d["key"]
                    return QASampleRow(week: label, agent: members[a] ?? a, ticketID: id, key: short[key] ?? key, subject: d["subject"],
                                       solvedAt: d["first_solved_at"], reviewed: reviewed[id] ?? nil)
                }
            }
        }
    }
}

extension SyncSession {
    /// Why a peer's QA review names a criterion the rubric does not have, or nil (see
    /// `Store.qaProblem`).
    public func qaProblem(_ op: SyncOperation, extra: Set<String>) throws -> String? {
        guard op.entity == .qaReview, let scores = op.field("scores") else { return nil }
        return try Store.qaProblem(["scores": scores], extra: extra, db)
    }

    /// The criteria a `qa.rubric` setting operation names (none when it is not a rubric).
    public static func rubricKeys(_ op: SyncOperation) -> [String] {
        guard let json = op.field("value")?.text, let rubric = try? SettingsCodec.decode(QARubric.self, json) else { return [] }
        return rubric.keys
    }
}
