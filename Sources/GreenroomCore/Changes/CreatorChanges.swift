import Foundation

/// Builds the change sets of creator work from plain values (no database): the runner checks
/// the draft and looks up owners and networks, then applies what these return.
public enum CreatorChanges {
    /// Tags are lowercase words with dashes: "Top 100" → "top-100".
    public static func normalizeTag(_ tag: String) -> String {
        // Already normal (lowercase ASCII without spaces, the common case of an import's
        // 100,000 rows): as it is. Anything else takes Foundation's path.
        if !tag.isEmpty, tag.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && !($0 >= 0x41 && $0 <= 0x5A) }) { return tag }
        return tag.trimmingCharacters(in: .whitespaces).lowercased().split(whereSeparator: { $0 == " " }).joined(separator: "-")
    }

    /// A new creator from the form.
    public static func add(_ draft: CreatorDraft, id: String, ownerID: String?, networkID: String?, teamID: String? = nil, now: Millis) -> ChangeSet {
        let creator = draft.creator(id: id, createdAt: now, ownerID: ownerID, networkID: networkID, teamID: teamID)
        return ChangeSet("Added \(creator.handle)", [.insertCreator(creator, tags: draft.tagList)])
    }

    /// An edited creator: only what differs from `original`; nil when nothing changed.
    public static func edit(_ draft: CreatorDraft, original: Creator, originalTags: [String], ownerID: String?, networkID: String?,
                            teamID: String?? = .none) -> ChangeSet? {
        let changes = draft.changes(from: original, originalTags: originalTags, ownerID: ownerID, networkID: networkID, teamID: teamID)
        guard !changes.isEmpty else { return nil }
        return ChangeSet("Edited \(draft.normalizedHandle)", changes)
    }

    /// An activity logged for `creator` by `author` now.
    public static func activity(_ draft: ActivityDraft, creator: Creator, author: String?, now: Millis) -> ChangeSet {
        let activity = Activity(id: UUIDv7.make(millis: now), creatorID: draft.creatorID, kind: draft.kind, authorID: author,
                                at: now, summary: draft.summary, nextStep: draft.nextStep, followUpDue: draft.followUpDue)
        return ChangeSet("Logged \(draft.kind.rawValue) for \(creator.handle)", [.insertActivity(activity)])
    }

    /// One bulk action on many creators: one change set, one undo. `ownerID`: the member an
    /// `assignOwner` names (looked up by the caller).
    public static func bulk(_ plan: BulkPlan, ownerID: String?, author: String?, now: Millis) -> ChangeSet {
        let n = plan.creatorIDs.count
        let count = "\(n) creator\(n == 1 ? "" : "s")"
        switch plan.kind {
        case .assignOwner(let handle):
            return ChangeSet(handle.map { "Assigned \(count) to \($0)" } ?? "Removed the owner of \(count)",
                             plan.creatorIDs.map { .update(.creator, id: $0, fields: [CreatorField.ownerID.rawValue: FieldValue(ownerID)]) })
        case .addTag(let tag):
            return ChangeSet("Tagged \(count) with \(normalizeTag(tag))", plan.creatorIDs.map { .tags(creatorID: $0, add: [tag], remove: []) })
        case .removeTag(let tag):
            return ChangeSet("Removed tag \(normalizeTag(tag)) from \(count)", plan.creatorIDs.map { .tags(creatorID: $0, add: [], remove: [tag]) })
        case .moveStage(let stage):
            return ChangeSet("Moved \(count) to \(stage)", plan.creatorIDs.map { .moveStage(creatorID: $0, to: stage, reason: nil) })
        case .logWorkshop(let summary):
            return ChangeSet("Logged workshop for \(count)", plan.creatorIDs.map {
                .insertActivity(Activity(id: UUIDv7.make(millis: now), creatorID: $0, kind: .workshop, authorID: author, at: now, summary: summary))
            })
        }
    }
}
