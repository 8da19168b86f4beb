import Foundation
import GreenroomCore
import TOMLKit

/// Team automations as TOML (issue 24): what `greenroom rules export` writes and
/// `greenroom rules import` / `rules edit` read. Errors name the file and the line.
///
///     [[rule]]
///     name = "Escalate before a breach"
///     team = "Tier 1 BPO"            # optional: only this team's tickets
///     when = "status:new,open tier:1 breach:<15m"
///     do = ["escalate SLA about to breach", "priority urgent"]
///     enabled = true
///
///     [[rule]]
///     name = "Idle two weeks"
///     on = "creators"                # optional: tickets (the default) or creators
///     when = "stage:activated idle:>=14d"
///     do = ["follow-up Call them: no LIVE in 14 days"]
public enum RulesTOML {
    public struct Entry: Hashable, Sendable {
        public var line: Int
        public var name: String
        public var team: String?
        public var when: String
        public var actions: [String]
        public var enabled: Bool
        public var position: Int?
        public var target: RuleTarget = .tickets
    }

    /// `stages`: the team's stage names, for a creator rule's `stage:` terms.
    public static func parse(_ text: String, file: String, stages: [String] = Stage.all) throws -> [Entry] {
        let (table, _) = try TOMLLines.parse(text, file: file)
        let starts = text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            .filter { $0.element.trimmingCharacters(in: .whitespaces) == "[[rule]]" }.map { $0.offset + 1 }
        for key in table.keys where key != "rule" {
            throw GreenroomError.config("\(file):1: unknown key \"\(TerminalText.sanitize(key))\" (a rules file holds [[rule]] tables)")
        }
        guard let value = table["rule"] else { return [] }
        guard let array = value.array else { throw GreenroomError.config("\(file):1: rule must be [[rule]] tables") }
        var out: [Entry] = []
        for (i, item) in array.enumerated() {
            let line = i < starts.count ? starts[i] : 1
            let at = "\(file):\(line)"
            guard let t = item.table else { throw GreenroomError.config("\(at): each [[rule]] is a table") }
            let known: Set<String> = ["name", "on", "team", "when", "do", "enabled", "position"]
            if let unknown = t.keys.first(where: { !known.contains($0) }) {
                throw GreenroomError.config("\(at): unknown key \"\(TerminalText.sanitize(unknown))\" (name, on, team, when, do, enabled, position)")
            }
            var target = RuleTarget.tickets
            if let v = t["on"] {
                guard let word = v.string, let parsed = RuleTarget(word: word) else { throw GreenroomError.config("\(at): on is \"tickets\" or \"creators\"") }
                target = parsed
            }
            guard let name = t["name"]?.string, !name.trimmingCharacters(in: .whitespaces).isEmpty else { throw GreenroomError.config("\(at): name = \"…\" is required") }
            guard let when = t["when"]?.string else { throw GreenroomError.config("\(at): when = \"…\" (the condition) is required") }
            guard let doValue = t["do"] else { throw GreenroomError.config("\(at): do = [\"…\"] (the actions) is required") }
            var actions: [String] = []
            if let s = doValue.string { actions = [s] } else if let list = doValue.array {
                for v in list {
                    guard let s = v.string else { throw GreenroomError.config("\(at): do holds action lines (strings)") }
                    actions.append(s)
                }
            } else { throw GreenroomError.config("\(at): do holds action lines (strings)") }
            var enabled = true
            if let e = t["enabled"] {
                guard let b = e.bool else { throw GreenroomError.config("\(at): enabled is true or false") }
                enabled = b
            }
            var position: Int?
            if let p = t["position"] {
                guard let n = p.int else { throw GreenroomError.config("\(at): position is a whole number") }
                position = n
            }
            var team: String?
            if let v = t["team"] {
                guard let s = v.string else { throw GreenroomError.config("\(at): team is a team's name") }
                team = s
            }
            // Checked here as a whole, so a bad rule names its line before anything is saved.
            do {
                _ = try CheckedRule(AutomationRule(id: "check", name: name, condition: when, actions: actions, enabled: enabled, target: target), stages: stages)
            } catch {
                throw GreenroomError.config("\(at): \(error)")
            }
            if out.contains(where: { $0.name.lowercased() == name.lowercased() }) {
                throw GreenroomError.config("\(at): a second rule called \"\(TerminalText.sanitize(name))\"")
            }
            out.append(Entry(line: line, name: name, team: team, when: when, actions: actions, enabled: enabled, position: position, target: target))
        }
        return out
    }

    static func quoted(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F { out += String(format: "\\u%04X", scalar.value) } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out + "\""
    }

    /// The rules as a file people edit; `teamName` names a rule's team.
    public static func render(_ rules: [AutomationRule], teamName: (String) -> String?) -> String {
        var out = """
            # Greenroom team automations (issue 24). `greenroom rules import FILE` checks and saves them.
            # when: the queue's filter language, plus breach:<30m, pending:>3d, replied:requester|agent, thanks:yes|no
            # do:   assign @h|none · escalate REASON · status S · priority P · tag +t|-t · note TEXT · reply TEXT · macro TITLE · follow-up TEXT
            # on = "creators": when is the roster's filter language plus rotting:yes (idle: counts from the last LIVE);
            #       do is assign @h (the owner) · tag +t|-t · note TEXT · follow-up TEXT

            """
        for r in rules {
            out += "\n[[rule]]\nname = \(quoted(r.name))\n"
            if r.target == .creators { out += "on = \"creators\"\n" }
            if let id = r.teamID, let team = teamName(id) { out += "team = \(quoted(team))\n" }
            out += "when = \(quoted(r.condition))\n"
            out += "do = [" + r.actions.map(quoted).joined(separator: ", ") + "]\n"
            out += "enabled = \(r.enabled)\nposition = \(r.position)\n"
        }
        return out
    }
}
