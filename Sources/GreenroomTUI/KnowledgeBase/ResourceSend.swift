import GreenroomCore

extension Action {
    public static let kbSend = Action("kb.send", .kb, "Send the resource (a guide, toolkit or link) to the selected creator or a community (logged, with its URL)", keys: [.ctrl("t")])
}

/// The resource hub in the knowledge base (issue 26): `Ctrl-t` on an article offers to send
/// it to the creator selected under the knowledge base (the roster's or board's row, or the
/// creator whose detail is open) or to a community; choosing one logs the send, writes it to
/// the creators' activity logs (for a community, each current member's) and syncs — the
/// same write as `greenroom kb send`. Only resources (guides, toolkits, links) are sent:
/// replies and macros answer tickets. The activity written carries the resource's URL.
public struct ResourceSendPick: PickerPurpose {
    public var articleID: String
    public var title: String
    /// The knowledge base as it was, to come back to after sending.
    public var kb: KBState

    public func picked(_ item: PickerItem) -> Msg { .knowledgeBase(.sendPicked(item, self)) }
}

/// Where a picked send goes: `creator:ID` or `community:ID`.
enum SendTarget {
    static func creator(_ id: String) -> String { "creator:" + id }
    static func community(_ id: String) -> String { "community:" + id }

    static func parse(_ value: String) -> (creatorID: String?, communityID: String?) {
        if value.hasPrefix("creator:") { return (String(value.dropFirst(8)), nil) }
        if value.hasPrefix("community:") { return (nil, String(value.dropFirst(10))) }
        return (nil, nil)
    }
}

extension Model {
    /// `Ctrl-t` in the knowledge base: the picker of who gets the chosen article.
    mutating func pickSendTarget(_ kb: KBState) -> [Command] {
        guard let article = kb.choice else {
            showToast("No article to send: pick one first", kind: .error)
            return []
        }
        if let reason = article.whyNotSendable {
            showToast(reason, kind: .error)
            return []
        }
        var items: [PickerItem] = []
        if let id = currentCreatorID, let handle = currentCreatorHandle {
            items.append(PickerItem(TerminalText.sanitize(handle), detail: "the selected creator", value: SendTarget.creator(id)))
        }
        overlay = .picker(PickerState(title: "Send \"\(TerminalText.sanitize(article.title))\" to",
                                      purpose: ResourceSendPick(articleID: article.id, title: article.title, kb: kb), items: items))
        return [.knowledgeBase(.loadSendTargets)]
    }

    /// The communities arrived: listed after the selected creator.
    mutating func sendTargetsLoaded(_ communities: [CommunitySummary]) {
        guard case .picker(var p)? = overlay, p.purpose is ResourceSendPick else { return }
        let dot = capabilities.unicode ? " · " : " - "
        p.items += communities.map { s in
            let c = s.community
            return PickerItem(TerminalText.sanitize(c.name), detail: "community\(dot)\(c.channel.rawValue)\(dot)\(c.market)\(dot)\(NumberFormat.grouped(s.members)) members",
                              value: SendTarget.community(c.id))
        }
        if p.items.isEmpty {
            overlay = .kb((p.purpose as? ResourceSendPick)?.kb ?? KBState())
            showToast("Nobody to send to: select a creator before opening the knowledge base, or create a community", kind: .error)
            return
        }
        overlay = .picker(p)
    }

    /// Chosen: send it, and come back to the knowledge base.
    mutating func sendPicked(_ item: PickerItem, _ purpose: ResourceSendPick) -> [Command] {
        let (creatorID, communityID) = SendTarget.parse(item.value)
        guard creatorID != nil || communityID != nil else { return [] }
        overlay = .kb(purpose.kb)
        return [.knowledgeBase(.sendResource(articleID: purpose.articleID, title: purpose.title, creatorID: creatorID, communityID: communityID,
                                             to: item.label))]
    }
}
