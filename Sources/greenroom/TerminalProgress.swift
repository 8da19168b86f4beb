import Foundation

/// A progress bar on stderr for imports and exports: drawn only when stderr is a terminal
/// and the work has already taken a second (shorter work finishes before a bar would
/// help), redrawn at most ten times a second, and erased when the work ends.
final class TerminalProgress: @unchecked Sendable {
    private let enabled: Bool
    private let started = DispatchTime.now().uptimeNanoseconds
    private var lastDraw: UInt64 = 0
    private var drawn = false
    private let lock = NSLock()

    init(enabled: Bool = isatty(STDERR_FILENO) == 1) {
        self.enabled = enabled
    }

    func show(_ label: String, done: Int, total: Int) {
        guard enabled, total > 0 else { return }
        lock.lock(); defer { lock.unlock() }
        let now = DispatchTime.now().uptimeNanoseconds
        guard now - started > 1_000_000_000, now - lastDraw > 100_000_000 || done >= total else { return }
        lastDraw = now
        FileHandle.standardError.write(Data(("\r" + TerminalProgress.line(label, done: done, total: total)).utf8))
        drawn = true
    }

    /// `writing  [#########---------------------]  31% 31,000/100,000`
    static func line(_ label: String, done: Int, total: Int) -> String {
        let width = 30
        let share = total > 0 ? min(1, Double(done) / Double(total)) : 0
        let filled = Int(Double(width) * share)
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        let percent = String(Int(100 * share)).leftPadded(to: 3)
        return label.padding(toLength: 9, withPad: " ", startingAt: 0) + "[\(bar)] \(percent)% \(grouped(done))/\(grouped(total))"
    }

    func finish() {
        lock.lock(); defer { lock.unlock() }
        if drawn { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        drawn = false
    }
}

private func grouped(_ n: Int) -> String {
    let digits = String(n)
    var out = ""
    for (i, c) in digits.enumerated() {
        if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
        out.append(c)
    }
    return out
}

private extension String {
    func leftPadded(to width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
