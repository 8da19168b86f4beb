import Foundation
import Testing
import GreenroomCore
@testable import GreenroomStore

/// The field rules every write obeys (issue 19) and the conflict rule, as pure functions.
@Suite struct FieldRulesTests {
    @Test(arguments: [
        ("followers", FieldValue.text("not-a-number"), "followers: must be a whole number"),
        ("followers", .int(-1), "followers: must be 0 or more"),
        ("stage", .text("Bogus Stage"), "stage: \"Bogus Stage\" is not a stage name"),
        ("created_at", .text("yesterday"), "created_at: must be a time (milliseconds since 1970)"),
        ("created_at", .int(86_400_000), "created_at: 86400000 is not a plausible time (2000–2099)"),
        ("handle", .text(""), "handle: \"\" is not a handle (@ and up to 30 lowercase letters, digits, . - _)"),
        ("handle", .text("@Has Space"), "handle: \"@Has Space\" is not a handle (@ and up to 30 lowercase letters, digits, . - _)"),
        ("market", .text("ZZ"), "market: \"ZZ\" is not an ISO country code"),
        ("owner_id", .text("../../etc"), "owner_id: \"../../etc\" is not an id"),
        ("deleted", .text("yes"), "deleted: must be true or false"),
        ("deleted", .int(2), "deleted: must be true or false"),
        ("display_name", .int(12), "display_name: must be text"),
        ("display_name", .text("   "), "display_name: must not be blank"),
        ("display_name", .null, "display_name: must not be empty (null)"),
        ("notes", .text(String(repeating: "x", count: 65 * 1024)), "notes: 66560 bytes is over the 64 KiB limit"),
        ("notes", .text("a\u{0}b"), "notes: contains a NUL character"),
        ("kind", .text("robot"), "kind: \"robot\" is not one of creator, merchant, affiliate"),
    ])
    func eachHostileCreatorValueHasItsReason(field: String, value: FieldValue, reason: String) {
        #expect(FieldRules.problem(entity: .creator, fields: [field: value], insert: false) == reason)
    }

    @Test func goodValuesPassAndAnInsertNeedsItsRequiredFields() {
        let good: [String: FieldValue] = ["handle": .text("@mila.cooks"), "display_name": .text("Mila"), "kind": .text("creator"),
                                          "market": .text("MX"), "stage": .text("lead"), "source": .text("import"),
                                          "created_at": .int(1_795_167_000_000), "notes": .null, "followers": .int(0), "deleted": .int(0)]
        #expect(FieldRules.problem(entity: .creator, fields: good, insert: true) == nil)
        #expect(FieldRules.problem(entity: .creator, fields: ["handle": .text("@twin~a1b2c3")], insert: false) == nil)
        var missing = good
        missing.removeValue(forKey: "market")
        #expect(FieldRules.problem(entity: .creator, fields: missing, insert: true) == "market: required for a new creator")
        #expect(FieldRules.problem(entity: .creator, fields: missing, insert: false) == nil)
        #expect(FieldRules.problem(entity: .setting, fields: ["value": .text("{not json")], insert: false) == "value: must be JSON text")
        #expect(FieldRules.problem(entity: .campaign, fields: ["start_date": .text("2026-02-30")], insert: false) == "start_date: \"2026-02-30\" is not a date (YYYY-MM-DD)")
    }

    /// Every rule names a real column (a typo would let its field through unchecked).
    @Test func everyRuleNamesASyncedColumn() {
        for entity in Entity.allCases {
            let columns = SyncOperation.fields(of: entity)
            for name in FieldRules.rules(of: entity).keys { #expect(columns.contains(name), "\(entity.rawValue).\(name)") }
            for name in columns where entity != .setting { #expect(FieldRules.rules(of: entity)[name] != nil, "no rule for \(entity.rawValue).\(name)") }
        }
    }

    /// The byte-level shortcuts for names, tags and tag normalising (taken for ASCII text)
    /// decide as the rules' definitions do, over characters, on random text mixing ASCII
    /// with whitespace, controls, upper case, combining marks and wide characters.
    @Test func asciiShortcutsAgreeWithTheCharacterDefinitions() {
        var rng = SeededGenerator(seed: 21)
        let alphabet = Array("abzAZ09-_.@ \t\n\r\u{B}\u{C}\u{1}\u{1F}\u{7F}~é\u{301}\u{A0}\u{85}\u{2028}\u{3000}ÄÉ直🎥")
        for round in 0..<4_000 {
            var text = String((0..<rng.below(round % 10 == 0 ? 80 : 12)).map { _ in rng.pick(alphabet) })
            if round % 3 == 0 { text = String(text.unicodeScalars.filter(\.isASCII).map(Character.init)) }
            let blank = text.allSatisfy(\.isWhitespace)
            let name = FieldRules.problem(entity: .creator, fields: ["display_name": .text(text)], insert: false)
            #expect((name == "display_name: must not be blank") == (blank && !text.utf8.contains(0)), "\(text.debugDescription)")
            let isTag = !text.isEmpty && text.count <= 64 && !text.contains(where: { $0.isWhitespace || $0.isUppercase })
            let tag = FieldRules.problem(entity: .creatorTag, fields: ["tag": .text(text)], insert: false)
            #expect((tag == nil) == isTag, "\(text.debugDescription) → \(tag ?? "nil")")
            let normal = text.trimmingCharacters(in: .whitespaces).lowercased().split(whereSeparator: { $0 == " " }).joined(separator: "-")
            #expect(Store.normalizeTag(text) == normal, "\(text.debugDescription)")
        }
    }

    @Test func jsonFragmentsReadBackExactly() {
        var rng = SeededGenerator(seed: 19)
        let alphabet = Array("ab \"\\/\n\r\t\u{1}\u{1F}\u{7F}é直🎥\u{2028}'{}[]:,")
        for _ in 0..<500 {
            let text = String((0..<rng.below(20)).map { _ in rng.pick(alphabet) })
            let value = FieldValue.text(text)
            #expect(FieldValue(jsonFragment: value.jsonFragment) == value, "\(text.debugDescription) → \(value.jsonFragment)")
        }
        for value in [FieldValue.null, .int(0), .int(-42), .int(Int64.max)] {
            #expect(FieldValue(jsonFragment: value.jsonFragment) == value)
        }
    }
}

@Suite struct ConflictRuleTests {
    typealias W = ConflictRule.Write
    func stamp(_ ms: Int, _ device: Int) -> String {
        let hex = String(device, radix: 16)
        return HLC(physical: Int64(1_795_167_000_000 + ms), counter: 0, device: String(repeating: "0", count: 16 - hex.count) + hex).encoded
    }

    @Test func aLineOfEditsHasNoConflict() {
        let root = W(hlc: stamp(0, 1), prev: nil, value: .text("a"))
        let w1 = W(hlc: stamp(1, 2), prev: root.hlc, value: .text("b"))
        let w2 = W(hlc: stamp(2, 3), prev: w1.hlc, value: .text("c"))
        #expect(ConflictRule.losers(writes: [root, w1, w2], current: w2, decided: []).isEmpty)
    }

    @Test func aWriteNobodySawLosesAndADecisionClosesIt() {
        let root = W(hlc: stamp(0, 1), prev: nil, value: .text("a"))
        let mine = W(hlc: stamp(1, 2), prev: root.hlc, value: .text("mine"))
        let theirs = W(hlc: stamp(2, 3), prev: root.hlc, value: .text("theirs"))
        #expect(ConflictRule.losers(writes: [root, mine, theirs], current: theirs, decided: []) == [mine])
        #expect(ConflictRule.losers(writes: [root, mine, theirs], current: theirs, decided: [mine.hlc]).isEmpty)
        // A later write by the loser's own device has seen it.
        let again = W(hlc: stamp(3, 2), prev: theirs.hlc, value: .text("again"))
        #expect(ConflictRule.losers(writes: [root, mine, theirs, again], current: again, decided: []).isEmpty)
        // The winner writing the same value: nothing to choose between.
        let same = W(hlc: stamp(2, 3), prev: root.hlc, value: .text("mine"))
        #expect(ConflictRule.losers(writes: [root, mine, same], current: same, decided: []).isEmpty)
    }

    /// A write lost through a third laptop: nobody overwrote it on purpose, even though the
    /// winner's writer saw a later value.
    @Test func aLossThroughAThirdLaptopIsStillAConflict() {
        let root = W(hlc: stamp(0, 1), prev: nil, value: .text("a"))
        let w1 = W(hlc: stamp(1, 2), prev: root.hlc, value: .text("from 2"))
        let w2 = W(hlc: stamp(2, 3), prev: root.hlc, value: .text("from 3"))
        let w3 = W(hlc: stamp(3, 4), prev: w2.hlc, value: .text("from 4"))
        #expect(ConflictRule.losers(writes: [root, w1, w2, w3], current: w3, decided: []) == [w1])
        // …unless its value is one somebody saw and replaced.
        let w2same = W(hlc: stamp(2, 3), prev: root.hlc, value: .text("from 2"))
        #expect(ConflictRule.losers(writes: [root, w1, w2same, W(hlc: stamp(3, 4), prev: w2same.hlc, value: .text("x"))],
                                    current: W(hlc: stamp(3, 4), prev: w2same.hlc, value: .text("x")), decided: []).isEmpty)
    }
}
