import Foundation
import GreenroomCore

/// One operation of a sync folder's op file: one line of compact, key-sorted JSON
/// (docs/sync-format.md, docs/sync-op.schema.json):
///
///     {"entity":"creator","fields":{"followers":5000},"hlc":"…","id":"…","op":"set","prev":{"followers":"…"}}
///
/// `insert` creates a row (every field stamped with `hlc`); `set` changes some fields of a row,
/// `prev` naming for each field the stamp its writer overwrote. A delete is `"deleted":true`.
/// Parsing is strict: anything not in the format is a reason, never a crash.
public struct SyncOperation: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable { case set, insert }

    /// An operation's parts live in one immutable object: a first sync moves a million of
    /// them from the thread that parses to the thread that applies, through arrays that are
    /// sorted and grouped, and a copy is then one reference count rather than one per
    /// string and dictionary inside (copies and releases of the unboxed struct were a tenth
    /// of the applying thread).
    private final class Storage: Sendable {
        let kind: Kind
        let entity: Entity
        let id: String
        // Fields are kept as two arrays in name order, not also as a dictionary: a
        // dictionary was ~1.3 KB of a parsed operation, and a first sync holds two
        // segments' worth (40,000) at once (issue 23: its peak memory).
        let fieldNames: [String]
        let values: [FieldValue]
        let hlc: HLC
        let stamp: String
        let prev: [String: HLC]
        let source: String
        let problem: String?

        init(kind: Kind, entity: Entity, id: String, fields: [String: FieldValue], hlc: HLC, prev: [String: HLC], source: String) {
            self.kind = kind; self.entity = entity; self.id = id
            fieldNames = fields.keys.sorted()
            values = fieldNames.map { fields[$0]! }
            self.hlc = hlc; stamp = hlc.encoded; self.prev = prev; self.source = source
            problem = FieldRules.problem(entity: entity, names: fieldNames, values: values, insert: kind == .insert)
        }
    }
    private let storage: Storage

    public var kind: Kind { storage.kind }
    public var entity: Entity { storage.entity }
    public var id: String { storage.id }
    /// The fields as a dictionary (built on each call: `field(_:)` looks one up without it).
    public var fields: [String: FieldValue] { Dictionary(uniqueKeysWithValues: zip(storage.fieldNames, storage.values)) }
    /// The value of field `name`, if the operation carries it.
    public func field(_ name: String) -> FieldValue? {
        for (i, n) in storage.fieldNames.enumerated() where n == name { return storage.values[i] }
        return nil
    }
    /// The names of `fields` in order, and their values in the same order, computed where
    /// the line is parsed (on the reading thread): an insert binds its values in this order.
    public var fieldNames: [String] { storage.fieldNames }
    public var fieldValues: [FieldValue] { storage.values }
    public var hlc: HLC { storage.hlc }
    /// `hlc` as text (`hlc.encoded`), computed once.
    public var stamp: String { storage.stamp }
    public var prev: [String: HLC] { storage.prev }
    /// The JSON line it was read from (kept for pending and quarantined operations).
    public var source: String { storage.source }
    /// The first field that breaks a field rule (`FieldRules`), as `field: reason`; checked
    /// where the line is parsed (on the reading thread). An operation with a problem is
    /// quarantined, never applied.
    public var problem: String? { storage.problem }

    public init(kind: Kind, entity: Entity, id: String, fields: [String: FieldValue], hlc: HLC, prev: [String: HLC], source: String) {
        storage = Storage(kind: kind, entity: entity, id: id, fields: fields, hlc: hlc, prev: prev, source: source)
    }

    public static func == (a: SyncOperation, b: SyncOperation) -> Bool {
        a.storage === b.storage || (a.kind == b.kind && a.entity == b.entity && a.id == b.id && a.fieldNames == b.fieldNames && a.fieldValues == b.fieldValues
            && a.hlc == b.hlc && a.prev == b.prev && a.source == b.source)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(kind); hasher.combine(entity); hasher.combine(id); hasher.combine(fieldNames); hasher.combine(fieldValues)
        hasher.combine(hlc); hasher.combine(prev); hasher.combine(source)
    }

    /// The fields a sync operation may carry for `entity`: its synced columns, without `id`.
    public static func fields(of entity: Entity) -> Set<String> { fieldSets[entity] ?? [] }

    private static let fieldSets: [Entity: Set<String>] = {
        var sets: [Entity: Set<String>] = [:]
        for entity in Entity.allCases { sets[entity] = Set(Store.columns(of: entity).dropFirst()) }
        return sets
    }()

    /// Parses one line (without its newline). The error is the one-line reason a report shows.
    public static func parse(_ line: Data) -> Result<SyncOperation, SyncLineError> {
        line.withUnsafeBytes { parse(bytes: $0) }
    }

    /// Parses one line from its bytes: the common flat line by `OpLineScanner`, anything
    /// else (and every malformed line) by JSONSerialization — same result either way.
    public static func parse(bytes line: UnsafeRawBufferPointer) -> Result<SyncOperation, SyncLineError> {
        if let wire = OpLineScanner.scan(line) {
            return validate(wire, source: String(decoding: line, as: UTF8.self))
        }
        return parseWithFoundation(Data(line))
    }

    /// The general path. JSONSerialization rather than JSONDecoder: four times faster per
    /// line here, and its numbers say whether they were written as `true`/`false`, an
    /// integer or a fraction.
    static func parseWithFoundation(_ line: Data) -> Result<SyncOperation, SyncLineError> {
        guard let parsed = try? JSONSerialization.jsonObject(with: line) else { return .failure(SyncLineError("not valid JSON")) }
        guard let object = parsed as? [String: Any] else { return .failure(SyncLineError("not a JSON object")) }
        if let extra = object.keys.sorted().first(where: { !wireKeys.contains($0) }) {
            return .failure(SyncLineError("unknown key \"\(clip(extra))\""))
        }
        func string(_ key: String) -> Result<String, SyncLineError> {
            guard let value = object[key] else { return .failure(SyncLineError("missing \"\(key)\"")) }
            guard let text = value as? String else { return .failure(SyncLineError("\(key) must be a string")) }
            return .success(text)
        }
        let op: String, entity: String, id: String, hlc: String
        switch (string("op"), string("entity"), string("id"), string("hlc")) {
        case (.success(let o), .success(let e), .success(let i), .success(let h)): (op, entity, id, hlc) = (o, e, i, h)
        case (.failure(let e), _, _, _), (_, .failure(let e), _, _), (_, _, .failure(let e), _), (_, _, _, .failure(let e)): return .failure(e)
        }
        guard let rawFields = object["fields"] else { return .failure(SyncLineError("missing \"fields\"")) }
        guard let fieldObject = rawFields as? [String: Any] else { return .failure(SyncLineError("fields must be an object")) }
        var fields: [String: FieldValue] = [:]
        for (name, value) in fieldObject {
            guard let v = fieldValue(value) else {
                return .failure(SyncLineError("fields.\(clip(name)): a value must be a string, an integer, true, false or null"))
            }
            fields[name] = v
        }
        var prev: [String: String]?
        if let rawPrev = object["prev"] {
            guard let p = rawPrev as? [String: Any] else { return .failure(SyncLineError("prev must be an object")) }
            var stamps: [String: String] = [:]
            for (name, value) in p {
                guard let text = value as? String else { return .failure(SyncLineError("prev.\(clip(name)) must be a clock stamp")) }
                stamps[name] = text
            }
            prev = stamps
        }
        let wire = Wire(op: op, entity: entity, id: id, fields: fields, hlc: hlc, prev: prev)
        return validate(wire, source: String(decoding: line, as: UTF8.self))
    }

    private static let wireKeys: Set<String> = ["op", "entity", "id", "fields", "hlc", "prev"]

    /// A JSON value as a field value: strings, integers, booleans (as 0/1) and null.
    private static func fieldValue(_ value: Any) -> FieldValue? {
        if value is NSNull { return .null }
        if let s = value as? String { return .text(s) }
        if let n = value as? NSNumber {
            switch n.objCType.pointee {
            case CChar(UInt8(ascii: "c")): return .int(n.boolValue ? 1 : 0)
            case CChar(UInt8(ascii: "d")), CChar(UInt8(ascii: "f")): return nil
            default: return .int(n.int64Value)
            }
        }
        return nil
    }

    static func validate(_ wire: Wire, source: String) -> Result<SyncOperation, SyncLineError> {
        guard let kind = Kind(rawValue: wire.op) else { return .failure(SyncLineError("unknown op \"\(clip(wire.op))\" (set or insert)", unknownToThisBuild: true)) }
        guard let entity = Entity(rawValue: wire.entity) else { return .failure(SyncLineError("unknown entity \"\(clip(wire.entity))\"", unknownToThisBuild: true)) }
        guard let hlc = HLC(encoded: wire.hlc) else { return .failure(SyncLineError("hlc \"\(clip(wire.hlc))\" is not a clock stamp")) }
        guard isValidID(wire.id, entity: entity) else { return .failure(SyncLineError("id \"\(clip(wire.id))\" is not a valid \(entity.rawValue) id")) }
        guard !wire.fields.isEmpty else { return .failure(SyncLineError("no fields")) }
        let allowed = fields(of: entity)
        if let unknown = wire.fields.keys.sorted().first(where: { !allowed.contains($0) }) {
            return .failure(SyncLineError("unknown field \"\(clip(unknown))\" of \(entity.rawValue)", unknownToThisBuild: true))
        }
        if entity == .setting {
            guard kind == .set else { return .failure(SyncLineError("a setting is written with op set")) }
            guard case .text(let json)? = wire.fields["value"],
                  (try? JSONSerialization.jsonObject(with: Data(json.utf8), options: [.fragmentsAllowed])) != nil else {
                return .failure(SyncLineError("a setting's value must be JSON text"))
            }
        }
        var prev: [String: HLC] = [:]
        // In name order, so a line with two bad stamps always names the same one.
        for (field, text) in (wire.prev ?? [:]).sorted(by: { $0.key < $1.key }) {
            guard wire.fields[field] != nil else { return .failure(SyncLineError("prev names \"\(clip(field))\", which the op does not set")) }
            guard let stamp = HLC(encoded: text) else { return .failure(SyncLineError("prev of \(field) is not a clock stamp")) }
            guard stamp < hlc else { return .failure(SyncLineError("prev of \(field) is not older than the op")) }
            prev[field] = stamp
        }
        return .success(SyncOperation(kind: kind, entity: entity, id: wire.id, fields: wire.fields, hlc: hlc, prev: prev,
                                      source: source))
    }

    /// Record ids are lowercase UUIDs (`8-4-4-4-12` hex); settings are named by a key of
    /// lowercase letters, digits, `.`, `_` and `-`.
    static func isValidID(_ id: String, entity: Entity) -> Bool {
        let bytes = Array(id.utf8)
        if entity == .setting {
            return !bytes.isEmpty && bytes.count <= 64
                && bytes.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 46 || $0 == 95 || $0 == 45 }
        }
        guard bytes.count == 36 else { return false }
        for (i, b) in bytes.enumerated() {
            if i == 8 || i == 13 || i == 18 || i == 23 {
                if b != 45 { return false }
            } else if !((b >= 48 && b <= 57) || (b >= 97 && b <= 102)) {
                return false
            }
        }
        return true
    }

    private static func clip(_ text: String) -> String {
        let safe = TerminalText.sanitize(text)
        return safe.count > 40 ? String(safe.prefix(40)) + "…" : safe
    }

    /// The line's parts, before their values are checked.
    struct Wire {
        var op: String
        var entity: String
        var id: String
        var fields: [String: FieldValue]
        var hlc: String
        var prev: [String: String]?
    }
}

/// Why a line of an op file was not applied.
public struct SyncLineError: Error, Sendable, Hashable, CustomStringConvertible {
    public var reason: String
    /// The line names an op, entity or field this build does not know: most likely written by
    /// a newer Greenroom. Its file is read again at every sync (`Syncer.importFolder`) instead
    /// of being recorded as read, so the line is applied once this laptop is upgraded.
    public var unknownToThisBuild: Bool
    public init(_ reason: String, unknownToThisBuild: Bool = false) { self.reason = reason; self.unknownToThisBuild = unknownToThisBuild }
    public var description: String { reason }
}

extension Store {
    /// The synced columns of each entity's table, `id` first (`setting` is named by `key`
    /// and has one field, `value`).
    static func columns(of entity: Entity) -> [String] {
        switch entity {
        case .member: return Member.columns
        case .network: return Network.columns
        case .creator: return Creator.columns
        case .creatorTag: return CreatorTag.columns
        case .stageEvent: return StageEvent.columns
        case .liveSession: return LiveSession.columns
        case .activity: return Activity.columns
        case .ticket: return Ticket.columns
        case .ticketTag: return TicketTag.columns
        case .ticketEvent: return TicketEvent.columns
        case .slaPolicy: return SLAPolicy.columns + ["deleted"]
        case .article: return Article.columns
        case .setting: return ["key", "value"]
        case .campaign: return Campaign.columns
        case .campaignEnrolment: return CampaignEnrolment.columns
        case .campaignTier: return CampaignTier.columns
        case .conflictDecision: return ConflictDecision.columns
        case .program: return Program.columns
        case .programModule: return ProgramModule.columns
        case .programEnrolment: return ProgramEnrolment.columns
        case .moduleCompletion: return ModuleCompletion.columns
        case .workshop: return Workshop.columns
        case .workshopInvite: return WorkshopInvite.columns
        case .incentiveTask: return IncentiveTask.columns
        case .community: return Community.columns
        case .communityMember: return CommunityMember.columns
        case .resourceSend: return ResourceSend.columns
        case .team: return Team.columns
        case .teamMember: return TeamMember.columns
        case .shiftException: return ShiftException.columns
        case .automationRule: return AutomationRule.columns
        case .ruleFiring: return RuleFiring.columns
        case .qaReview: return QAReview.columns
        case .coachingItem: return CoachingItem.columns
        }
    }
}

extension FieldValue {
    /// The value as a JSON fragment (`null`, `42`, `"text"`), as the conflict table keeps it.
    ///
    /// Written by hand (a sync records one per field it merges; `JSONSerialization` cost more
    /// than the write): `"` and `\\` escaped, control characters as `\\n`, `\\t`, … or
    /// `\\u00XX`, everything else as it is — valid JSON that `init(jsonFragment:)` reads back.
    var jsonFragment: String {
        switch self {
        case .null: return "null"
        case .int(let i): return String(i)
        case .text(let s):
            var out = "\""
            out.reserveCapacity(s.utf8.count + 2)
            for scalar in s.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                case "\u{08}": out += "\\b"
                case "\u{0C}": out += "\\f"
                default:
                    if scalar.value < 0x20 {
                        let hex = String(scalar.value, radix: 16)
                        out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                    } else {
                        out.unicodeScalars.append(scalar)
                    }
                }
            }
            out += "\""
            return out
        }
    }

    /// Reads a fragment written by `jsonFragment`.
    init(jsonFragment text: String) {
        guard let value = try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]) else { self = .null; return }
        if let s = value as? String { self = .text(s) } else if let n = value as? NSNumber { self = .int(n.int64Value) } else { self = .null }
    }
}
