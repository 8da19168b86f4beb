import Foundation
import GreenroomCore
#if canImport(Glibc)
import Glibc
#endif

/// A program started in a new pseudo-terminal of a given size, its output read into a
/// `ScreenEmulator` as it arrives, each byte's arrival timed. What the terminal bench uses to
/// measure what a user sees: from the moment the process is spawned (or a key is written) to
/// the last byte of the screen that settles.
///
/// Linux's `/dev/ptmx` interface (unlock and number by `ioctl`); the child gets a session of
/// its own with the terminal as its standard input, output and error.
final class PseudoTerminal {
    let pid: pid_t
    /// Monotonic nanoseconds at the spawn.
    let started: UInt64
    private var emulator: ScreenEmulator
    /// Bytes read but not yet drawn on `emulator`.
    private var unfed: [UInt8] = []
    /// The screen as the bytes read so far draw it. Bytes are drawn when the screen is looked
    /// at, not as they are read: reading then keeps up with the program, which otherwise
    /// waits whenever the terminal's small buffer is full (a whole frame is ~20 KB) while the
    /// emulator works through it, and that wait was being timed as the program's.
    var screen: ScreenEmulator {
        if !unfed.isEmpty {
            emulator.feed(unfed)
            unfed.removeAll(keepingCapacity: true)
        }
        return emulator
    }
    /// When the last byte arrived (monotonic ns), 0 before any.
    private(set) var lastByte: UInt64 = 0
    private(set) var exited = false
    /// Every byte read, when `keepsBytes` (tests replay them in tmux).
    private(set) var bytes: [UInt8] = []
    var keepsBytes = false
    private let master: Int32
    private var buffer = [UInt8](repeating: 0, count: 65_536)

    static func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

    // Linux ioctl numbers (<asm-generic/ioctls.h>): macros Swift does not import.
    private static let setLock: UInt = 0x4004_5431   // TIOCSPTLCK
    private static let getNumber: UInt = 0x8004_5430 // TIOCGPTN
    private static let setSize: UInt = 0x5414        // TIOCSWINSZ

    init(_ arguments: [String], environment: [String: String], width: Int, height: Int) throws {
        let fd = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard fd >= 0 else { throw GreenroomError.invalidInput("cannot open a pseudo-terminal (/dev/ptmx): \(String(cString: strerror(errno)))") }
        var unlock: Int32 = 0
        var number: UInt32 = 0
        var size = winsize(ws_row: UInt16(height), ws_col: UInt16(width), ws_xpixel: 0, ws_ypixel: 0)
        guard ioctl(fd, PseudoTerminal.setLock, &unlock) == 0, ioctl(fd, PseudoTerminal.getNumber, &number) == 0,
              ioctl(fd, PseudoTerminal.setSize, &size) == 0 else {
            close(fd)
            throw GreenroomError.invalidInput("cannot set up a pseudo-terminal: \(String(cString: strerror(errno)))")
        }
        started = PseudoTerminal.now()
        do {
            pid = try Spawn.start(arguments, environment: environment, stdio: "/dev/pts/\(number)", newSession: true)
        } catch {
            close(fd)
            throw error
        }
        master = fd
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        emulator = ScreenEmulator(width: width, height: height)
    }

    deinit {
        if !exited { kill(pid, SIGKILL) }
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        close(master)
    }

    /// Reads what is there, waiting up to `milliseconds` for the first byte; whether any came.
    @discardableResult
    func read(waiting milliseconds: Int) -> Bool {
        var poller = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, Int32(milliseconds)) > 0 else { return false }
        var got = false
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(master, $0.baseAddress, $0.count) }
            if n > 0 {
                unfed.append(contentsOf: buffer[0..<n])
                if keepsBytes { bytes.append(contentsOf: buffer[0..<n]) }
                lastByte = PseudoTerminal.now()
                got = true
                continue
            }
            if n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR) { exited = true }   // EIO: the child closed the terminal
            return got
        }
    }

    func write(_ text: String) {
        var bytes = Array(text.utf8)
        _ = bytes.withUnsafeMutableBytes { Glibc.write(master, $0.baseAddress, $0.count) }
    }

    /// Milliseconds from `start` to the last byte of the screen once it has settled: no output
    /// for `quiet` ms and `ready` true of the screen. Throws after `timeout` seconds, or when
    /// the program ends first (unless `untilExit`, which waits for exactly that).
    func settle(from start: UInt64, quiet: Int = 250, timeout: Double = 30, untilExit: Bool = false,
                ready: (ScreenEmulator) -> Bool = { _ in true }) throws -> Double {
        var sawOutput = false
        while true {
            if read(waiting: quiet) { sawOutput = true; continue }
            if untilExit, exited { return Double(lastByte &- start) / 1e6 }
            if !untilExit, sawOutput || lastByte > start, ready(screen) { return Double(lastByte &- start) / 1e6 }
            if exited && !untilExit {
                throw GreenroomError.invalidInput("the program ended before its screen was ready: \(screen.lines.prefix(3).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " / "))")
            }
            if Double(PseudoTerminal.now() &- start) / 1e9 > timeout {
                throw GreenroomError.invalidInput("no complete screen after \(Int(timeout)) s; it shows: \(screen.lines.prefix(4).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " / "))")
            }
        }
    }

    /// Asks the program to quit with `key`, and kills it if it has not after two seconds.
    func quit(_ key: String = "q") {
        write(key)
        let deadline = PseudoTerminal.now() + 2_000_000_000
        while !exited && PseudoTerminal.now() < deadline { read(waiting: 50) }
        if !exited { kill(pid, SIGKILL); exited = true }
    }

    /// Drops a file's pages from the OS page cache (flushed first), so the next read comes from
    /// the disk: a cold start, where the kernel allows it (it does for files one may open).
    static func evict(_ path: String) {
        for file in [path, path + "-wal"] {
            let fd = open(file, O_RDONLY)
            guard fd >= 0 else { continue }
            fdatasync(fd)
            _ = posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED)
            close(fd)
        }
    }
}

/// `posix_spawn` from Swift strings: the child's standard input, output and error on `stdio`
/// (a terminal or `/dev/null`), a clean signal mask and dispositions, and with `newSession` a
/// session of its own (so the terminal opened first becomes its controlling one).
enum Spawn {
    private static let setSID: Int32 = 0x80   // POSIX_SPAWN_SETSID (glibc ≥ 2.26)

    static func start(_ arguments: [String], environment: [String: String], stdio: String, newSession: Bool) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, stdio, O_RDWR, 0)
        posix_spawn_file_actions_adddup2(&actions, 0, 1)
        posix_spawn_file_actions_adddup2(&actions, 0, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t(), all = sigset_t()
        sigemptyset(&empty)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(Int32(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF) | (newSession ? setSID : 0)))
        let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { argv.forEach { free($0) }; envp.forEach { free($0) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, arguments[0], &actions, &attributes, argv, envp)
        guard status == 0 else { throw GreenroomError.invalidInput("cannot start \(arguments[0]): \(String(cString: strerror(status)))") }
        return pid
    }
}
