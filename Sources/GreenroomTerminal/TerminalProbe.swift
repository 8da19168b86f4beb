import CNcursesw
import Foundation
import Glibc

/// What `greenroom doctor` reports about the terminal, read from terminfo and the locale
/// without taking over the screen.
public struct TerminalProbe: Sendable {
    public var term: String?
    public var stdoutIsTerminal: Bool
    public var stdinIsTerminal: Bool
    /// Colours terminfo declares for TERM; nil when TERM is unknown.
    public var colors: Int?
    public var noColor: Bool
    public var codeset: String
    /// The C library says a CJK character takes two columns (wide characters work).
    public var wideCharacters: Bool
    public var escDelay: String
    /// Terminfo says the terminal can move the cursor and clear the screen (`cup`, `clear`);
    /// nil when TERM is unknown. `TERM=dumb` cannot, so no full-screen program can run there.
    public var canDrawFullScreen: Bool?
    /// Terminfo has an alternate screen (`smcup`/`rmcup`); without one (vt100) the program
    /// clears the screen on the way out so the last frame does not stay.
    public var hasAlternateScreen: Bool?

    /// Why the TUI cannot run on this TERM, in one line; nil when it can (or TERM is unknown,
    /// which ncurses reports itself).
    public static func fullScreenProblem(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        guard let term = environment["TERM"].flatMap({ $0.isEmpty ? nil : $0 }) else { return nil }
        guard Capabilities.load(term)?.fullScreen == false else { return nil }
        return "TERM=\(term) cannot move the cursor, so the full-screen desk cannot run there; use a terminal such as TERM=xterm-256color (the commands, e.g. `greenroom tickets list`, work anywhere)"
    }

    /// The terminfo strings the probe reads.
    struct Capabilities {
        var fullScreen: Bool
        var alternateScreen: Bool
        var colors: Int

        static func load(_ term: String) -> Capabilities? {
            var err: Int32 = 0
            guard setupterm(term, STDOUT_FILENO, &err) == OK else { return nil }
            func has(_ name: String) -> Bool {
                guard let value = tigetstr(name) else { return false }
                return Int(bitPattern: value) > 0
            }
            return Capabilities(fullScreen: has("cup") && has("clear"), alternateScreen: has("smcup") && has("rmcup"),
                                colors: Int(tigetnum("colors")))
        }
    }

    public static func probe(environment: [String: String] = ProcessInfo.processInfo.environment) -> TerminalProbe {
        setlocale(LC_ALL, "")
        let term = environment["TERM"].flatMap { $0.isEmpty ? nil : $0 }
        let caps = term.flatMap(Capabilities.load)
        let colors = caps?.colors
        return TerminalProbe(
            term: term,
            stdoutIsTerminal: isatty(STDOUT_FILENO) == 1,
            stdinIsTerminal: isatty(STDIN_FILENO) == 1,
            colors: colors,
            noColor: !(environment["NO_COLOR"] ?? "").isEmpty,
            codeset: String(cString: gr_codeset()),
            wideCharacters: gr_wcwidth(wchar_t(0x76F4)) == 2,
            escDelay: environment["ESCDELAY"].map { "\($0) ms (ESCDELAY)" } ?? "25 ms (default)",
            canDrawFullScreen: caps?.fullScreen,
            hasAlternateScreen: caps?.alternateScreen
        )
    }
}
