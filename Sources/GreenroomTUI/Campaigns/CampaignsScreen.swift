import GreenroomCore

/// One open campaign: its detail and a window of its ranked creators (paged from the store;
/// a campaign of 20,000 creators never loads them all).
public struct CampaignDetailState: Hashable, Sendable {
    public var id: String
    public var detail: CampaignDetail?
    public var listing: CampaignListing = .all
    public var list = ListWindow<CampaignStanding>()

    public init(id: String) { self.id = id }
}

/// Campaigns (`C`, `:campaigns`): the list with status, days left and progress against the
/// goal and today's pace; `Enter` opens one — creators ranked by progress with their tier
/// and the next tier's distance, the daily sparkline, who is at risk. `Enter` on a creator
/// opens their detail and `Esc` comes back.
public struct CampaignsScreen: Hashable, Sendable {
    public var summaries: [CampaignSummary]?
    public var cursor = 0
    public var open: CampaignDetailState?
    public var returnFocus: Pane
    /// The screen a campaign was opened from (the Review), which `Esc` goes back to.
    public var returnTo: Screen?

    public init(returnFocus: Pane) { self.returnFocus = returnFocus }

    /// Lines above the creators' table in a campaign's detail (inside the frame).
    static let detailHeaderLines = 6
}

extension Model {
    /// Rows of creators the open campaign shows.
    var campaignRowsHeight: Int { CampaignsScreen.rowsHeight(bodyRows: layout.body.height) }

    mutating func campaignsLoaded(_ rows: [CampaignSummary]) -> [Command] {
        if case .review(var r) = screen {
            r.campaigns = rows.filter { $0.campaign.status == .running }
            r.campaignsLoaded = true
            r.cursor = min(r.cursor, max(0, r.items.count - 1))
            screen = .review(r)
            return []
        }
        guard case .campaigns(var s) = screen else { return [] }
        s.summaries = rows
        s.cursor = rows.isEmpty ? 0 : min(s.cursor, rows.count - 1)
        screen = .campaigns(s)
        return []
    }

    /// A campaign opened from another screen (the Review's running campaigns); `Esc` goes back.
    mutating func openCampaignReturningHere(_ id: String) -> [Command] {
        var s = CampaignsScreen(returnFocus: returnFocusForScreens)
        s.returnTo = screen
        s.open = CampaignDetailState(id: id)
        screen = .campaigns(s)
        return loadOpenCampaign(s.open!)
    }

    func loadOpenCampaign(_ open: CampaignDetailState) -> [Command] { CampaignsScreen.load(open, rowsHeight: campaignRowsHeight) }

    mutating func campaignDetailLoaded(id: String, _ detail: CampaignDetail?) -> [Command] {
        guard case .campaigns(var s) = screen, var open = s.open, open.id == id else { return [] }
        guard var detail else {
            s.open = nil
            screen = .campaigns(s)
            showToast("That campaign no longer exists", kind: .error)
            return [.campaigns(.load)]
        }
        // The series arrives on its own; keep the one shown until then.
        if detail.daily == nil { detail.daily = open.detail?.daily }
        open.detail = detail
        s.open = open
        screen = .campaigns(s)
        return []
    }

    mutating func campaignDailyLoaded(id: String, _ daily: [Double]) -> [Command] {
        guard case .campaigns(var s) = screen, var open = s.open, open.id == id, open.detail != nil else { return [] }
        open.detail?.daily = daily
        s.open = open
        screen = .campaigns(s)
        return []
    }

    mutating func campaignPageLoaded(id: String, listing: CampaignListing, _ page: CampaignPage) -> [Command] {
        guard case .campaigns(var s) = screen, var open = s.open, open.id == id, open.listing == listing else { return [] }
        open.list.apply(total: page.total, offset: page.offset, rows: page.rows, height: campaignRowsHeight)
        s.open = open
        screen = .campaigns(s)
        return campaignPageNeeded()
    }

    /// The next page of the open campaign, when scrolling left the loaded window.
    func campaignPageNeeded() -> [Command] {
        guard case .campaigns(let s) = screen else { return [] }
        return s.pageNeeded(rowsHeight: campaignRowsHeight)
    }

    /// A typed target for one creator.
    mutating func campaignTargetTyped(_ text: String, campaignID: String, creatorID: String, handle: String) -> [Command] {
        guard let n = Int(text), n >= 0, n <= 1_000_000_000 else {
            var prompt = PromptState(title: "Target for \(handle)", purpose: CampaignTargetPrompt(campaignID: campaignID, creatorID: creatorID, handle: handle))
            prompt.input = TextField(text)
            prompt.error = "a target is a whole number from 0 (got \"\(TerminalText.sanitize(text))\")"
            overlay = .prompt(prompt)
            return []
        }
        return [.campaigns(.setTarget(campaignID: campaignID, creatorID: creatorID, target: n))]
    }

    /// The plan came back: ask before writing it, showing the gap it closes.
    mutating func campaignPlanLoaded(id: String, _ plan: CampaignPlan) -> [Command] {
        let targets = plan.rows.map(\.proposed)
        let each = targets.isEmpty ? "" : targets.min() == targets.max() ? ", \(targets[0]) each" : ", \(targets.min()!)–\(targets.max()!) each"
        func signed(_ n: Int) -> String { n > 0 ? "+\(n)" : n < 0 ? "−\(-n)" : "0" }
        overlay = .confirm(ConfirmState(
            message: "\(plan.split == .even ? "Even" : "Baseline") split: \(NumberFormat.grouped(plan.goal)) over \(plan.rows.count)\(each); gap \(signed(plan.currentGap)) → \(signed(plan.proposedGap)). Apply?",
            action: .applyCampaignPlan(campaignID: id, split: plan.split)))
        return []
    }

    /// `:enrol NAME`: the roster's selection, else the creator under the cursor.
    mutating func enrolSelection(in campaign: String) -> [Command] {
        overlay = nil
        var ids = roster.selection.sorted()
        if ids.isEmpty, let id = currentCreatorID { ids = [id] }
        guard !ids.isEmpty else {
            showToast("Select creators in the roster first (x), then :enrol NAME", kind: .error)
            return []
        }
        guard !campaign.trimmingCharacters(in: .whitespaces).isEmpty else {
            showToast("Say which campaign: :enrol NAME", kind: .error)
            return []
        }
        return [.campaigns(.enrol(campaign: campaign, creatorIDs: ids))]
    }

    /// Creators were enrolled: the selection is spent.
    mutating func enrolled(_ summary: String) -> [Command] {
        roster.selection.removeAll()
        showToast(summary, kind: .info)
        return reloadCommands(for: screen)
    }
}

/// What happens to the campaigns screen.
public enum CampaignsMsg: Sendable {
    case loaded([CampaignSummary])
    case detailLoaded(id: String, CampaignDetail?)
    case pageLoaded(id: String, listing: CampaignListing, CampaignPage)
    case dailyLoaded(id: String, [Double])
    case planLoaded(id: String, CampaignPlan)
    /// Creators were enrolled (the one-line summary).
    case enrolled(String)
    /// A campaign was changed from its screen (the one-line summary): reload what shows it.
    case changed(String)
    /// A typed target for one creator; a split picked for the goal.
    case targetTyped(String, CampaignTargetPrompt)
    case split(campaignID: String, CampaignSplit)
}

/// `p` on a campaign: even or baseline.
public struct CampaignSplitPick: PickerPurpose {
    public var campaignID: String

    public func picked(_ item: PickerItem) -> Msg {
        .campaigns(.split(campaignID: campaignID, CampaignSplit(rawValue: item.value) ?? .even))
    }
}

/// `e` on a campaign's creator: their target.
public struct CampaignTargetPrompt: PromptPurpose {
    public var campaignID: String
    public var creatorID: String
    public var handle: String

    public func answered(_ text: String) -> Msg { .campaigns(.targetTyped(text, self)) }
}

/// What the campaigns screen asks the runtime for.
public enum CampaignsCommand: Hashable, Sendable {
    case load
    case loadDetail(id: String)
    case loadPage(id: String, listing: CampaignListing, offset: Int, limit: Int)
    /// The open campaign's daily series (off the loop: a grouped join over the window).
    case loadDaily(id: String)
    case loadPlan(id: String, split: CampaignSplit)
    case applyPlan(id: String, split: CampaignSplit)
    /// Enrol creators in the campaign a name (or the start of it) names.
    case enrol(campaign: String, creatorIDs: [String])
    case unenrol(campaignID: String, creatorIDs: [String])
    case setTarget(campaignID: String, creatorID: String, target: Int)
}

extension Model {
    /// A campaigns message.
    mutating func campaigns(_ msg: CampaignsMsg) -> [Command] {
        switch msg {
        case .loaded(let rows): return campaignsLoaded(rows)
        case .detailLoaded(let id, let detail): return campaignDetailLoaded(id: id, detail)
        case .pageLoaded(let id, let listing, let page): return campaignPageLoaded(id: id, listing: listing, page)
        case .dailyLoaded(let id, let daily): return campaignDailyLoaded(id: id, daily)
        case .planLoaded(let id, let plan): return campaignPlanLoaded(id: id, plan)
        case .enrolled(let summary): return enrolled(summary)
        case .changed(let summary):
            showToast(summary, kind: .info)
            return reloadCommands(for: screen)
        case .split(let id, let split):
            return [.campaigns(.loadPlan(id: id, split: split))]
        case .targetTyped(let text, let p):
            return campaignTargetTyped(text, campaignID: p.campaignID, creatorID: p.creatorID, handle: p.handle)
        }
    }
}
