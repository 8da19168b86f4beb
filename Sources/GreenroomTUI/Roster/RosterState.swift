import GreenroomCore

/// What the roster asks the store for: a filter, a sort, and who "me" is.
public struct RosterQuery: Hashable, Sendable {
    public var filter: CreatorFilter
    public var sort: RosterSort
    public var me: String?

    public init(filter: CreatorFilter = .all, sort: RosterSort = .default, me: String? = nil) {
        self.filter = filter; self.sort = sort; self.me = me
    }
}

/// The roster pane: the list window, the filter being typed, the sort, the view and the
/// selection for bulk actions.
public struct RosterState: Hashable, Sendable, FilteredPane {
    public var list = ListWindow<RosterRow>()
    /// The filter line (`/`; `FilteredPane` reads and writes it).
    public var filterLine = FilterLine<CreatorFilter>(.all)
    public var sort = RosterSort.default
    /// The saved view in effect, until the filter or sort is changed by hand.
    public var viewName: String?
    /// Selected creator ids, for bulk actions.
    public var selection: Set<String> = []
    /// Creators in the whole roster, to show "N of M" while filtered.
    public var unfilteredTotal = 0

    public init() {}

    public var isFiltered: Bool { !filter.isEmpty }
}

/// What happens to the roster.
public enum RosterMsg: Sendable {
    case loaded(query: RosterQuery, total: Int, unfiltered: Int, offset: Int, rows: [RosterRow])
    /// `X`: every creator the filter matches.
    case selectionLoaded([String])
    /// A roster picker's choice, or a roster prompt's text.
    case picked(PickerItem, RosterPick)
    case prompted(String, RosterPrompt)
}

/// What a roster picker is for: saved views, bulk actions.
public enum RosterPick: PickerPurpose {
    case view, bulkAction, bulkOwner, bulkStage

    public func picked(_ item: PickerItem) -> Msg { .roster(.picked(item, self)) }
}

/// What a roster prompt is for: the bulk actions that take text.
public enum RosterPrompt: PromptPurpose {
    case bulkAddTag, bulkRemoveTag, bulkWorkshop

    public func answered(_ text: String) -> Msg { .roster(.prompted(text, self)) }
}

/// What the roster asks the runtime for.
public enum RosterCommand: Hashable, Sendable {
    case load(RosterQuery, offset: Int, limit: Int, seek: PageSeek<RosterRow>? = nil)
    case selectAll(RosterQuery)
    case bulk(BulkPlan)
    case saveView(name: String, filter: String, sort: RosterSort)
    case deleteView(name: String)
}
