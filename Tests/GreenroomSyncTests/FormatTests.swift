import Foundation
import Testing
import GreenroomCore
@testable import GreenroomStore
@testable import GreenroomSync

/// A JSON value with its exact kind (JSONDecoder never reads `1` as `true`).
indirect enum JSON: Decodable, Equatable {
    case null, bool(Bool), int(Int64), double(Double), string(String), array([JSON]), object([String: JSON])

    init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let i = try? c.decode(Int64.self) { self = .int(i) }
        else if let d = try? c.decode(Double.self) { self = .double(d) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([JSON].self) { self = .array(a) }
        else { self = .object(try c.decode([String: JSON].self)) }
    }

    static func parse(_ text: String) throws -> JSON { try JSONDecoder().decode(JSON.self, from: Data(text.utf8)) }
}

/// A validator for the subset of JSON Schema (2020-12) that docs/sync-op.schema.json uses.
/// A keyword it does not implement is an error, never silently ignored, so the schema
/// cannot claim more than is checked.
struct SchemaValidator {
    struct UnsupportedKeyword: Error { var keyword: String }
    static let annotations: Set<String> = ["$schema", "$id", "title", "description", "$defs"]
    static let keywords: Set<String> = ["type", "enum", "required", "properties", "additionalProperties", "minProperties",
                                        "propertyNames", "pattern", "$ref"]
    let root: JSON

    func validate(_ value: JSON) throws -> [String] { try validate(value, root, at: "$") }

    private func validate(_ value: JSON, _ schema: JSON, at path: String) throws -> [String] {
        guard case .object(let s) = schema else { return [] }
        for key in s.keys where !SchemaValidator.keywords.contains(key) && !SchemaValidator.annotations.contains(key) {
            throw UnsupportedKeyword(keyword: key)
        }
        var errors: [String] = []
        if case .string(let ref)? = s["$ref"] {
            guard ref.hasPrefix("#/$defs/"), case .object(let top) = root, case .object(let defs)? = top["$defs"],
                  let target = defs[String(ref.dropFirst(8))] else { throw UnsupportedKeyword(keyword: "$ref \(ref)") }
            errors += try validate(value, target, at: path)
        }
        if let type = s["type"] {
            let allowed: [String]
            switch type {
            case .string(let t): allowed = [t]
            case .array(let ts): allowed = ts.compactMap { if case .string(let t) = $0 { return t } else { return nil } }
            default: allowed = []
            }
            let actual: String
            switch value {
            case .null: actual = "null"
            case .bool: actual = "boolean"
            case .int: actual = "integer"
            case .double: actual = "number"
            case .string: actual = "string"
            case .array: actual = "array"
            case .object: actual = "object"
            }
            if !allowed.contains(actual) && !(actual == "integer" && allowed.contains("number")) {
                errors.append("\(path): \(actual) is not \(allowed.joined(separator: " or "))")
            }
        }
        if case .array(let options)? = s["enum"], !options.contains(value) { errors.append("\(path): not one of the allowed values") }
        if case .string(let pattern)? = s["pattern"], case .string(let text) = value {
            let regex = try NSRegularExpression(pattern: pattern)
            if regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) == nil { errors.append("\(path): \"\(text)\" does not match \(pattern)") }
        }
        if case .object(let object) = value {
            if case .array(let required)? = s["required"] {
                for case .string(let key) in required where object[key] == nil { errors.append("\(path): \(key) is required") }
            }
            if case .int(let min)? = s["minProperties"], object.count < min { errors.append("\(path): fewer than \(min) properties") }
            var properties: [String: JSON] = [:]
            if case .object(let p)? = s["properties"] { properties = p }
            for (key, child) in object {
                if let names = s["propertyNames"] { errors += try validate(.string(key), names, at: "\(path) key \(key)") }
                if let sub = properties[key] {
                    errors += try validate(child, sub, at: "\(path).\(key)")
                } else if let extra = s["additionalProperties"] {
                    if extra == .bool(false) { errors.append("\(path): \(key) is not allowed") }
                    else { errors += try validate(child, extra, at: "\(path).\(key)") }
                }
            }
        }
        return errors
    }
}

@Suite struct FormatTests {
    static var schema: JSON {
        get throws { try JSON.parse(String(contentsOf: LaneRoot.url.appendingPathComponent("docs/sync-op.schema.json"), encoding: .utf8)) }
    }

    static var headerSchema: JSON {
        get throws { try JSON.parse(String(contentsOf: LaneRoot.url.appendingPathComponent("docs/sync-segment-header.schema.json"), encoding: .utf8)) }
    }

    @Test func everyLineWrittenToTheFolderMatchesTheSchemaAndIsCompactAndKeySorted() throws {
        let r = try Replica("a", device: device(1))
        let c = try #require(try r.store.creator(handle: try r.store.read { db in try String.fetchOne(db, sql: "SELECT handle FROM creator ORDER BY id LIMIT 1")! }))
        let ticket = try r.store.read { db in try String.fetchOne(db, sql: "SELECT id FROM ticket WHERE merged_into_id IS NULL ORDER BY id LIMIT 1")! }
        let fresh = Creator(id: UUIDv7.make(millis: pinnedNow), handle: "@schema.check", displayName: "Quote \" and \\ and é 🎉", kind: .affiliate,
                            market: "MX", language: "es", networkID: nil, ownerID: nil, stage: Stage.lead, source: .event, followers: 7,
                            notes: "line one\nline two", createdAt: pinnedNow)
        let event = TicketEvent(id: UUIDv7.make(millis: pinnedNow), ticketID: ticket, kind: .note, at: pinnedNow, actor: .agent, authorID: nil,
                                isPublic: false, body: "internal </script>")
        try r.store.apply(ChangeSet("all kinds", [
            .insertCreator(fresh, tags: ["vip"]),
            .update(.creator, id: c.id, fields: ["notes": FieldValue("x"), "followers": FieldValue(0), "email": .null]),
            .update(.creator, id: c.id, fields: ["deleted": FieldValue(true)]),
            .ticketAction(event, fields: ["status": FieldValue("pending")]),
            .insertActivity(Activity(id: UUIDv7.make(millis: pinnedNow), creatorID: fresh.id, kind: .call, authorID: nil, at: pinnedNow, summary: "hi")),
        ]), by: nil)
        _ = try r.store.setSLAWarningMinutes(45)
        try r.sync()
        let validator = SchemaValidator(root: try FormatTests.schema)
        var lines = 0
        for f in filesUnder(r.folder) where f.hasPrefix("ops/") {
            #expect(SyncFolder.isSegmentName((f as NSString).lastPathComponent))
            let data = try Data(contentsOf: URL(fileURLWithPath: r.folder + "/" + f))
            #expect(f.hasSuffix("-\(FNV1a.hex(of: data).prefix(8)).jsonl"), "the name carries the content hash")
            let text = String(decoding: data, as: UTF8.self)
            #expect(text.hasSuffix("\n"))
            for (index, line) in text.split(separator: "\n").enumerated() {
                // The first line is the segment's header (its own schema), the rest operations.
                if index == 0 {
                    let errors = try SchemaValidator(root: try FormatTests.headerSchema).validate(try JSON.parse(String(line)))
                    #expect(errors.isEmpty, "\(line): \(errors)")
                    #expect(String(line) == #"{"device":"\#(r.store.deviceID)","format":"greenroom-ops","segment":1,"version":1}"#)
                    continue
                }
                lines += 1
                let errors = try validator.validate(try JSON.parse(String(line)))
                #expect(errors.isEmpty, "\(line): \(errors)")
                let object = try JSONSerialization.jsonObject(with: Data(line.utf8))
                let canonical = String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]), as: UTF8.self)
                #expect(canonical == String(line), "not compact and key-sorted")
            }
        }
        #expect(lines == 9) // creator, stage event, tag, two sets, ticket set and event, activity, setting
    }

    @Test func wrongOperationsFailTheSchemaAndTheParser() throws {
        let validator = SchemaValidator(root: try FormatTests.schema)
        let good = #"{"entity":"creator","fields":{"deleted":true,"notes":"x"},"hlc":"000001795167000000-000001-a1b2c3d400000001","id":"019d264f-19fa-7de1-a9ea-faeb1c8cb4b9","op":"set","prev":{"notes":"000001795167000000-000000-a1b2c3d400000001"}}"#
        #expect(try validator.validate(try JSON.parse(good)).isEmpty)
        guard case .success = SyncOperation.parse(Data(good.utf8)) else { Issue.record("the parser refused a good line"); return }
        let bad = [
            good.replacingOccurrences(of: #","prev":{"notes":"000001795167000000-000000-a1b2c3d400000001"}"#, with: ""), // no prev
            good.replacingOccurrences(of: #""op":"set""#, with: #""op":"upsert""#),
            good.replacingOccurrences(of: #""entity":"creator""#, with: #""entity":"planet""#),
            good.replacingOccurrences(of: "000001795167000000-000001-", with: "1795167000000-1-"),
            good.replacingOccurrences(of: #""fields":{"deleted":true,"notes":"x"}"#, with: #""fields":{}"#),
            good.replacingOccurrences(of: #""notes":"x""#, with: #""notes":{"nested":1}"#),
            good.replacingOccurrences(of: #""op":"set""#, with: #""op":"set","extra":1"#),
            good.replacingOccurrences(of: "019d264f-19fa", with: "019D264F-19FA"),
            good.replacingOccurrences(of: #""notes":"x""#, with: #""Notes":"x""#),
        ]
        for line in bad {
            #expect(!(try validator.validate(try JSON.parse(line))).isEmpty, "the schema let through \(line)")
        }
        // The parser is at least as strict (it also knows each entity's fields), except that
        // it reads a missing prev as {}.
        for line in bad.dropFirst() {
            if case .success = SyncOperation.parse(Data(line.utf8)) { Issue.record("the parser let through \(line)") }
        }
        #expect(throws: SchemaValidator.UnsupportedKeyword.self) {
            _ = try SchemaValidator(root: try JSON.parse(#"{"type":"integer","minimum":3}"#)).validate(.int(1))
        }
    }
}

enum LaneRoot {
    static var url: URL {
        var dir = URL(fileURLWithPath: #filePath)
        while dir.path != "/" {
            dir.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: dir.appendingPathComponent("Package.swift").path) { return dir }
        }
        return dir
    }
}
