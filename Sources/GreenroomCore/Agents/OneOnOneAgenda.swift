import Foundation

/// The next 1:1's agenda with a teammate (issue 25): what happened to them since the last 1:1
/// — or in the last seven days when there has been none — collected so the lead does not have
/// to go looking:
///
/// - **SLA breaches**: their tickets with an SLA target due in the window that was breached
///   (or is running past due), as the Review counts them — one line per ticket, its targets;
/// - **low CSAT**: their tickets rated `bad` in the window (CSAT in Greenroom is good/bad, so
///   "low" is bad) and still rated bad now;
/// - **QA under the pass mark**: reviews of their tickets written in the window whose score
///   is below the rubric's pass mark;
/// - **open follow-ups and goals**, whenever they were written (open is open), due first;
/// - **notes** written since the last 1:1.
///
/// The window is (since, now]: each 1:1's agenda covers the time after the one before up to
/// and including the instant it is held, so an item belongs to exactly one 1:1 — one written at
/// the very instant a 1:1 is held (a pinned clock) was on that 1:1's agenda, not the next.
/// Holding a 1:1 records the agenda in words (`discussed`) and starts the next.
public struct OneOnOneAgenda: Hashable, Sendable {
    /// A ticket on the agenda and why it is there.
    public struct TicketItem: Hashable, Sendable {
        public enum Reason: Hashable, Sendable {
            /// The targets breached (first reply, next reply, resolution).
            case breach([SLATarget])
            /// Rated bad, with the requester's comment if any.
            case lowCSAT(comment: String?)
            /// A QA review's score under the pass mark, with the reviewer's comment.
            case qaFail(score: Double, comment: String)
        }

        public var ticketID: String
        /// The short key shown (`K7Q2`).
        public var key: String
        public var subject: String
        /// When: the breached target's due time, the rating, the review.
        public var at: Millis
        public var reason: Reason

        public init(ticketID: String, key: String, subject: String, at: Millis, reason: Reason) {
            self.ticketID = ticketID; self.key = key; self.subject = subject; self.at = at; self.reason = reason
        }
    }

    public var memberID: String
    public var handle: String
    public var name: String
    /// The window's start: the last 1:1, or seven days before now.
    public var since: Millis
    public var now: Millis
    /// The last 1:1 held (nil: none yet, the window is the last seven days).
    public var lastOneOnOne: CoachingItem?
    public var breaches: [TicketItem]
    public var lowCSAT: [TicketItem]
    public var qaFails: [TicketItem]
    /// Open follow-ups, the soonest due first (undated last), then the oldest.
    public var followUps: [CoachingItem]
    /// Open goals, the soonest due first (undated last), then the oldest.
    public var goals: [CoachingItem]
    /// Notes written in the window, newest first.
    public var notes: [CoachingItem]
    /// 1:1s held, newest first.
    public var history: [CoachingItem]
    /// The QA pass mark the QA lines were judged against.
    public var passMark: Int

    public init(memberID: String, handle: String, name: String, since: Millis, now: Millis, lastOneOnOne: CoachingItem?,
                breaches: [TicketItem], lowCSAT: [TicketItem], qaFails: [TicketItem], followUps: [CoachingItem], goals: [CoachingItem],
                notes: [CoachingItem], history: [CoachingItem], passMark: Int) {
        self.memberID = memberID; self.handle = handle; self.name = name; self.since = since; self.now = now; self.lastOneOnOne = lastOneOnOne
        self.breaches = breaches; self.lowCSAT = lowCSAT; self.qaFails = qaFails; self.followUps = followUps; self.goals = goals
        self.notes = notes; self.history = history; self.passMark = passMark
    }

    /// How far back the agenda looks when no 1:1 has been held.
    public static let fallbackDays = 7

    /// The agenda's tickets, in the order the screen lists them.
    public var tickets: [TicketItem] { breaches + lowCSAT + qaFails }

    /// Nothing to talk about.
    public var isEmpty: Bool { tickets.isEmpty && followUps.isEmpty && goals.isEmpty && notes.isEmpty }
}

// MARK: - Building the agenda (pure: the store reads the facts, this decides)

extension OneOnOneAgenda {
    /// A breached SLA target of one of the teammate's tickets.
    public struct BreachFact: Hashable, Sendable {
        public var ticketID: String, key: String, subject: String
        public var target: SLATarget
        public var due: Millis
        public init(ticketID: String, key: String, subject: String, target: SLATarget, due: Millis) {
            self.ticketID = ticketID; self.key = key; self.subject = subject; self.target = target; self.due = due
        }
    }

    /// A CSAT rating of one of the teammate's tickets; `current` is the ticket's rating now.
    public struct CSATFact: Hashable, Sendable {
        public var ticketID: String, key: String, subject: String
        public var rating: CSAT
        public var current: CSAT?
        public var comment: String?
        public var at: Millis
        public init(ticketID: String, key: String, subject: String, rating: CSAT, current: CSAT?, comment: String?, at: Millis) {
            self.ticketID = ticketID; self.key = key; self.subject = subject; self.rating = rating; self.current = current
            self.comment = comment; self.at = at
        }
    }

    /// A QA review of one of the teammate's tickets.
    public struct QAFact: Hashable, Sendable {
        public var ticketID: String, key: String, subject: String
        public var scores: [String: Int]
        public var comment: String
        public var at: Millis
        public init(ticketID: String, key: String, subject: String, scores: [String: Int], comment: String, at: Millis) {
            self.ticketID = ticketID; self.key = key; self.subject = subject; self.scores = scores; self.comment = comment; self.at = at
        }
    }

    /// The last 1:1 held by `now` among `items` (live ones), and the window's start: its time,
    /// or `fallbackDays` before now.
    public static func window(_ items: [CoachingItem], now: Millis) -> (since: Millis, last: CoachingItem?) {
        let last = items.filter { $0.kind == .oneOnOne && !$0.deleted && $0.at <= now }.max { ($0.at, $0.id) < ($1.at, $1.id) }
        return (last?.at ?? now - Millis(fallbackDays) * Time.day, last)
    }

    /// The agenda from the teammate's coaching items and the facts about their tickets; facts
    /// outside the window are left out here whatever the store read.
    public static func make(memberID: String, handle: String, name: String, items: [CoachingItem], breaches: [BreachFact],
                            csat: [CSATFact], qa: [QAFact], rubric: QARubric, now: Millis) -> OneOnOneAgenda {
        let live = items.filter { !$0.deleted && $0.memberID == memberID }
        let (since, last) = window(live, now: now)
        func inWindow(_ t: Millis) -> Bool { t > since && t <= now }

        // One line per breached ticket: its targets (in the SLA's order), the latest due time.
        var byTicket: [String: (fact: BreachFact, targets: Set<SLATarget>, latest: Millis)] = [:]
        for b in breaches where inWindow(b.due) {
            var entry = byTicket[b.ticketID] ?? (b, [], b.due)
            entry.targets.insert(b.target)
            entry.latest = max(entry.latest, b.due)
            byTicket[b.ticketID] = entry
        }
        let breachItems = byTicket.values.map { e in
            TicketItem(ticketID: e.fact.ticketID, key: e.fact.key, subject: e.fact.subject, at: e.latest,
                       reason: .breach(SLATarget.allCases.filter { e.targets.contains($0) }))
        }

        // A ticket rated bad in the window and still bad now; its latest such rating.
        var bad: [String: CSATFact] = [:]
        for c in csat where c.rating == .bad && c.current == .bad && inWindow(c.at) {
            if let seen = bad[c.ticketID], seen.at >= c.at { continue }
            bad[c.ticketID] = c
        }
        let csatItems = bad.values.map { c in
            let comment = c.comment?.trimmingCharacters(in: .whitespacesAndNewlines)
            return TicketItem(ticketID: c.ticketID, key: c.key, subject: c.subject, at: c.at, reason: .lowCSAT(comment: comment?.isEmpty == false ? comment : nil))
        }

        // Reviews under the pass mark (a review the rubric cannot score is not a failure).
        let qaItems = qa.compactMap { q -> TicketItem? in
            guard inWindow(q.at), let score = rubric.score(q.scores), !rubric.passes(score) else { return nil }
            return TicketItem(ticketID: q.ticketID, key: q.key, subject: q.subject, at: q.at, reason: .qaFail(score: score, comment: q.comment))
        }

        func newestFirst(_ a: TicketItem, _ b: TicketItem) -> Bool { (a.at, b.ticketID) > (b.at, a.ticketID) }
        func dueFirst(_ a: CoachingItem, _ b: CoachingItem) -> Bool {
            switch (a.dueAt, b.dueAt) {
            case let (x?, y?) where x != y: return x < y
            case (_?, nil): return true
            case (nil, _?): return false
            default: return (a.at, a.id) < (b.at, b.id)
            }
        }
        return OneOnOneAgenda(
            memberID: memberID, handle: handle, name: name, since: since, now: now, lastOneOnOne: last,
            breaches: breachItems.sorted(by: newestFirst), lowCSAT: csatItems.sorted(by: newestFirst), qaFails: qaItems.sorted(by: newestFirst),
            followUps: live.filter { $0.kind == .followUp && $0.isOpen }.sorted(by: dueFirst),
            goals: live.filter { $0.kind == .goal && $0.isOpen }.sorted(by: dueFirst),
            notes: live.filter { $0.kind == .note && inWindow($0.at) }.sorted { ($0.at, $0.id) > ($1.at, $1.id) },
            history: live.filter { $0.kind == .oneOnOne && $0.at <= now }.sorted { ($0.at, $0.id) > ($1.at, $1.id) },
            passMark: rubric.passMark)
    }
}

// MARK: - In words

extension OneOnOneAgenda.TicketItem {
    /// "first reply, resolution", "bad: “took three days”", "QA 62".
    public var detail: String {
        switch reason {
        case .breach(let targets): return targets.map { $0.rawValue.replacingOccurrences(of: "_", with: " ") }.joined(separator: ", ")
        case .lowCSAT(let comment): return comment.map { "bad: \"\($0)\"" } ?? "bad"
        case .qaFail(let score, _): return String(format: "QA %.0f", score)
        }
    }
}

extension OneOnOneAgenda {
    /// Items listed per section in `discussed` before "… and N more".
    public static let discussedPerSection = 20

    /// The agenda in words, as a held 1:1 records it: one line per section that has anything,
    /// "Nothing on the agenda." when none has. Dates in `zone`.
    public func discussed(zone: TimeZone) -> String {
        func one(_ text: String) -> String {
            let flat = TerminalText.sanitize(text).split(whereSeparator: \.isNewline).joined(separator: " ")
            return flat.count > 80 ? String(flat.prefix(79)) + "…" : flat
        }
        func section(_ title: String, _ parts: [String]) -> String? {
            guard !parts.isEmpty else { return nil }
            let shown = parts.prefix(OneOnOneAgenda.discussedPerSection)
            let more = parts.count > shown.count ? "; … and \(parts.count - shown.count) more" : ""
            return "\(title) (\(parts.count)): " + shown.joined(separator: "; ") + more
        }
        func ticket(_ t: TicketItem) -> String { "\(t.key) \(one(t.subject)) (\(t.detail))" }
        func item(_ c: CoachingItem) -> String { one(c.body) + (c.dueAt.map { " (due \(DateInput.format($0, zone: zone)))" } ?? "") }
        let lines = [
            section("SLA breaches", breaches.map(ticket)),
            section("Low CSAT", lowCSAT.map(ticket)),
            section("QA under \(passMark)", qaFails.map(ticket)),
            section("Open follow-ups", followUps.map(item)),
            section("Open goals", goals.map(item)),
            section("Notes", notes.map(item)),
        ].compactMap { $0 }
        return lines.isEmpty ? "Nothing on the agenda." : lines.joined(separator: "\n")
    }
}
