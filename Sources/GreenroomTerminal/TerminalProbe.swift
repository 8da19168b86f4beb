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

    public static func probe(environment: [String: String] = ProcessInfo.processInfo.environment) -> TerminalProbe {
        setlocale(LC_ALL, "")
        let term = environment["TERM"].flatMap { $0.isEmpty ? nil : $0 }
        var colors: Int?
        if let term {
            var err: Int32 = 0
            if setupterm(term, STDOUT_FILENO, &err) == OK {
                colors = Int(tigetnum("colors"))
            }
        }
        return TerminalProbe(
            term: term,
            stdoutIsTerminal: isatty(STDOUT_FILENO) == 1,
            stdinIsTerminal: isatty(STDIN_FILENO) == 1,
            colors: colors,
            noColor: !(environment["NO_COLOR"] ?? "").isEmpty,
            codeset: String(cString: gr_codeset()),
            wideCharacters: gr_wcwidth(wchar_t(0x76F4)) == 2,
            escDelay: environment["ESCDELAY"].map { "\($0) ms (ESCDELAY)" } ?? "25 ms (default)"
        )
    }
}
