import GreenroomCore

/// The campaigns screen on the registry: its keys, `Esc`, reload, status line and drawing.
/// Its messages and commands stay root cases (`Msg.campaigns`, `Command.campaigns`): enrolling
/// from the roster and the Review's running campaigns use them while the screen is closed.
extension CampaignsScreen: OpenableScreen {
    typealias Message = Never
    typealias Effect = Never

    var screen: Screen { .campaigns(self) }
    static func from(_ screen: Screen) -> CampaignsScreen? {
        if case .campaigns(let s) = screen { return s }
        return nil
    }

    static var openAction: Action { .campaigns }
    static let paletteWords = ["campaigns", "campaign"]
    static let paletteTitle = "Open campaigns"

    static func opened(returnFocus: Pane, _ env: ScreenEnv) -> (CampaignsScreen, [Command]) {
        (CampaignsScreen(returnFocus: returnFocus), [.campaigns(.load)])
    }

    mutating func update(_ msg: Never, _ env: ScreenEnv) -> [Command] {}

    var keyContexts: [Action.Context] { open == nil ? [] : [.campaigns] }
    var mode: String? { " CAMPAIGNS " }

    /// Rows of creators an open campaign shows.
    static func rowsHeight(bodyRows: Int) -> Int { max(1, bodyRows - 2 - detailHeaderLines - 1) }

    /// An open campaign's detail, the window of creators around its cursor, and its series.
    static func load(_ open: CampaignDetailState, rowsHeight h: Int) -> [Command] {
        [.campaigns(.loadDetail(id: open.id)),
         .campaigns(.loadPage(id: open.id, listing: open.listing, offset: max(0, open.list.top - h), limit: h * 3)),
         .campaigns(.loadDaily(id: open.id))]
    }

    /// The next page of the open campaign, when scrolling left the loaded window.
    func pageNeeded(rowsHeight: Int) -> [Command] {
        guard let open, let load = open.list.neededLoad(height: rowsHeight) else { return [] }
        return [.campaigns(.loadPage(id: open.id, listing: open.listing, offset: load.offset, limit: load.limit))]
    }

    mutating func perform(_ action: Action, _ env: inout ScreenEnv) -> [Command]? {
        let h = CampaignsScreen.rowsHeight(bodyRows: env.bodyRows)
        // `C` again: the list again, where it was.
        if action == .campaigns { return [.campaigns(.load)] }
        if ListCursor.movements.contains(action) {
            if var open {
                open.list.moveCursor(to: Model.target(of: action, cursor: open.list.cursor, total: open.list.total, height: h), height: h)
                self.open = open
                return pageNeeded(rowsHeight: h)
            }
            let total = summaries?.count ?? 0
            cursor = total == 0 ? 0 : max(0, min(total - 1, Model.target(of: action, cursor: cursor, total: total, height: env.bodyRows - 3)))
            return []
        }
        switch action {
        case .open:
            // On the list, open the campaign; on a campaign's creator, the creator.
            if let open {
                if let row = open.list.selected { env.ask(.creator(id: row.creatorID)) }
                return []
            }
            guard let rows = summaries, rows.indices.contains(cursor) else { return [] }
            let opened = CampaignDetailState(id: rows[cursor].campaign.id)
            open = opened
            return CampaignsScreen.load(opened, rowsHeight: h)
        case .campaignAtRisk, .campaignPlan, .campaignTarget, .campaignUnenrol:
            return act(action, &env, rowsHeight: h)
        default:
            return nil
        }
    }

    /// `a`, `p`, `e`, `d` on an open campaign.
    private mutating func act(_ action: Action, _ env: inout ScreenEnv, rowsHeight h: Int) -> [Command] {
        guard var open else { return [] }
        let name = open.detail.map { TerminalText.sanitize($0.summary.campaign.name) } ?? "this campaign"
        switch action {
        case .campaignAtRisk:
            open.listing = open.listing == .all ? .atRisk : .all
            open.list = ListWindow()
            self.open = open
            env.ask(.toast(open.listing == .atRisk ? "Only creators at risk" : "Every enrolled creator", .info))
            return [.campaigns(.loadPage(id: open.id, listing: open.listing, offset: 0, limit: h * 3))]
        case .campaignPlan:
            env.ask(.overlay(.picker(PickerState(title: "Split the goal of \(name)", purpose: CampaignSplitPick(campaignID: open.id), items: [
                PickerItem("even", detail: "the same target for everyone", value: CampaignSplit.even.rawValue),
                PickerItem("baseline", detail: "in proportion to each creator's last 30 days", value: CampaignSplit.baseline.rawValue),
            ]))))
        case .campaignTarget:
            guard let row = open.list.selected else { return [] }
            let unit = open.detail?.summary.campaign.metric.unit ?? ""
            var prompt = PromptState(title: "Target for \(row.handle) (\(unit))",
                                     purpose: CampaignTargetPrompt(campaignID: open.id, creatorID: row.creatorID, handle: row.handle))
            prompt.input = TextField(String(row.target))
            env.ask(.overlay(.prompt(prompt)))
        case .campaignUnenrol:
            guard let row = open.list.selected else { return [] }
            env.ask(.overlay(.confirm(ConfirmState(message: "Unenrol \(row.handle) from \(name)?",
                                                   action: .unenrol(campaignID: open.id, creatorIDs: [row.creatorID], label: row.handle)))))
        default:
            break
        }
        return []
    }

    /// `Esc`: from a campaign to the list (or the screen it was opened from), from the list to the panes.
    mutating func back(_ env: inout ScreenEnv) -> BackStep {
        if let back = returnTo {
            if case .review = back { return .leaveTo(back, [.campaigns(.load)]) } // progress moves on while away
            return .leaveTo(back, [])
        }
        if open != nil {
            open = nil
            return .stay([.campaigns(.load)])
        }
        return .leave
    }

    func reload(_ env: ScreenEnv) -> [Command] {
        open.map { CampaignsScreen.load($0, rowsHeight: CampaignsScreen.rowsHeight(bodyRows: env.bodyRows)) } ?? [.campaigns(.load)]
    }

    func draw(_ canvas: inout Canvas, _ ctx: ViewContext, _ rect: Rect) { CampaignsView.draw(&canvas, ctx, self, rect) }

    func hints(_ ctx: ViewContext) -> String {
        func k(_ a: Action) -> String { ctx.key(a, or: "—") }
        if open == nil {
            return ["\(k(.down))/\(k(.up)) move", "\(k(.open)) open", ":enrol NAME enrols the roster's selection", "Esc back"].joined(separator: ctx.dot)
        }
        return ["\(k(.open)) creator", "\(k(.campaignAtRisk)) at risk", "\(k(.campaignTarget)) target", "\(k(.campaignUnenrol)) unenrol",
                "\(k(.campaignPlan)) split goal", "Esc back"].joined(separator: ctx.dot)
    }
}

extension PaletteCommand {
    /// `:campaigns`.
    public static let campaigns = PaletteCommand.screen(.campaigns)
}

extension Model {
    mutating func openCampaigns() -> [Command] { perform(&self, .campaigns) }
}
