import Foundation
import GRDB
import GreenroomCore

/// What `campaign add` and `campaign edit` set; nil leaves a field as it is (edit) or takes
/// the default (add: kind `sale_event`, status `draft`, target 0, no owner).
public struct CampaignEdit: Sendable, Hashable {
    public var name: String?
    public var kind: CampaignKind?
    /// `YYYY-MM-DD` (or anything `DateInput` reads: `today`, `+3d`), in the team's time zone.
    public var start: String?
    public var end: String?
    public var metric: CampaignMetric?
    public var target: Int?
    /// A member handle, or "none" to clear.
    public var owner: String?
    public var status: CampaignStatus?

    public init(name: String? = nil, kind: CampaignKind? = nil, start: String? = nil, end: String? = nil, metric: CampaignMetric? = nil,
                target: Int? = nil, owner: String? = nil, status: CampaignStatus? = nil) {
        self.name = name; self.kind = kind; self.start = start; self.end = end; self.metric = metric
        self.target = target; self.owner = owner; self.status = status
    }
}

/// Campaign writes. Every one validates first and throws a one-line reason before touching
/// anything, then writes in one transaction through the stamped path (outbox, field stamps).
extension Store {
    /// Longest campaign name accepted.
    public static let campaignNameLimit = 80
    /// Largest target or threshold accepted.
    public static let campaignNumberLimit = 1_000_000_000

    public func addCampaign(_ edit: CampaignEdit) throws -> Campaign {
        guard let name = edit.name else { throw GreenroomError.invalidInput("a campaign needs a name (--name)") }
        guard edit.start != nil, edit.end != nil else { throw GreenroomError.invalidInput("a campaign needs --start and --end dates") }
        return try write { db in
            let zone = try Store.loadSettings(db).zone
            var c = Campaign(id: UUIDv7.make(millis: wallClock.now()), name: "", kind: edit.kind ?? .saleEvent, startDate: "", endDate: "",
                             metric: edit.metric ?? .liveHours, target: 0, ownerID: nil, status: edit.status ?? .draft)
            try Store.applyEdit(CampaignEdit(name: name, start: edit.start, end: edit.end, target: edit.target ?? 0, owner: edit.owner),
                                to: &c, zone: zone, now: wallClock.now(), db)
            try insertStamped(c, in: db)
            return c
        }
    }

    /// Changes the fields `edit` names; returns the campaign as it is now. Nothing is written
    /// when nothing changes.
    @discardableResult
    public func editCampaign(id: String, _ edit: CampaignEdit) throws -> Campaign {
        try write { db in
            guard let before = try Campaign.fetchOne(db, sql: "SELECT \(Campaign.selectColumns) FROM campaign WHERE id = ? AND deleted = 0", arguments: [id]) else {
                throw GreenroomError.invalidInput("that campaign no longer exists")
            }
            var after = before
            try Store.applyEdit(edit, to: &after, zone: try Store.loadSettings(db).zone, now: wallClock.now(), db)
            let changed = zip(Campaign.columns, zip(before.databaseValues, after.databaseValues)).filter { $0.1.0 != $0.1.1 }
            if !changed.isEmpty {
                try updateStamped(.campaign, id: id, fields: Dictionary(uniqueKeysWithValues: changed.map { ($0.0, $0.1.1) }), in: db)
            }
            return after
        }
    }

    /// Deletes a campaign (a tombstone; enrolments and tiers stay with it).
    public func removeCampaign(id: String) throws {
        try write { db in try updateStamped(.campaign, id: id, fields: ["deleted": true.databaseValue], in: db) }
    }

    static func applyEdit(_ edit: CampaignEdit, to c: inout Campaign, zone: TimeZone, now: Millis, _ db: Database) throws {
        if let raw = edit.name {
            let name = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !name.isEmpty else { throw GreenroomError.invalidInput("a campaign name cannot be empty") }
            guard name.count <= campaignNameLimit else { throw GreenroomError.invalidInput("a campaign name is at most \(campaignNameLimit) characters (got \(name.count))") }
            guard !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0.properties.generalCategory == .format && $0.value != 0x200D }) else {
                throw GreenroomError.invalidInput("a campaign name cannot contain control characters")
            }
            let taken = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM campaign WHERE deleted = 0 AND id <> ? AND name = ? COLLATE NOCASE)",
                                          arguments: [c.id, name]) ?? false
            guard !taken else { throw GreenroomError.invalidInput("there is already a campaign called \"\(TerminalText.sanitize(name))\"") }
            c.name = name
        }
        func day(_ text: String, _ option: String) throws -> String {
            guard let millis = DateInput.parse(text, now: now, zone: zone) else {
                throw GreenroomError.invalidInput("\(option): not a date (YYYY-MM-DD, today, +3d): \"\(TerminalText.sanitize(text))\"")
            }
            return DateInput.format(millis, zone: zone)
        }
        if let s = edit.start { c.startDate = try day(s, "--start") }
        if let e = edit.end { c.endDate = try day(e, "--end") }
        guard c.startDate <= c.endDate else {
            throw GreenroomError.invalidInput("the campaign ends (\(c.endDate)) before it starts (\(c.startDate))")
        }
        if let k = edit.kind { c.kind = k }
        if let m = edit.metric { c.metric = m }
        if let t = edit.target {
            guard (0...campaignNumberLimit).contains(t) else { throw GreenroomError.invalidInput("a target is a whole number from 0 to \(campaignNumberLimit)") }
            c.target = t
        }
        if let s = edit.status { c.status = s }
        if let owner = edit.owner {
            if owner.lowercased() == "none" {
                c.ownerID = nil
            } else {
                let handle = owner.hasPrefix("@") ? owner : "@" + owner
                guard let id = try String.fetchOne(db, sql: "SELECT id FROM member WHERE handle = ? AND deleted = 0", arguments: [handle]) else {
                    throw GreenroomError.invalidInput("no member \(TerminalText.sanitize(handle)) (--owner takes a member handle or none)")
                }
                c.ownerID = id
            }
        }
    }

    /// Enrols creators (by id) with `target` each (nil: 0, to be set by a plan), joined at
    /// `joinedAt` (nil: now). A creator already enrolled is left as they are; one unenrolled
    /// before comes back with the new target and join time. Returns how many were added.
    @discardableResult
    public func enrol(campaignID: String, creatorIDs: [String], target: Int? = nil, joinedAt: Millis? = nil) throws -> (added: Int, already: Int) {
        if let target, !(0...Store.campaignNumberLimit).contains(target) {
            throw GreenroomError.invalidInput("a target is a whole number from 0 to \(Store.campaignNumberLimit)")
        }
        guard !creatorIDs.isEmpty else { throw GreenroomError.invalidInput("no creators to enrol") }
        return try write { db in
            try Store.requireCampaign(campaignID, db)
            let now = joinedAt ?? wallClock.now()
            var added = 0, already = 0
            for creator in Set(creatorIDs).sorted() {
                guard try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM creator WHERE id = ? AND deleted = 0)", arguments: [creator]) == true else {
                    throw GreenroomError.invalidInput("no creator with id \(creator)")
                }
                let id = CampaignEnrolment.id(campaign: campaignID, creator: creator)
                switch try Bool.fetchOne(db, sql: "SELECT deleted FROM campaign_enrolment WHERE id = ?", arguments: [id]) {
                case nil:
                    try insertStamped(CampaignEnrolment(id: id, campaignID: campaignID, creatorID: creator, target: target ?? 0, joinedAt: now), in: db)
                    added += 1
                case true?:
                    try updateStamped(.campaignEnrolment, id: id, fields: ["deleted": false.databaseValue, "target": (target ?? 0).databaseValue,
                                                                           "joined_at": now.databaseValue], in: db)
                    added += 1
                case false?:
                    already += 1
                }
            }
            return (added, already)
        }
    }

    /// Unenrols creators (tombstones); returns how many were enrolled.
    @discardableResult
    public func unenrol(campaignID: String, creatorIDs: [String]) throws -> Int {
        try write { db in
            var n = 0
            for creator in Set(creatorIDs).sorted() {
                let id = CampaignEnrolment.id(campaign: campaignID, creator: creator)
                guard try Bool.fetchOne(db, sql: "SELECT deleted FROM campaign_enrolment WHERE id = ?", arguments: [id]) == false else { continue }
                try updateStamped(.campaignEnrolment, id: id, fields: ["deleted": true.databaseValue], in: db)
                n += 1
            }
            return n
        }
    }

    /// Sets individual targets (creator id → target); only enrolled creators, only changes.
    @discardableResult
    public func setTargets(campaignID: String, _ targets: [String: Int]) throws -> Int {
        if let bad = targets.values.first(where: { !(0...Store.campaignNumberLimit).contains($0) }) {
            throw GreenroomError.invalidInput("a target is a whole number from 0 to \(Store.campaignNumberLimit) (got \(bad))")
        }
        return try write { db in
            var n = 0
            for (creator, target) in targets.sorted(by: { $0.key < $1.key }) {
                let id = CampaignEnrolment.id(campaign: campaignID, creator: creator)
                guard let current = try Int.fetchOne(db, sql: "SELECT target FROM campaign_enrolment WHERE id = ? AND deleted = 0", arguments: [id]) else {
                    throw GreenroomError.invalidInput("creator \(creator) is not enrolled in this campaign")
                }
                guard current != target else { continue }
                try updateStamped(.campaignEnrolment, id: id, fields: ["target": target.databaseValue], in: db)
                n += 1
            }
            return n
        }
    }

    /// Adds a tier, or changes the reward and amount of the tier at that threshold.
    @discardableResult
    public func setTier(campaignID: String, threshold: Int, reward: String, amount: Int) throws -> CampaignTier {
        let text = reward.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...Store.campaignNumberLimit).contains(threshold) else { throw GreenroomError.invalidInput("a tier's threshold is a whole number from 1 to \(Store.campaignNumberLimit)") }
        guard !text.isEmpty, text.count <= 120 else { throw GreenroomError.invalidInput("a tier needs a reward of 1 to 120 characters") }
        guard !text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw GreenroomError.invalidInput("a reward cannot contain control characters")
        }
        guard (0...Store.campaignNumberLimit).contains(amount) else { throw GreenroomError.invalidInput("an amount is a whole number from 0 to \(Store.campaignNumberLimit)") }
        return try write { db in
            try Store.requireCampaign(campaignID, db)
            if var tier = try CampaignTier.fetchOne(db, sql: "SELECT \(CampaignTier.selectColumns) FROM campaign_tier WHERE campaign_id = ? AND threshold = ? AND deleted = 0 ORDER BY id LIMIT 1",
                                                    arguments: [campaignID, threshold]) {
                var fields: [String: DatabaseValue] = [:]
                if tier.reward != text { fields["reward"] = text.databaseValue }
                if tier.amount != amount { fields["amount"] = amount.databaseValue }
                try updateStamped(.campaignTier, id: tier.id, fields: fields, in: db)
                tier.reward = text; tier.amount = amount
                return tier
            }
            let tier = CampaignTier(id: UUIDv7.make(millis: wallClock.now()), campaignID: campaignID, threshold: threshold, reward: text, amount: amount)
            try insertStamped(tier, in: db)
            return tier
        }
    }

    /// Removes the tier at a threshold; false when there is none.
    @discardableResult
    public func removeTier(campaignID: String, threshold: Int) throws -> Bool {
        try write { db in
            let ids = try String.fetchAll(db, sql: "SELECT id FROM campaign_tier WHERE campaign_id = ? AND threshold = ? AND deleted = 0", arguments: [campaignID, threshold])
            for id in ids { try updateStamped(.campaignTier, id: id, fields: ["deleted": true.databaseValue], in: db) }
            return !ids.isEmpty
        }
    }

    /// The team's at-risk margin (percent of a creator's target behind pace), 0…100.
    public func setCampaignRiskMargin(_ percent: Int) throws {
        guard (0...100).contains(percent) else { throw GreenroomError.invalidInput("the at-risk margin is a percentage from 0 to 100") }
        try write { db in try writeSetting(.campaignRiskMargin, percent, in: db) }
    }

    static func requireCampaign(_ id: String, _ db: Database) throws {
        guard try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM campaign WHERE id = ? AND deleted = 0)", arguments: [id]) == true else {
            throw GreenroomError.invalidInput("that campaign no longer exists")
        }
    }
}
