import GreenroomCore

extension Action {
    public static let communities = Action("app.communities", .global, "Communities: members, joins and leaves, against non-members (:communities)", keys: [])
}

/// Opening communities (its lists take the movement keys and `Enter` only).
extension CommunitiesScreen {
    static let contexts: [Action.Context] = []
    static let actions: [Action] = [.communities]
}

/// One open community: its members and the measured comparison with non-members.
public struct CommunityState: Hashable, Sendable {
    public var id: String
    public var community: Community
    public var members: [CommunityMemberRow]?
    public var effect: EffectLoad = .loading
    public var cursor = 0

    public init(community: Community) { id = community.id; self.community = community }
}

/// Communities (`:communities`): every group with its channel, market, current members,
/// moderators and those who left. `Enter` opens one: its members (current first) with role
/// and join and leave dates, and above them the members' LIVE against matched non-members
/// (`MatchedEffect`: live hours, active days and retention, after vs before the median join,
/// with the sample sizes and the method in one line). `Enter` on a member opens the creator.
/// `d` removes the community under the cursor, or the one open (`RecordRemovalKeys`).
public struct CommunitiesScreen: Hashable, Sendable {
    public var summaries: [CommunitySummary]?
    public var cursor = 0
    public var open: CommunityState?
    public var returnFocus: Pane

    public init(returnFocus: Pane) { self.returnFocus = returnFocus }

    /// Lines of an open community above its member table (inside the frame).
    static let headerLines = 4
}

public enum CommunitiesMsg: Sendable {
    case loaded([CommunitySummary])
    case membersLoaded(id: String, [CommunityMemberRow])
    case effectLoaded(id: String, MatchedEffect.Result?)
}

public enum CommunitiesCommand: Hashable, Sendable {
    case load
    case loadMembers(id: String)
    /// Members against matched non-members: a scan of every creator, off the loop.
    case loadEffect(id: String)
}

extension Msg {
    public static func communities(_ msg: CommunitiesMsg) -> Msg { CommunitiesScreen.message(msg) }
}

extension Command {
    public static func communities(_ command: CommunitiesCommand) -> Command { CommunitiesScreen.command(command) }
}

extension CommunitiesScreen: OpenableScreen {
    typealias Effect = CommunitiesCommand

    var screen: Screen { .communities(self) }
    static func from(_ screen: Screen) -> CommunitiesScreen? {
        if case .communities(let s) = screen { return s }
        return nil
    }

    static var openAction: Action { .communities }
    static let paletteWords = ["communities", "community", "groups"]
    static let paletteTitle = "Open communities"

    static func opened(returnFocus: Pane, _ env: ScreenEnv) -> (CommunitiesScreen, [Command]) {
        (CommunitiesScreen(returnFocus: returnFocus), [.communities(.load)])
    }

    mutating func update(_ msg: CommunitiesMsg, _ env: ScreenEnv) -> [Command] {
        switch msg {
        case .loaded(let rows):
            summaries = rows
            cursor = rows.isEmpty ? 0 : min(cursor, rows.count - 1)
            if let id = open?.id, !rows.contains(where: { $0.community.id == id }) { open = nil }
        case .membersLoaded(let id, let rows):
            guard var open, open.id == id else { return [] }
            open.members = rows
            open.cursor = rows.isEmpty ? 0 : min(open.cursor, rows.count - 1)
            self.open = open
        case .effectLoaded(let id, let result):
            guard var open, open.id == id else { return [] }
            open.effect = result.map(EffectLoad.result) ?? .none
            self.open = open
        }
        return []
    }

    var keyContexts: [Action.Context] { [.records] }
    var mode: String? { " COMMUNITIES " }

    mutating func perform(_ action: Action, _ env: inout ScreenEnv) -> [Command]? {
        if action == .communities { return open == nil ? [.communities(.load)] : [] }
        guard var open else {
            if ListCursor.movements.contains(action) {
                cursor = ListCursor.move(cursor, action, total: summaries?.count ?? 0, height: env.bodyRows - 3)
                return []
            }
            guard action == .open || action == .removeRecord, let rows = summaries, rows.indices.contains(cursor) else {
                return action == .removeRecord ? [] : nil
            }
            let c = rows[cursor].community
            if action == .removeRecord { return [.removal(.plan(.community(id: c.id)))] }
            self.open = CommunityState(community: c)
            return [.communities(.loadMembers(id: c.id)), .communities(.loadEffect(id: c.id))]
        }
        if ListCursor.movements.contains(action) {
            open.cursor = ListCursor.move(open.cursor, action, total: open.members?.count ?? 0, height: env.bodyRows - 3 - CommunitiesScreen.headerLines)
            self.open = open
            return []
        }
        if action == .removeRecord { return [.removal(.plan(.community(id: open.id)))] }
        guard action == .open else { return nil }
        if let members = open.members, members.indices.contains(open.cursor), !members[open.cursor].creatorID.isEmpty {
            env.ask(.creator(id: members[open.cursor].creatorID))
        }
        return []
    }

    /// `Esc`: from a community to the list, from the list to the panes.
    mutating func back(_ env: inout ScreenEnv) -> BackStep {
        guard open != nil else { return .leave }
        open = nil
        return .stay([.communities(.load)])
    }

    /// The list too while a community is open: it says whether the community is still there.
    func reload(_ env: ScreenEnv) -> [Command] {
        [.communities(.load)] + (open.map { [.communities(.loadMembers(id: $0.id))] } ?? [])
    }

    func draw(_ canvas: inout Canvas, _ ctx: ViewContext, _ rect: Rect) { CommunitiesView.draw(&canvas, ctx, self, rect) }

    func hints(_ ctx: ViewContext) -> String {
        func k(_ a: Action) -> String { ctx.key(a, or: "—") }
        if open == nil { return ["\(k(.down))/\(k(.up)) move", "\(k(.open)) members", "\(k(.removeRecord)) remove", "Esc back"].joined(separator: ctx.dot) }
        return ["\(k(.down))/\(k(.up)) move", "\(k(.open)) creator", "\(k(.removeRecord)) remove community", "Esc back"].joined(separator: ctx.dot)
    }
}

/// The community list, and one community's members under its comparison with non-members.
enum CommunitiesView {
    static func draw(_ canvas: inout Canvas, _ ctx: ViewContext, _ s: CommunitiesScreen, _ rect: Rect) {
        let dot = ctx.dot
        if let open = s.open {
            drawCommunity(&canvas, ctx, open, rect)
            return
        }
        var title = "Communities"
        if let rows = s.summaries { title += dot + "\(rows.count)" }
        let inner = ScreenList.frame(&canvas, ctx, rect, title: title)
        guard let rows = ScreenList.rows(&canvas, ctx, s.summaries,
                                         empty: "No communities yet: greenroom community create --name NAME --channel discord --market US", in: inner) else { return }
        let columns = [ColumnSpec("community", min: 14, preferred: 28, priority: 0), ColumnSpec("channel", min: 8, preferred: 8, priority: 1),
                       ColumnSpec("mkt", min: 3, preferred: 3, priority: 2),
                       ColumnSpec("members", min: 7, preferred: 7, priority: 0, alignRight: true),
                       ColumnSpec("mods", min: 4, preferred: 4, priority: 2, alignRight: true),
                       ColumnSpec("left", min: 4, preferred: 4, priority: 1, alignRight: true),
                       ColumnSpec("link", min: 6, preferred: 24, priority: 4)]
        var lines = [ScreenList.Line(cells: columns.map { ($0.title, .listHeader) }, item: nil)]
        for (i, r) in rows.enumerated() {
            let c = r.community
            lines.append(ScreenList.Line(cells: [
                (TerminalText.sanitize(c.name), .text), (channelName(c.channel), .textMuted), (c.market, .textMuted),
                (NumberFormat.grouped(r.members), .text), ("\(r.moderators)", .textMuted), (NumberFormat.grouped(r.left), .textMuted),
                (c.link.map { TerminalText.sanitize($0) } ?? "—", .textMuted),
            ], item: i))
        }
        ScreenList.draw(&canvas, ctx, lines, specs: [[], columns], cursor: s.cursor, in: inner)
    }

    static func drawCommunity(_ canvas: inout Canvas, _ ctx: ViewContext, _ open: CommunityState, _ rect: Rect) {
        let dot = ctx.dot
        let c = open.community
        let people = open.members ?? []
        let current = people.filter { $0.leftAt == nil }.count
        let inner = ScreenList.frame(&canvas, ctx, rect, title: TerminalText.sanitize(c.name) + dot + channelName(c.channel) + dot + c.market
                                     + dot + "\(NumberFormat.grouped(current)) member\(current == 1 ? "" : "s")")
        let x = inner.x + 1, w = inner.width - 2
        var y = inner.y
        for (text, role) in ProgramsView.effectLines(open.effect, who: "members", others: "non-members") {
            canvas.put(text, x: x, y: y, style: ctx.theme[role], maxWidth: w)
            y += 1
        }
        y += 1
        let body = Rect(x: inner.x, y: y, width: inner.width, height: max(0, inner.maxY - y))
        guard let rows = ScreenList.rows(&canvas, ctx, open.members,
                                         empty: "No members yet: greenroom community join NAME @handle… (or --filter)", in: body) else { return }
        let columns = [ColumnSpec("member", min: 14, preferred: 24, priority: 0), ColumnSpec("role", min: 9, preferred: 9, priority: 1),
                       ColumnSpec("joined", min: 10, preferred: 10, priority: 0), ColumnSpec("left", min: 10, preferred: 10, priority: 0),
                       ColumnSpec("stayed", min: 6, preferred: 7, priority: 2, alignRight: true)]
        var lines = [ScreenList.Line(cells: columns.map { ($0.title, .listHeader) }, item: nil)]
        let zone = ctx.settings.zone
        for (i, m) in rows.enumerated() {
            let days = max(0, ((m.leftAt ?? ctx.now) - m.joinedAt) / Time.day)
            lines.append(ScreenList.Line(cells: [
                (TerminalText.sanitize(m.handle), m.leftAt == nil ? .text : .textMuted), (m.role.rawValue, m.role == .moderator ? .textAccent : .textMuted),
                (DateInput.format(m.joinedAt, zone: zone), .text), (m.leftAt.map { DateInput.format($0, zone: zone) } ?? "—", .textMuted),
                ("\(days)d", .textMuted),
            ], item: i))
        }
        ScreenList.draw(&canvas, ctx, lines, specs: [[], columns], cursor: open.cursor, in: body)
    }

    static func channelName(_ c: CommunityChannel) -> String { c == .inApp ? "in-app" : c.rawValue }
}
