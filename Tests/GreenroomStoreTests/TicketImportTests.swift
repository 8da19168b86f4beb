import Foundation
import GRDB
import Testing
import GreenroomCore
@testable import GreenroomStore

/// A store with the people a small Zendesk export talks about: teammates (one with an email,
/// one known only by name), creators with emails, and a network.
struct TicketImportFixture {
    let f: Fixture
    var store: Store { f.store }
    let dir = TempDir()
    let kenji: Member
    let luz: Network
    let mila: Creator
    let rafa: Creator
    let zoe: Creator

    init() throws {
        f = try Fixture()
        kenji = Member(id: UUIDv7.make(millis: 7), handle: "@kenji", name: "Kenji Sato", role: .specialist, team: "Support T2", tier: 2,
                       email: "kenji@greenroom.example")
        try f.store.insertForTesting(kenji)
        luz = Network(id: UUIDv7.make(millis: 8), name: "Luz Agency", region: "MX")
        try f.store.insertForTesting(luz)
        let store = f.store
        func add(_ handle: String, email: String, network: String? = nil) throws -> Creator {
            let at = pinnedNow - 90 * Time.day
            return try store.createCreator(Creator(id: UUIDv7.make(millis: at), handle: handle, displayName: handle, kind: .creator, market: "US",
                                                     language: "en", networkID: network, ownerID: nil, stage: Stage.activated, source: .outbound,
                                                     followers: 100, email: email, createdAt: at))
        }
        mila = try add("@mila.cooks", email: "mila@example.com")
        rafa = try add("@djrafa", email: "rafa@example.com", network: luz.id)
        zoe = try add("@zoe.live", email: "zoe@shop.example")
    }

    func write(_ text: String, _ name: String) -> String {
        let path = dir.file(name)
        _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        return path
    }

    func ticketCount() throws -> Int {
        try store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM ticket")! }
    }

    /// A ticket imported from Zendesk, with its derived columns.
    func zendesk(_ id: Int) throws -> (ticket: Ticket, firstReplyAt: Millis?, solvedAt: Millis?, tags: [String], events: [TicketEvent])? {
        try store.read { db in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT t.* FROM ticket t JOIN ticket_tag g ON g.ticket_id = t.id WHERE g.tag = ? AND g.deleted = 0
                """, arguments: ["zendesk-\(id)"]) else { return nil }
            let ticket = try Ticket(row: row)
            let tags = try String.fetchAll(db, sql: "SELECT tag FROM ticket_tag WHERE ticket_id = ? ORDER BY tag", arguments: [ticket.id])
            let events = try TicketEvent.fetchAll(db, sql: "SELECT * FROM ticket_event WHERE ticket_id = ? ORDER BY at, kind", arguments: [ticket.id])
            return (ticket, row["first_reply_at"], row["solved_at"], tags, events)
        }
    }
}

private func at(_ iso: String) -> Millis { Time.parseISO(iso)! }

/// Tickets 801 and 802, comments keyed by ticket id.
let zendeskExportA = """
{
  "tickets": [
    {"id": 801, "subject": "Payout missing for October", "description": "My October payout never arrived.",
     "status": "solved", "priority": "high", "type": "problem",
     "created_at": "2026-11-02T10:00:00Z", "updated_at": "2026-11-03T15:30:00Z",
     "requester_id": 9001, "assignee_id": 7001, "organization_id": 501,
     "tags": ["rewards_payout", "VIP"], "via": {"channel": "email", "source": {}}},
    {"id": 802, "subject": "Can't go LIVE", "description": "The LIVE button is grey.",
     "status": "hold", "priority": null, "type": "incident",
     "created_at": "2026-11-18T08:15:00+02:00", "updated_at": "2026-11-18T09:00:00+02:00",
     "requester_id": 9002, "assignee_id": 7002, "tags": ["live_tools"], "via": {"channel": "mobile"}}
  ],
  "users": [
    {"id": 9001, "name": "Mila Carter", "email": "MILA@example.com", "role": "end-user"},
    {"id": 9002, "name": "@djrafa", "email": "rafa@elsewhere.example", "role": "end-user"},
    {"id": 7001, "name": "Kenji Sato", "email": "kenji@greenroom.example", "role": "agent"},
    {"id": 7002, "name": "Ana", "email": "ana@vendor.example", "role": "admin"}
  ],
  "organizations": [{"id": 501, "name": "luz agency"}],
  "comments": {
    "801": [
      {"id": 1, "author_id": 9001, "body": "My October payout never arrived.", "public": true, "created_at": "2026-11-02T10:00:00Z"},
      {"id": 2, "author_id": 7001, "body": "Checking with finance.", "public": false, "created_at": "2026-11-02T10:30:00Z"},
      {"id": 3, "author_id": 7001, "body": "It was sent again today.", "public": true, "created_at": "2026-11-02T11:00:00Z"},
      {"id": 4, "author_id": 9001, "body": "Got it, thanks!", "public": true, "created_at": "2026-11-03T15:00:00Z"}
    ],
    "802": [
      {"id": 5, "author_id": 7002, "body": "Please update the app and try again.", "public": true, "created_at": "2026-11-18T07:00:00Z"}
    ]
  }
}
"""

/// Tickets 803 and 804, comments as a list of {ticket_id, comments}.
let zendeskExportB = """
{
  "tickets": [
    {"id": 803, "subject": "Agency question", "description": "Who do I talk to about switching agencies?",
     "status": "new", "priority": "low", "created_at": "2026-11-19T12:00:00Z", "updated_at": "2026-11-19T12:00:00Z",
     "requester_id": 9003, "assignee_id": null, "tags": [], "via": {"channel": "web"}},
    {"id": 804, "subject": "Account locked", "description": "I am locked out.",
     "status": "closed", "priority": "urgent", "created_at": "2026-11-10T09:00:00Z", "updated_at": "2026-11-12T09:00:00Z",
     "requester_id": 9004, "assignee_id": 7001, "tags": ["account_access"], "via": {"channel": "api"}}
  ],
  "users": [
    {"id": 9003, "name": "Jo Stranger", "email": "jo@unknown.example", "role": "end-user", "organization_id": 501},
    {"id": 9004, "name": "Zoe", "email": "zoe@shop.example", "role": "end-user"},
    {"id": 7001, "name": "Kenji Sato", "email": "kenji@greenroom.example", "role": "agent"}
  ],
  "organizations": [{"id": 501, "name": "Luz Agency"}],
  "comments": [
    {"ticket_id": 804, "comments": [
      {"id": 6, "author_id": 9004, "body": "I am locked out.", "public": true, "created_at": "2026-11-10T09:00:00Z"},
      {"id": 7, "author_id": 7001, "body": "Unlocked: try again now.", "public": true, "created_at": "2026-11-10T09:40:00Z"}
    ]}
  ]
}
"""

/// Four tickets; #2 has a status Zendesk does not have.
let zendeskWithBadTicket = """
{"tickets": [
  {"id": 901, "subject": "One", "description": "a", "status": "open", "priority": "normal", "created_at": "2026-11-01T10:00:00Z"},
  {"id": 902, "subject": "Two", "description": "b", "status": "pending", "priority": "low", "created_at": "2026-11-02T10:00:00Z"},
  {"id": 903, "subject": "Three", "description": "c", "status": "bogus", "priority": "high", "created_at": "2026-11-03T10:00:00Z"},
  {"id": 904, "subject": "Four", "description": "d", "status": "solved", "priority": "urgent", "created_at": "2026-11-04T10:00:00Z", "updated_at": "2026-11-05T10:00:00Z"}
]}
"""

@Suite struct TicketImportTests {
    @Test func aZendeskExportImportsStatusesPeopleEventsAndTags() throws {
        let r = try TicketImportFixture()
        let a = r.write(zendeskExportA, "zendesk-a.json")
        let b = r.write(zendeskExportB, "zendesk-b.json")
        let report = try r.store.importFiles([a, b], options: ImportOptions())
        #expect(report.errors.isEmpty)
        #expect(report.applied)
        #expect(report.ticketsAdded == 4 && report.ticketsSkipped == 0)
        #expect(report.ticketEventsAdded == 7 && report.ticketTagsAdded == 8)
        #expect(report.summary == "tickets: 4 added, 0 already there (skipped), 7 events, 8 tags")

        // 801: solved, requester by email (any case), network by organization, assignee by email.
        let t801 = try #require(try r.zendesk(801))
        #expect(t801.ticket.subject == "Payout missing for October")
        #expect(t801.ticket.body == "My October payout never arrived.")
        #expect(t801.ticket.status == .solved && t801.ticket.priority == .high)
        #expect(t801.ticket.requesterCreatorID == r.mila.id && t801.ticket.requesterNetworkID == r.luz.id)
        #expect(t801.ticket.assigneeID == r.kenji.id)
        #expect(t801.ticket.category == .rewardsPayout && t801.ticket.channel == .email && t801.ticket.tier == 1)
        #expect(t801.ticket.createdAt == at("2026-11-02T10:00:00Z"))
        #expect(TicketKey.full(forID: t801.ticket.id) == t801.ticket.key)
        #expect(t801.tags == ["rewards_payout", "vip", "zendesk-801"])
        // The first comment repeats the description: it is the body, not an event.
        #expect(t801.events.map(\.kind) == [.note, .reply, .reply, .status])
        #expect(t801.events.map(\.actor) == [.agent, .agent, .requester, .system])
        #expect(t801.events[0].isPublic == false && t801.events[0].authorID == r.kenji.id && t801.events[0].body == "Checking with finance.")
        #expect(t801.events[2].authorID == nil)
        #expect(t801.events[3].fromValue == nil && t801.events[3].toValue == "solved" && t801.events[3].at == at("2026-11-03T15:30:00Z"))
        #expect(t801.firstReplyAt == at("2026-11-02T11:00:00Z"))
        #expect(t801.solvedAt == at("2026-11-03T15:30:00Z"))

        // 802: hold → on_hold, null priority → normal, requester by @handle name, assignee by name, offset time.
        let t802 = try #require(try r.zendesk(802))
        #expect(t802.ticket.status == .onHold && t802.ticket.priority == .normal)
        #expect(t802.ticket.requesterCreatorID == r.rafa.id && t802.ticket.requesterNetworkID == r.luz.id) // the creator's network
        #expect(t802.ticket.assigneeID == r.f.manager.id)
        #expect(t802.ticket.category == .liveTools && t802.ticket.channel == .inApp)
        #expect(t802.ticket.createdAt == at("2026-11-18T06:15:00Z"))
        #expect(t802.events.map(\.kind) == [.reply] && t802.events[0].actor == .agent)
        #expect(t802.firstReplyAt == at("2026-11-18T07:00:00Z") && t802.solvedAt == nil)

        // 803: nobody we know: the requester's name and email head the body; the organization still names the network.
        let t803 = try #require(try r.zendesk(803))
        #expect(t803.ticket.requesterCreatorID == nil && t803.ticket.requesterNetworkID == r.luz.id)
        #expect(t803.ticket.body == "From: Jo Stranger <jo@unknown.example>\n\nWho do I talk to about switching agencies?")
        #expect(t803.ticket.status == .new && t803.ticket.priority == .low && t803.ticket.assigneeID == nil)
        #expect(t803.ticket.category == .other && t803.ticket.channel == .webform)
        #expect(t803.events.isEmpty && t803.firstReplyAt == nil && t803.solvedAt == nil)
        #expect(t803.tags == ["zendesk-803"])

        // 804: closed, from the list-shaped comments.
        let t804 = try #require(try r.zendesk(804))
        #expect(t804.ticket.status == .closed && t804.ticket.priority == .urgent && t804.ticket.channel == .inApp)
        #expect(t804.ticket.requesterCreatorID == r.zoe.id && t804.ticket.category == .accountAccess)
        #expect(t804.events.map(\.kind) == [.reply, .status])
        #expect(t804.firstReplyAt == at("2026-11-10T09:40:00Z") && t804.solvedAt == at("2026-11-12T09:00:00Z"))
    }

    @Test func reimportingTheSameExportSkipsWhatIsThere() throws {
        let r = try TicketImportFixture()
        let a = r.write(zendeskExportA, "zendesk-a.json")
        _ = try r.store.importFiles([a], options: ImportOptions())
        let count = try r.ticketCount()
        let again = try r.store.importFiles([a], options: ImportOptions())
        #expect(again.errors.isEmpty)
        #expect(again.ticketsAdded == 0 && again.ticketsSkipped == 2 && !again.applied)
        #expect(again.summary == "tickets: 0 added, 2 already there (skipped), 0 events, 0 tags")
        #expect(try r.ticketCount() == count)
        // A later export with one new ticket adds only that one.
        let later = zendeskExportA.replacingOccurrences(of: "\"id\": 802,", with: "\"id\": 805,")
        let more = try r.store.importFiles([r.write(later, "later.json")], options: ImportOptions())
        #expect(more.ticketsAdded == 1 && more.ticketsSkipped == 1)
        #expect(try r.ticketCount() == count + 1)
        // And a CSV export of the desk imports back as nothing new (matched by key).
        let out = r.dir.file("out")
        try r.store.export(format: .csv, to: out)
        let roundTrip = try r.store.importFiles([out + "/tickets.csv"], options: ImportOptions())
        #expect(roundTrip.errors.isEmpty && roundTrip.ticketsSkipped == 3 && roundTrip.ticketsAdded == 0)
    }

    @Test func oneMalformedTicketRefusesTheWholeImportAndNamesItsIndex() throws {
        let r = try TicketImportFixture()
        let path = r.write(zendeskWithBadTicket, "bad-zendesk.json")
        let before = try r.ticketCount()
        let report = try r.store.importFiles([path], options: ImportOptions())
        #expect(report.errors == ["bad-zendesk.json ticket #2 (Zendesk id 903): unknown status \"bogus\" (expected new, open, pending, hold, solved or closed)"])
        #expect(!report.applied)
        #expect(try r.ticketCount() == before)

        let dry = try r.store.importFiles([path], options: ImportOptions(dryRun: true, skipInvalid: true))
        #expect(dry.ticketsAdded == 3 && dry.errors.count == 1 && !dry.applied)
        #expect(try r.ticketCount() == before)

        let skipping = try r.store.importFiles([path], options: ImportOptions(skipInvalid: true))
        #expect(skipping.applied && skipping.ticketsAdded == 3 && skipping.errors.count == 1)
        #expect(try r.ticketCount() == before + 3)
        #expect(try r.zendesk(903) == nil)
        let solved = try #require(try r.zendesk(904))
        #expect(solved.solvedAt == at("2026-11-05T10:00:00Z"))
    }

    @Test func ticketProblemsAreSpecific() throws {
        let r = try TicketImportFixture()
        let path = r.write("""
            {"tickets": [
              {"id": 1, "subject": "", "status": "open", "created_at": "2026-11-01T10:00:00Z"},
              {"id": 2, "subject": "Dates", "status": "open", "priority": "highest", "created_at": "yesterday", "updated_at": "soon"},
              "not a ticket",
              {"subject": "No id", "status": "open", "created_at": "2026-11-01T10:00:00Z"},
              {"id": 5, "subject": "Future", "created_at": "2027-01-01T00:00:00Z", "tags": "vip"},
              {"id": 1, "subject": "Again", "status": "open", "created_at": "2026-11-01T10:00:00Z"},
              {"id": 7, "subject": "Comments", "status": "open", "created_at": "2026-11-01T10:00:00Z",
               "comments": [{"body": "hi", "created_at": "later"}]}
            ]}
            """, "problems.json")
        let errors = try r.store.importFiles([path], options: ImportOptions()).errors
        #expect(errors == [
            "problems.json ticket #0 (Zendesk id 1): missing subject",
            "problems.json ticket #1 (Zendesk id 2): unknown priority \"highest\" (expected urgent, high, normal or low); bad created_at \"yesterday\" (expected ISO 8601, such as 2026-11-20T09:30:00Z); bad updated_at \"soon\"",
            "problems.json ticket #2: not an object",
            "problems.json ticket #3: missing id",
            "problems.json ticket #4 (Zendesk id 5): missing status; created_at 2027-01-01T00:00:00Z is in the future; tags is not a list",
            "problems.json ticket #5 (Zendesk id 1): the same Zendesk id as ticket #0",
            "problems.json ticket #6 (Zendesk id 7): comment #0: bad created_at \"later\"",
        ])
    }

    @Test func filesThatAreNotZendeskExportsAreRefusedInOneLine() throws {
        let r = try TicketImportFixture()
        let notJSON = r.write("subject,status\nHello,open\n", "tickets.json")
        #expect(throws: GreenroomError.invalidInput("tickets.json: not JSON (invalid value at line 1, column 1)")) {
            try r.store.importFiles([notJSON], options: ImportOptions())
        }
        let broken = r.write("{\"tickets\": [\n  {\"id\": 1, \"subject\": nope}\n]}", "broken.json")
        let error = #expect(throws: GreenroomError.self) { try r.store.importFiles([broken], options: ImportOptions()) }
        #expect(error?.description.hasPrefix("broken.json: not JSON (") == true)
        #expect(error?.description.contains("line 2") == true, "\(String(describing: error))")
        let empty = r.write("", "empty.json")
        #expect(throws: GreenroomError.invalidInput("empty.json: not JSON (the file is empty)")) {
            try r.store.importFiles([empty], options: ImportOptions())
        }
        let noTickets = r.write("{\"users\": []}", "users.json")
        #expect(throws: GreenroomError.invalidInput("users.json: no \"tickets\" array (a Zendesk export looks like {\"tickets\": [...], \"users\": [...]})")) {
            try r.store.importFiles([noTickets], options: ImportOptions())
        }
        let list = r.write("[{\"id\": 1}]", "list.json")
        #expect(throws: GreenroomError.invalidInput("list.json: not a Zendesk export: expected an object with a \"tickets\" array")) {
            try r.store.importFiles([list], options: ImportOptions())
        }
        // --type zendesk reads any file name as JSON.
        let named = r.write("{\"tickets\": []}", "export.txt")
        #expect(try r.store.importFiles([named], options: ImportOptions(kind: .zendesk)).summary == "nothing to import")
        #expect(try r.ticketCount() == 0)
    }

    @Test func aTicketsCSVImportsWithSynonymsAndDefaults() throws {
        let r = try TicketImportFixture()
        let path = r.write("""
            Subject,Description,Status,Priority,Category,Channel,Tier,Requester,Network,Assignee,Tags,Created
            Payout late,Where is my money?,open,high,Rewards payout,in app,1,@mila.cooks,,@kenji,"payout; Top 100",2026-11-19 10:00
            Escalated appeal,"Two
            lines",pending,urgent,appeal,email,2,djrafa,,,,2026-11-18T08:00:00Z
            Just a question,,,,,,,,Luz Agency,,,2026-11-20 08:00

            """, "tickets.csv")
        let report = try r.store.importFiles([path], options: ImportOptions())
        #expect(report.errors.isEmpty)
        #expect(report.ticketsAdded == 3 && report.ticketEventsAdded == 0 && report.ticketTagsAdded == 2 && report.applied)
        let tickets = try r.store.read { db in try Ticket.fetchAll(db, sql: "SELECT * FROM ticket ORDER BY created_at") }
        #expect(tickets.map(\.subject) == ["Escalated appeal", "Payout late", "Just a question"])
        let appeal = tickets[0], payout = tickets[1], question = tickets[2]
        #expect(payout.status == .open && payout.priority == .high && payout.category == .rewardsPayout && payout.channel == .inApp)
        #expect(payout.requesterCreatorID == r.mila.id && payout.assigneeID == r.kenji.id && payout.body == "Where is my money?")
        #expect(payout.createdAt == at("2026-11-19T10:00:00Z")) // the fixture's team zone is UTC
        #expect(appeal.tier == 2 && appeal.status == .pending && appeal.requesterCreatorID == r.rafa.id)
        #expect(appeal.requesterNetworkID == r.luz.id && appeal.body == "Two\nlines")
        #expect(question.status == .new && question.priority == .normal && question.category == .other && question.channel == .webform)
        #expect(question.requesterCreatorID == nil && question.requesterNetworkID == r.luz.id)
        let tags = try r.store.read { db in try String.fetchAll(db, sql: "SELECT tag FROM ticket_tag WHERE ticket_id = ? ORDER BY tag", arguments: [payout.id]) }
        #expect(tags == ["payout", "top-100"])
        // The same rows again: already there.
        let again = try r.store.importFiles([path], options: ImportOptions())
        #expect(again.ticketsSkipped == 3 && again.ticketsAdded == 0)
    }

    @Test func aBadTicketsCSVRowIsNamedByLineAndNothingIsWritten() throws {
        let r = try TicketImportFixture()
        let path = r.write("""
            subject,status,priority,requester,assignee,created
            Fine,open,normal,,,2026-11-19 10:00
            ,open,normal,,,
            Bad,bogus,highest,@ghost,@nobody,next week

            """, "t.csv")
        let report = try r.store.importFiles([path], options: ImportOptions())
        #expect(report.errors == [
            "t.csv:3: subject is empty",
            "t.csv:4: unknown status \"bogus\" (expected new, open, pending, on_hold, solved or closed); unknown priority \"highest\" (expected urgent, high, normal or low); requester @ghost is not a creator; assignee @nobody is not a teammate (add them first, or import with --create-missing); created \"next week\" is not a date and time (2026-11-20T09:30:00Z or 2026-11-20 09:30)",
        ])
        #expect(!report.applied && report.ticketsAdded == 1)
        #expect(try r.ticketCount() == 0)
        let unknown = r.write("subject,status,colour\nx,open,red\n", "u.csv")
        #expect(try r.store.importFiles([unknown], options: ImportOptions()).errors == [
            "u.csv:1: unknown column \"colour\" (known: subject, body, status, priority, category, channel, tier, requester, network, assignee, tags, created, key, csat, id)",
        ])
        // --type tickets for a file whose columns do not say so.
        let plain = r.write("title,urgency\nHello,low\n", "plain.csv")
        #expect(try r.store.importFiles([plain], options: ImportOptions(kind: .tickets)).ticketsAdded == 1)
        #expect(try r.ticketCount() == 1)
    }

    @Test func creatorsAndTheirTicketsImportTogether() throws {
        let r = try TicketImportFixture()
        let creators = r.write("handle,market,email\n@newbie,US,newbie@example.com\n", "c.csv")
        let tickets = r.write("""
            {"tickets": [{"id": 11, "subject": "Hi", "description": "First ticket", "status": "open",
                          "created_at": "2026-11-19T10:00:00Z", "requester_id": 1}],
             "users": [{"id": 1, "name": "New Bie", "email": "newbie@example.com", "role": "end-user"}]}
            """, "z.json")
        let report = try r.store.importFiles([creators, tickets], options: ImportOptions())
        #expect(report.errors.isEmpty && report.creatorsAdded == 1 && report.ticketsAdded == 1)
        let newbie = try #require(try r.store.creator(handle: "@newbie"))
        #expect(try r.zendesk(11)?.ticket.requesterCreatorID == newbie.id)
    }
}
