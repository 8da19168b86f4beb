/// What each KPI counts, stated once (DESIGN.md §3 with the choices the design leaves open).
/// The KPI engine implements these sentences; `?` on a KPI row and `greenroom kpi explain`
/// show them, and `report weekly --format json` carries them.
extension KPIID {
    /// The definition, in one paragraph.
    public var definition: String {
        switch self {
        case .activeCreators:
            return "Distinct creators with at least one LIVE session starting in the period."
        case .activityRate:
            return "Creators in activated or established at the period's end (the stage of their latest stage event before it) "
                + "who went LIVE in the period, divided by all creators in those stages at the end."
        case .liveHours:
            return "The minutes of every LIVE session starting in the period, summed, divided by 60."
        case .liveHoursPerActiveCreator:
            return "Live hours divided by active creators: a mean (the drill-down shows each creator's hours and the median beside it)."
        case .contentConsumption:
            return "The viewer-minutes of every LIVE session starting in the period, summed."
        case .newActivations:
            return "Stage events into activated in the period; a creator activated twice counts twice."
        case .pipelineConversion:
            return "The period's lead cohort is the creators whose first-ever entry into lead falls in the period; the value is the "
                + "share of them that has reached activated or a later main stage since, up to now (step to step in the breakdown). "
                + "The funnel (f on the board, report funnel) counts the same way over its window. A recent cohort is still converting: "
                + "its value grows as its creators move on."
        case .medianTimeInStage:
            return "Over the stage exits in the period (a stage event followed by the creator's next one, dated by that next one): "
                + "the median of exit minus entry, in days; p90 beside it, each stage in the breakdown."
        case .week1Retention, .week4Retention:
            let n = retentionWeeks ?? 1
            return "Creators whose first move into activated falls in the period, counted once their week \(n) (the ISO week \(n) "
                + "after the week of that move) has ended: the share with a LIVE session in week \(n)."
        case .ticketsCreated:
            return "Tickets created in the period."
        case .ticketsSolved:
            return "Tickets whose first solve (first move into solved or closed) falls in the period. A ticket counts once, in the "
                + "period of its first solve, however it is closed, reopened or solved again later."
        case .backlog:
            return "Tickets created before the period's end whose status at the end was neither solved nor closed."
        case .firstReplyTime:
            return "For the tickets created in the period that have a public agent reply: minutes from creation to the first one "
                + "(business minutes where the priority's SLA policy counts business hours). Median, p90 beside it."
        case .resolutionTime:
            return "For the tickets solved in the period (as Tickets solved counts them): hours from creation to the first solve. "
                + "Median, p90 beside it."
        case .slaAttainment:
            return "SLA targets (first reply, next reply, resolution) due in the period: achieved divided by achieved plus breached. "
                + "A target still running past its due counts as breached; a paused one does not count."
        case .csat:
            return "For the tickets solved in the period: good ratings divided by good plus bad; unrated tickets are left out. "
                + "A rating counts in the period of its ticket's first solve, whenever it was given. Response rate: rated divided by solved."
        case .reopenRate:
            return "For the tickets solved in the period (as Tickets solved counts them): the share moved back to new, open, pending "
                + "or on hold after that first solve, at any time up to now."
        }
    }

    /// What the value counts over, for a value read by these definitions: "68 tickets solved".
    public func base(_ v: KPIValue) -> String {
        let n = Self.grouped(v.numerator ?? 0), d = Self.grouped(v.denominator ?? 0)
        func plural(_ k: String, _ word: String) -> String { "\(k) \(word)\(k == "1" ? "" : "s")" }
        switch self {
        case .activeCreators: return plural(n, "creator") + " live in the period"
        case .activityRate: return "\(n) live of " + plural(d, "creator") + " in activated or established at the end"
        case .liveHours: return plural(n, "session minute")
        case .liveHoursPerActiveCreator: return plural(n, "session minute") + " over " + plural(d, "active creator")
        case .contentConsumption: return plural(n, "viewer-minute")
        case .newActivations: return plural(n, "move") + " into activated"
        case .pipelineConversion: return "\(n) reached activated of " + plural(d, "creator") + " in the lead cohort"
        case .medianTimeInStage: return plural(d, "stage exit")
        case .week1Retention, .week4Retention:
            return "\(n) live in week \(retentionWeeks ?? 1) of " + plural(d, "creator") + " activated (week ended)"
        case .ticketsCreated: return plural(n, "ticket") + " created"
        case .ticketsSolved: return plural(n, "ticket") + " first solved"
        case .backlog: return plural(n, "ticket") + " open at the end"
        case .firstReplyTime: return plural(d, "ticket") + " created in the period with a public reply"
        case .resolutionTime: return plural(d, "ticket") + " solved in the period (the tickets solved)"
        case .slaAttainment: return "\(n) achieved of " + plural(d, "target") + " due"
        case .csat:
            let response = v.breakdown.first { $0.label == "response" }
            let solved = response?.denominator.map { "; \(d) of " + plural(Self.grouped($0), "ticket") + " solved were rated" } ?? ""
            return "\(n) good of \(d) rated" + solved
        case .reopenRate: return "\(n) reopened of " + plural(d, "ticket") + " solved in the period (the tickets solved)"
        }
    }

    /// 27,649.
    static func grouped(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return (n < 0 ? "-" : "") + out
    }
}
