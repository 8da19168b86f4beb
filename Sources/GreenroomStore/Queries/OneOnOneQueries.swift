import Foundation
import GRDB
import GreenroomCore

/// 1:1s and coaching (issue 25): a teammate's coaching items and the next 1:1's agenda. The
/// store reads the facts — the teammate's items (`coaching_item_member`), their tickets'
/// breached SLA targets as the Review counts them, bad ratings (`ticket_event_csat_bad`) and
/// QA reviews (`qa_review_agent`) in the window — and `OneOnOneAgenda.make` decides what is on
/// the agenda.
extension Store {
    /// The live teammate `handle` (`@` optional), or a one-line reason.
    static func liveMember(handle: String, _ db: Database) throws -> Member {
        let h = handle.hasPrefix("@") ? handle : "@" + handle
        guard let member = try Member.fetchOne(db, sql: "SELECT \(Member.selectColumns) FROM member WHERE handle = ? AND deleted = 0", arguments: [h]) else {
            throw GreenroomError.invalidInput("no teammate \(TerminalText.sanitize(h))")
        }
        return member
    }

    /// The kinds this build reads (a peer's newer kind is left out, never a failed read).
    static let coachingKinds = CoachingKind.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")

    /// A teammate's live coaching items, oldest first.
    static func coachingItems(memberID: String, _ db: Database) throws -> [CoachingItem] {
        try CoachingItem.fetchAll(db, sql: """
            SELECT \(CoachingItem.selectColumns) FROM coaching_item INDEXED BY coaching_item_member
            WHERE member_id = ? AND deleted = 0 AND kind IN (\(coachingKinds)) ORDER BY at, id
            """, arguments: [memberID])
    }

    /// The next 1:1's agenda with `handle` as of `now` (the store's clock by default).
    public func oneOnOneAgenda(handle: String, now: Millis? = nil) throws -> OneOnOneAgenda {
        let now = now ?? self.now
        return try read { db in try Store.oneOnOneAgenda(member: try Store.liveMember(handle: handle, db), now: now, db) }
    }

    /// The agenda of `member` as of `now`, read in `db` (holding a 1:1 records it in the same
    /// transaction that writes the 1:1).
    static func oneOnOneAgenda(member: Member, now: Millis, _ db: Database) throws -> OneOnOneAgenda {
        let rubric = try loadSettings(db).qaRubric
        let items = try coachingItems(memberID: member.id, db)
        let since = OneOnOneAgenda.window(items, now: now).since
        // (A 1:1 held at this very instant leaves nothing in the window to read.)
        guard since < now else {
            return OneOnOneAgenda.make(memberID: member.id, handle: member.handle, name: member.name, items: items, breaches: [], csat: [], qa: [],
                                       rubric: rubric, now: now)
        }
        let breached = try breachedTickets(KPIPeriod(start: since, end: now + 1), .agent(member.handle), now: now, db)
        let breaches = breached.flatMap { b in
            b.targets.map { OneOnOneAgenda.BreachFact(ticketID: b.id, key: b.key, subject: b.subject, target: $0, due: b.due) }
        }
        let csatRows = try Row.fetchAll(db, sql: """
            SELECT t.id, t.key, t.subject, e.to_value, t.csat, e.body, e.at FROM ticket_event e INDEXED BY ticket_event_csat_bad
            JOIN ticket t ON t.id = e.ticket_id
            WHERE e.kind = 'csat' AND e.deleted = 0 AND e.to_value = 'bad' AND e.at > ? AND e.at <= ? AND t.assignee_id = ? AND t.deleted = 0
            ORDER BY e.at DESC, e.id
            """, arguments: [since, now, member.id])
        let qaRows = try Row.fetchAll(db, sql: """
            SELECT q.ticket_id, t.key, t.subject, q.scores, q.comment, q.reviewed_at FROM qa_review q INDEXED BY qa_review_agent
            JOIN ticket t ON t.id = q.ticket_id
            WHERE q.agent_id = ? AND q.deleted = 0 AND q.reviewed_at > ? AND q.reviewed_at <= ? AND t.deleted = 0
            ORDER BY q.reviewed_at DESC, q.id
            """, arguments: [member.id, since, now])
        let short = try shortKeys(csatRows.map { $0[1] as String } + qaRows.map { $0[1] as String }, db)
        let csat = csatRows.map { r -> OneOnOneAgenda.CSATFact in
            let key: String = r[1]
            return OneOnOneAgenda.CSATFact(ticketID: r[0], key: short[key] ?? key, subject: r[2], rating: CSAT(rawValue: r[3] as String? ?? "") ?? .good,
                                          current: (r[4] as String?).flatMap(CSAT.init(rawValue:)), comment: r[5], at: r[6])
        }
        let qa = qaRows.map { r -> OneOnOneAgenda.QAFact in
            let key: String = r[1]
            // Scores that do not read as scores (never written by this build) score nothing.
            let scores = (try? QAReview.decodeScores(r[3] as String? ?? "").get()) ?? [:]
            return OneOnOneAgenda.QAFact(ticketID: r[0], key: short[key] ?? key, subject: r[2], scores: scores, comment: r[4] as String? ?? "", at: r[5])
        }
        return OneOnOneAgenda.make(memberID: member.id, handle: member.handle, name: member.name, items: items, breaches: breaches, csat: csat,
                                   qa: qa, rubric: rubric, now: now)
    }

    /// The coaching item `reference` names: its id, or the start of one (at least 6
    /// characters) that only one item has; nil when none or several do.
    public func coachingItem(reference: String) throws -> CoachingItem? {
        let r = reference.trimmingCharacters(in: .whitespaces).lowercased()
        guard r.count >= 6, r.allSatisfy({ $0.isHexDigit || $0 == "-" }) else { return nil }
        return try read { db in
            let found = try CoachingItem.fetchAll(db, sql: """
                SELECT \(CoachingItem.selectColumns) FROM coaching_item WHERE id >= ? AND id < ? AND kind IN (\(Store.coachingKinds)) ORDER BY id LIMIT 2
                """, arguments: [r, r + "\u{7F}"])
            return found.count == 1 ? found[0] : nil
        }
    }
}
