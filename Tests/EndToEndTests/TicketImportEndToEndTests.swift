import Foundation
import Testing
import GreenroomCore
@testable import GreenroomStore

extension EndToEnd {
@Suite(.enabled(if: Harness.tmuxAvailable, "tmux is not installed"))
struct TicketImportEndToEnd {
    /// Tickets in the database, counted from `greenroom export --format json`.
    func ticketCount(_ s: Sandbox) throws -> Int {
        let out = s.path + "/export-" + UUID().uuidString.prefix(8)
        let r = try Harness.run(["export", "--db", s.database, "--format", "json", "--out", out], environment: s.environment)
        #expect(r.status == 0, "\(r.stderr)")
        let data = try Data(contentsOf: URL(fileURLWithPath: out + "/ticket.json"))
        let rows = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        return rows.count
    }

    /// The CSV export's ticket rows (by subject).
    func exportedTickets(_ s: Sandbox) throws -> [String: [String: String]] {
        let out = s.path + "/csv-" + UUID().uuidString.prefix(8)
        let r = try Harness.run(["export", "--db", s.database, "--format", "csv", "--out", out], environment: s.environment)
        #expect(r.status == 0, "\(r.stderr)")
        // Read as an import reads it: bodies hold commas, quotes and line breaks.
        let csv = try StrictCSV.read(path: out + "/tickets.csv", name: "tickets.csv")
        let header = csv.header
        var rows: [String: [String: String]] = [:]
        for line in csv.rows.map(\.fields) where line.count == header.count {
            let row = Dictionary(uniqueKeysWithValues: zip(header, line))
            rows[row["subject"]!] = row
        }
        return rows
    }

    func write(_ s: Sandbox, _ name: String, _ text: String) -> String {
        let path = s.path + "/" + name
        _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        return path
    }

    @Test func aMalformedTicketRefusesTheImportThenAValidExportImportsOnce() throws {
        let s = Sandbox()
        try s.makeDemo(creators: 40, tickets: 30)
        let before = try ticketCount(s)
        #expect(before > 0)

        // Ticket #2 has a status Zendesk does not have: nothing is written.
        let bad = write(s, "bad-zendesk.json", """
            {"tickets": [
              {"id": 901, "subject": "One", "description": "a", "status": "open", "priority": "normal", "created_at": "2026-11-01T10:00:00Z"},
              {"id": 902, "subject": "Two", "description": "b", "status": "pending", "priority": "low", "created_at": "2026-11-02T10:00:00Z"},
              {"id": 903, "subject": "Three", "description": "c", "status": "bogus", "priority": "high", "created_at": "2026-11-03T10:00:00Z"}
            ]}
            """)
        let refused = try Harness.run(["import", bad, "--db", s.database], environment: s.environment)
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("bad-zendesk.json ticket #2 (Zendesk id 903): unknown status \"bogus\""), "\(refused.stderr)")
        #expect(refused.stderr.contains("nothing imported"))
        #expect(refused.stdout.isEmpty)
        #expect(try ticketCount(s) == before)

        // Not JSON at all: one line, nothing written.
        let garbage = write(s, "garbage.json", "tickets,status\n1,open\n")
        let notJSON = try Harness.run(["import", garbage, "--db", s.database], environment: s.environment)
        #expect(notJSON.status == 2)
        #expect(notJSON.stderr.hasPrefix("greenroom: garbage.json: not JSON ("))
        #expect(notJSON.stderr.split(separator: "\n").count == 1)

        // A valid export names a demo creator (by @handle) and a demo teammate (by email).
        let list = try Harness.run(["creators", "list", "--db", s.database, "--format", "json", "--limit", "1"], environment: s.environment)
        let creators = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        let handle = try #require(creators.first?["handle"] as? String)
        let good = write(s, "zendesk.json", """
            {"tickets": [
              {"id": 7001, "subject": "Payout missing", "description": "Where is my payout?", "status": "solved", "priority": "high",
               "created_at": "2026-11-10T10:00:00Z", "updated_at": "2026-11-11T10:00:00Z", "requester_id": 1, "assignee_id": 2,
               "tags": ["rewards_payout"], "via": {"channel": "email"}},
              {"id": 7002, "subject": "Stranger question", "description": "Hello?", "status": "open", "priority": null,
               "created_at": "2026-11-19T08:00:00+01:00", "requester_id": 3, "tags": [], "via": {"channel": "web"}}
            ],
             "users": [
               {"id": 1, "name": "\(handle)", "email": "someone@nowhere.example", "role": "end-user"},
               {"id": 2, "name": "Kenji", "email": "kenji@greenroom.example", "role": "agent"},
               {"id": 3, "name": "Jo Stranger", "email": "jo@unknown.example", "role": "end-user"}
             ],
             "comments": [{"ticket_id": 7001, "comments": [
               {"id": 1, "author_id": 1, "body": "Where is my payout?", "public": true, "created_at": "2026-11-10T10:00:00Z"},
               {"id": 2, "author_id": 2, "body": "Sent again.", "public": true, "created_at": "2026-11-10T11:00:00Z"}
             ]}]}
            """)
        // In a terminal, the way someone would run it.
        try s.start(["import", good, "--db", s.database], width: 120, height: 20)
        let screen = try s.waitFor("EXIT=")
        #expect(screen.contains("Imported: tickets: 2 added, 0 already there (skipped), 2 events, 3 tags"), "\(screen)")
        #expect(screen.contains("EXIT=0"))
        #expect(try ticketCount(s) == before + 2)
        let rows = try exportedTickets(s)
        let payout = try #require(rows["Payout missing"])
        #expect(payout["requester"] == handle && payout["assignee"] == "@kenji")
        #expect(payout["status"] == "solved" && payout["priority"] == "high" && payout["category"] == "rewards_payout" && payout["channel"] == "email")
        let stranger = try #require(rows["Stranger question"])
        #expect(stranger["requester"] == "" && stranger["priority"] == "normal" && stranger["created_at"] == "2026-11-19T07:00:00Z")

        // The same export again: skipped, not duplicated.
        let again = try Harness.run(["import", good, "--db", s.database], environment: s.environment)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout == "Nothing to import: tickets: 0 added, 2 already there (skipped), 0 events, 0 tags\n")
        #expect(try ticketCount(s) == before + 2)

        // --skip-invalid takes the good tickets of the bad file.
        let skipping = try Harness.run(["import", bad, "--db", s.database, "--skip-invalid"], environment: s.environment)
        #expect(skipping.status == 0, "\(skipping.stderr)")
        #expect(skipping.stdout.contains("Imported: tickets: 2 added"))
        #expect(skipping.stderr.contains("ticket #2 (Zendesk id 903)"))
        #expect(try ticketCount(s) == before + 4)
    }
}
}
