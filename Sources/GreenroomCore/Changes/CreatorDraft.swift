/// A creator as typed into the edit form: text in every field, validated before saving.
public struct CreatorDraft: Hashable, Sendable {
    public enum Field: String, CaseIterable, Sendable {
        case handle, displayName, kind, market, language, network, owner, team, stage, source, followers, email, phone, tags, notes

        public var label: String {
            switch self {
            case .handle: return "Handle"
            case .displayName: return "Name"
            case .kind: return "Kind"
            case .market: return "Market"
            case .language: return "Language"
            case .network: return "Network"
            case .owner: return "Owner"
            case .team: return "Team"
            case .stage: return "Stage"
            case .source: return "Source"
            case .followers: return "Followers"
            case .email: return "Email"
            case .phone: return "Phone"
            case .tags: return "Tags"
            case .notes: return "Notes"
            }
        }

        /// What the field accepts, shown under it while it has focus.
        public var hint: String {
            switch self {
            case .handle: return "@name: letters, digits, . _ -"
            case .displayName: return "as shown on the platform"
            case .kind: return CreatorKind.allCases.map(\.rawValue).joined(separator: ", ")
            case .market: return "ISO country code: US, MX, MY…"
            case .language: return "ISO 639 code such as en, es, ms (optional)"
            case .network: return "network name, empty for none"
            case .owner: return "@teammate, empty for none"
            case .team: return "team name (their new tickets go to it), empty for none"
            case .stage: return "pipeline stage"
            case .source: return CreatorSource.allCases.map(\.rawValue).joined(separator: ", ")
            case .followers: return "a whole number"
            case .email, .phone: return "optional"
            case .tags: return "comma-separated"
            case .notes: return "free text"
            }
        }
    }

    public var values: [Field: String]

    public init(values: [Field: String] = [:]) {
        self.values = values
    }

    public subscript(field: Field) -> String {
        get { values[field] ?? "" }
        set { values[field] = newValue }
    }

    /// A draft for a new creator with sensible defaults.
    public static func new(owner: String?, stage: String = Stage.lead) -> CreatorDraft {
        CreatorDraft(values: [.kind: CreatorKind.creator.rawValue, .stage: stage, .source: CreatorSource.outbound.rawValue,
                              .followers: "0", .owner: owner ?? ""])
    }

    /// A draft showing an existing creator.
    public static func editing(_ c: Creator, ownerHandle: String?, networkName: String?, tags: [String], teamName: String? = nil) -> CreatorDraft {
        CreatorDraft(values: [
            .handle: c.handle, .displayName: c.displayName, .kind: c.kind.rawValue, .market: c.market, .language: c.language,
            .network: networkName ?? "", .owner: ownerHandle ?? "", .team: teamName ?? "", .stage: c.stage, .source: c.source.rawValue,
            .followers: String(c.followers), .email: c.email ?? "", .phone: c.phone ?? "", .tags: tags.joined(separator: ", "),
            .notes: c.notes ?? "",
        ])
    }

    public var normalizedHandle: String {
        let h = self[.handle].trimmingCharacters(in: .whitespaces).lowercased()
        return h.hasPrefix("@") ? h : "@" + h
    }

    public var tagList: [String] {
        self[.tags].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    func trimmed(_ f: Field) -> String { self[f].trimmingCharacters(in: .whitespaces) }

    /// Problems that need no database to find.
    public func formatErrors(stages: [String] = Stage.all) -> [Field: String] {
        var errors: [Field: String] = [:]
        let handle = normalizedHandle
        let body = handle.dropFirst()
        if body.isEmpty {
            errors[.handle] = "a handle is required"
        } else if body.count > 30 || !body.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || "._-".unicodeScalars.contains($0) }) {
            errors[.handle] = "use up to 30 letters, digits, dots, dashes or underscores"
        }
        if trimmed(.displayName).isEmpty { errors[.displayName] = "a name is required" }
        if CreatorKind(rawValue: trimmed(.kind).lowercased()) == nil { errors[.kind] = "one of \(Field.kind.hint)" }
        let market = trimmed(.market).uppercased()
        if market.isEmpty {
            errors[.market] = "a market is required"
        } else if !Market.isValid(market) {
            errors[.market] = "\"\(trimmed(.market))\" is not an ISO country code"
        }
        let language = trimmed(.language)
        if !language.isEmpty && !(2...3).contains(language.count) { errors[.language] = "use a 2- or 3-letter code" }
        if !stages.contains(trimmed(.stage).lowercased()) { errors[.stage] = "one of \(stages.joined(separator: ", "))" }
        if CreatorSource(rawValue: trimmed(.source).lowercased()) == nil { errors[.source] = "one of \(Field.source.hint)" }
        if let n = Int(trimmed(.followers).replacingOccurrences(of: ",", with: "")), n >= 0 {
            // fine
        } else {
            errors[.followers] = "a whole number, 0 or more"
        }
        let email = trimmed(.email)
        if !email.isEmpty && (!email.contains("@") || email.contains(" ")) { errors[.email] = "not an email address" }
        return errors
    }

    /// The creator this draft describes (for a new one; validate first).
    public func creator(id: String, createdAt: Millis, ownerID: String?, networkID: String?, teamID: String? = nil) -> Creator {
        Creator(id: id, handle: normalizedHandle, displayName: trimmed(.displayName),
                kind: CreatorKind(rawValue: trimmed(.kind).lowercased()) ?? .creator, market: trimmed(.market).uppercased(),
                language: trimmed(.language).lowercased(), networkID: networkID, ownerID: ownerID, stage: trimmed(.stage).lowercased(),
                source: CreatorSource(rawValue: trimmed(.source).lowercased()) ?? .outbound,
                followers: Int(trimmed(.followers).replacingOccurrences(of: ",", with: "")) ?? 0,
                email: trimmed(.email).isEmpty ? nil : trimmed(.email), phone: trimmed(.phone).isEmpty ? nil : trimmed(.phone),
                notes: self[.notes].isEmpty ? nil : self[.notes], createdAt: createdAt, teamID: teamID)
    }

    /// The changes that turn `original` into this draft (stage moves are separate events).
    /// `teamID`: the team the draft names (`.some(nil)`: none); not given, the team stays.
    public func changes(from original: Creator, originalTags: [String], ownerID: String?, networkID: String?, teamID: String?? = .none) -> [Change] {
        let target = creator(id: original.id, createdAt: original.createdAt, ownerID: ownerID, networkID: networkID,
                             teamID: teamID ?? original.teamID)
        var fields: [String: FieldValue] = [:]
        func set(_ f: CreatorField, _ new: FieldValue, _ old: FieldValue) { if new != old { fields[f.rawValue] = new } }
        set(.handle, FieldValue(target.handle), FieldValue(original.handle))
        set(.displayName, FieldValue(target.displayName), FieldValue(original.displayName))
        set(.kind, FieldValue(target.kind.rawValue), FieldValue(original.kind.rawValue))
        set(.market, FieldValue(target.market), FieldValue(original.market))
        set(.language, FieldValue(target.language), FieldValue(original.language))
        set(.networkID, FieldValue(target.networkID), FieldValue(original.networkID))
        set(.ownerID, FieldValue(target.ownerID), FieldValue(original.ownerID))
        set(.teamID, FieldValue(target.teamID), FieldValue(original.teamID))
        set(.source, FieldValue(target.source.rawValue), FieldValue(original.source.rawValue))
        set(.followers, FieldValue(target.followers), FieldValue(original.followers))
        set(.email, FieldValue(target.email), FieldValue(original.email))
        set(.phone, FieldValue(target.phone), FieldValue(original.phone))
        set(.notes, FieldValue(target.notes), FieldValue(original.notes))
        var out: [Change] = []
        if !fields.isEmpty { out.append(.update(.creator, id: original.id, fields: fields)) }
        if target.stage != original.stage { out.append(.moveStage(creatorID: original.id, to: target.stage, reason: nil)) }
        let newTags = Set(tagList.map { $0.lowercased() })
        let oldTags = Set(originalTags)
        if newTags != oldTags {
            out.append(.tags(creatorID: original.id, add: newTags.subtracting(oldTags).sorted(), remove: oldTags.subtracting(newTags).sorted()))
        }
        return out
    }
}

import Foundation

/// An activity as the form collects it; the runner gives it an id and an author.
public struct ActivityDraft: Hashable, Sendable {
    public var creatorID: String
    public var kind: ActivityKind
    public var summary: String
    public var nextStep: String?
    public var followUpDue: Millis?

    public init(creatorID: String, kind: ActivityKind, summary: String, nextStep: String?, followUpDue: Millis?) {
        self.creatorID = creatorID; self.kind = kind; self.summary = summary; self.nextStep = nextStep; self.followUpDue = followUpDue
    }
}

/// One action applied to many creators at once.
public struct BulkPlan: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        case assignOwner(handle: String?)
        case addTag(String)
        case removeTag(String)
        case moveStage(String)
        case logWorkshop(summary: String)
    }

    public var kind: Kind
    public var creatorIDs: [String]

    public init(_ kind: Kind, creatorIDs: [String]) {
        self.kind = kind
        self.creatorIDs = creatorIDs
    }

    /// "Assign 1,204 creators to @ana"
    public func describe(count: String) -> String {
        switch kind {
        case .assignOwner(let h?): return "Assign \(count) to \(h)"
        case .assignOwner(nil): return "Remove the owner of \(count)"
        case .addTag(let t): return "Tag \(count) with \(t)"
        case .removeTag(let t): return "Remove tag \(t) from \(count)"
        case .moveStage(let s): return "Move \(count) to \(s)"
        case .logWorkshop(let summary): return "Log workshop \"\(summary)\" for \(count)"
        }
    }
}
