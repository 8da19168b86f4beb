import Foundation

/// What every synced field may hold (DESIGN.md §9, "Validation at the edge").
///
/// One table, used by every write: the store checks local writes against it before they are
/// stamped, and sync checks every incoming operation against it before anything is applied
/// (an operation that fails is quarantined with `field: reason`, and nothing else changes).
/// The checks here need no database; references between rows and stage names are checked by
/// the store, which knows what exists.
///
/// Choices written down here:
/// - text is at most `maxTextBytes` (64 KiB) of UTF-8 and never holds a NUL; names, subjects
///   and titles must not be blank;
/// - times are integer milliseconds between 2000-01-01 and 2100-01-01 UTC;
/// - a flag is the integer 0 or 1 (`true`/`false` in JSON);
/// - a handle is `@` and up to 30 lowercase letters, digits, dots, dashes or underscores, as
///   the creator form asks, optionally followed by `~` and six hex digits (the suffix sync
///   gives a handle two laptops both claimed);
/// - a market is an ISO 3166 country code; a language is empty or 2–3 letters;
/// - tags are what `Store.normalizeTag` makes: non-empty, no spaces, at most 64 characters.
public enum FieldRules {
    public static let maxTextBytes = 64 * 1024
    public static let earliestTime: Int64 = 946_684_800_000   // 2000-01-01T00:00:00Z
    public static let latestTime: Int64 = 4_102_444_800_000   // 2100-01-01T00:00:00Z

    /// What one field holds.
    public enum Kind: Sendable, Hashable {
        /// Text; `required` means not blank.
        case text(required: Bool)
        case int(min: Int64, max: Int64)
        case flag
        case time
        case choice([String])
        case handle
        case market
        case language
        case tag
        case ticketKey
        /// `YYYY-MM-DD`.
        case date
        /// A JSON array of strings (an article's macro tags).
        case stringList
        /// JSON text (a setting's value).
        case json
        /// An http(s) URL a resource points to (`ResourceURL`).
        case url
        /// A stage name; the store checks it is one the team has had.
        case stage
        /// The id of a row of `entity`; the store checks it exists.
        case reference(Entity)
        /// A clock stamp (`HLC.encoded`).
        case stamp
        /// An IANA time zone id (`TimeZone(identifier:)` knows it).
        case timeZone
        /// A member's weekly shifts (`WeeklySchedule`), as written.
        case schedule
        /// An automation's condition (the ticket filter language, `CheckedRule`).
        case ruleCondition
        /// An automation's actions: a JSON array of action lines (`RuleAction`).
        case ruleActions
        /// Business hours as JSON (`BusinessHours.json`): a team's own calendar.
        case businessHours
        /// A QA review's scores: a JSON object of criterion keys to 0…4 (`QAReview.decodeScores`);
        /// the store checks the criteria are the rubric's.
        case qaScores
    }

    public struct Rule: Sendable, Hashable {
        public var kind: Kind
        /// NULL is allowed.
        public var nullable: Bool
        /// An insert must carry it (a column without a default).
        public var required: Bool

        init(_ kind: Kind, nullable: Bool = false, required: Bool = true) {
            self.kind = kind; self.nullable = nullable; self.required = required && !nullable
        }
    }

    /// The rules of one entity's synced fields, by field name.
    public static func rules(of entity: Entity) -> [String: Rule] { table[entity] ?? [:] }

    /// The first problem with `fields` of a `set` (`insert: false`) or an `insert`, as
    /// `field: reason`, or nil. Fields are checked in name order so a report is stable.
    public static func problem(entity: Entity, fields: [String: FieldValue], insert: Bool) -> String? {
        let names = fields.keys.sorted()
        return problem(entity: entity, names: names, values: names.map { fields[$0]! }, insert: insert)
    }

    /// The same, for fields already in name order (a sync operation keeps them so).
    public static func problem(entity: Entity, names: [String], values: [FieldValue], insert: Bool) -> String? {
        guard let rules = table[entity] else { return nil }
        for (name, value) in zip(names, values) {
            guard let rule = rules[name] else { continue }
            if let reason = problem(value, rule) { return "\(name): \(reason)" }
        }
        if insert, let required = requiredFields[entity] {
            for name in required where !names.contains(name) {
                return "\(name): required for a new \(entity.rawValue.replacingOccurrences(of: "_", with: " "))"
            }
        }
        if entity == .article { return linkProblem(names: names, values: values, insert: insert) }
        if entity == .shiftException { return spanProblem(names: names, values: values) }
        if entity == .ruleFiring { return firingRecordProblem(names: names, values: values, insert: insert) }
        if entity == .coachingItem { return coachingProblem(names: names, values: values) }
        return nil
    }

    /// A rule firing is on one record: a ticket or a creator, never both or neither (an
    /// insert carries one; an edit that names both must keep one).
    static func firingRecordProblem(names: [String], values: [FieldValue], insert: Bool) -> String? {
        func given(_ name: String) -> FieldValue? { names.firstIndex(of: name).map { values[$0] } }
        let ticket = given("ticket_id"), creator = given("creator_id")
        if !insert && (ticket == nil || creator == nil) { return nil }
        let onTicket = ticket.map { $0 != .null } ?? false, onCreator = creator.map { $0 != .null } ?? false
        return onTicket != onCreator ? nil : "ticket_id: a firing is on a ticket or on a creator (one of ticket_id, creator_id)"
    }

    /// A note, goal or follow-up has text (a 1:1 may have no notes), when a write carries both
    /// its kind and its text (an insert does).
    static func coachingProblem(names: [String], values: [FieldValue]) -> String? {
        guard let k = names.firstIndex(of: "kind"), let b = names.firstIndex(of: "body"),
              let kind = values[k].text, kind != CoachingKind.oneOnOne.rawValue, let body = values[b].text,
              body.allSatisfy(\.isWhitespace) else { return nil }
        return "body: a \(CoachingKind(rawValue: kind)?.label ?? "note") must not be blank"
    }

    /// Time off ends after it starts (when a write carries both ends).
    static func spanProblem(names: [String], values: [FieldValue]) -> String? {
        guard let s = names.firstIndex(of: "starts_at"), let e = names.firstIndex(of: "ends_at"),
              let start = values[s].int, let end = values[e].int, end <= start else { return nil }
        return "ends_at: must be after starts_at"
    }

    /// A `link` article needs its URL: an insert of a link carries one, and no write makes an
    /// article a link while clearing its URL. (A write of `kind` alone is checked by the store
    /// for local edits; a peer's is taken as it is, and a link without a URL reads as one.)
    static func linkProblem(names: [String], values: [FieldValue], insert: Bool) -> String? {
        guard let k = names.firstIndex(of: "kind"), values[k] == .text(ArticleKind.link.rawValue) else { return nil }
        let url = names.firstIndex(of: "url").map { values[$0] }
        if (insert && (url == nil || url == .null)) || (!insert && url == .null) {
            return "url: a link needs a URL (http:// or https://)"
        }
        return nil
    }

    /// Each entity's fields an insert must carry, in name order.
    static let requiredFields: [Entity: [String]] = table.mapValues { rules in rules.keys.filter { rules[$0]!.required }.sorted() }

    /// Each entity's fields the store checks against what exists (references and stages),
    /// with what they name.
    public static let checkedAgainstData: [Entity: [(field: String, kind: Kind)]] = table.mapValues { rules in
        rules.compactMap { name, rule -> (String, Kind)? in
            switch rule.kind {
            case .reference, .stage: return (name, rule.kind)
            default: return nil
            }
        }.sorted { $0.0 < $1.0 }
    }

    /// Why `value` does not fit `rule`, or nil.
    public static func problem(_ value: FieldValue, _ rule: Rule) -> String? {
        if value == .null { return rule.nullable ? nil : "must not be empty (null)" }
        switch rule.kind {
        case .int(let min, let max):
            guard let n = value.int else { return "must be a whole number" }
            guard n >= min && n <= max else { return max == Int64.max ? "must be \(min) or more" : "must be from \(min) to \(max)" }
            return nil
        case .flag:
            guard let n = value.int, n == 0 || n == 1 else { return "must be true or false" }
            return nil
        case .time:
            guard let n = value.int else { return "must be a time (milliseconds since 1970)" }
            guard n >= earliestTime && n < latestTime else { return "\(n) is not a plausible time (2000–2099)" }
            return nil
        default:
            guard let text = value.text else { return "must be text" }
            return textProblem(text, rule.kind)
        }
    }

    private static func textProblem(_ text: String, _ kind: Kind) -> String? {
        let bytes = text.utf8.count
        if bytes > maxTextBytes { return "\(bytes) bytes is over the \(maxTextBytes / 1024) KiB limit" }
        if text.utf8.contains(0) { return "contains a NUL character" }
        switch kind {
        case .text(let required):
            // An ASCII byte other than whitespace is a character that is not whitespace:
            // decided without walking grapheme clusters.
            if required && !text.utf8.contains(where: { $0 < 0x80 && $0 != 0x20 && !(0x09...0x0D).contains($0) })
                && text.allSatisfy(\.isWhitespace) { return "must not be blank" }
        case .choice(let values):
            if !values.contains(text) { return "\"\(clip(text))\" is not one of \(values.joined(separator: ", "))" }
        case .handle:
            if !isHandle(text) { return "\"\(clip(text))\" is not a handle (@ and up to 30 lowercase letters, digits, . - _)" }
        case .market:
            if !Market.isValid(text) { return "\"\(clip(text))\" is not an ISO country code" }
        case .language:
            if !(text.isEmpty || ((2...3).contains(text.count) && text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) })) {
                return "\"\(clip(text))\" is not a 2- or 3-letter language code"
            }
        case .tag:
            // All ASCII (the usual tag): one byte a character, decided on the bytes.
            if !text.isEmpty, text.utf8.count <= 64,
               text.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && !(0x41...0x5A).contains($0) }) { return nil }
            if text.isEmpty || text.count > 64 || text.contains(where: { $0.isWhitespace || $0.isUppercase }) {
                return "\"\(clip(text))\" is not a tag (lowercase, no spaces, up to 64 characters)"
            }
        case .ticketKey:
            if text.count != TicketKey.fullLength || !text.utf8.allSatisfy({ TicketKey.alphabet.contains($0) }) {
                return "\"\(clip(text))\" is not a ticket key"
            }
        case .date:
            if text.count != 10 || Campaign.day(text, zone: .gmt) == nil { return "\"\(clip(text))\" is not a date (YYYY-MM-DD)" }
        case .stringList:
            if !JSONShape.isStringArray(text) { return "must be a JSON array of strings" }
        case .json:
            if !JSONShape.isJSON(text) { return "must be JSON text" }
        case .url:
            if let problem = ResourceURL.problem(text) { return problem }
        case .stage:
            // All ASCII (every stage the app makes): one byte a character, decided on the bytes.
            if !text.isEmpty, text.utf8.count <= 40,
               text.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && !(0x41...0x5A).contains($0) }) { return nil }
            if text.isEmpty || text.count > 40 || text.contains(where: { $0.isWhitespace || $0.isUppercase }) {
                return "\"\(clip(text))\" is not a stage name"
            }
        case .reference:
            if !UUIDv7.isWellFormed(text) { return "\"\(clip(text))\" is not an id" }
        case .stamp:
            if HLC(encoded: text) == nil { return "\"\(clip(text))\" is not a clock stamp" }
        case .timeZone:
            if text.count > 64 || TimeZone(identifier: text) == nil { return "\"\(clip(text))\" is not a time zone (e.g. Europe/Madrid)" }
        case .schedule:
            do { _ = try WeeklySchedule(parsing: text) } catch { return String(describing: error).replacingOccurrences(of: "schedule: ", with: "") }
        case .ruleCondition:
            // A ticket rule's condition or a creator rule's (which one is the row's `target`;
            // the rule is checked whole again before it runs).
            do { _ = try TicketFilterParser().parse(text) } catch let e as FilterError {
                if (try? CreatorRuleCondition.parse(text, stages: nil)) == nil { return e.message }
            } catch { return "\(error)" }
        case .ruleActions:
            guard let lines = ((try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [Any])?.compactMap({ $0 as? String }), !lines.isEmpty else {
                return "must be a JSON array of action lines"
            }
            for (i, line) in lines.enumerated() {
                do { _ = try RuleAction(parsing: line) } catch { return "line \(i + 1): \(error)" }
            }
        case .businessHours:
            if text.utf8.count > 16_384 { return "business hours are longer than 16 KiB" }
            do { _ = try BusinessHours(json: text) } catch { return String(describing: error) }
        case .qaScores:
            if case .failure(let error) = QAReview.decodeScores(text) { return error.reason }
        case .int, .flag, .time:
            break
        }
        return nil
    }

    /// A creator's or teammate's handle, as the forms accept it (or with sync's `~xxxxxx`).
    public static func isHandle(_ text: String) -> Bool {
        // The usual handle (no `~suffix`), decided on the bytes.
        let utf8 = text.utf8
        if utf8.first == UInt8(ascii: "@"), (2...31).contains(utf8.count),
           utf8.dropFirst().allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2E || $0 == 0x5F || $0 == 0x2D }) {
            return true
        }
        var body = Substring(text)
        guard body.first == "@" else { return false }
        body = body.dropFirst()
        if let tilde = body.lastIndex(of: "~") {
            let suffix = body[body.index(after: tilde)...]
            guard suffix.count == 6, suffix.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) || ("a"..."f").contains($0) }) else { return false }
            body = body[..<tilde]
        }
        return !body.isEmpty && body.count <= 30
            && body.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || "._-".unicodeScalars.contains($0) }
    }

    private static func clip(_ text: String) -> String {
        let safe = TerminalText.sanitize(text)
        return safe.count > 40 ? String(safe.prefix(40)) + "…" : safe
    }

    private static func choice<E: CaseIterable & RawRepresentable>(_ type: E.Type) -> Kind where E.RawValue == String {
        .choice(type.allCases.map(\.rawValue))
    }

    private static let deleted = Rule(.flag, required: false)

    static let table: [Entity: [String: Rule]] = [
        .member: [
            "handle": Rule(.handle), "name": Rule(.text(required: true)), "role": Rule(choice(MemberRole.self)),
            "team": Rule(.text(required: false), required: false), "tier": Rule(.int(min: 1, max: 2), nullable: true),
            "email": Rule(.text(required: false), nullable: true), "deleted": deleted,
            // Issue 24 (v23-teams): older lines have neither.
            "time_zone": Rule(.timeZone, nullable: true, required: false), "schedule": Rule(.schedule, nullable: true, required: false),
        ],
        .network: [
            "name": Rule(.text(required: true)), "region": Rule(.text(required: false), required: false),
            "contact": Rule(.text(required: false), nullable: true), "deleted": deleted,
        ],
        .creator: [
            "handle": Rule(.handle), "display_name": Rule(.text(required: true)), "kind": Rule(choice(CreatorKind.self)),
            "market": Rule(.market), "language": Rule(.language, required: false),
            "network_id": Rule(.reference(.network), nullable: true), "owner_id": Rule(.reference(.member), nullable: true),
            "stage": Rule(.stage), "source": Rule(choice(CreatorSource.self)),
            "followers": Rule(.int(min: 0, max: Int64.max), required: false),
            "email": Rule(.text(required: false), nullable: true), "phone": Rule(.text(required: false), nullable: true),
            "notes": Rule(.text(required: false), nullable: true), "created_at": Rule(.time), "deleted": deleted,
            // v24-team-sla: older lines have none.
            "team_id": Rule(.reference(.team), nullable: true, required: false),
        ],
        .creatorTag: ["creator_id": Rule(.reference(.creator)), "tag": Rule(.tag), "deleted": deleted],
        .stageEvent: [
            "creator_id": Rule(.reference(.creator)), "from_stage": Rule(.stage, nullable: true), "to_stage": Rule(.stage),
            "at": Rule(.time), "by_member_id": Rule(.reference(.member), nullable: true),
            "reason": Rule(.text(required: false), nullable: true), "deleted": deleted,
        ],
        .liveSession: [
            "creator_id": Rule(.reference(.creator)), "started_at": Rule(.time), "minutes": Rule(.int(min: 0, max: 7 * 24 * 60)),
            "peak_viewers": Rule(.int(min: 0, max: Int64.max), required: false),
            "viewer_minutes": Rule(.int(min: 0, max: Int64.max), required: false),
            "gifts": Rule(.int(min: 0, max: Int64.max), required: false),
        ],
        .activity: [
            "creator_id": Rule(.reference(.creator)), "kind": Rule(choice(ActivityKind.self)),
            "author_id": Rule(.reference(.member), nullable: true), "at": Rule(.time), "summary": Rule(.text(required: false)),
            "next_step": Rule(.text(required: false), nullable: true), "follow_up_due": Rule(.time, nullable: true),
            "done": Rule(.flag, required: false), "deleted": deleted,
        ],
        .ticket: [
            "key": Rule(.ticketKey), "subject": Rule(.text(required: true)), "body": Rule(.text(required: false), required: false),
            "requester_creator_id": Rule(.reference(.creator), nullable: true),
            "requester_network_id": Rule(.reference(.network), nullable: true),
            "channel": Rule(choice(TicketChannel.self)), "category": Rule(choice(TicketCategory.self)),
            "priority": Rule(choice(TicketPriority.self)), "status": Rule(choice(TicketStatus.self)),
            "tier": Rule(.int(min: 1, max: 2), required: false), "assignee_id": Rule(.reference(.member), nullable: true),
            "csat": Rule(choice(CSAT.self), nullable: true), "merged_into_id": Rule(.reference(.ticket), nullable: true),
            "created_at": Rule(.time), "deleted": deleted, "snoozed_until": Rule(.time, nullable: true),
            "team_id": Rule(.reference(.team), nullable: true, required: false),
        ],
        .ticketTag: ["ticket_id": Rule(.reference(.ticket)), "tag": Rule(.tag), "deleted": deleted],
        .ticketEvent: [
            "ticket_id": Rule(.reference(.ticket)), "kind": Rule(choice(TicketEventKind.self)), "at": Rule(.time),
            "actor": Rule(choice(TicketActor.self)), "author_id": Rule(.reference(.member), nullable: true),
            "is_public": Rule(.flag, required: false), "body": Rule(.text(required: false), nullable: true),
            "from_value": Rule(.text(required: false), nullable: true), "to_value": Rule(.text(required: false), nullable: true),
            "reason": Rule(.text(required: false), nullable: true), "deleted": deleted,
        ],
        .slaPolicy: [
            "priority": Rule(choice(TicketPriority.self)),
            "first_reply_minutes": Rule(.int(min: 1, max: 525_600)), "next_reply_minutes": Rule(.int(min: 1, max: 525_600)),
            "resolution_minutes": Rule(.int(min: 1, max: 525_600)), "business_hours": Rule(.flag, required: false), "deleted": deleted,
            // v24-team-sla: a team's own policy; older lines have none (team-wide).
            "team_id": Rule(.reference(.team), nullable: true, required: false),
        ],
        .article: [
            "title": Rule(.text(required: true)), "body": Rule(.text(required: false)), "is_macro": Rule(.flag, required: false),
            "macro_status": Rule(choice(TicketStatus.self), nullable: true), "macro_priority": Rule(choice(TicketPriority.self), nullable: true),
            "macro_tags": Rule(.stringList, required: false), "updated_at": Rule(.time), "deleted": deleted,
            // Issue 26 (v22-article-kinds): lines written before have neither and read as a reply.
            "kind": Rule(choice(ArticleKind.self), required: false), "url": Rule(.url, nullable: true),
        ],
        .setting: ["value": Rule(.json)],
        .campaign: [
            "name": Rule(.text(required: true)), "kind": Rule(choice(CampaignKind.self)), "start_date": Rule(.date),
            "end_date": Rule(.date), "metric": Rule(choice(CampaignMetric.self)), "target": Rule(.int(min: 0, max: 1_000_000_000)),
            "owner_id": Rule(.reference(.member), nullable: true), "status": Rule(choice(CampaignStatus.self)), "deleted": deleted,
        ],
        .campaignEnrolment: [
            "campaign_id": Rule(.reference(.campaign)), "creator_id": Rule(.reference(.creator)),
            "target": Rule(.int(min: 0, max: 1_000_000_000)), "joined_at": Rule(.time), "deleted": deleted,
        ],
        .campaignTier: [
            "campaign_id": Rule(.reference(.campaign)), "threshold": Rule(.int(min: 0, max: 1_000_000_000)),
            "reward": Rule(.text(required: true)), "amount": Rule(.int(min: 0, max: 1_000_000_000), required: false), "deleted": deleted,
        ],
        .program: [
            "name": Rule(.text(required: true)), "summary": Rule(.text(required: false), required: false),
            "owner_id": Rule(.reference(.member), nullable: true), "status": Rule(choice(ProgramStatus.self)), "deleted": deleted,
        ],
        .programModule: [
            "program_id": Rule(.reference(.program)), "position": Rule(.int(min: 0, max: 10_000)),
            "title": Rule(.text(required: true)), "deleted": deleted,
        ],
        .programEnrolment: [
            "program_id": Rule(.reference(.program)), "creator_id": Rule(.reference(.creator)), "enrolled_at": Rule(.time), "deleted": deleted,
        ],
        .moduleCompletion: [
            "program_id": Rule(.reference(.program)), "module_id": Rule(.reference(.programModule)),
            "creator_id": Rule(.reference(.creator)), "completed_at": Rule(.time), "deleted": deleted,
        ],
        .workshop: [
            "title": Rule(.text(required: true)), "starts_at": Rule(.time), "minutes": Rule(.int(min: 1, max: 24 * 60)),
            "host_id": Rule(.reference(.member), nullable: true), "market": Rule(.market),
            "capacity": Rule(.int(min: 0, max: 1_000_000)), "link": Rule(.text(required: false), nullable: true),
            "module_id": Rule(.reference(.programModule), nullable: true), "deleted": deleted,
        ],
        .workshopInvite: [
            "workshop_id": Rule(.reference(.workshop)), "creator_id": Rule(.reference(.creator)), "invited_at": Rule(.time),
            "attended": Rule(.flag, required: false), "deleted": deleted,
        ],
        .incentiveTask: [
            "creator_id": Rule(.reference(.creator)), "title": Rule(.text(required: true)), "metric": Rule(choice(TaskMetric.self)),
            "goal": Rule(.int(min: 0, max: 1_000_000)), "start_date": Rule(.date), "end_date": Rule(.date),
            "reward": Rule(.text(required: false), required: false), "amount": Rule(.int(min: 0, max: 1_000_000_000), required: false),
            "campaign_id": Rule(.reference(.campaign), nullable: true), "paid_at": Rule(.time, nullable: true), "deleted": deleted,
        ],
        .community: [
            "name": Rule(.text(required: true)), "channel": Rule(choice(CommunityChannel.self)), "market": Rule(.market),
            "link": Rule(.text(required: false), nullable: true), "deleted": deleted,
        ],
        .communityMember: [
            "community_id": Rule(.reference(.community)), "creator_id": Rule(.reference(.creator)),
            "role": Rule(choice(CommunityMember.Role.self)), "joined_at": Rule(.time), "left_at": Rule(.time, nullable: true), "deleted": deleted,
        ],
        .resourceSend: [
            "article_id": Rule(.reference(.article)), "creator_id": Rule(.reference(.creator), nullable: true),
            "community_id": Rule(.reference(.community), nullable: true), "sent_at": Rule(.time),
            "by_member_id": Rule(.reference(.member), nullable: true), "deleted": deleted,
        ],
        .team: [
            "name": Rule(.text(required: true)), "lead_id": Rule(.reference(.member), nullable: true),
            "time_zone": Rule(.timeZone), "assignment": Rule(choice(AssignmentMode.self)),
            "capacity": Rule(.int(min: Int64(Team.capacityRange.lowerBound), max: Int64(Team.capacityRange.upperBound))), "deleted": deleted,
            // v24-team-sla: older lines have none.
            "calendar": Rule(.businessHours, nullable: true, required: false),
        ],
        .teamMember: [
            "team_id": Rule(.reference(.team)), "member_id": Rule(.reference(.member)),
            "capacity": Rule(.int(min: Int64(Team.capacityRange.lowerBound), max: Int64(Team.capacityRange.upperBound)), nullable: true, required: false),
            "deleted": deleted,
        ],
        .shiftException: [
            "member_id": Rule(.reference(.member)), "starts_at": Rule(.time), "ends_at": Rule(.time),
            "kind": Rule(choice(ShiftExceptionKind.self)), "note": Rule(.text(required: false), nullable: true, required: false), "deleted": deleted,
        ],
        .automationRule: [
            "name": Rule(.text(required: true)), "team_id": Rule(.reference(.team), nullable: true, required: false),
            "condition": Rule(.ruleCondition), "actions": Rule(.ruleActions), "enabled": Rule(.flag, required: false),
            "position": Rule(.int(min: -1_000_000, max: 1_000_000), required: false), "deleted": deleted,
            "target": Rule(choice(RuleTarget.self), required: false),
        ],
        .ruleFiring: [
            // On a ticket or (v26) a creator: one of the two.
            "rule_id": Rule(.reference(.automationRule)), "ticket_id": Rule(.reference(.ticket), nullable: true, required: false),
            "creator_id": Rule(.reference(.creator), nullable: true, required: false), "trigger_at": Rule(.int(min: 0, max: latestTime)),
            "fired_at": Rule(.time), "device": Rule(.text(required: false), required: false), "summary": Rule(.text(required: false), required: false),
            "deleted": deleted,
        ],
        .qaReview: [
            "ticket_id": Rule(.reference(.ticket)), "agent_id": Rule(.reference(.member), nullable: true),
            "reviewer_id": Rule(.reference(.member), nullable: true), "scores": Rule(.qaScores),
            "comment": Rule(.text(required: false)), "reviewed_at": Rule(.time), "deleted": deleted,
        ],
        .coachingItem: [
            "member_id": Rule(.reference(.member)), "kind": Rule(choice(CoachingKind.self)), "body": Rule(.text(required: false)),
            "discussed": Rule(.text(required: false), nullable: true), "ticket_id": Rule(.reference(.ticket), nullable: true),
            "due_at": Rule(.time, nullable: true), "done_at": Rule(.time, nullable: true),
            "author_id": Rule(.reference(.member), nullable: true), "at": Rule(.time), "deleted": deleted,
        ],
        .conflictDecision: [
            "entity": Rule(.choice(Entity.allCases.map(\.rawValue))), "row_id": Rule(.text(required: true)),
            "field": Rule(.text(required: true)), "lost_hlc": Rule(.stamp), "kept": Rule(choice(ConflictDecision.Kept.self)),
            "at": Rule(.time), "by_member_id": Rule(.reference(.member), nullable: true),
        ],
    ]
}

/// Cheap checks of JSON text's shape, without building the value.
enum JSONShape {
    static func isJSON(_ text: String) -> Bool {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])) != nil
    }

    static func isStringArray(_ text: String) -> Bool {
        guard let array = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [Any] else { return false }
        return array.allSatisfy { $0 is String }
    }
}
