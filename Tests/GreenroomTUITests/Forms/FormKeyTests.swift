import Testing
import GreenroomCore
@testable import GreenroomTUI

/// The forms take their form-wide keys (save, cancel, next field, editor) from the key map's
/// `form` context, so `keys.toml` rebinds them like any other key.
@Suite struct FormKeyTests {
    func rebound(_ toml: String) throws -> Model {
        var m = loadedModel()
        m.keyMap = try KeyMap.parse(toml, file: "keys.toml")
        _ = update(&m, .key(.char("3")))
        return m
    }

    @Test func theFormKeysMayBeTheGlobalOnesAndAreListedInTheirOwnContext() throws {
        let map = KeyMap.defaults
        #expect(map.keys(for: .formCancel) == [.esc] && map.keys(for: .back).contains(.esc))
        #expect(map.keys(for: .formNext) == [.tab] && map.keys(for: .focusNext).contains(.tab))
        #expect(map.action(for: .esc, in: [.form]) == .formCancel)
        #expect(map.action(for: .char("q"), in: [.form]) == nil) // no global fallback inside a form
        #expect(map.helpSections().contains { $0.title == Action.Context.form.title })
        #expect(throws: GreenroomError.self) { try KeyMap.parse("\"form.save\" = \"ctrl-c\"\n", file: "k") }
    }

    @Test func aReboundSaveKeySavesAndTheOldOneTypes() throws {
        var m = try rebound("\"form.save\" = \"ctrl-w\"\n\"form.cancel\" = \"ctrl-g\"\n")
        _ = update(&m, .key(.char("n")))
        for ch in "Payout late" { _ = update(&m, .key(.char(ch))) }
        _ = update(&m, .key(.tab)); _ = update(&m, .key(.tab)); _ = update(&m, .key(.tab)); _ = update(&m, .key(.tab)); _ = update(&m, .key(.tab))
        for ch in "Since Friday." { _ = update(&m, .key(.char(ch))) }
        #expect(update(&m, .key(.ctrl("s"))).isEmpty)
        guard case .ticketForm? = m.overlay else { Issue.record("Ctrl-s no longer saves, nor closes"); return }
        #expect(update(&m, .key(.esc)).isEmpty)
        guard case .ticketForm? = m.overlay else { Issue.record("Esc no longer cancels"); return }
        let commands = update(&m, .key(.ctrl("w")))
        guard case .tickets(.create(let draft))? = commands.first else { Issue.record("Ctrl-w did not save: \(commands)"); return }
        #expect(draft.subject == "Payout late" && draft.body == "Since Friday.")
        #expect(view(m).renderTrimmed().contains("Ctrl-w create"))
    }

    @Test func aReboundCancelClosesTheReplyEditorAndAsksWhenDirty() throws {
        var m = try rebound("\"form.cancel\" = \"ctrl-g\"\n")
        _ = update(&m, .key(.char("i")))
        guard case .replyForm? = m.overlay else { Issue.record("no editor"); return }
        _ = update(&m, .key(.ctrl("g")))
        #expect(m.overlay == nil)
        _ = update(&m, .key(.char("i")))
        for ch in "note" { _ = update(&m, .key(.char(ch))) }
        _ = update(&m, .key(.ctrl("g")))
        guard case .confirm(let c)? = m.overlay else { Issue.record("no confirmation"); return }
        #expect(c.message == "Discard this note?")
    }
}
