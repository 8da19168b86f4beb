import CNcursesw
import Foundation
import Glibc
import GreenroomCore
import GreenroomTUI

/// The ncurses backend: the only code in Greenroom that talks to the terminal.
///
/// - wide characters through `wget_wch`, `setcchar` and `mvadd_wch`, after `setlocale`;
/// - raw mode, so `Ctrl-s`, `Ctrl-q`, `Ctrl-c` and `Ctrl-z` reach the program;
/// - colour pairs allocated on demand; 256 colours, falling back to 16 or 8, direct colour
///   when the terminal reports it; `NO_COLOR` (any non-empty value) gives monochrome where
///   bold, underline and reverse still carry meaning;
/// - `ESCDELAY` honoured, else 25 ms;
/// - each frame writes only the cells that changed since the previous one;
/// - resize bursts coalesced into one event;
/// - the terminal is restored on quit, on crash and on SIGINT/SIGTERM/SIGHUP.
public final class NcursesTerminal: TerminalBackend {
    public private(set) var width: Int = 0
    public private(set) var height: Int = 0
    public let capabilities: TerminalCapabilities
    private let mapper: ColorMapper
    private var pairs: [PairKey: Int32] = [:]
    private var nextPair: Int32 = 1
    private var previous: Canvas?
    private var widthCache: [UInt32: Bool] = [:]
    private var open = true
    private let screen: OpaquePointer
    private var wakeRead: Int32 = -1
    private var wakeWrite: Int32 = -1
    /// The terminal has no alternate screen: clear it on the way out.
    private var clearsOnExit = false

    /// Wakes a `poll` in progress from another thread (background work finished).
    public var waker: @Sendable () -> Void {
        let fd = wakeWrite
        return {
            var byte: UInt8 = 1
            _ = write(fd, &byte, 1)
        }
    }

    struct PairKey: Hashable { let fg: Int32; let bg: Int32 }

    /// Opens the terminal. Throws with a one-line reason when there is none to open.
    /// - Parameter mouse: report clicks and the wheel (`mouse = true` in config.toml).
    public init(environment: [String: String] = ProcessInfo.processInfo.environment, mouse: Bool = false) throws {
        guard isatty(STDOUT_FILENO) == 1 else {
            throw GreenroomError.environment("standard output is not a terminal; run greenroom in a terminal (its screen needs one)")
        }
        guard isatty(STDIN_FILENO) == 1 else {
            throw GreenroomError.environment("standard input is not a terminal; run greenroom in a terminal")
        }
        if let problem = TerminalProbe.fullScreenProblem(environment: environment) {
            throw GreenroomError.environment(problem)
        }
        setlocale(LC_ALL, "")
        let codeset = String(cString: gr_codeset())
        let unicode = codeset.uppercased().replacingOccurrences(of: "-", with: "") == "UTF8"
        if environment["ESCDELAY"] == nil { set_escdelay(25) }
        TerminalRestore.save()
        guard let screen = newterm(nil, gr_stdout(), gr_stdin()) else {
            throw GreenroomError.environment("cannot use terminal type TERM=\(environment["TERM"] ?? "(unset)"); set TERM, e.g. TERM=xterm-256color")
        }
        self.screen = screen
        TerminalRestore.active = true
        TerminalRestore.installHandlers()
        // What a signal or crash writes on the way out, as `q` leaves the terminal: the
        // terminal's own "leave keypad mode" and "leave the alternate screen" where terminfo
        // has them.
        func capability(_ name: String) -> String? {
            guard let value = tigetstr(name), Int(bitPattern: value) > 0 else { return nil }
            return String(cString: value)
        }
        // Without an alternate screen (vt100) the last frame would stay after quitting: clear it.
        clearsOnExit = capability("rmcup") == nil
        TerminalRestore.resetBytes = Array(TerminalRestore.resetSequence(rmkx: capability("rmkx"), rmcup: capability("rmcup"),
                                                                         clear: clearsOnExit ? capability("clear") : nil).utf8)
        raw()
        noecho()
        nonl()
        keypad(gr_stdscr(), true)
        meta(gr_stdscr(), true)
        curs_set(0)
        leaveok(gr_stdscr(), true)

        var colors = 0
        let noColor = !(environment["NO_COLOR"] ?? "").isEmpty
        if !noColor && has_colors() {
            start_color()
            use_default_colors()
            colors = Int(gr_colors())
        }
        capabilities = TerminalCapabilities(unicode: unicode, colors: colors)
        mapper = ColorMapper(colors: colors)
        if mouse {
            mousemask(gr_mouse_mask_all(), nil)
            mouseinterval(0)
        }
        // Bracketed paste: pasted text arrives marked, so it is inserted, not run as keys.
        FileHandle.standardOutput.write(Data("\u{1b}[?2004h".utf8))
        var fds: [Int32] = [0, 0]
        if pipe(&fds) == 0 {
            wakeRead = fds[0]
            wakeWrite = fds[1]
            _ = fcntl(wakeRead, F_SETFL, fcntl(wakeRead, F_GETFL) | O_NONBLOCK)
            _ = fcntl(wakeWrite, F_SETFL, fcntl(wakeWrite, F_GETFL) | O_NONBLOCK)
        }
        updateSize()
        atexit { TerminalRestore.restoreRaw() }
    }

    deinit { shutdown() }

    private func updateSize() {
        var y: Int32 = 0, x: Int32 = 0
        gr_getmaxyx(gr_stdscr(), &y, &x)
        height = Int(y)
        width = Int(x)
    }

    // MARK: Drawing

    public func draw(_ canvas: Canvas) {
        guard open else { return }
        let full = previous == nil || previous!.width != canvas.width || previous!.height != canvas.height
        if full { werase(gr_stdscr()) }
        for y in 0..<canvas.height where y < height {
            for x in 0..<canvas.width where x < width {
                let cell = canvas[x, y]
                if cell.isContinuation { continue }
                if !full, let prev = previous, prev[x, y] == cell,
                   !(x + 1 < canvas.width && prev[x + 1, y] != canvas[x + 1, y] && canvas[x + 1, y].isContinuation) {
                    continue
                }
                put(cell, x: x, y: y)
            }
        }
        previous = canvas
        wnoutrefresh(gr_stdscr())
        doupdate()
    }

    private func put(_ cell: Cell, x: Int, y: Int) {
        var scalars = Array(cell.text.unicodeScalars.prefix(Int(CCHARW_MAX) - 1))
        if scalars.isEmpty { scalars = [" "] }
        // Substitute a placeholder of the same width when the system disagrees about a
        // character's width, so the layout (and every border) stays where the canvas put it.
        if !widthAgrees(scalars[0].value, expected: Int(cell.width)) {
            scalars = [cell.width == 2 ? "\u{FF1F}" : "?"]
        }
        var wchars: [wchar_t] = scalars.map { wchar_t(bitPattern: $0.value) } + [0]
        var cc = cchar_t()
        let (attrs, pair) = attributes(for: cell.style)
        _ = gr_setcchar(&cc, &wchars, attrs, pair)
        mvadd_wch(Int32(y), Int32(x), &cc)
    }

    private func widthAgrees(_ scalar: UInt32, expected: Int) -> Bool {
        if scalar < 0x7F { return true }
        if let known = widthCache[scalar] { return known }
        let w = Int(gr_wcwidth(wchar_t(bitPattern: scalar)))
        let agrees = w == expected
        widthCache[scalar] = agrees
        return agrees
    }

    private func attributes(for style: Style) -> (attr_t, Int32) {
        var attrs = gr_a_normal()
        let a = style.attributes
        if a.contains(.bold) { attrs |= gr_a_bold() }
        if a.contains(.dim) { attrs |= gr_a_dim() }
        if a.contains(.italic) { attrs |= gr_a_italic() }
        if a.contains(.underline) { attrs |= gr_a_underline() }
        if a.contains(.reverse) { attrs |= gr_a_reverse() }
        guard capabilities.colors > 0 else {
            // Monochrome: a background colour marks a selection; show it as reverse video.
            if style.bg != .default && !a.contains(.reverse) { attrs |= gr_a_reverse() }
            return (attrs, 0)
        }
        return (attrs, pair(fg: mapper.number(for: style.fg), bg: mapper.number(for: style.bg)))
    }

    private func pair(fg: Int32, bg: Int32) -> Int32 {
        if fg == -1 && bg == -1 { return 0 }
        let key = PairKey(fg: fg, bg: bg)
        if let p = pairs[key] { return p }
        if nextPair >= gr_color_pairs() {
            // Out of pairs (a very unusual theme): start over rather than fail.
            pairs.removeAll()
            nextPair = 1
            previous = nil
        }
        let p = nextPair
        nextPair += 1
        init_extended_pair(p, fg, bg)
        pairs[key] = p
        return p
    }

    // MARK: Input

    public func poll(timeout: Double) -> [TerminalEvent] {
        guard open else { return [] }
        var fds = [pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
                   pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0)]
        _ = Glibc.poll(&fds, wakeRead >= 0 ? 2 : 1, Int32(timeout * 1000))
        if fds[0].revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 {
            // The terminal is gone (its window closed without SIGHUP reaching us).
            return [.hangup]
        }
        if wakeRead >= 0 && fds[1].revents != 0 {
            var drain = [UInt8](repeating: 0, count: 64)
            while read(wakeRead, &drain, drain.count) > 0 {}
        }
        // Read everything available (a SIGWINCH interrupting poll shows up as KEY_RESIZE).
        nodelay(gr_stdscr(), true)
        defer { nodelay(gr_stdscr(), false) }
        var raw: [KeyDecoder.Input] = []
        var resized = false
        let deadline = DispatchTime.now().uptimeNanoseconds + 2_000_000_000
        while true {
            var wch: wint_t = 0
            let rc = wget_wch(gr_stdscr(), &wch)
            if rc == ERR {
                // Wait a little more when a resize burst or a bracketed paste is still arriving.
                let waiting = resized || KeyDecoder.hasUnterminatedPaste(raw)
                if waiting && DispatchTime.now().uptimeNanoseconds < deadline {
                    var again = [pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)]
                    if Glibc.poll(&again, 1, resized ? 40 : 200) > 0 { continue }
                }
                break
            }
            if rc == gr_key_code_yes() {
                switch Int32(wch) {
                case KEY_RESIZE:
                    resized = true
                case KEY_MOUSE:
                    var event = MEVENT()
                    if getmouse(&event) == OK, let mouse = KeyDecoder.decode(mouse: event) { raw.append(.mouse(mouse)) }
                default:
                    if let key = KeyDecoder.decode(keyCode: Int32(wch)) { raw.append(.key(key)) }
                }
                continue
            }
            raw.append(.character(UInt32(wch)))
        }
        var events = KeyDecoder.events(from: raw)
        if resized {
            updateSize()
            previous = nil
            events.append(.resize(width: width, height: height))
        }
        return events
    }

    // MARK: Lifecycle

    public func suspend() {
        guard open else { return }
        endwin()
        TerminalRestore.active = false
        if TerminalRestore.haveTermios { tcsetattr(STDIN_FILENO, TCSAFLUSH, &TerminalRestore.savedTermios) }
        // Stop with the default action even if SIGTSTP was inherited ignored or blocked.
        Glibc.signal(SIGTSTP, SIG_DFL)
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGTSTP)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
        raise(SIGTSTP)
        // Resumed by `fg`.
        TerminalRestore.active = true
        refresh()
        updateSize()
        previous = nil
    }

    public func runExternal(_ body: () -> Void) {
        guard open else { body(); return }
        FileHandle.standardOutput.write(Data("\u{1b}[?2004l".utf8))
        def_prog_mode()
        endwin()
        TerminalRestore.active = false
        if TerminalRestore.haveTermios { tcsetattr(STDIN_FILENO, TCSAFLUSH, &TerminalRestore.savedTermios) }
        body()
        TerminalRestore.active = true
        reset_prog_mode()
        refresh()
        FileHandle.standardOutput.write(Data("\u{1b}[?2004h".utf8))
        updateSize()
        previous = nil
    }

    public func invalidate() {
        previous = nil
        clearok(gr_curscr(), true)
    }

    public func shutdown() {
        guard open else { return }
        open = false
        FileHandle.standardOutput.write(Data("\u{1b}[?2004l".utf8))
        if clearsOnExit {
            wclear(gr_stdscr())
            wrefresh(gr_stdscr())
        }
        endwin()
        delscreen(screen)
        TerminalRestore.active = false
        if TerminalRestore.haveTermios { tcsetattr(STDIN_FILENO, TCSAFLUSH, &TerminalRestore.savedTermios) }
        if wakeRead >= 0 { Glibc.close(wakeRead); Glibc.close(wakeWrite) }
    }
}
