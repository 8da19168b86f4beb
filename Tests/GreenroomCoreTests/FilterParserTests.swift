import Testing
@testable import GreenroomCore

@Suite struct FilterParserTests {
    let parser = FilterParser()

    @Test func everyTermParses() throws {
        let f = try parser.parse(#"stage:onboarding market:mx owner:@ana tag:SMB network:"Luz Agency" idle:>7d live7d:<2h source:referral"#)
        #expect(f.conditions == [
            .stage(["onboarding"], negated: false),
            .market(["MX"], negated: false),
            .owner([.handle("@ana")], negated: false),
            .tag(["smb"], negated: false),
            .network([.named("Luz Agency")], negated: false),
            .idleDays(.init(.greater, 7)),
            .live7dMinutes(.init(.less, 120)),
            .source([.referral], negated: false),
        ])
        #expect(f.words.isEmpty)
    }

    @Test func moreTermsUnitsAndKeywords() throws {
        let f = try parser.parse("kind:merchant,affiliate health:slipping followers:>=10k active30d:<=3 created:<1w owner:me,none network:none idle:36h")
        #expect(f.conditions == [
            .kind([.merchant, .affiliate], negated: false),
            .health([.slipping], negated: false),
            .followers(.init(.greaterOrEqual, 10_000)),
            .activeDays30d(.init(.lessOrEqual, 3)),
            .createdDays(.init(.less, 7)),
            .owner([.me, .nobody], negated: false),
            .network([.nobody], negated: false),
            .idleDays(.init(.equal, 1.5)),
        ])
    }

    @Test func freeTextNegationAndAnyOf() throws {
        let f = try parser.parse(#"mila -tag:vip stage:lead,contacted "rafa peña" 直播"#)
        #expect(f.words == ["mila", "rafa peña", "直播"])
        #expect(f.conditions == [.tag(["vip"], negated: true), .stage(["lead", "contacted"], negated: false)])
        #expect(try parser.parse("   ").isEmpty)
        #expect(try parser.parse("-").words == ["-"])
        #expect(try parser.parse(#"owner:"none""#).conditions == [.owner([.handle("@none")], negated: false)])
    }

    @Test func errorsNameTheTermAndWhereItIs() {
        func error(_ input: String) -> FilterError? {
            do { _ = try parser.parse(input); return nil } catch let e as FilterError { return e } catch { return nil }
        }
        #expect(error("mila stag:lead") == FilterError("unknown filter \"stag:\" (did you mean stage:?)", range: 5..<14))
        #expect(error("market:Mexico") == FilterError("market \"Mexico\" is not an ISO country code (e.g. US, MX, MY)", range: 0..<13))
        #expect(error("stage:won")?.message == "unknown stage \"won\" (stages: lead, contacted, onboarding, activated, established, paused, lost)")
        #expect(error("idle:>7y") == FilterError("idle: unit \"y\" not understood (use d, h, w)", range: 0..<8))
        #expect(error("live7d:lots")?.message == "live7d: needs a number, e.g. live7d:<2h")
        #expect(error("tag:") == FilterError("tag: needs a value", range: 0..<4))
        #expect(error("tag:a,,b")?.message == "tag: has an empty item in \"a,,b\"")
        #expect(error(#"network:"Luz"#) == FilterError("unclosed quote", range: 8..<12))
        #expect(error("-idle:>3")?.message == "idle: cannot be negated; use the opposite comparison")
        #expect(error("source:tiktok")?.message == "unknown source \"tiktok\" (outbound, inbound, referral, event, import)")
        #expect(error("health:sleepy")?.message == "unknown health \"sleepy\" (active, slipping, idle)")
    }

    @Test func stagesComeFromTheTeamSettings() throws {
        let custom = FilterParser(stages: ["lead", "trial", "live"])
        #expect(try custom.parse("stage:trial").conditions == [.stage(["trial"], negated: false)])
        #expect(throws: FilterError.self) { try custom.parse("stage:onboarding") }
    }

    @Test func comparisonsCompare() {
        #expect(CreatorFilter.Comparison(.greater, 7).matches(8))
        #expect(!CreatorFilter.Comparison(.greater, 7).matches(7))
        #expect(CreatorFilter.Comparison(.lessOrEqual, 7).matches(7))
        #expect(CreatorFilter.Comparison(.equal, 0).matches(0))
    }
}
