/// Something a key can do. Each feature declares its own actions and key contexts in its
/// folder (`static let`s on `Action` and `Action.Context`, listed by its `FeatureKeys`), so a
/// new screen's keys live beside it. Key bindings, the help overlay, the command palette and
/// the README's key table are all generated from `Action.allCases` and `KeyMap`.
public struct Action: Hashable, Sendable {
    /// The name `keys.toml` uses ("app.quit").
    public let rawValue: String
    /// Where the binding applies.
    public let context: Context
    /// A short imperative title, as shown in help and the palette.
    public let title: String
    public let defaultKeys: [Key]

    public init(_ rawValue: String, _ context: Context, _ title: String, keys: [Key]) {
        self.rawValue = rawValue; self.context = context; self.title = title; self.defaultKeys = keys
    }

    /// The action `keys.toml` names, if any feature declares it.
    public init?(rawValue: String) {
        guard let action = Action.byName[rawValue] else { return nil }
        self = action
    }

    // An action is its name.
    public static func == (a: Action, b: Action) -> Bool { a.rawValue == b.rawValue }
    public func hash(into hasher: inout Hasher) { hasher.combine(rawValue) }

    /// Every feature's actions, in the order help and the key table list them.
    public static let allCases: [Action] = Features.all.flatMap { $0.actions }
    private static let byName = Dictionary(allCases.map { ($0.rawValue, $0) }, uniquingKeysWith: { a, _ in a })

    /// Where a binding applies. A screen or pane turns on a list of contexts (see
    /// `Model.keyContexts`); the first context binding a key wins, global last.
    public struct Context: Hashable, Sendable {
        public let rawValue: String
        public let title: String
        /// A context that has the keys alone while it is on (a form, a dialog): global bindings
        /// do not apply there, so its keys may be the global ones (`esc`, `tab`).
        public let isModal: Bool

        public init(_ rawValue: String, _ title: String, modal: Bool = false) {
            self.rawValue = rawValue; self.title = title; self.isModal = modal
        }

        public static func == (a: Context, b: Context) -> Bool { a.rawValue == b.rawValue }
        public func hash(into hasher: inout Hasher) { hasher.combine(rawValue) }

        /// Every feature's contexts, in the order help and the key table list them.
        public static let allCases: [Context] = Features.all.flatMap { $0.contexts }
    }
}

/// A feature's keys: the contexts it turns on and the actions it declares (in its folder).
protocol FeatureKeys: Sendable {
    static var contexts: [Action.Context] { get }
    static var actions: [Action] { get }
}

/// The features that declare keys, in the order help and the key table list their contexts
/// and actions. A registered screen (`ScreenComponent`) is listed here too: this is its one
/// registration line, and `Screens.all` is the screens among these.
enum Features {
    static let all: [any FeatureKeys.Type] = [
        AppKeys.self,
        DialogKeys.self,
        KnowledgeBaseKeys.self,
        CreatorKeys.self,
        RosterKeys.self,
        PipelineKeys.self,
        CreatorScreen.self,
        QueueKeys.self,
        TicketScreen.self,
        TodayScreen.self,
        KPIKeys.self,
        ReviewScreen.self,
        AgentScreen.self,
        OneOnOneScreen.self,
        QAScreen.self,
        // Before cohorts: help's last page (`G`) stays what it was before issue 26.
        ProgramsScreen.self,
        WorkshopsScreen.self,
        TasksScreen.self,
        CommunitiesScreen.self,
        RecordRemovalKeys.self,
        TeamsScreen.self,
        RulesScreen.self,
        CohortScreen.self,
        DrillScreen.self,
        SyncKeys.self,
        ConflictsScreen.self,
        TrashScreen.self,
        CampaignsScreen.self,
        FormKeys.self,
    ]
}
