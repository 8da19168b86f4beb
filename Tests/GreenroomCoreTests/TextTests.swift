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

/// `sanitize`'s fast paths against its full path (NFC and the scalar rules).
@Suite struct SanitizeFastPathTests {
    /// `sanitize`'s second fast path returns text untouched only where the full path would:
    /// every scalar it calls inert, alone, between ASCII letters, after an inert scalar of each
    /// block and before a combining mark, comes through `sanitizeFully` as it went in — or,
    /// with the combining mark, exactly as the full path makes it.
    @Test func inertScalarsAreWhatTheFullSanitizeLeavesAlone() {
        let ranges: [ClosedRange<UInt32>] = [0xA0...0xAC, 0xAE...0xFF, 0x2010...0x2027, 0x2030...0x205E, 0x2190...0x21FF, 0x2500...0x27BF,
                                              0x3000...0x3029, 0x3030...0x3098, 0x309D...0x30FF, 0x4E00...0x9FFF, 0xAC00...0xD7A3,
                                              0x1F300...0x1F64F, 0x1F680...0x1F6FF, 0x1F900...0x1F9FF]
        let neighbours = ranges.map { Unicode.Scalar($0.lowerBound)! } + ["a", "Z", "~", "é", "ー"]
        var checked = 0
        for range in ranges {
            for value in range {
                guard let scalar = Unicode.Scalar(value) else { continue }
                #expect(TerminalText.isInert(scalar))
                let alone = String(scalar)
                guard TerminalText.sanitizeFully(alone, multiline: false) == alone,
                      TerminalText.sanitizeFully("a\(alone)b", multiline: false) == "a\(alone)b" else {
                    Issue.record("U+\(String(value, radix: 16, uppercase: true)) is changed by the full sanitize"); continue
                }
                // Every 97th scalar against each block's first and a few others, both orders.
                if value % 97 == 0 {
                    for n in neighbours {
                        #expect(TerminalText.sanitizeFully("\(n)\(alone)", multiline: false) == "\(n)\(alone)")
                        #expect(TerminalText.sanitizeFully("\(alone)\(n)", multiline: false) == "\(alone)\(n)")
                    }
                }
                checked += 1
            }
        }
        #expect(checked > 34_000)
        // Outside the list, the full path still runs: a combining mark, a control, a format character.
        #expect(TerminalText.sanitize("e\u{0301}━") == "é━")
        #expect(TerminalText.sanitize("━\u{1B}[2J") == "━␛[2J")
        #expect(TerminalText.sanitize("a\u{202E}b━") == "ab━")
        #expect(TerminalText.sanitize("か\u{3099}") == "が")
        #expect(!TerminalText.isInert("\u{3099}") && !TerminalText.isInert("\u{202E}") && !TerminalText.isInert("\u{2028}") && !TerminalText.isInert("\u{1F}") && !TerminalText.isInert("\u{AD}"))
    }

    /// Random text from inert and other scalars: `sanitize` always equals the full path.
    @Test func sanitizeEqualsTheFullPathOnRandomText() {
        var rng = SeededGenerator(seed: 23)
        let pool: [Unicode.Scalar] = ["a", "Z", " ", "é", "━", "┃", "→", "直", "播", "🎥", "한", "か", "\u{3099}", "\u{0301}", "\u{1B}",
                                      "\u{7F}", "\u{85}", "\u{200D}", "\u{FEFF}", "\u{2028}", "\t", "\n", "\u{FFFE}", "Å", "\u{212B}", "\u{F900}"]
        for _ in 0..<3_000 {
            let text = String(String.UnicodeScalarView((0..<Int.random(in: 0...8, using: &rng)).map { _ in pool[Int.random(in: 0..<pool.count, using: &rng)] }))
            for multiline in [false, true] {
                #expect(TerminalText.sanitize(text, multiline: multiline) == TerminalText.sanitizeFully(text, multiline: multiline), "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
            }
        }
    }
}
