import ArgumentParser
import Foundation
import GreenroomTUI

/// `greenroom keys`: prints the key table (Markdown) from the key map in effect.
struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Print the key bindings as a Markdown table (including keys.toml overrides)."
    )

    @Flag(help: "Ignore keys.toml and print the built-in bindings (as in the README).")
    var defaults = false

    func run() throws {
        let map = defaults ? KeyMap.defaults : try KeyMap.load(path: ConfigPaths.fromEnvironment().keysFile)
        print(map.markdownTable(), terminator: "")
    }
}
