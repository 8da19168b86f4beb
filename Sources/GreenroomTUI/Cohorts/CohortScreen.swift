import GreenroomCore

/// Cohort retention (`:cohorts`): activation weeks by week 0…8; `h`/`l` pick a week column,
/// `Enter` lists the cohort's creators (live that week first).
public struct CohortScreen: Hashable, Sendable {
    public var table: CohortTable?
    public var row = 0
    public var column = 1
    public var returnFocus: Pane

    public init(returnFocus: Pane) { self.returnFocus = returnFocus }
}

extension Model {
    mutating func openCohorts() -> [Command] {
        screen = .cohorts(CohortScreen(returnFocus: returnFocusForScreens))
        return [.cohorts(.load)]
    }

    mutating func cohortsLoaded(_ table: CohortTable) -> [Command] {
        guard case .cohorts(var s) = screen else { return [] }
        s.table = table
        s.row = table.rows.isEmpty ? 0 : min(s.row, table.rows.count - 1)
        screen = .cohorts(s)
        return []
    }

    mutating func moveCohortColumn(_ delta: Int) -> [Command] {
        guard case .cohorts(var s) = screen, let t = s.table else { return [] }
        s.column = max(0, min(t.weeks, s.column + delta))
        screen = .cohorts(s)
        return []
    }

    mutating func openCohortCell() -> [Command] {
        guard case .cohorts(let s) = screen, let t = s.table, t.rows.indices.contains(s.row) else { return [] }
        let row = t.rows[s.row]
        return openDrill(.cohort(week: row.week.start, n: s.column), title: "Cohort \(row.label) · live in week \(s.column)")
    }
}

/// What happens to cohort retention.
public enum CohortsMsg: Sendable {
    case loaded(CohortTable)
}

/// What cohort retention asks the runtime for.
public enum CohortsCommand: Hashable, Sendable {
    case load
}

extension Model {
    /// A message of cohort retention.
    mutating func cohorts(_ msg: CohortsMsg) -> [Command] {
        switch msg {
        case .loaded(let table): return cohortsLoaded(table)
        }
    }
}
