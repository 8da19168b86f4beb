import Testing
@testable import GreenroomCore

@Suite struct IdentityTests {
    @Test func uuidv7IsLowercaseVersion7WithTheTimeInFront() {
        var rng = SeededGenerator(seed: 1)
        let id = UUIDv7.make(millis: 1_763_717_400_000, using: &rng)
        #expect(UUIDv7.isValid(id))
        #expect(id == id.lowercased())
        #expect(Array(id)[14] == "7")
        #expect(UUIDv7.millis(of: id) == 1_763_717_400_000)
    }

    @Test func uuidv7SortsByCreationTime() {
        var rng = SeededGenerator(seed: 2)
        let ids = (0..<200).map { i in UUIDv7.make(millis: 1_700_000_000_000 + Int64(i) * 1000, using: &rng) }
        #expect(ids.sorted() == ids)
    }

    @Test func uuidv7ValidationRejectsOtherShapes() {
        #expect(!UUIDv7.isValid("0190F3A2-1C2B-7D3E-8F40-123456789ABC"))
        #expect(!UUIDv7.isValid("0190f3a2-1c2b-4d3e-8f40-123456789abc")) // version 4
        #expect(!UUIDv7.isValid("0190f3a2-1c2b-7d3e-cf40-123456789abc")) // bad variant
        #expect(!UUIDv7.isValid("0190f3a21c2b7d3e8f40123456789abc"))
        #expect(UUIDv7.isValid("0190f3a2-1c2b-7d3e-8f40-123456789abc"))
    }

    @Test func seededIdsAreReproducible() {
        var a = SeededGenerator(seed: 9), b = SeededGenerator(seed: 9)
        #expect(UUIDv7.make(millis: 5, using: &a) == UUIDv7.make(millis: 5, using: &b))
    }

    @Test func ticketKeysComeFromTheIdAndUseCrockfordBase32() throws {
        var rng = SeededGenerator(seed: 3)
        let id = UUIDv7.make(millis: 1_763_717_400_000, using: &rng)
        let key = try #require(TicketKey.full(forID: id))
        #expect(key.count == 12)
        #expect(key.allSatisfy { "0123456789ABCDEFGHJKMNPQRSTVWXYZ".contains($0) })
        #expect(TicketKey.full(forID: id) == key)
        #expect(TicketKey.full(forID: "not-an-id") == nil)
    }

    @Test func displayedKeyGrowsOnlyWhenANeighbourSharesItsPrefix() {
        #expect(TicketKey.displayLength(of: "K7Q2ABCDEFGH", previous: "K6ZZZZZZZZZZ", next: "K8000000000") == 4)
        #expect(TicketKey.displayLength(of: "K7Q2ABCDEFGH", previous: "K7Q2A0000000", next: nil) == 6)
        #expect(TicketKey.displayLength(of: "K7Q2ABCDEFGH", previous: nil, next: "K7Q2B0000000") == 5)
        #expect(TicketKey.displayLength(of: "K7Q2ABCDEFGH", previous: nil, next: nil) == 4)
    }

    @Test func keyInputIsNormalisedTheCrockfordWay() {
        #expect(TicketKey.normalize("k7qo-il") == "K7Q011")
    }
}

/// The byte fast paths of the field rules against their definitions on random text.
@Suite struct FieldRuleFastPathTests {
    static func referenceIsHandle(_ text: String) -> Bool {
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

    static func referenceStageProblem(_ text: String) -> Bool {
        text.isEmpty || text.count > 40 || text.contains(where: { $0.isWhitespace || $0.isUppercase })
    }

    @Test func handlesAndStagesAgreeWithTheirDefinitions() {
        var rng = SeededGenerator(seed: 41)
        let alphabet: [Character] = Array("abz09._-@~ AZ\t\u{7F}éÉ直") + ["e\u{301}"]
        for _ in 0..<20_000 {
            let length = Int.random(in: 0...44, using: &rng)
            var text = String((0..<length).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &rng)] })
            if Bool.random(using: &rng) { text = "@" + text.filter { $0 != "@" } }
            #expect(FieldRules.isHandle(text) == Self.referenceIsHandle(text), "\(text)")
            let stage = FieldRules.problem(entity: .creator, fields: ["stage": .text(text)], insert: false) != nil
            #expect(stage == Self.referenceStageProblem(text), "\(text)")
        }
        // Lengths at the edges.
        for n in [29, 30, 31, 32] { #expect(FieldRules.isHandle("@" + String(repeating: "a", count: n)) == (n <= 30)) }
        for n in [39, 40, 41] { #expect((FieldRules.problem(entity: .creator, fields: ["stage": .text(String(repeating: "s", count: n))], insert: false) == nil) == (n <= 40)) }
    }
}

