import GreenroomCore

/// KPI sparklines: one row per KPI with its last N complete days, the last day's value and
/// the change against the day before, coloured by whether the change is good for that KPI.
enum KPIView {
    static func draw(_ canvas: inout Canvas, _ model: Model, _ rect: Rect) {
        let state = model.kpis
        let inner = drawPaneFrame(&canvas, model, rect, pane: .kpis, title: "KPIs \(state.days)d")
        guard !inner.isEmpty else { return }
        guard state.loaded else {
            canvas.put("Loading…", x: inner.x + 1, y: inner.y, style: model.theme[.textMuted])
            return
        }
        let unicode = model.capabilities.unicode
        let focused = model.focus == .kpis
        let specs = [
            ColumnSpec("kpi", min: 12, preferred: 18, priority: 0),
            ColumnSpec("trend", min: state.days, preferred: state.days, priority: 1),
            ColumnSpec("last day", min: 8, preferred: 8, priority: 2, alignRight: true),
            ColumnSpec("Δ", min: 6, preferred: 6, priority: 3, alignRight: true),
        ]
        let widths = ColumnLayout.widths(specs, available: inner.width - 1)
        ColumnLayout.drawRow(&canvas, x: inner.x + 1, y: inner.y, widths: widths, specs: specs,
                             values: specs.map(\.title), styles: Array(repeating: model.theme[.listHeader], count: specs.count))
        for (i, series) in state.series.enumerated() {
            let y = inner.y + 1 + i
            guard y < inner.maxY else { break }
            let value = series.current.map { NumberFormat.value($0, unit: series.unit) } ?? "—"
            var changeText = "—"
            var changeRole = StyleRole.kpiNeutral
            if let change = series.change {
                let up = change > 0
                let arrow = change == 0 ? (unicode ? "=" : "=") : (up ? (unicode ? "▲" : "+") : (unicode ? "▼" : "-"))
                changeText = arrow + NumberFormat.percent(change)
                if change != 0 {
                    let good = (series.direction == .higherIsBetter) == up
                    changeRole = good ? .kpiGood : .kpiBad
                }
            }
            let values = [series.title, Sparkline.render(series.values, unicode: unicode), value, changeText]
            let styles = [model.theme[.text], model.theme[.kpiSparkline], model.theme[.text], model.theme[changeRole]]
            ColumnLayout.drawRow(&canvas, x: inner.x + 1, y: y, widths: widths, specs: specs, values: values, styles: styles)
            if i == state.cursor {
                canvas.put(unicode ? "▶" : ">", x: inner.x, y: y, style: model.theme[.textAccent])
                highlightRow(&canvas, model, x: inner.x, y: y, width: inner.width, focused: focused)
            }
        }
    }
}
