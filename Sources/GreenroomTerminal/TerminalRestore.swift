import CNcursesw
import Glibc

/// Restoring the terminal from places where ncurses cannot be trusted: signal handlers for
/// crashes and kills. Only async-signal-safe calls are used there (`tcsetattr`, `write`).
enum TerminalRestore {
    nonisolated(unsafe) static var savedTermios = termios()
    nonisolated(unsafe) static var haveTermios = false
    nonisolated(unsafe) static var resetBytes: [UInt8] = Array(resetSequence(rmkx: nil, rmcup: nil).utf8)

    /// Everything the app turned on, turned off: bracketed paste, mouse reports (every mode
    /// ncurses may have asked for: clicks, drags, motion, SGR coordinates), the keypad's
    /// application mode (`rmkx`, else the xterm sequence), attributes, the cursor, and the
    /// alternate screen (`rmcup`, else xterm's).
    /// `clear` (for a terminal without an alternate screen) wipes the last frame instead.
    static func resetSequence(rmkx: String?, rmcup: String?, clear: String? = nil) -> String {
        "\u{1b}[?2004l" + "\u{1b}[?1000l\u{1b}[?1002l\u{1b}[?1003l\u{1b}[?1006l" + (rmkx ?? "\u{1b}[?1l\u{1b}>")
            + "\u{1b}[0m\u{1b}[?25h" + (clear ?? rmcup ?? "\u{1b}[?1049l") + (clear == nil ? "\r\n" : "")
    }
    nonisolated(unsafe) static var active = false
    nonisolated(unsafe) static var previousActions: [Int32: sigaction] = [:]

    /// Remembers the terminal's state before curses changes it.
    static func save() {
        haveTermios = tcgetattr(STDIN_FILENO, &savedTermios) == 0
    }

    /// Puts the terminal back without ncurses (async-signal-safe).
    static func restoreRaw() {
        guard active else { return }
        active = false
        resetBytes.withUnsafeBufferPointer { buffer in
            _ = write(STDOUT_FILENO, buffer.baseAddress, buffer.count)
        }
        if haveTermios { _ = tcsetattr(STDIN_FILENO, TCSAFLUSH, &savedTermios) }
    }

    /// Kills (SIGINT, SIGTERM, SIGHUP, SIGQUIT) restore and exit with 128 + signal; crashes
    /// restore and then re-raise to the previous handler (Swift's backtracer, or the default).
    static func installHandlers() {
        for sig in [SIGINT, SIGTERM, SIGHUP, SIGQUIT] {
            install(sig) { signal in
                TerminalRestore.restoreRaw()
                _exit(128 + signal)
            }
        }
        for sig in [SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP] {
            install(sig) { signal in
                TerminalRestore.restoreRaw()
                if var old = TerminalRestore.previousActions[signal] {
                    sigaction(signal, &old, nil)
                } else {
                    Glibc.signal(signal, SIG_DFL)
                }
                raise(signal)
            }
        }
    }

    private static func install(_ sig: Int32, _ handler: @convention(c) (Int32) -> Void) {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = handler
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        var old = sigaction()
        sigaction(sig, &action, &old)
        previousActions[sig] = old
    }
}
