import GreenroomCore

/// Cohort retention.
extension KPIScreensView {
    static func drawCohorts(_ canvas: inout Canvas, _ ctx: ViewContext, _ s: CohortScreen, _ rect: Rect) {
        let unicode = ctx.capabilities.unicode
        let dot = unicode ? " · " : " - "
        let inner = ScreenList.frame(&canvas, ctx, rect,
                                         title: "Cohort retention\(dot)share of each activation week live in week N\(dot)h l pick a week, enter lists")
        guard let t = s.table else {
            canvas.put("Loading…", x: inner.x + 1, y: inner.y, style: ctx.theme[.textMuted])
            return
        }
        let cell = 7
        let shades: [Character] = unicode ? [" ", "░", "▒", "▓", "█"] : [" ", ".", ":", "#", "@"]
        var x = inner.x + 2
        canvas.put("cohort", x: x, y: inner.y, style: ctx.theme[.listHeader])
        canvas.put("size", x: x + 9, y: inner.y, style: ctx.theme[.listHeader])
        for n in 0...t.weeks {
            canvas.put(String(repeating: " ", count: max(0, cell - 1 - "w\(n)".count)) + "w\(n)", x: x + 15 + n * cell, y: inner.y,
                       style: ctx.theme[n == s.column ? .textAccent : .listHeader])
        }
        for (i, row) in t.rows.enumerated() {
            let y = inner.y + 1 + i
            guard y < inner.maxY else { break }
            x = inner.x + 2
            canvas.put(row.label, x: x, y: y, style: ctx.theme[.text])
            let size = NumberFormat.grouped(row.size)
            canvas.put(String(repeating: " ", count: max(0, 5 - size.count)) + size, x: x + 9, y: y, style: ctx.theme[.textMuted])
            for n in 0...t.weeks {
                let cx = x + 15 + n * cell
                let text: String
                var role = StyleRole.textMuted
                if let share = row.share(n) {
                    let level = share <= 0 ? 0 : min(4, 1 + Int(share * 4))
                    let p = "\(Int((share * 100).rounded()))%"
                    text = String(shades[level]) + String(repeating: " ", count: max(0, cell - 2 - p.count)) + p
                    role = share >= 0.6 ? .kpiGood : share >= 0.3 ? .text : .kpiBad
                } else {
                    text = String(repeating: " ", count: cell - 2) + (row.retained.indices.contains(n) ? "·" : "")
                }
                canvas.put(text, x: cx, y: y, style: ctx.theme[role])
                if i == s.row && n == s.column {
                    canvas.put(text, x: cx, y: y, style: ctx.theme[.listSelected])
                }
            }
            if i == s.row { canvas.put(unicode ? "▶" : ">", x: inner.x + 1, y: y, style: ctx.theme[.textAccent]) }
        }
        if t.rows.allSatisfy({ $0.size == 0 }) {
            canvas.put("No creators were activated in these weeks.", x: inner.x + 2, y: inner.y + 2 + t.rows.count, style: ctx.theme[.textMuted])
        }
    }
}
