import GreenroomCore

extension Model {
    // MARK: KPI pane

    /// `[` / `]` on the KPI pane: days → weeks → months.
    mutating func switchKPIUnit(forward: Bool) -> [Command] {
        kpis.unit = forward ? kpis.unit.next : kpis.unit.previous
        return [.kpis(.load(unit: kpis.unit, toDate: kpis.toDate))]
    }

    /// `p` on the KPI pane: the current week or month so far — its complete days, against the
    /// same days of the one before — or back to the last complete period. Days have no
    /// partial period (today has no complete day), and neither does a week on its Monday.
    mutating func toggleKPIToDate() -> [Command] {
        kpis.toDate.toggle()
        if kpis.toDate {
            let calendar = TeamCalendar(zone: settings.zone)
            let span = calendar.span(kpis.unit, calendar.period(kpis.unit, containing: now), now: now)
            if kpis.unit == .day {
                showToast("Today has no complete day yet: ] for weeks or months so far", kind: .info)
            } else if span.days == 0 {
                showToast("\(calendar.periodName(kpis.unit, start: span.full.start)) has no complete day yet", kind: .info)
            }
        }
        return [.kpis(.load(unit: kpis.unit, toDate: kpis.toDate))]
    }

    mutating func kpisLoaded(unit: KPIPeriodUnit, series: [KPIPanelSeries], toDate: Bool = false) -> [Command] {
        guard unit == kpis.unit, toDate == kpis.toDate else { return [] }
        kpis.series = series
        kpis.loaded = true
        kpis.cursor = min(kpis.cursor, max(0, series.count - 1))
        return []
    }

    /// The period a pane row's value is for: the current one so far, or the last complete one.
    func kpiSpan(_ series: KPIPanelSeries) -> KPIPeriodSpan? {
        if let span = series.span { return span }
        guard let period = series.periods.last else { return nil }
        return TeamCalendar(zone: settings.zone).span(kpis.unit, period, now: now)
    }

    /// `Enter` on a KPI: the rows behind the value shown (the last complete period's, or the
    /// current one's so far).
    mutating func drillKPI() -> [Command] {
        guard kpis.series.indices.contains(kpis.cursor) else { return [] }
        let series = kpis.series[kpis.cursor]
        guard let span = kpiSpan(series) else { return [] }
        let label = series.current.map { KPIFormat.value($0, series.id) } ?? "—"
        return openDrill(.kpi(series.id, span.counted, .all), title: "\(series.id.title) \(label) · \(spanLabel(span))", span: span)
    }

    /// "2026-W47 · partial, 4 of 7 days" (ASCII separator without Unicode).
    func spanLabel(_ span: KPIPeriodSpan) -> String {
        TeamCalendar(zone: settings.zone).label(span, separator: capabilities.unicode ? " · " : " - ")
    }

    func periodLabel(_ p: KPIPeriod, _ unit: KPIPeriodUnit) -> String {
        TeamCalendar(zone: settings.zone).periodName(unit, start: p.start)
    }


    /// `?` on a KPI row — the pane's, a Review KPI row, a KPI's drill-down — explains it
    /// (`KPIExplanation`); nil elsewhere (`?` is then the key help).
    func kpiExplanationUnderCursor() -> [String]? {
        let calendar = TeamCalendar(zone: settings.zone)
        switch screen {
        case .main:
            guard focus == .kpis, kpis.series.indices.contains(kpis.cursor) else { return nil }
            let series = kpis.series[kpis.cursor]
            return KPIExplanation.lines(series.id, value: series.currentValue, span: kpiSpan(series), calendar: calendar)
        case .review(let s):
            guard let r = s.review, s.items.indices.contains(s.cursor), case .kpi(let id) = s.items[s.cursor],
                  let row = r.kpis.first(where: { $0.id == id }) else { return nil }
            let span = r.span ?? calendar.span(.week, r.period, now: now)
            return KPIExplanation.lines(id, value: row.value, span: span, scope: r.scope, calendar: calendar)
        case .drill(let s):
            guard case .kpi(let id, _, let scope) = s.request else { return nil }
            return KPIExplanation.lines(id, value: s.result?.value, span: s.span, scope: scope, calendar: calendar)
        default:
            return nil
        }
    }
}

/// What happens to the KPI pane.
public enum KPIsMsg: Sendable {
    /// The pane's series (`toDate`: with the current period so far).
    case loaded(unit: KPIPeriodUnit, series: [KPIPanelSeries], toDate: Bool = false)
}

/// What the KPI pane asks the runtime for.
public enum KPIsCommand: Hashable, Sendable {
    /// `toDate`: with the current week or month so far, see `KPIPeriodSpan`.
    case load(unit: KPIPeriodUnit, toDate: Bool = false)
}

extension Model {
    /// A KPI pane message.
    mutating func updateKPIs(_ msg: KPIsMsg) -> [Command] {
        switch msg {
        case .loaded(let unit, let series, let toDate): return kpisLoaded(unit: unit, series: series, toDate: toDate)
        }
    }
}
