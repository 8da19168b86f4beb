import ArgumentParser
import Foundation
import GreenroomCore
import GreenroomStore
import GreenroomTUI

extension ReportCommand {
    /// `greenroom report campaign NAME`
    struct CampaignReport: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "campaign",
            abstract: "One campaign: goal, progress, pace, tiers and payouts due, every enrolled creator.",
            discussion: """
            The same numbers as the Campaigns screen (C). Progress is computed from history inside \
            the campaign's days (team time zone); pace is the goal's straight line for now. \
            Payouts due: each creator is paid the highest tier they reached. The JSON shape is \
            documented on CampaignDocument. --format html writes one self-contained page with \
            the progress, pace and day-by-day charts.
            Example: greenroom report campaign 11.11 --format csv > 11.11.csv
            Example: greenroom report campaign 11.11 --format html --output 11.11.html
            """
        )

        @Argument(help: "The campaign's name, the start of it, or its id.")
        var name: String

        @Option(help: "md, csv, json or html.")
        var format: String = "md"

        @OptionGroup var output: ReportOutputOptions

        @OptionGroup var database: DatabaseOptions

        func run() throws {
            try requireFormat(format, ["md", "csv", "json", "html"])
            let store = try openStore(database, env: ProcessInfo.processInfo.environment, mustExist: true)
            let c = try store.campaign(ref: name)
            guard let detail = try store.campaignDetail(id: c.id, now: store.now) else { throw GreenroomError.invalidInput("that campaign has invalid dates") }
            let all = try store.campaignPage(id: c.id, offset: 0, limit: Int.max / 2, now: store.now).rows
            let zone = try store.teamSettings().zone
            switch format {
            case "json": try output.write(Data((try JSONOutput.string(CampaignDocument.object(detail, creators: all, zone: zone)) + "\n").utf8))
            case "csv": try output.write(try CampaignDocument.csv(detail, creators: all, zone: zone))
            case "html": try output.write(Data(CampaignHTML.render(detail, creators: all, zone: zone, generatedAt: store.now).utf8))
            default: try output.write(Data(CampaignDocument.markdown(detail, creators: all, atRisk: [], zone: zone, full: true).utf8))
            }
        }
    }
}

/// A campaign as Markdown, CSV or JSON.
///
/// JSON (stable; times ISO 8601 UTC, values in the metric's units):
/// `{campaign: {id, name, kind, status, start_date, end_date, time_zone, metric, unit, target, owner},
///   progress, pace, share, pace_share, days_left, enrolled, at_risk, risk_margin_percent, daily: [per day],
///   tiers: [{threshold, reward, amount, creators, payout}], payouts_due,
///   creators: [{rank, handle, name, target, joined_at, progress, pace, tier, next_tier, to_next_tier, at_risk}]}`.
enum CampaignDocument {
    static func round(_ v: Double) -> Double { (v * 100).rounded() / 100 }

    static func summaryObject(_ s: CampaignSummary) -> [String: Any] {
        let c = s.campaign
        return ["id": c.id, "name": TerminalText.sanitize(c.name), "kind": c.kind.rawValue, "status": c.status.rawValue, "start_date": c.startDate,
                "end_date": c.endDate, "metric": c.metric.rawValue, "unit": c.metric.unit, "target": c.target, "owner": s.ownerHandle ?? NSNull(),
                "enrolled": s.enrolled, "progress": round(s.progress), "pace": round(s.pace), "days_left": s.daysLeft]
    }

    static func object(_ d: CampaignDetail, creators: [CampaignStanding], zone: TimeZone) -> [String: Any] {
        let s = d.summary
        var campaign = summaryObject(s)
        for key in ["enrolled", "progress", "pace", "days_left"] { campaign.removeValue(forKey: key) }
        campaign["time_zone"] = zone.identifier
        return [
            "campaign": campaign, "progress": round(s.progress), "pace": round(s.pace), "share": s.share.map { round($0 * 100) / 100 } ?? NSNull(),
            "pace_share": s.paceShare.map { round($0 * 100) / 100 } ?? NSNull(), "days_left": s.daysLeft, "enrolled": s.enrolled,
            "at_risk": d.atRisk, "risk_margin_percent": d.riskMargin, "daily": (d.daily ?? []).map(round),
            "tiers": d.tiers.map { ["threshold": $0.tier.threshold, "reward": TerminalText.sanitize($0.tier.reward), "amount": $0.tier.amount,
                                    "creators": $0.creators, "payout": $0.payout] as [String: Any] },
            "payouts_due": d.tiers.reduce(0) { $0 + $1.payout },
            "creators": creators.map { r -> [String: Any] in
                ["rank": r.rank, "handle": r.handle, "name": TerminalText.sanitize(r.displayName), "target": r.target, "joined_at": Time.iso(r.joinedAt),
                 "progress": round(r.progress), "pace": round(r.pace), "tier": r.tier.map { TerminalText.sanitize($0) } ?? NSNull(),
                 "next_tier": r.nextTier.map { TerminalText.sanitize($0) } ?? NSNull(), "to_next_tier": r.toNextTier.map(round) ?? NSNull(), "at_risk": r.atRisk]
            },
        ]
    }

    static func csv(_ d: CampaignDetail, creators: [CampaignStanding], zone: TimeZone) throws -> Data {
        let s = d.summary
        let m = s.campaign.metric
        // Plain numbers for spreadsheets: two decimals for hours, integers otherwise.
        func n(_ v: Double) -> String { m == .liveHours ? String(format: "%.2f", v) : String(Int(v.rounded(.down))) }
        let header = ["section", "rank", "name", "target", "progress", "pace", "tier", "next_tier", "to_next_tier", "at_risk", "amount", "creators", "payout"]
        var rows: [[String]] = [["campaign", "", TerminalText.sanitize(s.campaign.name), "\(s.campaign.target)", n(s.progress), n(s.pace),
                                 "", "", "", "\(d.atRisk)", "", "\(s.enrolled)", "\(d.tiers.reduce(0) { $0 + $1.payout })"]]
        for t in d.tiers {
            rows.append(["tier", "", TerminalText.sanitize(t.tier.reward), "\(t.tier.threshold)", "", "", "", "", "", "", "\(t.tier.amount)", "\(t.creators)", "\(t.payout)"])
        }
        for r in creators {
            rows.append(["creator", "\(r.rank)", r.handle, "\(r.target)", n(r.progress), n(r.pace), r.tier.map { TerminalText.sanitize($0) } ?? "",
                         r.nextTier.map { TerminalText.sanitize($0) } ?? "", r.toNextTier.map(n) ?? "", r.atRisk ? "yes" : "no", "", "", ""])
        }
        return try CreatorsCSV.render(header: header, rows: rows)
    }

    static func planObject(_ p: CampaignPlan, campaign c: Campaign, applied: Bool) -> [String: Any] {
        ["campaign": TerminalText.sanitize(c.name), "metric": c.metric.rawValue, "unit": c.metric.unit, "goal": p.goal, "split": p.split.rawValue,
         "applied": applied, "current_sum": p.currentSum, "proposed_sum": p.proposedSum, "current_gap": p.currentGap, "proposed_gap": p.proposedGap,
         "baseline_start": p.baselineWindow.map { Time.iso($0.lowerBound) } ?? NSNull(), "baseline_end": p.baselineWindow.map { Time.iso($0.upperBound) } ?? NSNull(),
         "creators": p.rows.map { ["handle": $0.handle, "baseline": round($0.baseline), "current": $0.current, "proposed": $0.proposed] as [String: Any] }]
    }

    static func progressText(_ s: CampaignSummary) -> String {
        s.campaign.metric.format(s.progress) + " " + s.campaign.metric.unit + (s.share.map { " (" + NumberFormat.percent($0) + ")" } ?? "")
    }

    static func daysLeftText(_ s: CampaignSummary) -> String {
        if s.window.upperBound <= s.window.lowerBound { return "—" }
        if s.daysLeft == 0 { return "ended" }
        return "\(s.daysLeft)d"
    }

    static func signed(_ n: Int) -> String { n > 0 ? "+" + NumberFormat.grouped(n) : n < 0 ? "−" + NumberFormat.grouped(-n) : "0" }

    static func markdown(_ d: CampaignDetail, creators: [CampaignStanding], atRisk: [CampaignStanding], zone: TimeZone, full: Bool) -> String {
        func cell(_ s: String) -> String { TerminalText.sanitize(s).replacingOccurrences(of: "|", with: "\\|") }
        let s = d.summary, c = s.campaign, m = c.metric, u = m.unit
        var out = "# \(cell(c.name))\n\n"
        out += "\(c.kind.title) · \(c.startDate) to \(c.endDate) (\(zone.identifier)) · \(c.status.rawValue)"
        out += s.ownerHandle.map { " · owner \($0)" } ?? ""
        out += s.daysLeft > 0 ? " · \(s.daysLeft) day\(s.daysLeft == 1 ? "" : "s") left\n\n" : "\n\n"
        out += "Goal: **\(NumberFormat.grouped(c.target)) \(u)** \(m.title). Progress: **\(progressText(s))**; "
        out += "pace for today \(m.format(s.pace)) \(u)\(s.paceShare.map { " (" + NumberFormat.percent($0) + ")" } ?? "")"
        let ahead = s.progress - s.pace
        out += ahead >= 0 ? ", ahead by \(m.format(ahead)) \(u).\n" : ", behind by \(m.format(-ahead)) \(u).\n"
        out += "Enrolled: \(NumberFormat.grouped(s.enrolled)) · at risk: \(NumberFormat.grouped(d.atRisk)) (behind their pace by more than \(d.riskMargin)% of their target)\n"
        if let daily = d.daily, !daily.isEmpty { out += "\nDaily progress: `\(Sparkline.render(daily, unicode: true))` (\(RelativeTime.counted(daily.count, "day")))\n" }
        out += "\n## Tiers\n\n"
        if d.tiers.isEmpty { out += "No incentive tiers.\n" } else {
            out += "| threshold | reward | amount | creators | payout due |\n|--:|---|--:|--:|--:|\n"
            for t in d.tiers {
                out += "| \(t.tier.threshold) \(u) | \(cell(t.tier.reward)) | \(NumberFormat.grouped(t.tier.amount)) | \(t.creators) | \(NumberFormat.grouped(t.payout)) |\n"
            }
            out += "\nPayouts due: **\(NumberFormat.grouped(d.tiers.reduce(0) { $0 + $1.payout }))**\n"
        }
        func table(_ rows: [CampaignStanding]) -> String {
            var t = "| # | creator | target | progress | pace | tier | next tier | at risk |\n|--:|---|--:|--:|--:|---|---|---|\n"
            for r in rows {
                let next = r.nextTier.map { "\(cell($0)) in \(m.format(r.toNextTier ?? 0)) \(u)" } ?? "—"
                t += "| \(r.rank) | \(cell(r.handle)) | \(r.target) | \(m.format(r.progress)) | \(m.format(r.pace)) | \(r.tier.map(cell) ?? "—") | \(next) | \(r.atRisk ? "yes" : "") |\n"
            }
            return t
        }
        out += full ? "\n## Creators (\(creators.count))\n\n" : "\n## Top \(creators.count)\n\n"
        out += creators.isEmpty ? "Nobody is enrolled yet.\n" : table(creators)
        if !full && !atRisk.isEmpty { out += "\n## At risk (first \(atRisk.count))\n\n" + table(atRisk) }
        return out
    }
}
