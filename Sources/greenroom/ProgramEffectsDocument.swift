import Foundation
import GreenroomCore
import GreenroomStore
import GreenroomTUI

/// The weekly report's programs and workshops (`InterventionEffect`): those that ran in the
/// week, each with its matched effect as of now — the Review's section, for the document.
/// The report's `--scope` does not narrow them (the comparison is over every creator).
///
/// JSON: `programs: [{kind, id, name, this_week: {enrolled, modules_done} | {attended, invited} | {coached, sessions},
/// effect: {days, matched, unmatched, comparison, live_hours, active_days, retention} | null,
/// method}]`, each outcome `{participants, comparison, effect}` (changes after − before per
/// creator; retention as shares 0…1).
enum ProgramEffectsDocument {
    /// The period's own counts, named for the kind: enrolled and modules done, attended and
    /// invited, or coached and sessions.
    static func weekCounts(_ e: InterventionEffect) -> [(String, Int)] {
        switch e.kind {
        case .program: return [("enrolled", e.joined), ("modules_done", e.progressed)]
        case .workshop: return [("attended", e.joined), ("invited", e.progressed)]
        case .coaching: return [("coached", e.joined), ("sessions", e.progressed)]
        }
    }

    static func json(_ effects: [InterventionEffect]) -> [[String: Any]] {
        func num(_ v: Double) -> Double { (v * 10000).rounded() / 10000 }
        func outcome(_ o: MatchedEffect.Outcome?) -> Any {
            o.map { ["participants": num($0.participants), "comparison": num($0.comparison), "effect": num($0.effect)] as [String: Any] } ?? NSNull()
        }
        return effects.map { e in
            let week: [String: Any] = Self.weekCounts(e).reduce(into: [:]) { $0[$1.0] = $1.1 }
            let effect: Any = e.result.map { r in
                ["days": r.days, "matched": r.matched, "unmatched": r.unmatched, "comparison": r.comparisonSize,
                 "live_hours": outcome(r.liveHours), "active_days": outcome(r.activeDays), "retention": outcome(r.retention)] as [String: Any]
            } ?? NSNull()
            return ["kind": e.kind.rawValue, "id": e.id, "name": TerminalText.sanitize(e.name), "this_week": week, "effect": effect,
                    "method": MatchedEffect.methodLine(days: e.result?.days ?? 28)]
        }
    }

    static func csvRows(_ effects: [InterventionEffect]) -> [[String]] {
        effects.map { e in
            let f = { (x: Double) in String(format: "%.4f", x) }
            var detail = "kind=\(e.kind.rawValue);" + Self.weekCounts(e).map { "\($0.0)=\($0.1)" }.joined(separator: ";")
            if let r = e.result {
                detail += ";active_days_effect=\(f(r.activeDays.effect));retention_effect=\(r.retention.map { f($0.effect) } ?? "")"
                detail += ";matched=\(r.matched);comparison=\(r.comparisonSize);unmatched=\(r.unmatched);days=\(r.days)"
            }
            return ["effect", TerminalText.sanitize(e.name), e.result.map { f($0.liveHours.effect) } ?? "", "", "", "", detail]
        }
    }

    static func markdown(_ effects: [InterventionEffect]) -> String {
        var out = "\n## Programs and workshops\n\n"
        guard !effects.isEmpty else { return out + "No program or workshop ran this week.\n" }
        func cell(_ s: String) -> String { TerminalText.sanitize(s).replacingOccurrences(of: "|", with: "\\|") }
        out += "LIVE after vs before, participants against a matched group of non-participants, as of today (every market).\n\n"
        out += "| program, workshop or coaching | kind | this week | live h | active days | retained | n | matched |\n|---|---|---|--:|--:|--:|--:|--:|\n"
        for e in effects {
            let r = e.result
            let ret = r?.retention.map { InterventionEffect.signed($0.effect * 100, digits: 0) + " pt" } ?? "—"
            out += "| \(cell(e.name)) | \(e.kind.rawValue) | \(e.weekText) | \(r.map { InterventionEffect.signed($0.liveHours.effect) } ?? "—") | "
            out += "\(r.map { InterventionEffect.signed($0.activeDays.effect) } ?? "—") | \(ret) | \(r.map { NumberFormat.grouped($0.matched) } ?? "—") | "
            out += "\(r.map { NumberFormat.grouped($0.comparisonSize) } ?? "—") |\n"
        }
        out += "\n" + effects.map { "- \(cell($0.name)): \($0.detail)" }.joined(separator: "\n") + "\n"
        return out + "\nMethod: " + MatchedEffect.methodLine(days: effects.compactMap(\.result).first?.days ?? 28) + ".\n"
    }
}
