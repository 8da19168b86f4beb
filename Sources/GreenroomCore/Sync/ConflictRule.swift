/// Which writes of one field are open conflicts (DESIGN.md §6 and §9): a pure function of the
/// writes a replica has seen, so every replica that has seen the same writes lists the same
/// conflicts, whatever order they arrived in.
///
/// A field's writes form a history: each `set` names the stamp it overwrote (`prev`), and the
/// row's creation is the root. A write is **seen** when a later write overwrote it on purpose:
/// some write's `prev` is its stamp, or a later write came from the same device (a device has
/// seen everything it wrote before). The other writes are **heads**. The newest stamp wins
/// (last writer wins); every other head is a write nobody saw being replaced: it is an open
/// conflict unless
/// - its value is the winner's (nothing to choose between), or
/// - its value is one a seen write also held (someone saw that value and replaced it), or
/// - a decision names it (someone resolved the conflict, on any laptop).
public enum ConflictRule {
    public struct Write: Hashable, Sendable {
        /// `HLC.encoded`.
        public var hlc: String
        public var prev: String?
        public var value: FieldValue

        public init(hlc: String, prev: String?, value: FieldValue) {
            self.hlc = hlc; self.prev = prev; self.value = value
        }

        /// The device part of the stamp (its last 16 characters).
        var device: Substring { hlc.suffix(16) }
    }

    /// The writes that lost without being seen, oldest first. `writes` may include the
    /// winner; `current` is the field's value and stamp now (the newest write).
    public static func losers(writes: [Write], current: Write, decided: Set<String>) -> [Write] {
        var all = writes
        if !all.contains(where: { $0.hlc == current.hlc }) { all.append(current) }
        let prevs = Set(all.compactMap(\.prev))
        var newestByDevice: [Substring: String] = [:]
        for w in all where (newestByDevice[w.device] ?? "") < w.hlc { newestByDevice[w.device] = w.hlc }
        func seen(_ w: Write) -> Bool { prevs.contains(w.hlc) || newestByDevice[w.device]! > w.hlc }
        let seenValues = Set(all.filter(seen).map(\.value))
        return all.filter { w in
            w.hlc != current.hlc && !seen(w) && w.value != current.value && !seenValues.contains(w.value) && !decided.contains(w.hlc)
        }.sorted { $0.hlc < $1.hlc }
    }
}
