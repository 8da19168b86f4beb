/// Input from a terminal.
public enum TerminalEvent: Hashable, Sendable {
    case key(Key)
    case resize(width: Int, height: Int)
    case mouse(MouseEvent)
    /// The terminal went away; the program quits.
    case hangup
    /// Text pasted in one go (bracketed paste).
    case paste(String)
}

/// A mouse action at a screen cell (only reported when `mouse = true` in config.toml).
public struct MouseEvent: Hashable, Sendable {
    public enum Kind: Hashable, Sendable { case click, wheelUp, wheelDown }
    public var kind: Kind
    public var x: Int
    public var y: Int

    public init(_ kind: Kind, x: Int, y: Int) {
        self.kind = kind; self.x = x; self.y = y
    }
}

/// The seam between the program and a screen: ncurses in `GreenroomTerminal`, a headless
/// canvas in tests and `greenroom bench`.
public protocol TerminalBackend: AnyObject {
    var width: Int { get }
    var height: Int { get }
    var capabilities: TerminalCapabilities { get }
    /// Shows a canvas, sending only what changed since the last one.
    func draw(_ canvas: Canvas)
    /// Waits at most `timeout` seconds for input; returns whatever arrived (possibly nothing).
    func poll(timeout: Double) -> [TerminalEvent]
    /// Gives the terminal back to the shell and stops the process until `fg`, then redraws.
    func suspend()
    /// Forgets what is on screen so the next `draw` repaints everything.
    func invalidate()
    /// Gives the terminal to another program (an editor) while `body` runs, then takes it back.
    func runExternal(_ body: () -> Void)
    /// Restores the terminal. Safe to call more than once.
    func shutdown()
}

/// A terminal that is only a canvas: for tests and benchmarks.
public final class HeadlessTerminal: TerminalBackend {
    public private(set) var width: Int
    public private(set) var height: Int
    public let capabilities: TerminalCapabilities
    public private(set) var screen: Canvas
    public private(set) var frames = 0
    private var queued: [TerminalEvent] = []

    public init(width: Int, height: Int, capabilities: TerminalCapabilities = TerminalCapabilities()) {
        self.width = width
        self.height = height
        self.capabilities = capabilities
        self.screen = Canvas(width: width, height: height)
    }

    public func send(_ events: [TerminalEvent]) { queued.append(contentsOf: events) }

    public func resize(width: Int, height: Int) {
        self.width = width
        self.height = height
        queued.append(.resize(width: width, height: height))
    }

    public func draw(_ canvas: Canvas) {
        screen = canvas
        frames += 1
    }

    public func poll(timeout: Double) -> [TerminalEvent] {
        defer { queued.removeAll() }
        return queued
    }

    public func suspend() {}
    public func invalidate() {}
    public func runExternal(_ body: () -> Void) { body() }
    public func shutdown() {}
}
