import Foundation

/// A program, workshop or the period's coaching, with what happened in it and its measured
/// effect (`MatchedEffect`, as of now: the same figures as the program board and `greenroom
/// program|workshop effect`). The weekly Review lists them, and `greenroom report weekly`.
///
/// "Ran in the week": a workshop that started in it; a program that had an enrolment or a
/// finished module dated in it (an ended program whose last creators finished that week
/// too), or that is running and was created before the week ended. Drafts with nothing in the
/// week are left out. Coaching: the creators with a coaching activity logged in the period,
/// compared with matched creators not coached around it (`Store.coachingEffect`).
public struct InterventionEffect: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable { case program, workshop, coaching }

    public var kind: Kind
    public var id: String
    public var name: String
    /// In the period: a program's new enrolments, a workshop's attendees, creators coached.
    public var joined: Int
    /// In the period: a program's modules finished; a workshop's invited; coaching sessions logged.
    public var progressed: Int
    /// Nil when there is nothing to compare (no participant with a matched non-participant,
    /// or no time since the anchor).
    public var result: MatchedEffect.Result?

    public init(kind: Kind, id: String, name: String, joined: Int, progressed: Int, result: MatchedEffect.Result?) {
        self.kind = kind; self.id = id; self.name = name; self.joined = joined; self.progressed = progressed; self.result = result
    }

    /// "3 enrolled, 5 done" (modules finished), "18/25 attended" or "12 coached, 15 sessions".
    public var weekText: String {
        switch kind {
        case .program: return "\(joined) enrolled, \(progressed) done"
        case .workshop: return "\(joined)/\(progressed) attended"
        case .coaching: return "\(joined) coached, \(progressed) session\(progressed == 1 ? "" : "s")"
        }
    }

    /// Who took part, in words: "participants" for a program, "attendees" for a workshop,
    /// "coachees" for coaching.
    public var takers: String {
        switch kind {
        case .program: return "participants"
        case .workshop: return "attendees"
        case .coaching: return "coachees"
        }
    }

    /// "+2.8" (one decimal, signed, rounded as the program board rounds; what rounds to zero
    /// is "+0.0", never "-0.0").
    public static func signed(_ x: Double, digits: Int = 1) -> String {
        let text = String(format: "%.\(digits)f", x)
        if text.hasPrefix("-"), Double(text) == 0 { return "+" + text.dropFirst() }
        return (x >= 0 ? "+" : "") + text
    }

    /// One line: both groups' changes (live hours, active days, share retained), the windows
    /// and who was left out.
    public var detail: String {
        guard let r = result else {
            return "nothing to compare yet (no \(takers.dropLast()) has a matched non-participant, or no time has passed)"
        }
        func pct(_ x: Double) -> String { String(format: "%.0f%%", x * 100) }
        var t = "\(takers) \(Self.signed(r.liveHours.participants)) h \(Self.signed(r.activeDays.participants)) d"
        if let ret = r.retention { t += " \(pct(ret.participants)) retained" }
        t += " · matched \(Self.signed(r.liveHours.comparison)) h \(Self.signed(r.activeDays.comparison)) d"
        if let ret = r.retention { t += " \(pct(ret.comparison))" }
        t += " · \(r.days) days after vs before"
        if r.unmatched > 0 { t += " · \(r.unmatched) unmatched" }
        return t
    }
}
