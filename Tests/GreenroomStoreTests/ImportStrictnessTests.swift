import Foundation
import GRDB
import Testing
import GreenroomCore
@testable import GreenroomStore

/// Every file from outside is hostile: each malformed case is refused with `file:line:
/// reason` and the database is left exactly as it was (its JSON snapshot compared byte for
/// byte before and after).
@Suite struct ImportStrictnessTests {
    static func snapshot(_ store: Store, _ dir: TempDir) throws -> String {
        let out = dir.file("snapshot-\(UUID().uuidString)")
        let files = try store.export(format: .json, to: out)
        return try files.sorted().map { try String(contentsOfFile: $0, encoding: .utf8) }.joined(separator: "\u{1E}")
    }

    /// Imports `bytes` as `name` and returns the one-line reason it was refused.
    func refusal(_ bytes: Data, _ name: String = "in.csv", options: ImportOptions = ImportOptions()) throws -> String {
        let r = try RosterFixture()
        let dir = TempDir()
        let before = try Self.snapshot(r.store, dir)
        let path = dir.file(name)
        _ = FileManager.default.createFile(atPath: path, contents: bytes)
        var reason = ""
        do {
            let report = try r.store.importFiles([path], options: options)
            #expect(!report.applied)
            reason = report.errors.joined(separator: "\n")
        } catch let error as GreenroomError {
            reason = error.description
        }
        #expect(try Self.snapshot(r.store, dir) == before, "the database changed")
        #expect(!reason.contains("\n"), "one line: \(reason)")
        return reason
    }

    func refusal(_ text: String, _ name: String = "in.csv", options: ImportOptions = ImportOptions()) throws -> String {
        try refusal(Data(text.utf8), name, options: options)
    }

    @Test func aStrayQuoteInsideAQuotedValueIsRefusedAtItsLine() throws {
        let reason = try refusal("handle,name,market\n@ok,Ok,US\n@qa,\"QA \"the\" One\",US\n")
        #expect(reason == "in.csv:3: a quote inside the quoted column \"name\" ends it too early (after \"QA \"); inside quotes write a quote twice: \"QA \"\"the\"\" One\"")
    }

    @Test func aQuoteInsideAnUnquotedValueIsRefused() throws {
        let reason = try refusal("handle,name,market\n@qa,QA \"the\" One,US\n")
        #expect(reason.hasPrefix("in.csv:2: a quote inside the unquoted column \"name\"; put the whole value in quotes"))
    }

    @Test func aQuotedValueLeftOpenIsRefusedWhereItOpened() throws {
        let reason = try refusal("handle,name,market\n@a,A,US\n@b,\"B,US\n@c,C,US\n")
        #expect(reason == "in.csv:3: the quoted column \"name\" opened here is never closed (a missing \" at its end?)")
    }

    @Test func aValueOverTheLimitIsRefusedAndTheLimitCanBeRaised() throws {
        let big = String(repeating: "x", count: 64 * 1024 + 1)
        let reason = try refusal("handle,name,market\n@a,\(big),US\n")
        #expect(reason == "in.csv:2: the column \"name\" is longer than 64 KiB (the limit for one value; --max-field-size raises it)")
        let quoted = try refusal("handle,name,market\n@a,\"\(big)\",US\n")
        #expect(quoted.hasPrefix("in.csv:2: the column \"name\" is longer than 64 KiB"))
        // A raised limit lets the reader take the bigger value, but no write stores text over
        // 64 KiB (the field rules every write obeys; a peer's sync would refuse it).
        let r = try RosterFixture()
        let dir = TempDir()
        let path = dir.file("ok.csv")
        try "handle,name,market\n@a,\(big),US\n".write(toFile: path, atomically: true, encoding: .utf8)
        let report = try r.store.importFiles([path], options: ImportOptions(maxFieldBytes: 128 * 1024))
        #expect(report.errors == ["ok.csv:2: display_name: 65537 bytes is over the 64 KiB limit"] && report.creatorsAdded == 0)
    }

    @Test func rowsWithMoreOrFewerValuesThanTheHeaderAreNamed() throws {
        let extra = try refusal("handle,name,market\n@a,A,US,oops\n")
        #expect(extra == "in.csv:2: 4 values but the header has 3 columns: an extra value after \"market\" (a comma inside a value needs quotes around the value)")
        let fewer = try refusal("handle,name,market\n@a,A\n")
        #expect(fewer == "in.csv:2: 2 values but the header has 3 columns: no value for \"market\"")
    }

    @Test func emptyAndBinaryFilesAreRefusedInWords() throws {
        #expect(try refusal("") == "in.csv:1: the file is empty; a CSV file starts with a header line naming its columns (handle,name,market,…)")
        #expect(try refusal("\u{FEFF}\n\n") == "in.csv:1: the file is empty; a CSV file starts with a header line naming its columns (handle,name,market,…)")
        #expect(try refusal(Data([0x68, 0x61, 0x6E, 0x0A, 0x40, 0x00, 0x01])) == "in.csv:2: the file has a NUL byte here: it is binary, not CSV text")
        #expect(try refusal(Data([0x50, 0x4B, 0x03, 0x04, 0x14, 0x00])).hasPrefix("in.csv:1: this is a spreadsheet workbook (xlsx or another zip file), not CSV"))
        #expect(try refusal(Data("handle,name,market\n@a,Jos".utf8) + Data([0xE9]) + Data(",US\n".utf8))
            == "in.csv:2: the file is not UTF-8 text here (saved as Latin-1 or Windows-1252?); save it as UTF-8 (\"CSV UTF-8\") and import that")
        #expect(try refusal(Data([0xFF, 0xFE, 0x68, 0x00])).hasPrefix("in.csv:1: the file is UTF-16 text"))
    }

    @Test func aHeaderNamingAColumnTwiceIsRefused() throws {
        #expect(try refusal("handle,name,Handle\n@a,A,@b\n") == "in.csv:1: the header names column \"Handle\" twice")
    }

    @Test func quotedValuesKeepCommasQuotesAndLineBreaksAndLinesCountThem() throws {
        let csv = try StrictCSV.parse(Data("a,b\r\n\"x, \"\"y\"\"\",\"1\n2\"\r\n\n3,4".utf8), name: "t.csv")
        #expect(csv.header == ["a", "b"])
        #expect(csv.rows.map(\.line) == [2, 5])
        #expect(csv.rows.map(\.fields) == [["x, \"y\"", "1\n2"], ["3", "4"]])
        let semicolons = try StrictCSV.parse(Data("handle;name\n@a;\"A; B\"\n".utf8), name: "t.csv")
        #expect(semicolons.rows.map(\.fields) == [["@a", "A; B"]])
    }

    @Test func skipInvalidStillRefusesABrokenFile() throws {
        let reason = try refusal("handle,name,market\n@a,A,US\n@b,\"B \"x\" B\",US\n", options: ImportOptions(skipInvalid: true))
        #expect(reason.hasPrefix("in.csv:3: a quote inside the quoted column \"name\""))
    }
}
