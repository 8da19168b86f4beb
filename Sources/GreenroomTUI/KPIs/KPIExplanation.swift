import GreenroomCore

/// What `?` on a KPI row shows (pane, Review, drill-down) and `greenroom kpi explain` prints:
/// the KPI, the period (marked partial when it has not ended, with what it is compared
/// with), the value, its base, and the definition (`KPIID.definition`). One function builds
/// the lines for both, so the screen and the command line cannot say different things.
public enum KPIExplanation {
    public static func lines(_ id: KPIID, value: KPIValue?, span: KPIPeriodSpan?, scope: KPIScope = .all,
                             calendar: TeamCalendar) -> [String] {
        var out = ["\(id.title) (\(id.rawValue))"]
        if let span {
            let name = calendar.label(span), range = calendar.dayRange(span.counted)
            var period = "Period: \(name) (\(name == range ? "" : range + ", ")\(calendar.zone.identifier))"
            if scope != .all { period += ", scope \(scope.label)" }
            period += span.isPartial ? "; compared with the same days of the period before (\(calendar.dayRange(span.previous)))"
                                     : "; compared with the period before (\(calendar.dayRange(span.previous)))"
            out.append(period)
        }
        if let value {
            out.append("Value: " + valueText(id, value))
            out.append("Base: " + id.base(value))
        }
        out.append("Definition: " + id.definition)
        return out
    }

    /// "median 42m, p90 3.1h"-style text of a value, with its counts for ratios.
    public static func valueText(_ id: KPIID, _ v: KPIValue) -> String {
        guard let value = v.value else { return "none (nothing to count)" }
        switch id {
        case .firstReplyTime, .resolutionTime, .medianTimeInStage:
            return "median \(KPIFormat.value(value, id))" + (v.p90.map { ", p90 \(KPIFormat.value($0, id))" } ?? "")
        case .csat:
            return "\(KPIFormat.value(value, id)) (\(NumberFormat.grouped(v.numerator ?? 0)) of \(NumberFormat.grouped(v.denominator ?? 0)))"
                + (v.responseRate.map { ", response rate \(KPIFormat.value($0, id))" } ?? "")
        default:
            if id.unit == "%" {
                return "\(KPIFormat.value(value, id)) (\(NumberFormat.grouped(v.numerator ?? 0)) of \(NumberFormat.grouped(v.denominator ?? 0)))"
            }
            return KPIFormat.value(value, id)
        }
    }

    /// Word-wraps the lines to `width` columns (continuation lines indented by two).
    static func wrapped(_ lines: [String], width: Int) -> [String] {
        var out: [String] = []
        for line in lines {
            var current = ""
            for word in line.split(separator: " ", omittingEmptySubsequences: false).map(String.init) {
                let candidate = current.isEmpty ? word : current + " " + word
                if DisplayWidth.of(candidate) > width, !current.isEmpty {
                    out.append(current)
                    current = "  " + word
                } else {
                    current = candidate
                }
            }
            out.append(current)
        }
        return out
    }
}

/// The `?` overlay on a KPI row.
public struct ExplainState: Hashable, Sendable {
    public var lines: [String]
    public var scroll = 0

    public init(lines: [String]) { self.lines = lines }
}

enum ExplainOverlay {
    static func frame(_ model: Model) -> Rect {
        let width = min(76, model.width - 4)
        return Rect(x: (model.width - width) / 2, y: 2, width: width, height: max(5, model.height - 6))
    }

    static func body(_ model: Model, _ s: ExplainState) -> [String] {
        KPIExplanation.wrapped(s.lines, width: frame(model).width - 4)
    }

    static func draw(_ canvas: inout Canvas, _ model: Model, _ s: ExplainState) {
        var lines = body(model, s)
        lines += ["", "Esc closes · ? again: every key"]
        let full = frame(model)
        let rect = Rect(x: full.x, y: full.y, width: full.width, height: min(full.height, lines.count + 2))
        let theme = model.theme
        canvas.fill(rect, style: theme[.text])
        canvas.box(rect, title: " What this number counts ", border: model.capabilities.unicode ? .light : .ascii,
                   borderStyle: theme[.overlayBorder], titleStyle: theme[.overlayTitle])
        let inner = rect.inset(1)
        for (i, line) in lines.dropFirst(s.scroll).prefix(inner.height).enumerated() {
            let role: StyleRole = i + s.scroll == 0 ? .overlayTitle : i + s.scroll >= lines.count - 1 ? .textMuted : .text
            let text = model.capabilities.unicode ? line : line.replacingOccurrences(of: "·", with: "-").replacingOccurrences(of: "–", with: "-")
            canvas.put(text, x: inner.x + 1, y: inner.y + i, style: theme[role], maxWidth: inner.width - 1)
        }
    }
}
