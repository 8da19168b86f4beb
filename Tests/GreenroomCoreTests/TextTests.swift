import Foundation
import Testing
@testable import GreenroomCore

@Suite struct TextTests {
    @Test func widthsFollowTheTerminalConvention() {
        #expect(DisplayWidth.of("abc") == 3)
        #expect(DisplayWidth.of("直播") == 4)
        #expect(DisplayWidth.of("🎥") == 2)
        #expect(DisplayWidth.of("Zoë 直播 🎥") == 11)
        #expect(DisplayWidth.of("e\u{301}") == 1) // combining acute takes no column
        #expect(DisplayWidth.of("ＡＢ") == 4)    // fullwidth letters
        #expect(DisplayWidth.of("한국") == 4)
    }

    @Test func sanitizeMakesEscapeSequencesVisibleInsteadOfActive() {
        #expect(TerminalText.sanitize("Evil\u{1B}[2Jname") == "Evil␛[2Jname")
        #expect(TerminalText.sanitize("bell\u{07}") == "bell␇")
        #expect(TerminalText.sanitize("del\u{7F}") == "del␡")
        #expect(TerminalText.sanitize("c1\u{9B}31m") == "c1\u{FFFD}31m")
    }

    @Test func sanitizeRemovesFormatCharactersThatReorderOrHideText() {
        #expect(TerminalText.sanitize("abc\u{202E}def") == "abcdef")   // right-to-left override
        #expect(TerminalText.sanitize("a\u{200B}b\u{FEFF}c") == "abc")  // zero-width space, BOM
        #expect(TerminalText.sanitize("👩\u{200D}💻") == "👩💻")          // ZWJ sequences split
    }

    @Test func sanitizeFoldsLineBreaksUnlessMultiline() {
        #expect(TerminalText.sanitize("one\ntwo\tthree\r") == "one two three ")
        #expect(TerminalText.sanitize("one\ntwo", multiline: true) == "one\ntwo")
    }

    @Test func sanitizeComposesToNFC() {
        #expect(TerminalText.sanitize("Zoe\u{308}") == "Zoë")
        #expect(TerminalText.sanitize("Zoe\u{308}").unicodeScalars.count == 3)
    }

    @Test func truncateAndFitCountColumnsNotCharacters() {
        #expect(TerminalText.truncate("直播直播", width: 5) == "直播…")
        #expect(TerminalText.fit("直播", width: 6) == "直播  ")
        #expect(TerminalText.fit("abc", width: 5, alignRight: true) == "  abc")
        #expect(TerminalText.truncate("short", width: 10) == "short")
    }

    @Test func relativeTimesAreCompact() {
        let now: Millis = 1_000_000_000_000
        #expect(RelativeTime.ago(nil, now: now) == "—")
        #expect(RelativeTime.ago(now - 30_000, now: now) == "now")
        #expect(RelativeTime.ago(now - 12 * Time.minute, now: now) == "12m")
        #expect(RelativeTime.ago(now - 3 * Time.hour, now: now) == "3h")
        #expect(RelativeTime.ago(now - 4 * Time.day, now: now) == "4d")
        #expect(RelativeTime.ago(now - 30 * Time.day, now: now) == "4w")
        #expect(RelativeTime.countdown(to: now + 41 * Time.minute, now: now) == "41m")
        #expect(RelativeTime.countdown(to: now - 12 * Time.minute, now: now) == "-12m")
        #expect(RelativeTime.countdown(to: now + 125 * Time.minute, now: now) == "2h05")
        #expect(RelativeTime.countdown(to: now + 50 * Time.hour, now: now) == "2d")
    }
}

@Suite struct JSONOutputTests {
    @Test func writesWhatJSONSerializationWroteWithKeysInCodePointOrder() throws {
        let title: String? = "a/b \"quoted\" é 🎉"
        let missing: String? = nil
        let parsed = try JSONSerialization.jsonObject(with: Data(#"{"n": 3, "f": 0.25, "t": true, "z": 0}"#.utf8))
        let object: [String: Any] = ["b": [1, 2.5, "x", NSNull()], "a": ["title": title as Any, "missing": missing as Any],
                                     "parsed": parsed, "count": Int64(1_795_167_000_000), "ok": false]
        let text = try JSONOutput.string(object)
        #expect(text == """
            {
              "a" : {
                "missing" : null,
                "title" : "a/b \\"quoted\\" é 🎉"
              },
              "b" : [
                1,
                2.5,
                "x",
                null
              ],
              "count" : 1795167000000,
              "ok" : false,
              "parsed" : {
                "f" : 0.25,
                "n" : 3,
                "t" : true,
                "z" : 0
              }
            }
            """)
        #expect(try JSONOutput.string(["b": 1, "a": [true]], pretty: false) == #"{"a":[true],"b":1}"#)
        // What JSON cannot hold is an error, not a silent empty document.
        #expect(throws: JSONOutput.UnsupportedValue.self) { try JSONOutput.data(["when": Date()]) }
    }
}
