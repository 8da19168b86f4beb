import Foundation
import GRDB
import Testing
import GreenroomCore
@testable import GreenroomStore

/// String lists are written by hand (`JSONText.encode`, for `json_each` and TEXT columns): the
/// bytes must be Foundation's encoder's, and any text must come back from SQLite byte for byte.
@Suite struct JSONListTests {
    @Test func anyTextRoundTripsThroughJSONEach() throws {
        var rng = SplitMix(seed: 77)
        var strings = ["", "plain", "01a1f84a-95c0-7d39-9579-e94e7dcf1dde", "quote \" inside", "back\\slash", "tab\tnew\nline\r",
                       "\u{0}nul", "\u{1F}unit", "Zoë 🎉", "\u{7F}del", "\\\"", "end\\"]
        let alphabet: [Character] = ["a", "\"", "\\", "\n", "\u{1}", "é", "🎥", " ", "/", "\u{2028}"]
        for _ in 0..<300 { strings.append(String((0..<rng.next(12)).map { _ in alphabet[rng.next(alphabet.count)] })) }
        let json = JSONText.encode(strings)
        #expect(json == (try JSONOutput.string(strings, pretty: false)), "the same bytes as JSONEncoder")
        let decoded = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String]
        #expect(decoded == strings)
        // SQLite's text stops at a NUL (ids never hold one: every write refuses it), so the
        // round trip through SQLite is checked on the rest.
        let texts = strings.filter { !$0.contains("\u{0}") }
        let queue = try DatabaseQueue()
        let back = try queue.read { db in
            try String.fetchAll(db, sql: "SELECT value FROM json_each(?) ORDER BY key", arguments: [JSONText.encode(texts)])
        }
        #expect(back == texts)
        #expect(JSONText.encode([String]()) == "[]")
    }
}
