import Foundation
import Testing
import GreenroomCore
@testable import GreenroomTUI

@Suite struct KeyMapTests {
    @Test func defaultsHaveNoConflicts() {
        var seen: [Key: Action] = [:]
        for action in Action.allCases where action.context == .global {
            for key in action.defaultKeys {
                #expect(seen[key] == nil, "\(key.spec) bound twice")
                seen[key] = action
            }
        }
        #expect(KeyMap.defaults.action(for: .char("j"), in: .global) == .down)
        #expect(KeyMap.defaults.action(for: .char("l"), in: .pipeline) == .columnRight)
        #expect(KeyMap.defaults.action(for: .char("l"), in: .global) == nil)
        #expect(KeyMap.defaults.action(for: .tab, in: .pipeline) == .focusNext)
    }

    @Test func keysTomlReplacesAnActionsKeys() throws {
        let map = try KeyMap.parse("""
        # my keys
        "cursor.down" = ["J", "down"]
        "app.quit" = "Q"
        """, file: "keys.toml")
        #expect(map.action(for: .char("J"), in: .global) == .down)
        #expect(map.action(for: .char("j"), in: .global) == nil)
        #expect(map.action(for: .char("Q"), in: .global) == .quit)
        #expect(map.action(for: .char("q"), in: .global) == nil)
    }

    @Test func anUnknownActionIsReportedWithItsLineAndASuggestion() {
        #expect(throws: GreenroomError.config("keys.toml:3: unknown action \"cursor.dwn\" (did you mean cursor.down?)")) {
            try KeyMap.parse("\n# comment\n\"cursor.dwn\" = \"j\"\n", file: "keys.toml")
        }
    }

    @Test func aConflictIsReportedWithTheLineOfTheLaterBinding() {
        #expect(throws: GreenroomError.config("keys.toml:2: key \"j\" is bound to both cursor.down and pane.zoom")) {
            try KeyMap.parse("\"app.quit\" = \"x\"\n\"pane.zoom\" = \"j\"\n", file: "keys.toml")
        }
    }

    @Test func aPaneKeyMayNotShadowAGlobalOne() {
        #expect(throws: GreenroomError.config("keys.toml:1: key \"q\" of board.column_left is already bound to app.quit everywhere")) {
            try KeyMap.parse("\"board.column_left\" = \"q\"\n", file: "keys.toml")
        }
    }

    @Test func badKeyNamesAndReservedKeysAreRefused() {
        #expect(throws: GreenroomError.self) { try KeyMap.parse("\"app.quit\" = \"hyper-q\"", file: "k") }
        #expect(throws: GreenroomError.config("k:1: ctrl-c is reserved (quit) and cannot be bound to app.help")) {
            try KeyMap.parse("\"app.help\" = \"ctrl-c\"", file: "k")
        }
        #expect(throws: GreenroomError.self) { try KeyMap.parse("\"app.help\" = 3", file: "k") }
    }

    @Test func tomlSyntaxErrorsNameTheLine() {
        do {
            _ = try KeyMap.parse("\"app.help\" = \"?\"\n\"app.quit\" = [\"q\"\n", file: "keys.toml")
            Issue.record("accepted broken TOML")
        } catch let error as GreenroomError {
            #expect(error.description.hasPrefix("keys.toml:2:") || error.description.hasPrefix("keys.toml:3:"), "\(error)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func keySpecsRoundTrip() {
        for key: Key in [.char("j"), .char("G"), .char(" "), .ctrl("d"), .alt("x"), .enter, .esc, .tab, .backTab, .backspace,
                         .delete, .up, .down, .left, .right, .home, .end, .pageUp, .pageDown, .function(5)] {
            #expect(Key(spec: key.spec) == key, "\(key.spec)")
        }
        #expect(Key(spec: "<") == .char("<"))
        #expect(Key(spec: "C-d") == .ctrl("d"))
    }
}

@Suite struct ThemeTests {
    static var themesDirectory: String {
        var dir = URL(fileURLWithPath: #filePath)
        while dir.path != "/" {
            dir.deleteLastPathComponent()
            let candidate = dir.appendingPathComponent("Themes")
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("default.toml").path) { return candidate.path }
        }
        return "Themes"
    }

    @Test func everyShippedThemeParsesAndDefinesEveryRole() throws {
        let catalog = ThemeCatalog(directories: [ThemeTests.themesDirectory])
        let names = catalog.available()
        #expect(Set(names).isSuperset(of: ["default", "light", "high-contrast", "gruvbox-dark"]))
        for name in names {
            let path = (ThemeTests.themesDirectory as NSString).appendingPathComponent("\(name).toml")
            let theme = try Theme.parse(String(contentsOfFile: path, encoding: .utf8), file: path)
            let missing = StyleRole.allCases.filter { theme.styles[$0] == nil }.map(\.rawValue)
            #expect(missing.isEmpty, "\(name) lacks \(missing)")
        }
    }

    @Test func themesResolvePaletteNamesAndLiterals() throws {
        let theme = try Theme.parse("""
        name = "T"
        [palette]
        accent = "#5fafff"
        [styles]
        "pane.border.focused" = { fg = "accent", bg = 236, bold = true }
        "text.muted" = { fg = "bright-black", italic = true }
        """, file: "t.toml")
        #expect(theme[.paneBorderFocused] == Style(fg: .rgb(0x5F, 0xAF, 0xFF), bg: .indexed(236), attributes: .bold))
        #expect(theme[.textMuted] == Style(fg: .indexed(8), attributes: .italic))
        #expect(theme.name == "T")
    }

    @Test func themeErrorsNameFileAndLine() {
        #expect(throws: GreenroomError.config("t.toml:4: unknown colour \"acent\" in \"text\" (not in [palette], not #rrggbb or a colour name)")) {
            try Theme.parse("[palette]\naccent = \"#000000\"\n[styles]\n\"text\" = { fg = \"acent\" }\n", file: "t.toml")
        }
        #expect(throws: GreenroomError.config("t.toml:2: unknown style \"pane.bordr\"")) {
            try Theme.parse("[styles]\n\"pane.bordr\" = { fg = \"red\" }\n", file: "t.toml")
        }
        #expect(throws: GreenroomError.config("t.toml:2: unknown property \"blink\" in \"text\" (fg, bg, bold, dim, italic, underline, reverse)")) {
            try Theme.parse("[styles]\n\"text\" = { blink = true }\n", file: "t.toml")
        }
    }

    @Test func userThemesOverrideAndFallBackToTheDefault() throws {
        let dir = NSTemporaryDirectory() + "gr-themes-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "[styles]\n\"text\" = { fg = \"red\" }\n".write(toFile: dir + "/mine.toml", atomically: true, encoding: .utf8)
        let catalog = ThemeCatalog(directories: [dir, ThemeTests.themesDirectory])
        let mine = try catalog.load("mine")
        let base = try catalog.load("default")
        #expect(mine[.text] == Style(fg: .indexed(1)))
        #expect(mine[.paneBorderFocused] == base[.paneBorderFocused])
        #expect(throws: GreenroomError.self) { try catalog.load("nope") }
        #expect(catalog.available().contains("mine"))
    }
}

@Suite struct ConfigFileTests {
    @Test func configReadsPreferences() throws {
        let c = try Config.parse("theme = \"light\"\nme = \"ana\"\nmouse = true\nsync_folder = \"/srv/sync\"\n", file: "config.toml")
        #expect(c == Config(theme: "light", me: "@ana", mouse: true, syncFolder: "/srv/sync"))
    }

    @Test func configErrorsNameTheLine() {
        #expect(throws: GreenroomError.config("config.toml:2: unknown setting \"colour\" (theme, me, mouse, sync_folder, sync_carrier)")) {
            try Config.parse("theme = \"light\"\ncolour = \"red\"\n", file: "config.toml")
        }
        #expect(throws: GreenroomError.config("config.toml:1: mouse must be true or false")) {
            try Config.parse("mouse = \"yes\"\n", file: "config.toml")
        }
    }

    @Test func pathsFollowXDG() {
        let p = ConfigPaths.fromEnvironment(["HOME": "/home/u", "XDG_CONFIG_HOME": "/cfg", "XDG_DATA_HOME": "relative/ignored"])
        #expect(p.configFile == "/cfg/greenroom/config.toml")
        #expect(p.keysFile == "/cfg/greenroom/keys.toml")
        #expect(p.themesDirectory == "/cfg/greenroom/themes")
        #expect(p.defaultDatabase == "/home/u/.local/share/greenroom/greenroom.sqlite")
        #expect(p.demoDatabase == "/home/u/.local/share/greenroom/demo.sqlite")
    }
}
