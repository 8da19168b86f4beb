import Foundation
import GreenroomCore

/// Column names people use for the same thing, folded (see `CSVTable.fold`), and how a
/// file's header is matched to them.
enum ImportColumns {
    static let creator: [String: [String]] = [
        "handle": ["handle", "username", "user", "account", "creator", "creatorhandle", "tiktokhandle", "uniqueid"],
        "display_name": ["name", "displayname", "fullname", "creatorname", "nickname"],
        "kind": ["kind", "type", "creatortype"],
        "market": ["market", "country", "countrycode", "region"],
        "language": ["language", "lang", "locale"],
        "network": ["network", "agency", "mcn", "networkname"],
        "owner": ["owner", "manager", "accountmanager", "am", "ownerhandle"],
        "team": ["team", "teamname", "supportteam"],
        "stage": ["stage", "pipelinestage", "status"],
        "source": ["source", "leadsource", "origin"],
        "followers": ["followers", "followercount", "fans", "followerscount"],
        "email": ["email", "mail", "emailaddress"],
        "phone": ["phone", "phonenumber", "mobile", "whatsapp"],
        "tags": ["tags", "labels", "tag"],
        "notes": ["notes", "note", "comments", "comment"],
        "created_at": ["createdat", "created", "added", "addedat", "dateadded", "createdon"],
        "id": ["id", "greenroomid"],
    ]
    static let session: [String: [String]] = [
        "handle": creator["handle"] ?? [],
        "started_at": ["startedat", "start", "starttime", "started", "livestart", "begin", "date", "datetime", "startedon"],
        "minutes": ["minutes", "duration", "durationmin", "durationminutes", "livedurationmin", "livedurationminutes", "length", "lengthmin"],
        "peak_viewers": ["peakviewers", "peak", "maxviewers", "peakconcurrentviewers", "pcu"],
        "viewer_minutes": ["viewerminutes", "watchminutes", "watchtime", "totalviewerminutes"],
        "gifts": ["gifts", "diamonds", "giftcount", "giftvalue"],
        "id": ["id", "greenroomid"],
    ]

    /// The canonical names in the order `--help`, errors and dry runs list them.
    static func names(_ table: [String: [String]]) -> [String] {
        let order = ["id", "handle", "display_name", "kind", "market", "language", "network", "owner", "team", "stage", "source", "followers",
                     "email", "phone", "tags", "notes", "created_at", "started_at", "minutes", "peak_viewers", "viewer_minutes", "gifts",
                     "key", "subject", "body", "status", "priority", "category", "channel", "tier", "requester", "assignee", "csat"]
        return order.filter { table[$0] != nil } + table.keys.filter { !order.contains($0) }.sorted()
    }

    /// How a file's header matched: column index by canonical name, the columns nobody
    /// claimed, the ones `--map` told to ignore, and which matches `--map` made.
    struct Match {
        var columns: [String: Int] = [:]
        var unknown: [String] = []
        var ignored: [String] = []
        var mapped: Set<String> = []

        /// `handle ← Username, market ← Country (--map), …` for a dry run.
        func describe(_ header: [String]) -> String {
            var parts: [String] = []
            for (name, index) in columns.sorted(by: { $0.value < $1.value }) {
                let source = header[index]
                let how = mapped.contains(name) ? " (--map)" : (CSVTable.fold(source) == CSVTable.fold(name) ? "" : " (guessed)")
                parts.append(source == name ? name : "\(name) ← \"\(source)\"\(how)")
            }
            if !ignored.isEmpty { parts.append("ignored: " + ignored.map { "\"\($0)\"" }.joined(separator: ", ")) }
            return parts.joined(separator: ", ")
        }
    }

    /// Matches `header` against `table`, `mapping` first (file column → canonical name, or
    /// `-` to ignore the column). A mapping naming a column the file lacks, or a name that
    /// is not a column of this kind of file, is an error.
    static func match(_ header: [String], _ table: [String: [String]], mapping: [String: String] = [:], file: String) throws -> Match {
        var match = Match()
        var claimed = Set<Int>()
        for (source, target) in mapping.sorted(by: { $0.key < $1.key }) {
            let candidates = header.indices.filter { CSVTable.fold(header[$0]) == CSVTable.fold(source) }
            guard let index = candidates.first else { continue }
            claimed.insert(index)
            if target == "-" {
                match.ignored.append(header[index])
                continue
            }
            // The target may be any name the column is known by (`name` for display_name).
            guard let canonical = resolve(target, in: table) else {
                throw GreenroomError.invalidInput("--map \(source)=\(target): \"\(target)\" is not a column of \(file) (\(names(table).joined(separator: ", ")))")
            }
            match.columns[canonical] = index
            match.mapped.insert(canonical)
        }
        for (i, name) in header.enumerated() where !claimed.contains(i) {
            let folded = CSVTable.fold(name)
            if let canonical = table.first(where: { $0.value.contains(folded) })?.key, match.columns[canonical] == nil {
                match.columns[canonical] = i
            } else if !folded.isEmpty {
                match.unknown.append(name)
            }
        }
        return match
    }

    /// The canonical name `target` stands for in `table` (`name` → `display_name`).
    static func resolve(_ target: String, in table: [String: [String]]) -> String? {
        table[target] != nil ? target : table.first(where: { $0.value.contains(CSVTable.fold(target)) })?.key
    }

    /// The part of `mapping` that applies to files of this kind.
    static func applicable(_ mapping: [String: String], to table: [String: [String]]) -> [String: String] {
        mapping.filter { $0.value == "-" || resolve($0.value, in: table) != nil }
    }

    /// Parses `--map "Username=handle,Country=market"` (spaces around names are dropped;
    /// `Column=-` ignores a column).
    static func parseMapping(_ text: String) throws -> [String: String] {
        var mapping: [String: String] = [:]
        for part in text.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2, !pair[0].isEmpty, !pair[1].isEmpty else {
                throw GreenroomError.invalidInput("--map wants COLUMN=name pairs separated by commas, such as \"Username=handle,Country=market\" (got \"\(part)\")")
            }
            let target = pair[1] == "-" ? "-" : pair[1].lowercased()
            if let earlier = mapping[pair[0]], earlier != target {
                throw GreenroomError.invalidInput("--map names column \"\(pair[0])\" twice")
            }
            mapping[pair[0]] = target
        }
        return mapping
    }
}

extension ImportOptions {
    /// The canonical name `target` stands for in `table` (`name` → `display_name`).
    static func resolve(_ target: String, in table: [String: [String]]) -> String? {
        table[target] != nil ? target : table.first(where: { $0.value.contains(CSVTable.fold(target)) })?.key
    }

    /// The part of `mapping` that applies to files of this kind.
    static func applicable(_ mapping: [String: String], to table: [String: [String]]) -> [String: String] {
        mapping.filter { $0.value == "-" || resolve($0.value, in: table) != nil }
    }

    /// Parses `--map "Username=handle,Country=market"` (`Column=-` ignores a column).
    public static func parseMapping(_ text: String) throws -> [String: String] {
        try ImportColumns.parseMapping(text)
    }
}
