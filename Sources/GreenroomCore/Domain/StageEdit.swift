import Foundation

/// One edit to the pipeline's stage list (`greenroom settings stages …`).
///
/// Stage names live in creators' rows and in stage events, so an edit is checked against the
/// whole team setting before anything is written: see `TeamSettings.applying(_:counts:)`.
/// Stages are never renamed (a rename would orphan the history that names them); add a stage
/// and remove the old one with `moveTo` instead.
public enum StageEdit: Hashable, Sendable {
    /// Sets (or clears, with nil) the rotting threshold of any stage, main line or side.
    case setRotDays(stage: String, days: Int?)
    /// Adds a stage to the main line after `after`; nil adds it at the end, `StageEdit.first`
    /// at the front.
    case add(stage: String, after: String?, rotDays: Int?)
    /// Removes a stage. If creators are in it, `moveTo` (another existing stage) says where
    /// they go; without one the edit is refused.
    case remove(stage: String, moveTo: String?)
    /// Reorders the main line: puts `stage` right after `after`; nil (or `StageEdit.first`)
    /// puts it first.
    case move(stage: String, after: String?)

    /// The `after` value meaning "before every stage" (`--first` on the command line). It can
    /// never be a stage's name, since names cannot contain `^`.
    public static let first = "^"

    /// Stages whose names the app's own semantics rely on: `lead` starts the funnel's cohort,
    /// `activated` and `established` drive health and the KPIs, `paused` and `lost` are the
    /// side exits (moves into them need a reason). They cannot be removed (nor renamed).
    public static let builtIn: Set<String> = [Stage.lead, Stage.activated, Stage.established, Stage.paused, Stage.lost]

    /// Allowed rotting thresholds, in days (ten years is plenty; beyond is surely a typo).
    public static let rotDaysRange = 1...3650

    /// Longest stage name: it has to fit a board column header.
    public static let maxNameLength = 32

    /// Checks a new stage's name: 1–32 of `a-z`, `0-9`, `_` and `-`. Those characters are
    /// safe in the filter language (`stage:NAME`), in CSV files and on a column header.
    public static func validateName(_ name: String) throws {
        guard !name.isEmpty else { throw GreenroomError.invalidInput("a stage needs a name") }
        guard name.count <= maxNameLength else {
            throw GreenroomError.invalidInput("stage names are at most \(maxNameLength) characters (\"\(name)\" has \(name.count))")
        }
        guard name.unicodeScalars.allSatisfy(isNameCharacter) else {
            let hint = suggestedName(for: name).map { "; try \"\($0)\"" } ?? ""
            throw GreenroomError.invalidInput("stage names use only lowercase letters, digits, _ and - (got \"\(name)\"\(hint))")
        }
    }

    /// Checks a rotting threshold: nil (never rots) or 1…3650 days.
    public static func validateRotDays(_ days: Int?) throws {
        if let days, !rotDaysRange.contains(days) {
            throw GreenroomError.invalidInput("rot days must be between \(rotDaysRange.lowerBound) and \(rotDaysRange.upperBound), or none (got \(days))")
        }
    }

    static func isNameCharacter(_ c: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(c) || ("0"..."9").contains(c) || c == "_" || c == "-"
    }

    /// "Big Fish" → "big-fish", when that makes a valid name.
    static func suggestedName(for name: String) -> String? {
        let words = name.lowercased().split(whereSeparator: { $0 == " " })
        let candidate = words.joined(separator: "-")
        guard !candidate.isEmpty, candidate.count <= maxNameLength, candidate != name,
              candidate.unicodeScalars.allSatisfy(isNameCharacter) else { return nil }
        return candidate
    }
}

extension TeamSettings {
    /// The settings after `edit`, or a one-line reason why the edit is refused.
    ///
    /// `counts` is the number of (non-deleted) creators in each stage; it matters only when
    /// removing one. When creators must move first, `moveCreators` says from where to where:
    /// the caller moves them (with stage events) before saving the new settings, since a move
    /// may only target a stage the saved settings know. Names of existing stages are matched
    /// case-insensitively; new names must already be lowercase.
    public func applying(_ edit: StageEdit, counts: [String: Int]) throws -> (settings: TeamSettings, moveCreators: (from: String, to: String)?) {
        var result = self
        switch edit {
        case .setRotDays(let stage, let days):
            let name = try existing(stage, among: allStageNames)
            try StageEdit.validateRotDays(days)
            if let i = result.stages.firstIndex(where: { $0.name == name }) {
                result.stages[i].rotDays = days
            } else if let i = result.sideStages.firstIndex(where: { $0.name == name }) {
                result.sideStages[i].rotDays = days
            }
            return (result, nil)

        case .add(let stage, let after, let rotDays):
            let name = stage.trimmingCharacters(in: .whitespaces)
            try StageEdit.validateName(name)
            guard !allStageNames.contains(name) else {
                throw GreenroomError.invalidInput("there is already a stage called \"\(name)\"")
            }
            try StageEdit.validateRotDays(rotDays)
            let index = try insertionIndex(after: after, default: stages.count, placing: name)
            result.stages.insert(PipelineStage(name: name, rotDays: rotDays), at: index)
            return (result, nil)

        case .remove(let stage, let moveTo):
            let name = try existing(stage, among: allStageNames)
            guard !StageEdit.builtIn.contains(name) else {
                throw GreenroomError.invalidInput("\(name) is built in and cannot be removed (its rot days can still be changed)")
            }
            var target: String?
            if let moveTo {
                let to = try existing(moveTo, among: allStageNames, purpose: " to move creators to")
                guard to != name else {
                    throw GreenroomError.invalidInput("cannot move creators from \(name) to \(name) itself; pick another stage")
                }
                target = to
            }
            var moveCreators: (from: String, to: String)?
            let count = counts[name] ?? 0
            if count > 0 {
                guard let target else {
                    let example = neighbour(of: name) ?? Stage.lead
                    throw GreenroomError.invalidInput(
                        "\(count) creator\(count == 1 ? " is" : "s are") in \(name); say where they go with --move-to STAGE (e.g. --move-to \(example))")
                }
                moveCreators = (from: name, to: target)
            }
            result.stages.removeAll { $0.name == name }
            result.sideStages.removeAll { $0.name == name }
            return (result, moveCreators)

        case .move(let stage, let after):
            let mainLine = stages.map(\.name)
            let name = try existing(stage, among: allStageNames)
            guard let from = mainLine.firstIndex(of: name) else {
                throw GreenroomError.invalidInput("\(name) is a side stage; only main-line stages can be reordered")
            }
            let moving = result.stages.remove(at: from)
            let index = try result.insertionIndex(after: after, default: 0, placing: name)
            result.stages.insert(moving, at: index)
            return (result, nil)
        }
    }

    /// Where a stage placed after `after` goes in the main line. nil means `fallback`;
    /// `StageEdit.first` means the front. `after` must be a main-line stage other than the
    /// one being placed (`placing`, which is not in the main line at this point).
    private func insertionIndex(after: String?, default fallback: Int, placing name: String) throws -> Int {
        guard let after else { return fallback }
        if after == StageEdit.first { return 0 }
        if after.trimmingCharacters(in: .whitespaces).lowercased() == name {
            throw GreenroomError.invalidInput("cannot place \(name) after itself")
        }
        let target = try existing(after, among: allStageNames + [name])
        guard let i = stages.firstIndex(where: { $0.name == target }) else {
            throw GreenroomError.invalidInput("\(target) is a side stage; \(name) can only go after a main-line stage")
        }
        return i + 1
    }

    /// The stage called `name` (trimmed, any case), or an error naming it and suggesting the
    /// closest stage.
    private func existing(_ name: String, among names: [String], purpose: String = "") throws -> String {
        let clean = name.trimmingCharacters(in: .whitespaces).lowercased()
        if names.contains(clean) { return clean }
        guard !clean.isEmpty else { throw GreenroomError.invalidInput("a stage name cannot be empty") }
        let closest = names.min { FuzzyDistance.of($0, clean) < FuzzyDistance.of($1, clean) }
        throw GreenroomError.invalidInput("no stage called \"\(name)\"\(purpose)" + (closest.map { " (did you mean \($0)?)" } ?? ""))
    }

    /// The main-line stage before `name` (else the one after it), to suggest as a target.
    private func neighbour(of name: String) -> String? {
        let line = stages.map(\.name)
        guard let i = line.firstIndex(of: name) else { return line.first }
        return i > 0 ? line[i - 1] : (i + 1 < line.count ? line[i + 1] : nil)
    }
}
