import GreenroomCore

/// The KPI pane: one row per KPI with its sparkline over the last 14 days, 12 weeks or 12
/// months (complete periods), the last period's value (coloured by the team's target), the
/// change against the period before with an arrow (coloured by whether it is good for that
/// KPI), and the target. Eight block characters draw the sparkline; ASCII without Unicode.
/// With `p` ("to date"), the value is the current week or month so far, labelled partial in
/// the title, and the change is against the same days of the one before.
enum KPIView {
    /// The first KPI row shown so the cursor stays visible in `height` rows.
    static func top(_ state: KPIState, height: Int) -> Int {
        let total = state.series.count
        guard total > height else { return 0 }
        return max(0, min(state.cursor - height / 2, total - height))
    }

    static func unitTitle(_ unit: KPIPeriodUnit) -> String {
        switch unit {
        case .day: return "14 days"
        case .week: return "12 weeks"
        case .month: return "12 months"
        }
    }

    /// `computing`: the KPIs are being computed in the background.
    static func draw(_ canvas: inout Canvas, _ state: KPIState, computing: Bool, _ ctx: PaneContext, _ rect: Rect) {
        let unicode = ctx.capabilities.unicode
        let span = state.toDate ? state.series.first?.span : nil
        let title = span.map { "KPIs " + ctx.spanLabel($0) } ?? "KPIs \(unitTitle(state.unit))"
        let inner = drawPaneFrame(&canvas, ctx, rect, pane: .kpis, title: title)
        guard !inner.isEmpty else { return }
        guard state.loaded, state.series.first?.periods.count == state.unit.sparklineLength else {
            canvas.put(computing ? "Computing KPIs…" : "Loading…", x: inner.x + 1, y: inner.y, style: ctx.theme[.textMuted])
            return
        }
        let n = state.unit.sparklineLength
        // The target column only when the team has set one.
        let hasTargets = state.series.contains { $0.target != nil }
        let specs = [
            ColumnSpec("kpi", min: 16, preferred: 29, priority: 0),
            ColumnSpec("trend", min: n, preferred: n, priority: 1),
            ColumnSpec(span == nil ? "last" : "so far", min: 6, preferred: 7, priority: 0, alignRight: true),
            ColumnSpec("change", min: 7, preferred: 8, priority: 2, alignRight: true),
            ColumnSpec("target", min: hasTargets ? 6 : 0, preferred: hasTargets ? 7 : 0, priority: hasTargets ? 3 : 9, alignRight: true),
        ]
        let natural = specs.reduce(0) { $0 + $1.preferredWidth + 1 }
        let widths = ColumnLayout.widths(specs, available: min(inner.width - 1, natural))
        ColumnLayout.drawRow(&canvas, x: inner.x + 1, y: inner.y, widths: widths, specs: specs,
                             values: specs.map(\.title), styles: Array(repeating: ctx.theme[.listHeader], count: specs.count))
        let height = inner.height - 1
        let first = top(state, height: height)
        for (row, series) in state.series.enumerated().dropFirst(first).prefix(height) {
            let y = inner.y + 1 + row - first
            let value = series.current.map { KPIFormat.value($0, series.id) } ?? "—"
            let change = series.change.map { KPIFormat.change($0, series.id, unicode: unicode) } ?? "—"
            let changeRole: StyleRole = series.changeIsGood.map { $0 ? .kpiGood : .kpiBad } ?? .kpiNeutral
            let valueRole: StyleRole = series.meetsTarget.map { $0 ? .kpiGood : .kpiBad } ?? .text
            let target = series.target.map { KPIFormat.target($0, series.id, direction: series.direction, unicode: unicode) } ?? ""
            let spark = Sparkline.render(series.values.map { $0.value ?? .nan }, unicode: unicode)
            let values = [series.id.title, spark, value, change, target]
            let styles = [ctx.theme[.text], ctx.theme[.kpiSparkline], ctx.theme[valueRole], ctx.theme[changeRole], ctx.theme[.textMuted]]
            ColumnLayout.drawRow(&canvas, x: inner.x + 1, y: y, widths: widths, specs: specs, values: values, styles: styles)
            if row == state.cursor {
                canvas.put(unicode ? "▶" : ">", x: inner.x, y: y, style: ctx.theme[.textAccent])
                ScreenList.highlight(&canvas, ctx.view, x: inner.x, y: y, width: inner.width, focused: ctx.focused)
            }
        }
    }
}
