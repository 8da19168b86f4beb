import ArgumentParser
import Foundation
import GreenroomCore
import GreenroomStore
import GreenroomTUI

/// `greenroom creators list`
struct CreatorsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "creators",
        abstract: "Scriptable creator lists; merge two creators who are one person.",
        subcommands: [List.self, Merge.self, Unmerge.self]
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List creators with the roster's filter language.",
            discussion: "Example: greenroom creators list --filter 'market:MX idle:>7d' --sort live7d --format json"
        )

        @OptionGroup var database: DatabaseOptions

        @Option(help: "Filter, as typed after / in the roster (stage:, market:, owner:, tag:, idle:, …).")
        var filter: String?

        @Option(help: "A saved view's name (its filter and sort); --filter narrows it further.")
        var view: String?

        @Option(help: "Sort column (handle, name, market, stage, owner, live7d, active30d, last, followers, health), optionally :asc or :desc.")
        var sort: String?

        @Option(help: "table, json or csv.")
        var format: String = "table"

        @Option(help: "At most this many creators.")
        var limit: Int?

        @OptionGroup var identity: IdentityOptions
        var me: String? { identity.me }

        func run() throws {
            guard ["table", "json", "csv"].contains(format) else {
                throw GreenroomError.invalidInput("--format must be table, json or csv (got \(format))")
            }
            if let limit, limit < 0 { throw GreenroomError.invalidInput("--limit cannot be negative") }
            let env = ProcessInfo.processInfo.environment
            let store = try openStore(database, env: env, mustExist: true)
            let settings = try store.teamSettings()
            let parser = FilterParser(stages: settings.allStageNames)
            var text = ""
            var rosterSort = RosterSort.default
            if let view {
                guard let v = settings.views.first(where: { $0.name.lowercased() == view.lowercased() }) else {
                    throw GreenroomError.invalidInput("no view called \"\(view)\" (views: \(settings.views.map(\.name).joined(separator: ", ")))")
                }
                text = v.filter
                rosterSort = v.sort ?? .default
            }
            if let filter { text += " " + filter }
            let parsed: CreatorFilter
            do {
                parsed = try parser.parse(text)
            } catch let error as FilterError {
                throw GreenroomError.invalidInput("filter: \(error.message)")
            }
            if let sort {
                let parts = sort.split(separator: ":")
                guard let column = RosterColumn(rawValue: String(parts[0])) ?? (parts[0] == "lastlive" ? .lastLive : nil) else {
                    throw GreenroomError.invalidInput("unknown sort column \"\(parts[0])\" (\(RosterColumn.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                var descending: Bool?
                if parts.count > 1 {
                    guard ["asc", "desc"].contains(parts[1]) else { throw GreenroomError.invalidInput("sort direction must be asc or desc") }
                    descending = parts[1] == "desc"
                }
                rosterSort = RosterSort(column, descending: descending)
            }
            let now = store.now
            if let asOf = try store.creatorStatsAsOf(), now - asOf < 15 * Time.minute, asOf <= now {} else {
                try store.refreshCreatorStats(now: now)
            }
            let meHandle = me ?? (try? Config.load(path: ConfigPaths.fromEnvironment(env).configFile).me) ?? nil
            let total = try store.rosterCount(filter: parsed, me: meHandle, now: now)
            let wanted = min(total, limit ?? total)
            var rows: [RosterRow] = []
            var offset = 0
            while offset < wanted {
                // Each page read after the last row of the one before (keyset paging).
                let page = try store.rosterPage(filter: parsed, sort: rosterSort, me: meHandle, offset: offset, limit: min(5000, wanted - offset), now: now,
                                                total: total, seek: rows.last.map { .after($0, skip: 0) })
                if page.isEmpty { break }
                rows += page
                offset += page.count
            }
            switch format {
            case "json": try printJSON(rows, now: now)
            case "csv": try printCSV(rows)
            default: printTable(rows, now: now, total: total)
            }
        }

        static let columns = ["handle", "name", "market", "stage", "owner", "live_minutes_7d", "active_days_30d", "last_live_at", "followers", "health"]

        func values(_ r: RosterRow) -> [String] {
            [r.handle, r.displayName, r.market, r.stage, r.ownerHandle ?? "", String(r.liveMinutes7d), String(r.activeDays30d),
             r.lastLiveAt.map(Time.iso) ?? "", String(r.followers), r.health?.rawValue ?? ""]
        }

        func printJSON(_ rows: [RosterRow], now: Millis) throws {
            let objects: [[String: Any]] = rows.map { r in
                [
                    "id": r.id, "handle": r.handle, "name": r.displayName, "market": r.market, "stage": r.stage,
                    "owner": r.ownerHandle ?? NSNull(), "live_minutes_7d": r.liveMinutes7d, "active_days_30d": r.activeDays30d,
                    "last_live_at": r.lastLiveAt.map(Time.iso) ?? NSNull(), "followers": r.followers, "health": r.health?.rawValue ?? NSNull(),
                ]
            }
            let data = try JSONOutput.data(objects)
            print(String(decoding: data, as: UTF8.self))
        }

        func printCSV(_ rows: [RosterRow]) throws {
            let data = try CreatorsCSV.render(header: List.columns, rows: rows.map(values))
            FileHandle.standardOutput.write(data)
        }

        func printTable(_ rows: [RosterRow], now: Millis, total: Int) {
            let header = ["HANDLE", "NAME", "MKT", "STAGE", "OWNER", "LIVE7D", "ACT30", "LAST", "FOLLOWERS", "HEALTH"]
            let body = rows.map { r in
                [r.handle, r.displayName, r.market, r.stage, r.ownerHandle ?? "—", NumberFormat.hours(minutes: r.liveMinutes7d),
                 String(r.activeDays30d), RelativeTime.ago(r.lastLiveAt, now: now), NumberFormat.compact(r.followers), r.health?.rawValue ?? "—"]
                    .map { TerminalText.sanitize($0) }
            }
            var widths = header.map { DisplayWidth.of($0) }
            for row in body { for (i, v) in row.enumerated() { widths[i] = min(32, max(widths[i], DisplayWidth.of(v))) } }
            let right: Set<Int> = [5, 6, 7, 8]
            for row in [header] + body {
                let line = row.enumerated().map { i, v in TerminalText.fit(v, width: widths[i], alignRight: right.contains(i)) }.joined(separator: "  ")
                print(line.trimmingCharacters(in: .whitespaces).isEmpty ? "" : String(line.reversed().drop(while: { $0 == " " }).reversed()))
            }
            FileHandle.standardError.write(Data("\(rows.count) of \(total) creator\(total == 1 ? "" : "s")\n".utf8))
        }
    }
}
