import GreenroomCore

/// Which articles the knowledge base lists: every one, the creator-facing resources, one
/// kind, or the replies (`Tab` / `Shift-Tab` step through them).
public enum KBKindFilter: String, CaseIterable, Hashable, Sendable {
    case all = "All", resources = "Resources", guides = "Guides", toolkits = "Toolkits", links = "Links", replies = "Replies"

    public func admits(_ article: Article) -> Bool {
        switch self {
        case .all: return true
        case .resources: return article.kind.isResource
        case .guides: return article.kind == .guide
        case .toolkits: return article.kind == .toolkit
        case .links: return article.kind == .link
        case .replies: return article.kind == .reply
        }
    }

    /// The kind a new article written under this filter starts as.
    var newKind: ArticleKind {
        switch self {
        case .guides, .resources: return .guide
        case .toolkits: return .toolkit
        case .links: return .link
        case .all, .replies: return .reply
        }
    }
}

/// `:kb`: the knowledge base. Type to narrow (fuzzy over titles, kinds, URLs and bodies),
/// `Tab` shows only resources or one kind, `↑`/`↓` choose, the right side shows the article
/// (its kind and URL first); `Enter` edits it, `Ctrl-n` writes a new one, `Ctrl-t` sends a
/// resource, `Esc` closes.
public struct KBState: Hashable, Sendable {
    public var articles: [Article] = []
    public var loaded = false
    public var input = TextField()
    public var selected = 0
    public var kindFilter = KBKindFilter.all

    public init() {}

    public var matches: [Article] {
        let shown = kindFilter == .all ? articles : articles.filter(kindFilter.admits)
        return FuzzyMatch.rank(input.text, shown) { "\($0.title) \($0.kindLabel) \($0.url ?? "") \($0.body.prefix(400))" }.map(\.item)
    }

    /// How many articles each filter shows (before the search).
    public func count(_ filter: KBKindFilter) -> Int { articles.count(where: filter.admits) }

    public var choice: Article? {
        let m = matches
        return m.isEmpty ? nil : m[min(selected, m.count - 1)]
    }
}

/// An article as the form edits it (the runner turns it into the store's draft).
public struct ArticleEdit: Hashable, Sendable {
    public var id: String?
    public var title: String
    public var body: String
    public var isMacro: Bool
    public var status: TicketStatus?
    public var priority: TicketPriority?
    public var tags: [String]
    public var kind: ArticleKind
    public var url: String?

    public init(id: String?, title: String, body: String, isMacro: Bool, status: TicketStatus?, priority: TicketPriority?, tags: [String],
                kind: ArticleKind = .reply, url: String? = nil) {
        self.id = id; self.title = title; self.body = body; self.isMacro = isMacro; self.status = status; self.priority = priority; self.tags = tags
        self.kind = kind; self.url = url
    }
}

/// The article form: title, kind (reply, or a resource: guide, toolkit, link) and URL, the
/// macro switch with the status, priority and tags it sets (replies only), body.
public struct ArticleFormState: Hashable, Sendable {
    public enum Field: String, CaseIterable, Sendable {
        case title = "Title", kind = "Kind", url = "URL", macro = "Macro", status = "Sets status", priority = "Sets prio", tags = "Adds tags", body = "Body"

        var label: String { rawValue }
    }

    public var id: String?
    public var title: TextField
    public var kind: ArticleKind
    public var url: TextField
    public var isMacro: Bool
    public var status: TicketStatus?
    public var priority: TicketPriority?
    public var tags: TextField
    public var body: TextArea
    public var focus: Field = .title
    public var error: String?
    public var saving = false
    var original: ArticleEdit

    public init(_ article: Article?, kind newKind: ArticleKind = .reply) {
        id = article?.id
        title = TextField(article?.title ?? "")
        kind = article?.kind ?? newKind
        url = TextField(article?.url ?? "")
        isMacro = article?.isMacro ?? false
        status = article?.macroStatus
        priority = article?.macroPriority
        tags = TextField((article?.macroTags ?? []).joined(separator: " "))
        body = TextArea(article?.body ?? "")
        original = ArticleEdit(id: article?.id, title: article?.title ?? "", body: article?.body ?? "", isMacro: article?.isMacro ?? false,
                               status: article?.macroStatus, priority: article?.macroPriority, tags: article?.macroTags ?? [],
                               kind: kind, url: article?.url)
    }

    /// A macro is a reply: the switch counts only while the kind is.
    var macro: Bool { isMacro && kind == .reply }

    public var edit: ArticleEdit {
        let link = url.text.trimmingCharacters(in: .whitespaces)
        return ArticleEdit(id: id, title: title.text.trimmingCharacters(in: .whitespaces), body: body.text, isMacro: macro,
                           status: macro ? status : nil, priority: macro ? priority : nil,
                           tags: macro ? tags.text.split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init) : [],
                           kind: kind, url: link.isEmpty ? nil : link)
    }

    public var isDirty: Bool { edit != original }

    mutating func handle(_ input: FormInput) -> FormResult {
        let key = input.key
        switch key {
        case _ where input.action == .formSave:
            let e = edit
            if e.title.isEmpty { error = "an article needs a title"; focus = .title; return ([], false, false) }
            if let link = e.url, let problem = ResourceURL.problem(link) { error = problem; focus = .url; return ([], false, false) }
            if e.kind == .link && e.url == nil { error = "a link needs a URL (http:// or https://)"; focus = .url; return ([], false, false) }
            if e.kind != .link && e.body.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                error = "an article needs a body"; focus = .body; return ([], false, false)
            }
            let unknown = Macro.unknownPlaceholders(in: e.body)
            if !unknown.isEmpty && error == nil {
                // Said once; a second Ctrl-s saves anyway.
                error = "unknown placeholder\(unknown.count == 1 ? "" : "s") \(unknown.joined(separator: ", ")) (known: \(Macro.placeholders.joined(separator: ", "))) · Ctrl-s again saves"
                return ([], false, false)
            }
            saving = true
            return ([.knowledgeBase(.save(e))], false, false)
        case _ where input.fieldStep(multiline: focus == .body) != nil:
            moveFocus(by: input.fieldStep(multiline: focus == .body) ?? 0)
        case .char(" ") where focus == .kind, .right where focus == .kind, .left where focus == .kind:
            kind = FormChoice.cycle(kind, by: key == .left ? -1 : 1)
            error = nil
        case .char(" ") where focus == .macro, .right where focus == .macro, .left where focus == .macro:
            isMacro.toggle()
        case .char(" ") where focus == .status, .right where focus == .status, .left where focus == .status:
            status = FormChoice.cycle(status, by: key == .left ? -1 : 1)
        case .char(" ") where focus == .priority, .right where focus == .priority, .left where focus == .priority:
            priority = FormChoice.cycle(priority, by: key == .left ? -1 : 1)
        default:
            let changed: Bool
            switch focus {
            case .title: changed = title.handle(key)
            case .url: changed = url.handle(key)
            case .tags: changed = tags.handle(key)
            case .body: changed = body.handle(key)
            default: changed = false
            }
            if changed { error = nil }
        }
        return ([], false, false)
    }

    mutating func moveFocus(by step: Int) {
        let all = visibleFields
        focus = all[((all.firstIndex(of: focus) ?? 0) + step + all.count) % all.count]
    }

    /// The macro switch is a reply's; what a macro sets shows while it is one.
    var visibleFields: [Field] {
        guard kind == .reply else { return [.title, .kind, .url, .body] }
        return isMacro ? Field.allCases : [.title, .kind, .url, .macro, .body]
    }

    /// A paste goes into the focused field; one-line fields take it as one line.
    mutating func paste(_ text: String) {
        if focus == .body { body.insert(text); return }
        let line = text.replacingOccurrences(of: "\n", with: " ")
        switch focus {
        case .title: title.insert(line)
        case .url: url.insert(line.trimmingCharacters(in: .whitespaces))
        case .tags: tags.insert(line)
        default: break
        }
    }
}

extension Model {
    mutating func openKB() -> [Command] {
        overlay = .kb(KBState())
        return [.knowledgeBase(.load(macrosOnly: false))]
    }

    mutating func articlesLoaded(_ articles: [Article], macrosOnly: Bool) -> [Command] {
        if case .kb(var kb)? = overlay, !macrosOnly {
            kb.articles = articles
            kb.loaded = true
            kb.selected = min(kb.selected, max(0, kb.matches.count - 1))
            overlay = .kb(kb)
        }
        return []
    }

    /// `m`: the macro picker for the tickets in play.
    mutating func pickMacro(_ targets: (ids: [String], label: String)) -> [Command] {
        overlay = .picker(PickerState(title: "Macro for \(targets.label)", purpose: MacroPick(ids: targets.ids, label: targets.label), items: []))
        return [.knowledgeBase(.load(macrosOnly: true))]
    }

    mutating func macrosLoaded(_ articles: [Article]) {
        guard case .picker(var p)? = overlay, p.purpose is MacroPick else { return }
        p.items = articles.map { PickerItem($0.title, detail: Macro.describe(MacroEffect($0)), value: $0.id) }
        if p.items.isEmpty { showToast("No macros yet: :kb, Ctrl-n, and switch Macro on", kind: .error) }
        overlay = .picker(p)
    }

    mutating func macroPicked(_ item: PickerItem, ids: [String], label: String) -> [Command] {
        if ids.count == 1 { return [.knowledgeBase(.prepareMacro(ticketID: ids[0], articleID: item.value))] }
        overlay = .confirm(ConfirmState(message: "Apply macro \"\(item.label)\" to \(label)? (\(item.detail), and its reply)",
                                        action: .applyMacro(ids: ids, articleID: item.value, label: label)))
        return []
    }
}

func handleKBKey(_ model: inout Model, _ key: Key, _ state: KBState) -> [Command] {
    var kb = state
    let action = model.keyMap.action(for: key, in: .kb) ?? model.keyMap.action(for: key, in: .form)
    switch action {
    case .formCancel?:
        model.overlay = nil
        return []
    case .kbEdit?:
        guard let article = kb.choice else { return [] }
        model.overlay = .articleForm(ArticleFormState(article), back: kb)
        return []
    case .formNew?:
        model.overlay = .articleForm(ArticleFormState(nil, kind: kb.kindFilter.newKind), back: kb)
        return []
    case .kbKindNext?, .kbKindPrevious?:
        kb.kindFilter = FormChoice.cycle(kb.kindFilter, by: action == .kbKindNext ? 1 : -1)
        kb.selected = 0
    case .kbNext?:
        kb.selected = min(kb.selected + 1, max(0, kb.matches.count - 1))
    case .kbPrevious?:
        kb.selected = max(0, kb.selected - 1)
    case .kbSend?:
        return model.pickSendTarget(kb)
    default:
        if kb.input.handle(key) { kb.selected = 0 }
    }
    model.overlay = .kb(kb)
    return []
}

/// What happens to the knowledge base (and macros, which are its articles).
public enum KnowledgeBaseMsg: Sendable {
    case loaded([Article], macrosOnly: Bool)
    case saved(String)
    /// A macro rendered for one ticket: the reply editor opens with it.
    case macroPrepared(ReplyFormState)
    /// `m`: the macro picked for the tickets in play.
    case macroPicked(PickerItem, MacroPick)
    /// `Ctrl-t`: the communities a resource can go to, and the one picked.
    case sendTargetsLoaded([CommunitySummary])
    case sendPicked(PickerItem, ResourceSendPick)
}

/// `m`: the macro for these tickets.
public struct MacroPick: PickerPurpose {
    public var ids: [String]
    public var label: String

    public func picked(_ item: PickerItem) -> Msg { .knowledgeBase(.macroPicked(item, self)) }
}

/// What the knowledge base asks the runtime for.
public enum KnowledgeBaseCommand: Hashable, Sendable {
    case load(macrosOnly: Bool)
    case save(ArticleEdit)
    case prepareMacro(ticketID: String, articleID: String)
    /// A macro on many tickets: each gets its rendered reply and the macro's changes.
    case applyMacro(ids: [String], articleID: String, label: String)
    /// The communities a resource can be sent to.
    case loadSendTargets
    /// Sends an article to a creator or a community (logged, in the activity logs, synced).
    case sendResource(articleID: String, title: String, creatorID: String?, communityID: String?, to: String)
}

extension Model {
    /// A knowledge base message.
    mutating func knowledgeBase(_ msg: KnowledgeBaseMsg) -> [Command] {
        switch msg {
        case .loaded(let articles, let macrosOnly):
            if macrosOnly { macrosLoaded(articles); return [] }
            return articlesLoaded(articles, macrosOnly: false)
        case .saved(let title):
            if case .articleForm(let f, let back)? = overlay, f.saving {
                overlay = .kb(back ?? KBState())
            }
            showToast("Saved \"\(title)\"", kind: .info)
            return [.knowledgeBase(.load(macrosOnly: false))]
        case .macroPrepared(let form):
            overlay = .replyForm(form)
            noteDraft(form)
            return []
        case .macroPicked(let item, let purpose):
            return macroPicked(item, ids: purpose.ids, label: purpose.label)
        case .sendTargetsLoaded(let communities):
            sendTargetsLoaded(communities)
            return []
        case .sendPicked(let item, let purpose):
            return sendPicked(item, purpose)
        }
    }
}
