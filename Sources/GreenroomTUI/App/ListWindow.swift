import GreenroomCore

/// A cursor over a long list of which only a window of rows is loaded.
///
/// Lists never load whole tables: the window holds the visible rows plus a margin on each
/// side, and `neededLoad` says which slice to fetch when scrolling leaves it.
public struct ListWindow<Row: Hashable & Sendable>: Hashable, Sendable {
    /// Rows in the whole list.
    public var total: Int = 0
    public var cursor: Int = 0
    /// Index of the first visible row.
    public var top: Int = 0
    /// Index of `rows.first` in the whole list.
    public var offset: Int = 0
    public var rows: [Row] = []
    /// Whether a first load has arrived.
    public var loaded: Bool = false

    public init() {}

    public func row(at index: Int) -> Row? {
        let i = index - offset
        return i >= 0 && i < rows.count ? rows[i] : nil
    }

    public var selected: Row? { row(at: cursor) }

    /// Moves the cursor to `index` (clamped) and scrolls so it stays visible in `height` rows.
    public mutating func moveCursor(to index: Int, height: Int) {
        cursor = total == 0 ? 0 : max(0, min(total - 1, index))
        scrollToCursor(height: height)
    }

    public mutating func scrollToCursor(height: Int) {
        let h = max(1, height)
        if cursor < top { top = cursor }
        if cursor >= top + h { top = cursor - h + 1 }
        top = max(0, min(top, max(0, total - h)))
    }

    /// The slice to load so that every visible row is present, or nil if it already is.
    /// Loads three screens: one above, the visible one, one below.
    public func neededLoad(height: Int) -> (offset: Int, limit: Int)? {
        let h = max(1, height)
        let visible = top..<min(total, top + h)
        if loaded && (visible.isEmpty || (visible.lowerBound >= offset && visible.upperBound <= offset + rows.count)) {
            return nil
        }
        let start = max(0, top - h)
        return (start, h * 3)
    }

    /// How to read the rows `start ..< start + limit` from a loaded neighbour instead of by
    /// position (keyset paging; see `PageSeek`): after the nearest loaded row above `start`,
    /// or before the nearest one below the slice. Nil when no loaded row is near enough.
    public func seek(forLoadAt start: Int, limit: Int) -> PageSeek<Row>? {
        guard loaded, !rows.isEmpty, start > 0 else { return nil }
        let last = offset + rows.count - 1
        if offset < start, let row = row(at: min(last, start - 1)) {
            let skip = start - 1 - min(last, start - 1)
            if skip <= PageSeek<Row>.maxSkip { return .after(row, skip: skip) }
        }
        let end = start + limit
        if last >= end, let row = row(at: max(offset, end)) {
            let skip = max(offset, end) - end
            if skip <= PageSeek<Row>.maxSkip { return .before(row, skip: skip) }
        }
        return nil
    }

    /// Replaces the loaded window.
    public mutating func apply(total: Int, offset: Int, rows: [Row], height: Int) {
        self.total = total
        self.offset = offset
        self.rows = rows
        self.loaded = true
        if cursor >= total { cursor = max(0, total - 1) }
        scrollToCursor(height: height)
    }
}
