import GreenroomCore

/// What a feature's view needs besides its own state: the theme, what the terminal can do,
/// the key map (for the keys named in titles and hints), the team's settings (time zone) and
/// now. Views of a screen draw their state with this, not the whole `Model`.
public struct ViewContext: Sendable {
    public var theme: Theme
    public var capabilities: TerminalCapabilities
    public var keyMap: KeyMap
    public var settings: TeamSettings
    public var now: Millis
    /// Who "me" is (a member handle), if known.
    public var me: String?

    /// " · ", or " - " without Unicode.
    var dot: String { capabilities.unicode ? " · " : " - " }

    /// "2026-W47 · partial, 4 of 7 days" (ASCII separator without Unicode).
    func spanLabel(_ span: KPIPeriodSpan) -> String {
        TeamCalendar(zone: settings.zone).label(span, separator: dot)
    }

    /// The first key bound to `action`, as shown ("r"), or `fallback`.
    func key(_ action: Action, or fallback: String) -> String { keyMap.keys(for: action).first?.label ?? fallback }
}

/// What a main pane's view needs besides its own state: the view context, and whether the
/// pane has focus and is zoomed.
@dynamicMemberLookup
struct PaneContext {
    var view: ViewContext
    var focused: Bool
    var zoomed: Bool

    subscript<T>(dynamicMember path: KeyPath<ViewContext, T>) -> T { view[keyPath: path] }

    var dot: String { view.dot }
    func spanLabel(_ span: KPIPeriodSpan) -> String { view.spanLabel(span) }
    /// The first key bound to `action`, as shown, or the action's name.
    func keyLabel(_ action: Action) -> String { view.key(action, or: action.rawValue) }
}

extension Model {
    func paneContext(_ pane: Pane) -> PaneContext {
        PaneContext(view: viewContext, focused: focus == pane, zoomed: zoomed)
    }

    var viewContext: ViewContext {
        ViewContext(theme: theme, capabilities: capabilities, keyMap: keyMap, settings: settings, now: now, me: me)
    }
}

/// The frame and scrolled table every list screen (Today, drill-downs, the Review, cohorts,
/// conflicts, the trash, campaigns) draws.
enum ScreenList {
    /// A line of cells (header, row or a lone text line); `item`: the row index it selects.
    struct Line {
        var cells: [(String, StyleRole)]
        var item: Int?
    }

    /// "Loading…" until the rows come, `empty` when there are none; the rows otherwise.
    static func rows<T>(_ canvas: inout Canvas, _ ctx: ViewContext, _ rows: [T]?, empty: String, in inner: Rect) -> [T]? {
        guard let rows, !rows.isEmpty else {
            canvas.put(rows == nil ? "Loading…" : empty, x: inner.x + 1, y: inner.y, style: ctx.theme[.textMuted])
            return nil
        }
        return rows
    }

    /// The screen's heavy frame with its title; returns the inside.
    static func frame(_ canvas: inout Canvas, _ ctx: ViewContext, _ rect: Rect, title: String) -> Rect {
        canvas.fill(rect, style: ctx.theme[.text])
        canvas.box(rect, title: title, border: ctx.capabilities.unicode ? .heavy : .asciiHeavy,
                   borderStyle: ctx.theme[.paneBorderFocused], titleStyle: ctx.theme[.paneTitleFocused])
        return rect.inset(1)
    }

    /// Lines scrolled so the selected one stays in view; `specs[n]`: the columns of a line of n+1 cells.
    static func draw(_ canvas: inout Canvas, _ ctx: ViewContext, _ lines: [Line], specs: [[ColumnSpec]], cursor: Int, in inner: Rect) {
        let height = inner.height
        let cursorLine = lines.firstIndex { $0.item == cursor } ?? 0
        let first = max(0, min(cursorLine - height / 2, lines.count - height))
        for (i, line) in lines.dropFirst(first).prefix(height).enumerated() {
            let y = inner.y + i
            let columns = specs[min(specs.count - 1, max(0, line.cells.count - 1))]
            if line.cells.count == 1 {
                canvas.put(line.cells[0].0, x: inner.x + 1, y: y, style: ctx.theme[line.cells[0].1], maxWidth: inner.width - 2)
            } else {
                // Wide screens: the table keeps its natural width instead of stretching its first column.
                let natural = columns.reduce(0) { $0 + $1.preferredWidth + 1 }
                let widths = ColumnLayout.widths(columns, available: min(inner.width - 2, natural))
                ColumnLayout.drawRow(&canvas, x: inner.x + 2, y: y, widths: widths, specs: columns,
                                     values: line.cells.map(\.0), styles: line.cells.map { ctx.theme[$0.1] })
            }
            if let item = line.item, item == cursor {
                canvas.put(ctx.capabilities.unicode ? "▶" : ">", x: inner.x + 1, y: y, style: ctx.theme[.textAccent])
                highlight(&canvas, ctx, x: inner.x, y: y, width: inner.width, focused: true)
            }
        }
    }

    /// The selected row's colours over what is drawn, keeping a cell's bold or underline.
    static func highlight(_ canvas: inout Canvas, _ ctx: ViewContext, x: Int, y: Int, width: Int, focused: Bool) {
        let style = ctx.theme[focused ? .listSelected : .listSelectedUnfocused]
        canvas.restyle(Rect(x: x, y: y, width: width, height: 1)) { old in
            var s = style
            // Keep meaningful attributes (e.g. a bold breach) of the cell.
            s.attributes.formUnion(old.attributes.intersection([.bold, .underline]))
            return s
        }
    }
}
