import Testing
@testable import GreenroomCore

/// `TeamSettings.applying(_:counts:)`: every rule of a stage edit, on the default settings.
@Suite struct StageEditTests {
    let defaults = TeamSettings.defaults

    func names(_ s: TeamSettings) -> [String] { s.stages.map(\.name) }

    func refused(_ edit: StageEdit, counts: [String: Int] = [:], in settings: TeamSettings = .defaults) -> String? {
        do {
            _ = try settings.applying(edit, counts: counts)
            return nil
        } catch let error as GreenroomError {
            return error.description
        } catch {
            return "\(error)"
        }
    }

    // MARK: rot days

    @Test func settingRotDaysChangesOnlyThatStage() throws {
        let (s, move) = try defaults.applying(.setRotDays(stage: "onboarding", days: 14), counts: [:])
        #expect(s.rotDays(for: "onboarding") == 14)
        #expect(move == nil)
        var expected = defaults
        expected.stages[2].rotDays = 14
        #expect(s == expected)
    }

    @Test func rotDaysCanBeClearedAndSetOnSideStages() throws {
        let cleared = try defaults.applying(.setRotDays(stage: "lead", days: nil), counts: [:]).settings
        #expect(cleared.rotDays(for: "lead") == nil)
        let paused = try defaults.applying(.setRotDays(stage: "paused", days: 30), counts: [:]).settings
        #expect(paused.sideStages.first { $0.name == "paused" }?.rotDays == 30)
        #expect(paused.stages == defaults.stages)
    }

    @Test func rotDaysMustBeBetweenOneAndTenYears() throws {
        #expect(refused(.setRotDays(stage: "lead", days: 0)) == "rot days must be between 1 and 3650, or none (got 0)")
        #expect(refused(.setRotDays(stage: "lead", days: -3)) == "rot days must be between 1 and 3650, or none (got -3)")
        #expect(refused(.setRotDays(stage: "lead", days: 3651)) == "rot days must be between 1 and 3650, or none (got 3651)")
        #expect(refused(.setRotDays(stage: "lead", days: 1)) == nil)
        #expect(refused(.setRotDays(stage: "lead", days: 3650)) == nil)
        #expect(refused(.add(stage: "trial", after: nil, rotDays: 0)) == "rot days must be between 1 and 3650, or none (got 0)")
    }

    @Test func existingStagesAreFoundInAnyCase() throws {
        let s = try defaults.applying(.setRotDays(stage: " Onboarding ", days: 5), counts: [:]).settings
        #expect(s.rotDays(for: "onboarding") == 5)
    }

    // MARK: unknown names

    @Test func unknownStagesAreNamedWithTheClosestSuggested() {
        #expect(refused(.setRotDays(stage: "onbording", days: 3)) == "no stage called \"onbording\" (did you mean onboarding?)")
        #expect(refused(.remove(stage: "contacts", moveTo: nil)) == "no stage called \"contacts\" (did you mean contacted?)")
        #expect(refused(.move(stage: "activate", after: nil)) == "no stage called \"activate\" (did you mean activated?)")
        #expect(refused(.add(stage: "trial", after: "leed", rotDays: nil)) == "no stage called \"leed\" (did you mean lead?)")
        #expect(refused(.move(stage: "onboarding", after: "establishd")) == "no stage called \"establishd\" (did you mean established?)")
        #expect(refused(.remove(stage: "contacted", moveTo: "lsot"), counts: ["contacted": 2])
                == "no stage called \"lsot\" to move creators to (did you mean lost?)")
        #expect(refused(.setRotDays(stage: "  ", days: 3)) == "a stage name cannot be empty")
    }

    // MARK: add

    @Test func addingGoesAtTheEndAfterAStageOrFirst() throws {
        let end = try defaults.applying(.add(stage: "vip", after: nil, rotDays: nil), counts: [:]).settings
        #expect(names(end) == Stage.defaultFlow + ["vip"])
        let middle = try defaults.applying(.add(stage: "trial", after: "onboarding", rotDays: 7), counts: [:]).settings
        #expect(names(middle) == ["lead", "contacted", "onboarding", "trial", "activated", "established"])
        #expect(middle.rotDays(for: "trial") == 7)
        #expect(middle.sideStages == defaults.sideStages)
        let front = try defaults.applying(.add(stage: "scout", after: StageEdit.first, rotDays: nil), counts: [:]).settings
        #expect(names(front) == ["scout"] + Stage.defaultFlow)
    }

    @Test func newNamesAreShortLowercaseWords() {
        #expect(refused(.add(stage: "", after: nil, rotDays: nil)) == "a stage needs a name")
        #expect(refused(.add(stage: "   ", after: nil, rotDays: nil)) == "a stage needs a name")
        #expect(refused(.add(stage: "Big Fish", after: nil, rotDays: nil))
                == "stage names use only lowercase letters, digits, _ and - (got \"Big Fish\"; try \"big-fish\")")
        #expect(refused(.add(stage: "Trial", after: nil, rotDays: nil))
                == "stage names use only lowercase letters, digits, _ and - (got \"Trial\"; try \"trial\")")
        #expect(refused(.add(stage: "a:b", after: nil, rotDays: nil)) == "stage names use only lowercase letters, digits, _ and - (got \"a:b\")")
        #expect(refused(.add(stage: "café", after: nil, rotDays: nil)) == "stage names use only lowercase letters, digits, _ and - (got \"café\")")
        #expect(refused(.add(stage: "a,b", after: nil, rotDays: nil)) == "stage names use only lowercase letters, digits, _ and - (got \"a,b\")")
        let long = String(repeating: "x", count: 33)
        #expect(refused(.add(stage: long, after: nil, rotDays: nil)) == "stage names are at most 32 characters (\"\(long)\" has 33)")
        #expect(refused(.add(stage: String(repeating: "x", count: 32), after: nil, rotDays: nil)) == nil)
        #expect(refused(.add(stage: "tier_2-call", after: nil, rotDays: nil)) == nil)
        #expect(refused(.add(stage: "x", after: nil, rotDays: nil)) == nil)
        #expect(refused(.add(stage: StageEdit.first, after: nil, rotDays: nil)) != nil)
    }

    @Test func namesMustNotRepeatAcrossMainAndSideStages() {
        #expect(refused(.add(stage: "contacted", after: nil, rotDays: nil)) == "there is already a stage called \"contacted\"")
        #expect(refused(.add(stage: "lost", after: nil, rotDays: nil)) == "there is already a stage called \"lost\"")
        #expect(refused(.add(stage: "paused", after: "lead", rotDays: nil)) == "there is already a stage called \"paused\"")
    }

    @Test func newStagesJoinTheMainLineOnly() {
        #expect(refused(.add(stage: "trial", after: "paused", rotDays: nil)) == "paused is a side stage; trial can only go after a main-line stage")
        #expect(refused(.add(stage: "trial", after: "trial", rotDays: nil)) == "cannot place trial after itself")
    }

    // MARK: move

    @Test func movingReordersTheMainLine() throws {
        let after = try defaults.applying(.move(stage: "onboarding", after: "lead"), counts: [:]).settings
        #expect(names(after) == ["lead", "onboarding", "contacted", "activated", "established"])
        let last = try defaults.applying(.move(stage: "lead", after: "established"), counts: [:]).settings
        #expect(names(last) == ["contacted", "onboarding", "activated", "established", "lead"])
        let first = try defaults.applying(.move(stage: "onboarding", after: nil), counts: [:]).settings
        #expect(names(first) == ["onboarding", "lead", "contacted", "activated", "established"])
        let marker = try defaults.applying(.move(stage: "onboarding", after: StageEdit.first), counts: [:]).settings
        #expect(marker == first)
        let same = try defaults.applying(.move(stage: "contacted", after: "lead"), counts: [:]).settings
        #expect(same == defaults)
        #expect(last.rotDays(for: "lead") == 14) // the threshold travels with the stage
    }

    @Test func onlyMainLineStagesMove() {
        #expect(refused(.move(stage: "paused", after: "lead")) == "paused is a side stage; only main-line stages can be reordered")
        #expect(refused(.move(stage: "lead", after: "lost")) == "lost is a side stage; lead can only go after a main-line stage")
        #expect(refused(.move(stage: "lead", after: "lead")) == "cannot place lead after itself")
    }

    // MARK: remove

    @Test func anEmptyStageIsRemoved() throws {
        let (s, move) = try defaults.applying(.remove(stage: "contacted", moveTo: nil), counts: ["lead": 4, "contacted": 0])
        #expect(names(s) == ["lead", "onboarding", "activated", "established"])
        #expect(move == nil)
        let (withTarget, none) = try defaults.applying(.remove(stage: "onboarding", moveTo: "lead"), counts: [:])
        #expect(names(withTarget) == ["lead", "contacted", "activated", "established"])
        #expect(none == nil) // nobody to move
    }

    @Test func builtInStagesCannotBeRemoved() {
        for stage in ["lead", "activated", "established", "paused", "lost"] {
            #expect(refused(.remove(stage: stage, moveTo: "contacted"))
                    == "\(stage) is built in and cannot be removed (its rot days can still be changed)")
        }
        #expect(StageEdit.builtIn == Set(["lead", "activated", "established", "paused", "lost"]))
    }

    @Test func removingAStageWithCreatorsNeedsATarget() throws {
        #expect(refused(.remove(stage: "contacted", moveTo: nil), counts: ["contacted": 12])
                == "12 creators are in contacted; say where they go with --move-to STAGE (e.g. --move-to lead)")
        #expect(refused(.remove(stage: "onboarding", moveTo: nil), counts: ["onboarding": 1])
                == "1 creator is in onboarding; say where they go with --move-to STAGE (e.g. --move-to contacted)")
        let (s, move) = try defaults.applying(.remove(stage: "contacted", moveTo: "lead"), counts: ["contacted": 12])
        #expect(names(s) == ["lead", "onboarding", "activated", "established"])
        #expect(move?.from == "contacted" && move?.to == "lead")
        let (_, toSide) = try defaults.applying(.remove(stage: "contacted", moveTo: "Lost"), counts: ["contacted": 3])
        #expect(toSide?.to == "lost")
    }

    @Test func theTargetMustBeAnotherExistingStage() {
        #expect(refused(.remove(stage: "contacted", moveTo: "contacted"), counts: ["contacted": 2])
                == "cannot move creators from contacted to contacted itself; pick another stage")
        #expect(refused(.remove(stage: "contacted", moveTo: "nowhere"), counts: ["contacted": 2])?.hasPrefix("no stage called \"nowhere\" to move creators to") == true)
    }

    @Test func aCustomSideStageCanBeRemoved() throws {
        var settings = defaults
        settings.sideStages.append(TeamSettings.PipelineStage(name: "on_hold", rotDays: nil))
        let (s, move) = try settings.applying(.remove(stage: "on_hold", moveTo: "paused"), counts: ["on_hold": 2])
        #expect(s.sideStages == defaults.sideStages)
        #expect(s.stages == defaults.stages)
        #expect(move?.from == "on_hold" && move?.to == "paused")
    }

    @Test func anAddedStageCanBeRemovedAgain() throws {
        let added = try defaults.applying(.add(stage: "trial", after: "onboarding", rotDays: 7), counts: [:]).settings
        let removed = try added.applying(.remove(stage: "trial", moveTo: nil), counts: [:]).settings
        #expect(removed == defaults)
    }
}
