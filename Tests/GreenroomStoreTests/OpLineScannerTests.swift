import Foundation
import Testing
import GreenroomCore
@testable import GreenroomStore

/// The byte scanner must read every line it reads exactly as the JSONSerialization path
/// does; lines it does not understand go to that path. Compared on generated lines full of
/// hostile text, and on thousands of damaged copies of them.
@Suite struct OpLineScannerTests {
    static let texts = [
        "plain", "", "quote\"d", "back\\slash", "new\nline\r\n", "tab\t", "nul\u{0}byte", "\u{1F}\u{7F}", "é naïve", "日本語",
        "🎉 party 👩🏽‍💻", "/slash/", "\u{2028}\u{2029}", "\u{202E}reversed", "\u{1B}[31mred\u{1B}[0m", "a\u{0301}", "mid\u{FEFF}dle",
        String(repeating: "long ", count: 80),
    ]
    static let numbers: [Int64] = [0, 1, -1, 42, 5000, -987_654_321, 999_999_999_999_999_999, -999_999_999_999_999_999, .max, .min]

    static func randomValue(_ rng: inout SeededGenerator) -> Any {
        switch rng.below(6) {
        case 0, 1: return rng.pick(texts) + (rng.chance(0.3) ? rng.pick(texts) : "")
        case 2: return NSNumber(value: rng.pick(numbers))
        case 3: return NSNumber(value: rng.chance(0.5))
        case 4: return NSNull()
        default: return NSNumber(value: rng.below(1_000_000))
        }
    }

    /// Every non-ASCII character as `\uXXXX` (pairs for astral ones), as other writers may.
    static func asciiOnly(_ json: String) -> String {
        var out = ""
        for unit in json.utf16 {
            if unit < 0x80 { out.unicodeScalars.append(Unicode.Scalar(unit)!) } else { out += String(format: "\\u%04x", unit) }
        }
        return out
    }

    static func line(_ rng: inout SeededGenerator) -> String {
        let entity = rng.pick([Entity.creator, .ticket, .activity, .ticketEvent, .campaign])
        let names = Array(SyncOperation.fields(of: entity)).sorted()
        var fields: [String: Any] = [:]
        var prev: [String: Any] = [:]
        let hlc = HLC(physical: 1_763_717_400_000 + Int64(rng.below(1000)), counter: rng.below(5), device: "00000000000000aa")
        for _ in 0..<(1 + rng.below(4)) {
            let name = rng.chance(0.05) ? "colour" : rng.pick(names)
            fields[name] = randomValue(&rng)
            if rng.chance(0.3) { prev[name] = HLC(physical: hlc.physical - 5, counter: 0, device: "00000000000000bb").encoded }
        }
        var object: [String: Any] = [
            "entity": entity.rawValue, "fields": fields, "hlc": hlc.encoded, "id": "019d264f-19fa-7de1-a9ea-\(String(format: "%012x", rng.below(1 << 40)))",
            "op": rng.chance(0.5) ? "insert" : "set",
        ]
        if rng.chance(0.8) { object["prev"] = prev }
        let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        let text = String(decoding: data, as: UTF8.self)
        return rng.chance(0.3) ? asciiOnly(text) : text
    }

    /// The scanner's answer (nil when it leaves the line to JSONSerialization) and that path's.
    static func both(_ bytes: [UInt8]) -> (fast: Result<SyncOperation, SyncLineError>?, slow: Result<SyncOperation, SyncLineError>) {
        let fast = bytes.withUnsafeBytes { raw in
            OpLineScanner.scan(raw).map { SyncOperation.validate($0, source: String(decoding: raw, as: UTF8.self)) }
        }
        return (fast, SyncOperation.parseWithFoundation(Data(bytes)))
    }

    @Test func generatedLinesReadTheSameBothWaysAndTheScannerTakesThem() {
        var rng = SeededGenerator(seed: 7)
        var scanned = 0, total = 0, succeeded = 0
        for _ in 0..<3_000 {
            let text = OpLineScannerTests.line(&rng)
            let (fast, slow) = OpLineScannerTests.both(Array(text.utf8))
            total += 1
            if case .success = slow { succeeded += 1 }
            guard let fast else { continue }
            scanned += 1
            #expect(fast == slow, "\(text)")
        }
        // Only numbers beyond 18 digits are left to JSONSerialization among these lines.
        #expect(scanned > total * 8 / 10, "scanned \(scanned) of \(total)")
        #expect(succeeded > total / 4)
    }

    @Test func damagedLinesNeverReadDifferently() {
        var rng = SeededGenerator(seed: 11)
        let alphabet = Array("{}[]\":,\\ \t0123456789-+.eEtrufalsn/u".utf8) + [0x00, 0x0A, 0x7F, 0x80, 0xC3, 0xA9, 0xED, 0xA0, 0xFF]
        var compared = 0
        for _ in 0..<1_500 {
            let original = Array(OpLineScannerTests.line(&rng).utf8)
            for _ in 0..<6 {
                var bytes = original
                for _ in 0..<(1 + rng.below(3)) {
                    let i = rng.below(bytes.count)
                    switch rng.below(4) {
                    case 0: bytes.remove(at: i)
                    case 1: bytes.insert(rng.pick(alphabet), at: i)
                    case 2: bytes[i] = rng.pick(alphabet)
                    default: bytes = Array(bytes[..<i])
                    }
                    if bytes.isEmpty { bytes = [0x7B] }
                }
                let (fast, slow) = OpLineScannerTests.both(bytes)
                guard let fast else { continue }
                compared += 1
                #expect(fast == slow, "\(String(decoding: bytes, as: UTF8.self))")
            }
        }
        #expect(compared > 1_000)
    }

    /// The one place the two paths part: Foundation drops a U+FEFF that starts a string value
    /// (it reads it as a byte-order mark), so a peer would have stored a different value from
    /// the writer's. The scanner keeps the value as written.
    @Test func aLeadingByteOrderMarkIsKeptAsWritten() throws {
        for notes in ["\u{FEFF}hello", #"\ufeffhello"#] {
            let text = #"{"entity":"creator","fields":{"notes":"\#(notes)"},"hlc":"000001763717400000-000001-00000000000000aa","id":"019d264f-19fa-7de1-a9ea-000000000001","op":"set","prev":{}}"#
            let fast = try #require(OpLineScannerTests.both(Array(text.utf8)).fast)
            #expect(try fast.get().fields["notes"] == .text("\u{FEFF}hello"))
        }
    }

    @Test func handWrittenEdgeCases() {
        let hlc = "000001763717400000-000001-00000000000000aa"
        let id = "019d264f-19fa-7de1-a9ea-000000000001"
        func line(_ fields: String, prev: String = #","prev":{}"#) -> String {
            #"{"entity":"creator","fields":\#(fields),"hlc":"\#(hlc)","id":"\#(id)","op":"set"\#(prev)}"#
        }
        let cases: [String] = [
            line(#"{"followers":5000}"#), line(#"{"followers":-0}"#), line(#"{"followers":05}"#), line(#"{"followers":1.0}"#),
            line(#"{"followers":1e3}"#), line(#"{"followers":12345678901234567890}"#), line(#"{"notes":"\ud83c\udf89"}"#),
            line(#"{"notes":"\ud83c"}"#), line(#"{"notes":"\udf89x"}"#), line(#"{"notes":"\u0000"}"#), line(#"{"notes":"\x"}"#),
            line(#"{"notes":"a","notes":"b"}"#), line(#"{"notes":{"a":1}}"#), line(#"{"notes":[1]}"#), line(#"{"notes":true}"#),
            line(#"{"notes":null}"#), line(#"{}"#), line(#"{"notes":"x"}"#, prev: ""), line(#"{"notes":"x"}"#, prev: #","prev":null"#),
            line(#"{"notes":"x"}"#, prev: #","prev":{"notes":5}"#), line(#"{"notes":"x"}"#, prev: #","prev":{"notes":"000001763717300000-000000-00000000000000bb"}"#),
            " \t" + line(#"{ "notes" : "spaced" }"#) + " \r", line(#"{"notes":"x"}"#) + "x", "{}", "[]", "", "nul",
            line(#"{"notes":"x"}"#).replacingOccurrences(of: #""op":"set""#, with: #""op":"set","op":"insert""#),
            line(#"{"notes":"x"}"#).replacingOccurrences(of: #""op":"set""#, with: #""\u006fp":"set""#),
        ]
        var scanned = 0
        for text in cases {
            let (fast, slow) = OpLineScannerTests.both(Array(text.utf8))
            if let fast {
                scanned += 1
                #expect(fast == slow, "\(text)")
            }
        }
        #expect(scanned >= 8)
        // Invalid UTF-8 inside a string is never read by the scanner.
        var bad = Array(line(#"{"notes":"ab"}"#).utf8)
        bad.insert(0xFF, at: bad.firstIndex(of: UInt8(ascii: "b"))!)
        #expect(OpLineScannerTests.both(bad).fast == nil)
    }
}
