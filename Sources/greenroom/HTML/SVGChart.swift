import Foundation
import GreenroomCore

/// The reports' charts as inline SVG: pure functions from numbers to markup. Labels are data
/// and pass through `HTML.text`; sizes are in CSS pixels and scale down with the page.
///
/// Every chart still reads in black and white: targets and paces are dashed lines, values are
/// written beside their bars, heat-map cells carry their percentage.
enum SVGChart {
    static let ink = "#1d2330", muted = "#5b6475", line = "#d6dae2", accent = "#2f5fd0", bad = "#b3261e", soft = "#e8edf7"

    /// A coordinate with one decimal.
    static func f(_ x: Double) -> String { String(format: "%.1f", x.isFinite ? x : 0) }

    /// Text fitted to about `columns` terminal columns (wide characters count two), escaped.
    static func label(_ s: String, columns: Int) -> String {
        HTML.escape(TerminalText.truncate(TerminalText.sanitize(s), width: columns))
    }

    static func open(_ kind: String, width: Double, height: Double, title: String, extra: String = "") -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart-\(kind)\" data-chart=\"\(kind)\" role=\"img\" "
            + "width=\"\(f(width))\" height=\"\(f(height))\" viewBox=\"0 0 \(f(width)) \(f(height))\"\(extra)>"
            + "<title>\(title)</title>"
    }

    // MARK: Sparkline

    /// A trend line over `values` (nil leaves a gap), the target as a dashed line, the last
    /// value as a dot. Nil when there is no value at all (the caller says "no data").
    static func sparkline(_ values: [Double?], target: Double?, width: Double = 160, height: Double = 38, title: String) -> String? {
        let known = values.compactMap { $0 }.filter(\.isFinite)
        guard !known.isEmpty else { return nil }
        var lo = (known + (target.map { [$0] } ?? [])).min() ?? 0
        var hi = (known + (target.map { [$0] } ?? [])).max() ?? 1
        if hi - lo < 1e-9 { let pad = max(abs(hi) * 0.1, 1); lo -= pad; hi += pad }
        let padX = 4.0, padY = 5.0
        func x(_ i: Int) -> Double { values.count < 2 ? width / 2 : padX + Double(i) * (width - 2 * padX) / Double(values.count - 1) }
        func y(_ v: Double) -> Double { padY + (hi - v) / (hi - lo) * (height - 2 * padY) }
        var out = open("sparkline", width: width, height: height, title: title)
        out += "<line x1=\"0\" y1=\"\(f(height - 0.5))\" x2=\"\(f(width))\" y2=\"\(f(height - 0.5))\" stroke=\"\(line)\" stroke-width=\"1\"/>"
        if let target, target.isFinite {
            out += "<line class=\"target\" data-target=\"\(HTML.value(target))\" x1=\"0\" y1=\"\(f(y(target)))\" x2=\"\(f(width))\" y2=\"\(f(y(target)))\" "
            out += "stroke=\"\(bad)\" stroke-width=\"1.2\" stroke-dasharray=\"4 3\"/>"
        }
        // One path, a move at every gap.
        var d = "", pen = false, lone: [Int] = []
        for (i, v) in values.enumerated() {
            guard let v, v.isFinite else { pen = false; continue }
            let startsRun = !pen
            d += (startsRun ? "M" : "L") + "\(f(x(i))) \(f(y(v))) "
            pen = true
            let nextKnown = i + 1 < values.count && values[i + 1].map(\.isFinite) == true
            if startsRun && !nextKnown { lone.append(i) }
        }
        if !d.isEmpty {
            out += "<path class=\"trend\" d=\"\(d.trimmingCharacters(in: .whitespaces))\" fill=\"none\" stroke=\"\(ink)\" stroke-width=\"1.6\" "
            out += "stroke-linejoin=\"round\" stroke-linecap=\"round\"/>"
        }
        for i in lone { if let v = values[i] { out += "<circle cx=\"\(f(x(i)))\" cy=\"\(f(y(v)))\" r=\"1.6\" fill=\"\(ink)\"/>" } }
        if let i = values.lastIndex(where: { $0?.isFinite == true }), let v = values[i] {
            out += "<circle class=\"last\" cx=\"\(f(x(i)))\" cy=\"\(f(y(v)))\" r=\"2.8\" fill=\"\(accent)\" stroke=\"\(ink)\" stroke-width=\"0.8\"/>"
        }
        return out + "</svg>"
    }

    // MARK: Horizontal bars

    struct Bar {
        /// Plain text (escaped here).
        var label: String
        var value: Double
        /// What is written after the bar (plain text).
        var text: String
        /// A second value drawn as a tick across the bar (the week before, the expectation).
        var marker: Double? = nil
        /// Attributes for the bar's group (escaped by the caller).
        var attributes: String = ""
        var emphasis = false
    }

    /// Bars from a common zero, longest first as given; `markerName` explains the ticks.
    static func bars(_ bars: [Bar], kind: String = "bars", title: String, width: Double = 720, labelColumns: Int = 24,
                     rowHeight: Double = 26) -> String {
        let labelWidth = Double(labelColumns) * 7 + 16, valueWidth = 150.0
        let area = width - labelWidth - valueWidth
        let top = (bars.map { max($0.value, $0.marker ?? 0) }.max() ?? 0)
        let scale = top > 0 ? area / top : 0
        let height = Double(bars.count) * rowHeight + 4
        var out = open(kind, width: width, height: height, title: title)
        for (i, b) in bars.enumerated() {
            let y = Double(i) * rowHeight + 2
            let w = max(b.value > 0 ? 1.5 : 0, b.value * scale)
            out += "<g class=\"bar\"\(b.attributes.isEmpty ? "" : " " + b.attributes)>"
            out += "<text x=\"\(f(labelWidth - 8))\" y=\"\(f(y + rowHeight / 2 + 4))\" text-anchor=\"end\" font-size=\"12\" fill=\"\(ink)\">\(label(b.label, columns: labelColumns))</text>"
            out += "<rect x=\"\(f(labelWidth))\" y=\"\(f(y + 4))\" width=\"\(f(area))\" height=\"\(f(rowHeight - 8))\" fill=\"#f3f5f8\"/>"
            out += "<rect class=\"fill\" x=\"\(f(labelWidth))\" y=\"\(f(y + 4))\" width=\"\(f(w))\" height=\"\(f(rowHeight - 8))\" "
            out += "fill=\"\(b.emphasis ? accent : "#8ea6dc")\" stroke=\"\(ink)\" stroke-width=\"0.6\"/>"
            if let m = b.marker, m.isFinite {
                let mx = labelWidth + m * scale
                out += "<line class=\"marker\" x1=\"\(f(mx))\" y1=\"\(f(y + 1))\" x2=\"\(f(mx))\" y2=\"\(f(y + rowHeight - 1))\" stroke=\"\(ink)\" stroke-width=\"2\" stroke-dasharray=\"3 2\"/>"
            }
            out += "<text x=\"\(f(labelWidth + area + 8))\" y=\"\(f(y + rowHeight / 2 + 4))\" font-size=\"12\" fill=\"\(ink)\">\(HTML.text(b.text))</text>"
            out += "</g>"
        }
        return out + "</svg>"
    }

    // MARK: Columns

    struct Column {
        var label: String
        var value: Double
        var text: String
        var emphasis = false
        var attributes: String = ""
    }

    /// Vertical columns with their value on top and their label below.
    static func columns(_ columns: [Column], kind: String = "columns", title: String, width: Double = 720, height: Double = 170) -> String {
        let top = 20.0, bottom = 28.0
        let plot = height - top - bottom
        let maxValue = columns.map(\.value).max() ?? 0
        let slot = columns.isEmpty ? width : width / Double(columns.count)
        let barWidth = min(56, slot * 0.6)
        var out = open(kind, width: width, height: height, title: title)
        out += "<line x1=\"0\" y1=\"\(f(top + plot + 0.5))\" x2=\"\(f(width))\" y2=\"\(f(top + plot + 0.5))\" stroke=\"\(ink)\" stroke-width=\"1\"/>"
        for (i, c) in columns.enumerated() {
            let h = maxValue > 0 ? c.value / maxValue * plot : 0
            let cx = slot * (Double(i) + 0.5)
            out += "<g class=\"column\"\(c.attributes.isEmpty ? "" : " " + c.attributes)>"
            out += "<rect x=\"\(f(cx - barWidth / 2))\" y=\"\(f(top + plot - h))\" width=\"\(f(barWidth))\" height=\"\(f(h))\" "
            out += "fill=\"\(c.emphasis ? accent : "#b9c7e6")\" stroke=\"\(ink)\" stroke-width=\"0.6\"/>"
            out += "<text x=\"\(f(cx))\" y=\"\(f(top + plot - h - 5))\" text-anchor=\"middle\" font-size=\"12\" font-weight=\"\(c.emphasis ? "700" : "400")\" fill=\"\(ink)\">\(HTML.text(c.text))</text>"
            let columns = max(4, Int(slot / 7) - 1)
            out += "<text x=\"\(f(cx))\" y=\"\(f(height - 9))\" text-anchor=\"middle\" font-size=\"11\" fill=\"\(muted)\">\(label(c.label, columns: columns))</text>"
            out += "</g>"
        }
        return out + "</svg>"
    }

    // MARK: Heat map

    struct HeatCell {
        /// 0…1, nil when there is nothing to measure yet (left blank).
        var share: Double?
        var text: String
        var attributes: String = ""
    }

    struct HeatRow {
        var label: String
        var size: Int
        var cells: [HeatCell]
    }

    /// A grid of shares, darker for more, each cell with its value written in it.
    static func heatMap(_ rows: [HeatRow], columns: [String], title: String, sizeTitle: String = "size") -> String {
        let labelWidth = 86.0, sizeWidth = 52.0, cellWidth = 60.0, cellHeight = 24.0, head = 22.0
        let width = labelWidth + sizeWidth + Double(columns.count) * cellWidth + 2
        let height = head + Double(rows.count) * cellHeight + 2
        var out = open("heatmap", width: width, height: height, title: title)
        out += "<text x=\"\(f(labelWidth - 8))\" y=\"15\" text-anchor=\"end\" font-size=\"11\" fill=\"\(muted)\">cohort</text>"
        out += "<text x=\"\(f(labelWidth + sizeWidth - 8))\" y=\"15\" text-anchor=\"end\" font-size=\"11\" fill=\"\(muted)\">\(HTML.text(sizeTitle))</text>"
        for (j, c) in columns.enumerated() {
            out += "<text x=\"\(f(labelWidth + sizeWidth + (Double(j) + 0.5) * cellWidth))\" y=\"15\" text-anchor=\"middle\" font-size=\"11\" fill=\"\(muted)\">\(HTML.text(c))</text>"
        }
        for (i, r) in rows.enumerated() {
            let y = head + Double(i) * cellHeight
            out += "<text x=\"\(f(labelWidth - 8))\" y=\"\(f(y + 16))\" text-anchor=\"end\" font-size=\"12\" fill=\"\(ink)\">\(label(r.label, columns: 10))</text>"
            out += "<text x=\"\(f(labelWidth + sizeWidth - 8))\" y=\"\(f(y + 16))\" text-anchor=\"end\" font-size=\"12\" fill=\"\(ink)\">\(r.size)</text>"
            for (j, c) in r.cells.enumerated() {
                let x = labelWidth + sizeWidth + Double(j) * cellWidth
                out += "<g class=\"cell\"\(c.attributes.isEmpty ? "" : " " + c.attributes)>"
                if let s = c.share {
                    out += "<rect x=\"\(f(x + 1))\" y=\"\(f(y + 1))\" width=\"\(f(cellWidth - 2))\" height=\"\(f(cellHeight - 2))\" fill=\"\(heat(s))\" stroke=\"\(ink)\" stroke-width=\"0.4\"/>"
                    out += "<text x=\"\(f(x + cellWidth / 2))\" y=\"\(f(y + 16))\" text-anchor=\"middle\" font-size=\"12\" fill=\"\(s > 0.5 ? "#ffffff" : ink)\">\(HTML.text(c.text))</text>"
                } else {
                    out += "<rect x=\"\(f(x + 1))\" y=\"\(f(y + 1))\" width=\"\(f(cellWidth - 2))\" height=\"\(f(cellHeight - 2))\" fill=\"none\" stroke=\"\(line)\" stroke-width=\"0.6\" stroke-dasharray=\"2 2\"/>"
                    if !c.text.isEmpty {
                        out += "<text x=\"\(f(x + cellWidth / 2))\" y=\"\(f(y + 16))\" text-anchor=\"middle\" font-size=\"12\" fill=\"\(muted)\">\(HTML.text(c.text))</text>"
                    }
                }
                out += "</g>"
            }
        }
        return out + "</svg>"
    }

    /// From a pale blue at 0 to a deep blue at 1 (and grey levels in black and white).
    static func heat(_ share: Double) -> String {
        let s = max(0, min(1, share))
        let from = (236.0, 241.0, 251.0), to = (22.0, 52.0, 130.0)
        func c(_ a: Double, _ b: Double) -> Int { Int((a + (b - a) * s).rounded()) }
        return String(format: "#%02x%02x%02x", c(from.0, to.0), c(from.1, to.1), c(from.2, to.2))
    }

    // MARK: Progress against a goal

    /// About how wide a label is at `size` pixels (wide characters count two columns).
    static func textWidth(_ s: String, size: Double = 12) -> Double { Double(DisplayWidth.of(s)) * size * 0.58 }

    /// A bar of `progress` against `goal`, the pace for today as a dashed tick. The pace's
    /// label sits above the bar, the progress inside its fill (or after it), 0 and the goal
    /// under the ends: no two labels share a line.
    static func progress(_ progress: Double, goal: Double, pace: Double, progressText: String, paceText: String, goalText: String,
                         title: String, width: Double = 720) -> String {
        let top = 22.0, barHeight = 24.0, height = 66.0
        let maxValue = max(goal, progress, pace, 1)
        let scale = (width - 2) / maxValue
        var out = open("progress", width: width, height: height, title: title)
        out += "<rect x=\"1\" y=\"\(f(top))\" width=\"\(f(max(goal, 0) * scale))\" height=\"\(f(barHeight))\" fill=\"#f3f5f8\" stroke=\"\(ink)\" stroke-width=\"0.8\"/>"
        let fill = max(0, progress) * scale
        out += "<rect class=\"fill\" x=\"1\" y=\"\(f(top))\" width=\"\(f(fill))\" height=\"\(f(barHeight))\" fill=\"\(accent)\" stroke=\"\(ink)\" stroke-width=\"0.8\"/>"
        let px = 1 + max(0, pace) * scale
        out += "<line class=\"pace\" x1=\"\(f(px))\" y1=\"\(f(top - 4))\" x2=\"\(f(px))\" y2=\"\(f(top + barHeight + 4))\" stroke=\"\(bad)\" stroke-width=\"2\" stroke-dasharray=\"4 2\"/>"
        let paceWidth = textWidth(paceText)
        let paceX = min(max(px, paceWidth / 2 + 1), width - paceWidth / 2 - 1)
        out += "<text x=\"\(f(paceX))\" y=\"\(f(top - 8))\" text-anchor=\"middle\" font-size=\"12\" fill=\"\(ink)\">\(HTML.text(paceText))</text>"
        // The progress label: inside the fill, at its end or its start, or after it — the
        // first place the pace tick does not cross.
        let w = textWidth(progressText, size: 12) * 1.08
        let places: [(start: Double, inside: Bool)] = [(1 + fill - 6 - w, true), (7, true), (1 + fill + 6, false)].filter { p in
            p.inside ? p.start >= 6 && p.start + w <= fill - 4 : p.start + w <= width
        }
        let place = places.first { !($0.start - 4 ... $0.start + w + 4).contains(px) } ?? places.first ?? (1 + fill + 6, false)
        out += "<text x=\"\(f(place.start))\" y=\"\(f(top + 16.5))\" font-size=\"12\" font-weight=\"700\" fill=\"\(place.inside ? "#ffffff" : ink)\">\(HTML.text(progressText))</text>"
        out += "<text x=\"1\" y=\"\(f(height - 4))\" font-size=\"11\" fill=\"\(muted)\">0</text>"
        out += "<text x=\"\(f(min(width - 1, 1 + max(goal, 0) * scale)))\" y=\"\(f(height - 4))\" text-anchor=\"end\" font-size=\"11\" fill=\"\(muted)\">\(HTML.text(goalText))</text>"
        return out + "</svg>"
    }

    // MARK: Cumulative line against a straight pace

    /// Cumulative progress by day over a window of `days` days, the goal's straight line
    /// dashed, the goal dotted.
    static func cumulative(_ daily: [Double], days: Int, goal: Double, firstLabel: String, lastLabel: String, title: String,
                           width: Double = 720, height: Double = 200) -> String {
        let left = 56.0, right = 12.0, top = 12.0, bottom = 26.0
        var sums: [Double] = []
        var total = 0.0
        for d in daily { total += d; sums.append(total) }
        let span = max(days, 1)
        let maxValue = max(goal, sums.max() ?? 0, 1)
        let plotW = width - left - right, plotH = height - top - bottom
        func x(_ day: Double) -> Double { left + day / Double(span) * plotW }
        func y(_ v: Double) -> Double { top + (1 - v / maxValue) * plotH }
        var out = open("cumulative", width: width, height: height, title: title)
        for tick in [0, 0.5, 1.0] {
            let v = maxValue * tick
            out += "<line x1=\"\(f(left))\" y1=\"\(f(y(v)))\" x2=\"\(f(width - right))\" y2=\"\(f(y(v)))\" stroke=\"\(line)\" stroke-width=\"1\"/>"
            out += "<text x=\"\(f(left - 6))\" y=\"\(f(y(v) + 4))\" text-anchor=\"end\" font-size=\"11\" fill=\"\(muted)\">\(NumberFormatLabel.short(v))</text>"
        }
        out += "<line class=\"goal\" x1=\"\(f(left))\" y1=\"\(f(y(goal)))\" x2=\"\(f(width - right))\" y2=\"\(f(y(goal)))\" stroke=\"\(ink)\" stroke-width=\"1\" stroke-dasharray=\"1 3\"/>"
        out += "<line class=\"pace\" x1=\"\(f(x(0)))\" y1=\"\(f(y(0)))\" x2=\"\(f(x(Double(span))))\" y2=\"\(f(y(goal)))\" stroke=\"\(bad)\" stroke-width=\"1.4\" stroke-dasharray=\"5 3\"/>"
        if !sums.isEmpty {
            let points = [(0.0, 0.0)] + sums.enumerated().map { (Double($0.offset + 1), $0.element) }
            out += "<polyline class=\"progress\" points=\"\(points.map { "\(f(x($0.0))),\(f(y($0.1)))" }.joined(separator: " "))\" fill=\"none\" stroke=\"\(accent)\" stroke-width=\"2.2\"/>"
        }
        out += "<text x=\"\(f(left))\" y=\"\(f(height - 6))\" font-size=\"11\" fill=\"\(muted)\">\(HTML.text(firstLabel))</text>"
        out += "<text x=\"\(f(width - right))\" y=\"\(f(height - 6))\" text-anchor=\"end\" font-size=\"11\" fill=\"\(muted)\">\(HTML.text(lastLabel))</text>"
        return out + "</svg>"
    }
}

/// Axis labels: `0`, `950`, `12.3k`, `1.2M`.
enum NumberFormatLabel {
    static func short(_ v: Double) -> String {
        let a = abs(v)
        func one(_ x: Double) -> String { x.rounded() == x || x >= 100 ? String(Int(x.rounded())) : String(format: "%.1f", x) }
        if a >= 1_000_000 { return one(v / 1_000_000) + "M" }
        if a >= 1000 { return one(v / 1000) + "k" }
        return one(v)
    }
}
