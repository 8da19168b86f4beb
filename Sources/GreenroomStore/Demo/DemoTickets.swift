import Foundation
import GRDB
import GreenroomCore

/// Demo tickets: creation times spread over the window and written in time order (so ticket
/// and event ids arrive nearly in index order), a category-dependent priority, a timeline of
/// assignment, replies, notes, escalations, status changes and CSAT that ends in the ticket's
/// status, and the SLA due time and KPI facts derived exactly as `Derived.refreshTicket` does.
/// Events go through their own loader (a second connection and file, see `Store.generateDemo`).
extension DemoGenerator {
    mutating func writeTickets(_ loader: BulkLoader, events: BulkLoader, requesters: [CreatorRef], tier1: [MemberRef], tier2: [MemberRef],
                                       counts: inout [String: Int]) throws {
        let ticketInsert = try loader.inserter(table: "ticket", columns: Ticket.columns + ["first_reply_at", "first_solved_at", "reopened_at", "solved_at", "sla_due_at", "hlc"])
        let factInsert = try loader.inserter(table: "ticket_fact", columns: ["ticket_id", "kind", "at", "outcome", "assignee_id"])
        let tagInsert = try loader.inserter(table: "ticket_tag", columns: TicketTag.columns + ["hlc"])
        let eventInsert = try events.inserter(table: "ticket_event", columns: TicketEvent.columns + ["hlc"])
        let policies = Dictionary(uniqueKeysWithValues: Store.defaultPolicies.map { ($0.priority, $0) })
        let slaClock = SLAClock(hours: nil) // the default policies count calendar time
        let categories = TicketCategory.allCases
        let categoryWeights: [Double] = [12, 10, 22, 12, 6, 2, 10, 14, 7, 5]
        let networkIDs = try loader.drained { db in try String.fetchAll(db, sql: "SELECT id FROM network ORDER BY rowid") }
        let span = Double(options.days) * Double(Time.day)

        // Creation times in order, so ticket and event ids arrive (nearly) in index order.
        let createdTimes = (0..<options.tickets).map { _ in now - Millis(rng.unit() * span) - 1 }.sorted()
        for createdAt in createdTimes {
            let tid = id(at: createdAt)
            let key = TicketKey.full(forID: tid)!
            let category = categories[rng.weighted(categoryWeights)]
            let priority: TicketPriority
            switch category {
            case .minorSafety: priority = .urgent
            case .accountSafety: priority = rng.chance(0.4) ? .urgent : .high
            case .rewardsPayout: priority = [.urgent, .high, .normal, .low][rng.weighted([5, 35, 55, 5])]
            default: priority = [.urgent, .high, .normal, .low][rng.weighted([3, 17, 60, 20])]
            }
            let requester: CreatorRef? = requesters.isEmpty || rng.chance(0.1) ? nil : rng.pick(requesters)
            let networkID: String? = requester?.networkID ?? (networkIDs.isEmpty ? nil : rng.pick(networkIDs))
            let ageDays = Double(now - createdAt) / Double(Time.day)
            var status: TicketStatus
            if ageDays > 14 {
                status = [.solved, .closed, .open, .pending, .onHold][rng.weighted([72, 27.95, 0.02, 0.02, 0.01])]
            } else if ageDays > 3 {
                status = [.solved, .closed, .open, .pending, .onHold, .new][rng.weighted([60, 10, 10, 14, 5, 1])]
            } else {
                status = [.new, .open, .pending, .onHold, .solved][rng.weighted([20, 35, 15, 5, 25])]
            }
            let escalate = rng.chance([.minorSafety, .accountSafety, .appeal].contains(category) ? 0.45 : 0.1)
            let tier = escalate ? 2 : 1
            var assignee: MemberRef? = rng.pick(tier == 2 ? tier2 : tier1)
            if status == .new && rng.chance(0.5) || rng.chance(0.04) { assignee = nil }
            let policy = policies[priority]!
            let channel = ["in_app", "webform", "email", "internal"][rng.weighted([55, 20, 20, 5])]
            var subject = rng.pick(DemoVocabulary.subjects[category.rawValue]!)
            if subject.hasSuffix("%@") { subject = String(subject.dropLast(2)) + (requester?.handle ?? "our creator") }

            // Timeline
            var events: [(kind: String, at: Millis, actor: String, author: String?, isPublic: Bool, body: String?, from: String?, to: String?, reason: String?)] = []
            var t = createdAt
            var firstReplyAt: Millis?
            var solvedAt: Millis?
            var csat: String?
            var finalStatus = status
            if let assignee {
                t += Millis(2 + rng.below(58)) * Time.minute
                if t < now { events.append(("assignment", t, "system", nil, false, nil, nil, assignee.handle, nil)) }
            }
            if status != .new {
                let target = Double(policy.firstReplyMinutes) * Double(Time.minute)
                let factor = rng.chance(0.86) ? 0.05 + rng.unit() * 0.85 : 1.02 + rng.unit() * 2
                let replyAt = createdAt + Millis(target * factor)
                if replyAt < now, let agent = assignee ?? tier1.first {
                    firstReplyAt = replyAt
                    t = replyAt
                    events.append(("reply", t, "agent", agent.id, true, rng.pick(DemoVocabulary.agentReplies), nil, nil, nil))
                    events.append(("status", t, "agent", agent.id, false, nil, "new", "open", nil))
                    if rng.chance(0.3) {
                        t += Millis(5 + rng.below(120)) * Time.minute
                        if t < now { events.append(("note", t, "agent", agent.id, false, rng.pick(DemoVocabulary.internalNotes), nil, nil, nil)) }
                    }
                    if escalate {
                        t += Millis(10 + rng.below(230)) * Time.minute
                        if t < now {
                            events.append(("escalation", t, "agent", agent.id, false, nil, "1", "2", rng.pick(DemoVocabulary.escalationReasons)))
                        }
                    }
                    if rng.chance(0.45) {
                        let back = t + Millis(1 + rng.below(47)) * Time.hour
                        if back < now {
                            t = back
                            events.append(("reply", t, "requester", nil, true, rng.pick(DemoVocabulary.requesterReplies), nil, nil, nil))
                            let answer = t + Millis(10 + rng.below(600)) * Time.minute
                            if rng.chance(0.8) && answer < now {
                                t = answer
                                events.append(("reply", t, "agent", agent.id, true, rng.pick(DemoVocabulary.agentReplies), nil, nil, nil))
                            }
                        }
                    }
                    if rng.chance(0.05) {
                        t += Millis(1 + rng.below(30)) * Time.minute
                        if t < now { events.append(("priority", t, "agent", agent.id, false, nil, "normal", priority.rawValue, nil)) }
                    }
                    switch status {
                    case .pending, .onHold:
                        t += Millis(1 + rng.below(30)) * Time.minute
                        if t < now { events.append(("status", t, "agent", agent.id, false, nil, "open", status.rawValue, nil)) } else { finalStatus = .open }
                    case .solved, .closed:
                        var solved = t + Millis(1 + rng.below(72)) * Time.hour
                        // With `closes`, whether it is closed is drawn here (a fifth of those never solved first).
                        let closes = options.closes.map { rng.chance($0) } ?? (status == .closed)
                        let skipsSolved = options.closes != nil && closes && rng.chance(0.2)
                        if solved < now {
                            t = solved
                            solvedAt = solved
                            events.append(("status", t, "agent", agent.id, false, nil, "open", skipsSolved ? "closed" : "solved", nil))
                            var stillOpen = false
                            if options.reopens > 0 && !skipsSolved && rng.chance(options.reopens) {
                                // The requester writes back and the ticket reopens; most are solved again.
                                let back = t + Millis(1 + rng.below(48)) * Time.hour
                                let again = back + Millis(1 + rng.below(72)) * Time.hour
                                if back < now {
                                    events.append(("reply", back, "requester", nil, true, rng.pick(DemoVocabulary.requesterReplies), nil, nil, nil))
                                    events.append(("status", back + 1000, "system", nil, false, nil, "solved", "open", nil))
                                    t = back + 1000
                                    if rng.chance(0.75) && again < now {
                                        t = again
                                        solved = again
                                        solvedAt = again
                                        events.append(("status", again, "agent", agent.id, false, nil, "open", "solved", nil))
                                    } else {
                                        stillOpen = true
                                        finalStatus = .open
                                        solvedAt = nil
                                    }
                                }
                            }
                            if stillOpen || skipsSolved {
                                if skipsSolved { finalStatus = .closed }
                            } else if closes {
                                let closed = solved + 4 * Time.day
                                if closed < now {
                                    events.append(("status", closed, "system", nil, false, nil, "solved", "closed", nil))
                                    solvedAt = closed
                                    finalStatus = .closed
                                } else {
                                    finalStatus = .solved
                                }
                            } else if options.closes != nil {
                                finalStatus = .solved
                            }
                            if !stillOpen && rng.chance(0.55) {
                                let rated = solved + Millis(1 + rng.below(24)) * Time.hour
                                if rated < now {
                                    csat = rng.chance(0.85) ? "good" : "bad"
                                    events.append(("csat", rated, "requester", nil, false, nil, nil, csat, nil))
                                }
                            }
                        } else {
                            finalStatus = .open
                        }
                    default:
                        break
                    }
                } else {
                    finalStatus = .new
                }
            }
            status = finalStatus
            // The next breach and the KPI facts from the SLA engine, exactly as `Derived.refreshTicket` derives them.
            var slaEvents: [SLAEvent] = []
            for e in events {
                switch e.kind {
                case "status":
                    if let to = e.to, let status = TicketStatus(rawValue: to) { slaEvents.append(.status(at: e.at, to: status)) }
                case "reply": slaEvents.append(e.actor == "requester" ? .requesterMessage(at: e.at) : .agentReply(at: e.at, isPublic: e.isPublic))
                case "note": slaEvents.append(.agentReply(at: e.at, isPublic: false))
                default: break
                }
            }
            let slaTicket = SLATicket(createdAt: createdAt, priority: priority, status: status, events: slaEvents)
            let history = TicketStatusHistory(slaTicket)
            var due: Millis?
            if status.isOpen {
                due = SLAEngine.evaluate(slaTicket, policy: policy, clock: slaClock, now: Millis.max / 4).nextBreach?.due
            }
            for fact in TicketFact.derive(slaTicket, policy: policy, clock: slaClock, history: history) {
                try factInsert.insert(.text(tid), .text(fact.kind.rawValue), .int(fact.at), .text(fact.outcome?.rawValue), .text(assignee?.id))
            }
            let ticketTier = events.contains { $0.kind == "escalation" } ? 2 : 1
            try ticketInsert.insert(.text(tid), .text(key), .text(subject), .text(rng.pick(DemoVocabulary.bodies)), .text(requester?.id),
                                    .text(networkID), .text(channel), .text(category.rawValue), .text(priority.rawValue),
                                    .text(status.rawValue), .int(ticketTier), .text(assignee?.id),
                                    .text(csat), .null, .int(createdAt), .bool(false), .null, .text(DemoVocabulary.teamID(tier: ticketTier, now: now)),
                                    .int(firstReplyAt), .int(history.firstSolve), .int(history.reopenedAt),
                                    .int(status.isOpen ? nil : (solvedAt ?? createdAt)), .int(due), .text(stamp))
            tick()
            for e in events {
                try eventInsert.insert(.text(id(at: e.at)), .text(tid), .text(e.kind), .int(e.at), .text(e.actor), .text(e.author),
                                       .bool(e.isPublic), .text(e.body), .text(e.from), .text(e.to), .text(e.reason), .bool(false), .text(stamp))
            }
            tick(events.count)
            if rng.chance(0.25) {
                var tags = Set<String>()
                for _ in 0..<(1 + rng.below(2)) { tags.insert(rng.pick(DemoVocabulary.ticketTags)) }
                for tag in tags.sorted() {
                    try tagInsert.insert(.text(id(at: createdAt)), .text(tid), .text(tag), .bool(false), .text(stamp))
                    tick()
                }
            }
        }
        counts["ticket"] = ticketInsert.rows
        counts["ticket_event"] = eventInsert.rows
        counts["ticket_tag"] = tagInsert.rows
    }
}
