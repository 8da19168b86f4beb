import Foundation
import GRDB
import Testing
import GreenroomCore
@testable import GreenroomStore

/// A small roster with known facts, for filter, sort and statistics tests.
struct RosterFixture {
    let f: Fixture
    var store: Store { f.store }
    var ids: [String: String] = [:]
    let jordan: Member
    let luz: Network

    init() throws {
        f = try Fixture()
        jordan = Member(id: UUIDv7.make(millis: 5), handle: "@jordan", name: "Jordan", role: .manager, team: "US")
        try f.store.insertForTesting(jordan)
        luz = Network(id: UUIDv7.make(millis: 6), name: "Luz Agency", region: "MX")
        try f.store.insertForTesting(luz)
        func add(_ handle: String, name: String, market: String, stage: String, owner: String?, network: String?, source: CreatorSource,
                 followers: Int, createdDaysAgo: Int, tags: [String], kind: CreatorKind = .creator, notes: String? = nil) throws -> String {
            let c = Creator(id: UUIDv7.make(millis: pinnedNow - Millis(createdDaysAgo) * Time.day), handle: handle, displayName: name, kind: kind,
                            market: market, language: "en", networkID: network, ownerID: owner, stage: stage, source: source,
                            followers: followers, notes: notes, createdAt: pinnedNow - Millis(createdDaysAgo) * Time.day)
            try f.store.apply(ChangeSet("add", [.insertCreator(c, tags: tags)]), by: nil)
            return c.id
        }
        ids["mila"] = try add("@mila.cooks", name: "Mila Carter", market: "US", stage: Stage.activated, owner: f.manager.id, network: nil,
                              source: .referral, followers: 125_000, createdDaysAgo: 100, tags: ["smb", "food"])
        ids["rafa"] = try add("@djrafa", name: "Rafa Peña", market: "MX", stage: Stage.onboarding, owner: jordan.id, network: luz.id,
                              source: .event, followers: 8_200, createdDaysAgo: 3, tags: ["music"], notes: "wants bilingual streams")
        ids["zoe"] = try add("@zoe.live", name: "Zoë 直播 🎥", market: "US", stage: Stage.established, owner: f.manager.id, network: nil,
                             source: .outbound, followers: 950, createdDaysAgo: 200, tags: [], kind: .merchant)
        ids["idle"] = try add("@quiet.one", name: "Quiet One", market: "MY", stage: Stage.activated, owner: nil, network: nil,
                              source: .inbound, followers: 40_000, createdDaysAgo: 60, tags: ["vip"])
        ids["lead"] = try add("@new.lead", name: "New Lead", market: "MX", stage: Stage.lead, owner: nil, network: luz.id,
                              source: .referral, followers: 10, createdDaysAgo: 1, tags: [])
        // Mila: 3 h this week, 2 h the week before (active). Zoë: 1 h this week, 5 h before (slipping).
        // Quiet: last live 10 days ago (idle). Rafa, the lead: never live.
        func live(_ key: String, daysAgo: Double, minutes: Int) throws {
            try f.store.insertForTesting(LiveSession(id: UUIDv7.make(millis: 1), creatorID: ids[key]!,
                                                     startedAt: pinnedNow - Millis(daysAgo * Double(Time.day)), minutes: minutes,
                                                     peakViewers: 10, viewerMinutes: 100, gifts: 1))
        }
        try live("mila", daysAgo: 1, minutes: 120)
        try live("mila", daysAgo: 2.5, minutes: 60)
        try live("mila", daysAgo: 9, minutes: 120)
        try live("zoe", daysAgo: 0.5, minutes: 60)
        try live("zoe", daysAgo: 8, minutes: 300)
        try live("idle", daysAgo: 10, minutes: 90)
        try f.store.refreshCreatorStats(now: pinnedNow)
    }

    func handles(_ filter: String, sort: RosterSort = .default, me: String? = "@ana") throws -> [String] {
        let parsed = try FilterParser().parse(filter)
        return try store.rosterPage(filter: parsed, sort: sort, me: me, offset: 0, limit: 100, now: pinnedNow).map(\.handle)
    }
}

@Suite struct RosterStoreTests {
    @Test func statisticsAndHealthFollowTheDefinitions() throws {
        let r = try RosterFixture()
        let rows = try r.store.rosterPage(offset: 0, limit: 10, now: pinnedNow)
        let byHandle = Dictionary(uniqueKeysWithValues: rows.map { ($0.handle, $0) })
        #expect(byHandle["@mila.cooks"]?.liveMinutes7d == 180)
        #expect(byHandle["@mila.cooks"]?.activeDays30d == 3)
        #expect(byHandle["@mila.cooks"]?.health == .active)
        #expect(byHandle["@zoe.live"]?.health == .slipping)   // 60 min vs 300 the week before
        #expect(byHandle["@quiet.one"]?.health == .idle)
        #expect(byHandle["@quiet.one"]?.lastLiveAt == pinnedNow - 10 * Time.day)
        #expect(byHandle["@djrafa"]?.health == nil)            // onboarding, never live: no health yet
        #expect(try r.store.creatorStatsAsOf() == pinnedNow)
    }

    @Test func everyFilterTermSelectsWhatItSays() throws {
        let r = try RosterFixture()
        #expect(try r.handles("stage:activated") == ["@mila.cooks", "@quiet.one"])
        #expect(try r.handles("stage:lead,onboarding") == ["@djrafa", "@new.lead"])
        #expect(try r.handles("market:MX") == ["@djrafa", "@new.lead"])
        #expect(try r.handles("owner:@jordan") == ["@djrafa"])
        #expect(try r.handles("owner:me") == ["@mila.cooks", "@zoe.live"])
        #expect(try r.handles("owner:none") == ["@new.lead", "@quiet.one"])
        #expect(try r.handles("tag:smb") == ["@mila.cooks"])
        #expect(try r.handles(#"network:"Luz Agency""#) == ["@djrafa", "@new.lead"])
        #expect(try r.handles("network:none market:US") == ["@mila.cooks", "@zoe.live"])
        #expect(try r.handles("source:referral") == ["@mila.cooks", "@new.lead"])
        #expect(try r.handles("kind:merchant") == ["@zoe.live"])
        #expect(try r.handles("health:slipping,idle") == ["@quiet.one", "@zoe.live"])
        #expect(try r.handles("idle:>7d") == ["@djrafa", "@new.lead", "@quiet.one"]) // never live counts as idle
        #expect(try r.handles("idle:>7d stage:activated,established") == ["@quiet.one"])
        #expect(try r.handles("live7d:<2h") == ["@djrafa", "@new.lead", "@quiet.one", "@zoe.live"])
        #expect(try r.handles("live7d:>=3h") == ["@mila.cooks"])
        #expect(try r.handles("active30d:>=2") == ["@mila.cooks", "@zoe.live"])
        #expect(try r.handles("followers:>10k") == ["@mila.cooks", "@quiet.one"])
        #expect(try r.handles("created:<7d") == ["@djrafa", "@new.lead"])
        #expect(try r.handles("-tag:vip -market:MX") == ["@mila.cooks", "@zoe.live"])
        #expect(try r.handles("-owner:none") == ["@djrafa", "@mila.cooks", "@zoe.live"])
        #expect(try r.handles("-health:idle,slipping") == ["@djrafa", "@mila.cooks", "@new.lead"]) // no health is not idle
        #expect(try r.handles("health:active") == ["@mila.cooks"])
    }

    @Test func bothPlansForFreeTextGiveTheSameRows() throws {
        let r = try RosterFixture()
        for text in ["m", "mila", "zoe", "pena", "food", "n", "o market:MX", "q -tag:vip", "x"] {
            let filter = try FilterParser().parse(text)
            for sort in RosterColumn.allCases.flatMap({ [RosterSort($0, descending: false), RosterSort($0, descending: true)] }) {
                let total = try r.store.rosterCount(filter: filter, me: "@ana", now: pinnedNow)
                for offset in 0...max(0, total - 1) {
                    func page(_ walk: Bool) throws -> [String] {
                        try r.store.rosterPage(filter: filter, sort: sort, me: "@ana", offset: offset, limit: 2, now: pinnedNow, total: nil,
                                               walkSortIndex: walk).map(\.handle)
                    }
                    #expect(try page(true) == page(false), "\(text) sorted \(sort) from \(offset)")
                }
            }
        }
    }

    @Test func countsAreCachedUntilTheDatabaseChangesFromAnyConnection() throws {
        let r = try RosterFixture()
        let mx = try FilterParser().parse("market:MX")
        #expect(try r.store.rosterCount(filter: mx, now: pinnedNow) == 2)
        #expect(try r.store.rosterCount(filter: mx, now: pinnedNow) == 2)
        // A write through this store.
        try r.store.apply(ChangeSet("move", [.update(.creator, id: r.ids["mila"]!, fields: [CreatorField.market.rawValue: .text("MX")])]), by: nil)
        #expect(try r.store.rosterCount(filter: mx, now: pinnedNow) == 3)
        #expect(try r.store.rosterCount(filter: try FilterParser().parse("mila"), now: pinnedNow) == 1)
        // A write from another process's connection (a CLI import while the app is open).
        let other = try Store.open(at: r.store.path, clock: .fixed(pinnedNow))
        try other.apply(ChangeSet("move", [.update(.creator, id: r.ids["zoe"]!, fields: [CreatorField.market.rawValue: .text("MX")])]), by: nil)
        try other.apply(ChangeSet("rename", [.update(.creator, id: r.ids["zoe"]!, fields: [CreatorField.displayName.rawValue: .text("Mila Two")])]), by: nil)
        try other.close()
        #expect(try r.store.rosterCount(filter: mx, now: pinnedNow) == 4)
        #expect(try r.store.rosterCount(filter: try FilterParser().parse("mila"), now: pinnedNow) == 2)
    }

    @Test func ownWritesAdjustCachedCountsInsteadOfRecountingAndTheyStayRight() throws {
        let r = try RosterFixture()
        let store = r.store
        let texts = ["", "market:MX", "stage:lead,contacted", "owner:@ana", "-owner:@ana", "tag:music", "-market:US", "idle:>5d", "@mila"]
        let filters = try texts.map { try FilterParser().parse($0) }
        /// The truth, counted without the cache.
        func fresh(_ filter: CreatorFilter) throws -> (Int, [String: Int]) {
            let w = RosterSQL.whereClause(filter, me: "@ana", now: pinnedNow)
            return try store.read { db in
                let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM creator c \(w.needsStats ? RosterSQL.statsJoin : "") WHERE \(w.clause)",
                                             arguments: w.arguments) ?? 0
                let rows = try Row.fetchAll(db, sql: "SELECT c.stage, COUNT(*) AS n FROM creator c \(w.needsStats ? RosterSQL.statsJoin : "") WHERE \(w.clause) GROUP BY c.stage",
                                            arguments: w.arguments)
                return (total, Dictionary(uniqueKeysWithValues: rows.map { ($0["stage"] as String, $0["n"] as Int) }))
            }
        }
        func check(_ step: String) throws {
            for (text, filter) in zip(texts, filters) {
                let truth = try fresh(filter)
                #expect(try store.rosterCount(filter: filter, me: "@ana", now: pinnedNow) == truth.0, "\(step): roster \(text)")
                #expect(try store.stageCounts(filter: filter, me: "@ana", now: pinnedNow).filter { $0.value != 0 } == truth.1, "\(step): board \(text)")
            }
        }
        try check("start")
        let rafa = r.ids["rafa"]!, mila = r.ids["mila"]!, lead = r.ids["lead"]!
        let newcomer = Creator(id: UUIDv7.make(millis: pinnedNow), handle: "@newcomer", displayName: "New Comer", kind: .creator, market: "MX",
                               language: "es", networkID: nil, ownerID: r.f.manager.id, stage: Stage.lead, source: .inbound, followers: 5,
                               createdAt: pinnedNow)
        let sets: [(String, ChangeSet)] = [
            ("move", ChangeSet("move", [.moveStage(creatorID: lead, to: Stage.contacted, reason: nil)])),
            ("market", ChangeSet("market", [.update(.creator, id: mila, fields: [CreatorField.market.rawValue: .text("MX")])])),
            ("owner", ChangeSet("owner", [.update(.creator, id: rafa, fields: [CreatorField.ownerID.rawValue: .text(r.f.manager.id)])])),
            ("tag", ChangeSet("tag", [.tags(creatorID: mila, add: ["music"], remove: [])])),
            ("insert", ChangeSet("insert", [.insertCreator(newcomer, tags: ["music"])])),
            ("delete", ChangeSet("delete", [.update(.creator, id: rafa, fields: [CreatorField.deleted.rawValue: .int(1)])])),
            ("bulk", ChangeSet("bulk", [.moveStage(creatorID: mila, to: Stage.lost, reason: "quit"), .moveStage(creatorID: newcomer.id, to: Stage.onboarding, reason: nil)])),
        ]
        var undos: [(String, ChangeSet)] = []
        for (name, set) in sets {
            let before = store.counts.computed.load(ordering: .relaxed)
            undos.append((name, try store.apply(set, by: r.f.manager.id)))
            try check(name)
            // Adjusted in place, not counted again.
            #expect(store.counts.computed.load(ordering: .relaxed) == before, "\(name) recounted")
        }
        for (name, undo) in undos.reversed() {
            try store.apply(undo, by: r.f.manager.id)
            try check("undo " + name)
        }
        // Free text is counted again after a write (FTS5 cannot check one row cheaply).
        let words = try FilterParser().parse("mila")
        #expect(try store.rosterCount(filter: words, now: pinnedNow) == 1)
        try store.apply(ChangeSet("rename", [.update(.creator, id: rafa, fields: [CreatorField.displayName.rawValue: .text("Mila Two")])]), by: nil)
        #expect(try store.rosterCount(filter: words, now: pinnedNow) == 2)
        try store.apply(ChangeSet("rename", [.update(.creator, id: lead, fields: [CreatorField.displayName.rawValue: .text("Mila Three")])]), by: nil)
        #expect(try store.rosterCount(filter: words, now: pinnedNow) == 3)
        // A write that names no creators (the statistics) drops every count.
        let before = store.counts.computed.load(ordering: .relaxed)
        try store.refreshCreatorStats(now: pinnedNow)
        try check("statistics")
        #expect(store.counts.computed.load(ordering: .relaxed) - before == 2 * texts.count)
    }

    @Test func freeTextSearchesHandleNameTagsAndNotesIgnoringAccents() throws {
        let r = try RosterFixture()
        #expect(try r.handles("zoe") == ["@zoe.live"])          // Zoë, without the diaeresis
        #expect(try r.handles("pena") == ["@djrafa"])           // Peña
        #expect(try r.handles("直播") == ["@zoe.live"])
        #expect(try r.handles("bilingual") == ["@djrafa"])      // notes
        #expect(try r.handles("food") == ["@mila.cooks"])       // tags
        #expect(try r.handles("mil car") == ["@mila.cooks"])    // prefixes, all words
        #expect(try r.handles("@mila") == ["@mila.cooks"])      // a handle prefix
        #expect(try r.handles("@mila.cooks") == ["@mila.cooks"])
        #expect(try r.handles("@mil.x") == [])
        #expect(try r.handles(#"quote"s AND "x OR"#).isEmpty)  // punctuation is never FTS syntax
        #expect(try r.handles("nobody-matches-this") == [])
    }

    @Test func sortingByEveryColumnBothWays() throws {
        let r = try RosterFixture()
        #expect(try r.handles("", sort: RosterSort(.live7d)) == ["@mila.cooks", "@zoe.live", "@djrafa", "@new.lead", "@quiet.one"])
        #expect(try r.handles("", sort: RosterSort(.followers)) == ["@mila.cooks", "@quiet.one", "@djrafa", "@zoe.live", "@new.lead"])
        #expect(try r.handles("", sort: RosterSort(.followers).reversed) == ["@new.lead", "@zoe.live", "@djrafa", "@quiet.one", "@mila.cooks"])
        #expect(try r.handles("", sort: RosterSort(.name)) == ["@mila.cooks", "@new.lead", "@quiet.one", "@djrafa", "@zoe.live"])
        #expect(try r.handles("", sort: RosterSort(.health)) == ["@quiet.one", "@zoe.live", "@mila.cooks", "@djrafa", "@new.lead"])
        #expect(try r.handles("", sort: RosterSort(.lastLive)) == ["@zoe.live", "@mila.cooks", "@quiet.one", "@djrafa", "@new.lead"])
        #expect(try r.handles("", sort: RosterSort(.owner)).first == "@new.lead") // no owner sorts first ascending
        for column in RosterColumn.allCases {
            let forward = try r.handles("", sort: RosterSort(column, descending: false))
            let backward = try r.handles("", sort: RosterSort(column, descending: true))
            #expect(Set(forward) == Set(backward))
            #expect(forward.count == 5)
        }
    }

    @Test func pagesFromTheEndMatchPagesFromTheStart() throws {
        let r = try RosterFixture()
        for sort in [RosterSort.default, RosterSort(.live7d), RosterSort(.name).reversed] {
            let all = try r.handles("", sort: sort)
            for offset in 0..<5 {
                let page = try r.store.rosterPage(sort: sort, offset: offset, limit: 2, now: pinnedNow).map(\.handle)
                #expect(page == Array(all[offset..<min(5, offset + 2)]), "sort \(sort) offset \(offset)")
            }
        }
    }

    @Test func searchTextFollowsEditsTagsAndDeletes() throws {
        let r = try RosterFixture()
        let mila = r.ids["mila"]!
        try r.store.apply(ChangeSet("edit", [.update(.creator, id: mila, fields: [CreatorField.displayName.rawValue: .text("Mila Brooks")])]), by: nil)
        #expect(try r.handles("brooks") == ["@mila.cooks"])
        #expect(try r.handles("carter") == [])
        try r.store.apply(ChangeSet("tag", [.tags(creatorID: mila, add: ["Top 100"], remove: ["food"])]), by: nil)
        #expect(try r.handles("top") == ["@mila.cooks"])
        #expect(try r.handles("tag:top-100") == ["@mila.cooks"])
        #expect(try r.handles("food") == [])
        let inverse = try r.store.apply(ChangeSet("delete", [.update(.creator, id: mila, fields: [CreatorField.deleted.rawValue: FieldValue(true)])]), by: nil)
        #expect(try r.handles("brooks") == [])
        try r.store.apply(inverse, by: nil)
        #expect(try r.handles("brooks") == ["@mila.cooks"])
    }

    @Test func everyChangeComesBackWithItsInverse() throws {
        let r = try RosterFixture()
        let rafa = r.ids["rafa"]!
        let before = try r.store.creator(id: rafa)!
        let edit = ChangeSet("Edited @djrafa", [
            .update(.creator, id: rafa, fields: ["followers": .int(9_999), "email": .text("rafa@example.com")]),
            .moveStage(creatorID: rafa, to: Stage.activated, reason: nil),
            .tags(creatorID: rafa, add: ["vip"], remove: ["music"]),
        ])
        let undo = try r.store.apply(edit, by: r.f.manager.id)
        #expect(undo.label == "Edited @djrafa")
        let after = try r.store.creator(id: rafa)!
        #expect(after.followers == 9_999 && after.email == "rafa@example.com" && after.stage == Stage.activated)
        #expect(try r.store.tags(ofCreator: rafa) == ["vip"])
        let redo = try r.store.apply(undo, by: r.f.manager.id)
        let restored = try r.store.creator(id: rafa)!
        #expect(restored == before)
        #expect(try r.store.tags(ofCreator: rafa) == ["music"])
        // Undo withdraws the move's stage event (a tombstone) instead of writing a move back.
        func events() throws -> [String] {
            try r.store.read { db in try String.fetchAll(db, sql: "SELECT to_stage || IIF(deleted, ' (withdrawn)', '') FROM stage_event WHERE creator_id = ? ORDER BY at, rowid", arguments: [rafa]) }
        }
        #expect(try events() == [Stage.onboarding, Stage.activated + " (withdrawn)"])
        try r.store.apply(redo, by: nil)
        #expect(try r.store.creator(id: rafa)!.followers == 9_999)
        #expect(try r.store.creator(id: rafa)!.stage == Stage.activated)
        #expect(try events() == [Stage.onboarding, Stage.activated])
    }

    @Test func creatingAndUndoingACreator() throws {
        let r = try RosterFixture()
        let c = Creator(id: UUIDv7.make(millis: pinnedNow), handle: "@fresh", displayName: "Fresh", kind: .creator, market: "US", language: "en",
                        networkID: nil, ownerID: nil, stage: Stage.lead, source: .inbound, followers: 1, createdAt: pinnedNow)
        let undo = try r.store.apply(ChangeSet("Added @fresh", [.insertCreator(c, tags: ["new"])]), by: nil)
        #expect(try r.handles("fresh") == ["@fresh"])
        try r.store.apply(undo, by: nil)
        #expect(try r.handles("fresh") == [])
        #expect(try r.store.creator(handle: "@fresh") == nil)
        #expect(throws: GreenroomError.invalidInput("handle @mila.cooks is already taken")) {
            var dup = c
            dup.id = UUIDv7.make(millis: pinnedNow)
            dup.handle = "@mila.cooks"
            try r.store.apply(ChangeSet("dup", [.insertCreator(dup, tags: [])]), by: nil)
        }
    }

    @Test func validationChecksHandlesMarketsOwnersAndNetworks() throws {
        let r = try RosterFixture()
        var draft = CreatorDraft.new(owner: "@ghost")
        draft[.handle] = "mila.cooks"
        draft[.displayName] = "Mila"
        draft[.market] = "Mexico"
        draft[.network] = "Sol Agency"
        let errors = try r.store.validate(draft, editing: nil)
        #expect(errors[.handle] == "@mila.cooks is already taken")
        #expect(errors[.market] == "\"Mexico\" is not an ISO country code")
        #expect(errors[.owner] == "no teammate @ghost")
        #expect(errors[.network] == "no network called \"Sol Agency\"")
        #expect(try r.store.validate(draft, editing: r.ids["mila"]!)[.handle] == nil) // its own handle is fine
        draft[.market] = "mx"
        draft[.owner] = "jordan"
        draft[.network] = "luz agency"
        draft[.handle] = "@someone.new"
        #expect(try r.store.validate(draft, editing: nil).isEmpty)
        let (owner, network) = try r.store.resolve(draft)
        #expect(owner == r.jordan.id && network == r.luz.id)
    }

    @Test func savedViewsAreTeamSettings() throws {
        let r = try RosterFixture()
        #expect(try r.store.teamSettings().views.map(\.name) == ["My creators", "Idle 7d+", "Slipping", "New this week", "No owner"])
        try r.store.saveView(name: "MX leads", filter: "market:MX stage:lead", sort: RosterSort(.followers))
        let views = try r.store.teamSettings().views
        #expect(views.last == TeamSettings.SavedView(name: "MX leads", filter: "market:MX stage:lead", sort: RosterSort(.followers)))
        #expect(throws: GreenroomError.invalidInput("the filter has an error: unknown stage \"won\" (stages: lead, contacted, onboarding, activated, established, paused, lost)")) {
            try r.store.saveView(name: "Bad", filter: "stage:won", sort: nil)
        }
        try r.store.deleteView(name: "mx leads")
        #expect(try r.store.teamSettings().views.count == 5)
        #expect(throws: GreenroomError.self) { try r.store.deleteView(name: "nope") }
        let ops = try r.store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox WHERE entity = 'setting' AND row_id = 'roster.views'") }
        #expect(ops == 2) // views travel with sync
    }

    @Test func creatorDetailHasEverySection() throws {
        let r = try RosterFixture()
        let mila = r.ids["mila"]!
        try r.store.apply(ChangeSet("note", [.insertActivity(Activity(id: UUIDv7.make(millis: pinnedNow), creatorID: mila, kind: .coaching,
                                                                      authorID: r.f.manager.id, at: pinnedNow - Time.hour, summary: "Hooks",
                                                                      nextStep: "Review", followUpDue: pinnedNow + Time.day))]), by: nil)
        try r.store.apply(ChangeSet("move", [.moveStage(creatorID: mila, to: Stage.established, reason: nil)]), by: r.f.manager.id)
        let d = try #require(try r.store.creatorDetail(id: mila, now: pinnedNow))
        #expect(d.tags == ["food", "smb"])
        #expect(d.ownerHandle == "@ana")
        #expect(d.dailyLiveHours.count == 90)
        #expect(d.dailyLiveHours.reduce(0, +) == 5)
        #expect(d.totals.sessions == 3 && d.totals.minutes == 300 && d.totals.activeDays == 3)
        #expect(d.stages.map(\.stage) == [Stage.activated, Stage.established])
        #expect(d.stages[0].exitedAt == pinnedNow && d.stages[1].exitedAt == nil)
        #expect(d.stages[1].byHandle == "@ana")
        #expect(d.activities.map(\.activity.summary) == ["Hooks"])
        #expect(d.activities[0].authorHandle == "@ana")
        #expect(try r.store.creatorDetail(id: "nope", now: pinnedNow) == nil)
    }
}

@Suite struct BoardStoreTests {
    /// Creators entering lead at `daysAgo`, through the store like the app does.
    func add(_ f: Fixture, _ handle: String, daysAgo: Int, stage: String = Stage.lead) throws -> String {
        try f.creator(handle, stage: stage, createdAt: pinnedNow - Millis(daysAgo) * Time.day).id
    }

    @Test func theFunnelComesFromStageEventsAndIgnoresUndoneMoves() throws {
        let f = try Fixture()
        let c1 = try add(f, "@one", daysAgo: 10)
        let c2 = try add(f, "@two", daysAgo: 5)
        _ = try add(f, "@old", daysAgo: 50)
        let c4 = try add(f, "@four", daysAgo: 3)
        try f.store.apply(ChangeSet("move", [.moveStage(creatorID: c1, to: Stage.contacted, reason: nil)]), by: f.manager.id)
        let undo = try f.store.apply(ChangeSet("move", [.moveStage(creatorID: c2, to: Stage.contacted, reason: nil)]), by: f.manager.id)
        try f.store.apply(undo, by: f.manager.id)
        try f.store.apply(ChangeSet("lose", [.moveStage(creatorID: c4, to: Stage.lost, reason: "no budget")]), by: f.manager.id)
        let window = TeamCalendar(zone: TimeZone(identifier: "UTC")!).window(days: 30, endingAt: pinnedNow)
        let r = try f.store.funnel(start: window.lowerBound, end: window.upperBound, now: pinnedNow)
        #expect(r.cohort == 3)
        #expect(r.steps.map(\.reached) == [3, 1, 0, 0, 0])
        #expect(r.lostReasons == [FunnelReport.Reason(reason: "no budget", count: 1)])
        // Exits from lead in the window: @one after 10 days, @four after 3; @two's move was undone.
        #expect(r.timeInStage.first { $0.stage == Stage.lead }?.exits == 2)
        #expect(r.timeInStage.first { $0.stage == Stage.lead }?.medianDays == 6.5)
        #expect(try f.store.creator(id: c2)?.stage == Stage.lead)
        // The store's streaming path agrees with the reference computation over every event.
        let all = try f.store.read { db in
            try Row.fetchAll(db, sql: "SELECT creator_id, to_stage, at, reason FROM stage_event WHERE deleted = 0").map {
                FunnelReport.Event(creatorID: $0["creator_id"], toStage: $0["to_stage"], at: $0["at"], reason: $0["reason"])
            }
        }
        #expect(r == FunnelReport.compute(events: all, flow: Stage.defaultFlow, windowStart: window.lowerBound, windowEnd: window.upperBound))
        // A filter narrows the cohort.
        let none = try f.store.funnel(start: window.lowerBound, end: window.upperBound, filter: try FilterParser().parse("market:MX"), now: pinnedNow)
        #expect(none.cohort == 0)
    }

    @Test func boardColumnsFollowTheFilterPageFromTheEndAndLocateCards() throws {
        let f = try Fixture()
        var ids: [String] = []
        for i in 0..<9 { ids.append(try add(f, String(format: "@lead%02d", i), daysAgo: 20 - i)) }
        let mx = try add(f, "@mx", daysAgo: 1)
        try f.store.apply(ChangeSet("mx", [.update(.creator, id: mx, fields: [CreatorField.market.rawValue: .text("MX")])]), by: nil)
        #expect(try f.store.stageCounts(now: pinnedNow)[Stage.lead] == 10)
        let filter = try FilterParser().parse("market:MX")
        #expect(try f.store.stageCounts(filter: filter, now: pinnedNow)[Stage.lead] == 1)
        let all = try f.store.pipelineCards(stage: Stage.lead, offset: 0, limit: 20, now: pinnedNow).map(\.handle)
        #expect(all.first == "@lead00" && all.last == "@mx") // longest in stage first
        for offset in 0..<10 {
            let page = try f.store.pipelineCards(stage: Stage.lead, offset: offset, limit: 3, now: pinnedNow).map(\.handle)
            #expect(page == Array(all[offset..<min(10, offset + 3)]), "offset \(offset)")
        }
        try f.store.apply(ChangeSet("move", [.moveStage(creatorID: ids[4], to: Stage.contacted, reason: nil)]), by: nil)
        #expect(try f.store.locateCard(creatorID: ids[4], now: pinnedNow)?.stage == Stage.contacted)
        #expect(try f.store.locateCard(creatorID: ids[4], now: pinnedNow)?.index == 0)
        #expect(try f.store.locateCard(creatorID: ids[5], now: pinnedNow)?.index == 4)
        #expect(try f.store.locateCard(creatorID: ids[5], filter: filter, now: pinnedNow) == nil)
        #expect(try f.store.locateCard(creatorID: mx, filter: filter, now: pinnedNow)?.index == 0)
        // Ties in time and cards with no time: every card's index is its place in the column.
        try f.store.write { db in
            try db.execute(sql: "UPDATE creator SET stage_entered_at = NULL WHERE handle IN ('@lead07', '@lead02')")
            try db.execute(sql: "UPDATE creator SET stage_entered_at = 1000 WHERE handle IN ('@lead03', '@lead08', '@lead01')")
        }
        let column = try f.store.pipelineCards(stage: Stage.lead, offset: 0, limit: 20, now: pinnedNow)
        #expect(column.prefix(2).map(\.handle) == ["@lead02", "@lead07"])
        for (i, card) in column.enumerated() {
            #expect(try f.store.locateCard(creatorID: card.id, now: pinnedNow)?.index == i, "\(card.handle)")
        }
        // Unknown stages are refused.
        #expect(throws: GreenroomError.self) { try f.store.apply(ChangeSet("bad", [.moveStage(creatorID: mx, to: "limbo", reason: nil)]), by: nil) }
    }
}
