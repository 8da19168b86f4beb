import Testing
import GreenroomCore
@testable import GreenroomTUI

/// Each feature declares its own actions and contexts; the key map, help and the key table
/// are built from all of them.
@Suite struct FeatureKeysTests {
    @Test func actionAndContextNamesAreUnique() {
        let names = Action.allCases.map(\.rawValue)
        #expect(Set(names).count == names.count, "\(Dictionary(grouping: names, by: { $0 }).filter { $0.value.count > 1 }.keys)")
        let contexts = Action.Context.allCases.map(\.rawValue)
        #expect(Set(contexts).count == contexts.count)
        #expect(contexts.first == "global")
    }

    @Test func everyFeatureActsInItsOwnContextsOrEverywhere() {
        for feature in Features.all {
            for action in feature.actions {
                #expect(action.context == .global || feature.contexts.contains(action.context),
                        "\(action.rawValue) of \(feature) is in \(action.context.rawValue), a context another feature declares")
            }
        }
        // Every context some action uses is declared by a feature.
        for action in Action.allCases {
            #expect(Action.Context.allCases.contains(action.context), "\(action.rawValue): undeclared context \(action.context.rawValue)")
        }
    }

    @Test func anActionIsFoundByItsName() {
        #expect(Action(rawValue: "trash.restore") == .restoreFromTrash)
        #expect(Action(rawValue: "trash.restore")?.context == .trash)
        #expect(Action(rawValue: "trash.nothing") == nil)
    }

    @Test func aScreensOwnActionIsReboundByKeysToml() throws {
        var m = loadedModel()
        m.keyMap = try KeyMap.parse("\"trash.restore\" = \"y\"\n", file: "keys.toml")
        _ = m.openTrash()
        _ = update(&m, .trash(.loaded(sampleTrash)))
        #expect(press(&m, .char("r")).isEmpty)
        #expect(press(&m, .char("y")) == [.trash(.restore(kind: "creator", id: sampleTrash[0].id, label: sampleTrash[0].label))])
    }
}
