/// Which editor a reply draft belongs to: one ticket, public reply or internal note.
public struct ReplyDraftKey: Hashable, Sendable, Comparable {
    public var ticketID: String
    public var isPublic: Bool

    public init(ticketID: String, isPublic: Bool) {
        self.ticketID = ticketID; self.isPublic = isPublic
    }

    public static func < (a: ReplyDraftKey, b: ReplyDraftKey) -> Bool {
        (a.ticketID, a.isPublic ? 1 : 0) < (b.ticketID, b.isPublic ? 1 : 0)
    }
}

/// Text typed in the reply or note editor and not sent yet, kept on this laptop only (it
/// never syncs) so `Ctrl-c`, a crash or a restart does not lose it.
public struct ReplyDraft: Hashable, Sendable {
    public var key: ReplyDraftKey
    public var body: String
    public var savedAt: Millis

    public init(key: ReplyDraftKey, body: String, savedAt: Millis) {
        self.key = key; self.body = body; self.savedAt = savedAt
    }
}
