import GreenroomCore

/// Everything that can happen to the model.
public enum Msg: Sendable {
    case key(Key)
    case mouse(MouseEvent)
    /// Text pasted in one go (bracketed paste).
    case paste(String)
    case resize(width: Int, height: Int)
    /// Time passes: wall-clock now (possibly pinned) and monotonic seconds.
    case tick(now: Millis, monotonic: Double)
    case settingsLoaded(TeamSettings)
    case headerLoaded(lastSyncAt: Millis?, conflicts: Int)
    case sync(SyncMsg)
    /// A registered screen's own message (see `Screens`).
    case screen(ScreenMsg)
    case campaigns(CampaignsMsg)
    case directoryLoaded(members: [Member], networks: [Network])
    /// Teams and teammates' time off not over yet (issue 24): the team picker, and "on shift"
    /// in the assignee picker.
    case teamDirectoryLoaded(teams: [Team], timeOff: [ShiftException])
    case roster(RosterMsg)
    case pipeline(PipelineMsg)
    case tickets(TicketsMsg)
    case knowledgeBase(KnowledgeBaseMsg)
    case kpis(KPIsMsg)
    case creator(CreatorMsg)
    /// A change set was applied; `inverse` undoes it.
    case applied(inverse: ChangeSet, mode: ApplyMode)
    /// What `d` would remove (a program, workshop, community or tasks): ask first.
    case removalPlanned(Removal)
    case editorReturned(EditorTarget, String)
    /// Roster statistics were recomputed.
    case statsRefreshed
    /// A command failed; the reason is shown in the status line.
    case failed(String)
    /// Something worth saying that is not an error ("Nothing changed"); closes a saving form.
    case notice(String)
    /// Long work started or finished off the loop (shown in the status line meanwhile).
    case backgroundStarted(String)
    case backgroundFinished(String)
    case perform(Action)
    /// Another process wrote to the database (`PRAGMA data_version` moved).
    case externalWrites
}

/// Effects `update` asks the runtime for. The runner turns each into messages.
public enum Command: Hashable, Sendable {
    case loadSettings
    case loadHeader
    case loadDirectory
    case roster(RosterCommand)
    case pipeline(PipelineCommand)
    case tickets(TicketsCommand)
    case knowledgeBase(KnowledgeBaseCommand)
    case kpis(KPIsCommand)
    case sync(SyncCommand)
    /// A registered screen's own command; the runner finds its effects by its type.
    case screen(ScreenCommand)
    case campaigns(CampaignsCommand)
    case creator(CreatorCommand)
    /// Recompute roster statistics (off the loop) when they are older than `maxAge` ms.
    case refreshStats(maxAge: Millis)
    case apply(ChangeSet, mode: ApplyMode)
    /// Suspend the screen and edit text in `$EDITOR` (handled by the runtime).
    case editExternally(EditorTarget, String)
    case quit
    case suspend
    case redraw
    /// On an idle tick: has another process written since the last look? (`.externalWrites` if so.)
    case checkExternalWrites
}
