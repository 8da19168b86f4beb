/// Which SLA target a due time belongs to (see `SLAEngine`).
public enum SLATarget: String, Codable, Sendable, CaseIterable {
    case firstReply = "first_reply"
    case nextReply = "next_reply"
    case resolution
}
