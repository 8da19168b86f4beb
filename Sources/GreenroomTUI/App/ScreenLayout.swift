/// Where everything goes on a screen of a given size: a header line, the four panes in a
/// 2×2 grid (or one zoomed pane), and a status line.
public struct ScreenLayout: Hashable, Sendable {
    public let width: Int
    public let height: Int
    public let zoomed: Pane?

    public var header: Rect { Rect(x: 0, y: 0, width: width, height: 1) }
    public var status: Rect { Rect(x: 0, y: height - 1, width: width, height: 1) }
    public var body: Rect { Rect(x: 0, y: 1, width: width, height: height - 2) }

    public func rect(for pane: Pane) -> Rect? {
        let b = body
        if let zoomed { return pane == zoomed ? b : nil }
        let leftWidth = b.width / 2
        let topHeight = b.height / 2
        switch pane {
        case .roster: return Rect(x: 0, y: b.y, width: leftWidth, height: topHeight)
        case .pipeline: return Rect(x: leftWidth, y: b.y, width: b.width - leftWidth, height: topHeight)
        case .tickets: return Rect(x: 0, y: b.y + topHeight, width: leftWidth, height: b.height - topHeight)
        case .kpis: return Rect(x: leftWidth, y: b.y + topHeight, width: b.width - leftWidth, height: b.height - topHeight)
        }
    }

    /// Rows of data a list pane can show: its height less the borders and a column header.
    public func listHeight(for pane: Pane) -> Int {
        guard let r = rect(for: pane) else {
            // Not visible while another pane is zoomed: keep the size it has unzoomed.
            return ScreenLayout(width: width, height: height, zoomed: nil).listHeight(for: pane)
        }
        return max(1, r.height - 3)
    }

    /// Cards a board column can show: the pane height less borders, the stage summary line
    /// and the column header.
    public var boardHeight: Int {
        let r = rect(for: .pipeline) ?? ScreenLayout(width: width, height: height, zoomed: nil).rect(for: .pipeline)!
        let cardHeight = zoomed == .pipeline ? 2 : 1
        return max(1, (r.height - 3) / cardHeight)
    }
}
