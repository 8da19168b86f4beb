import GreenroomCore

/// Everything that can happen to the model.
public enum Msg: Sendable {
    case key(Key)
    case mouse(MouseEvent)
    case resize(width: Int, height: Int)
    /// Time passes: wall-clock now (possibly pinned) and monotonic seconds.
    case tick(now: Millis, monotonic: Double)
    case settingsLoaded(TeamSettings)
    case headerLoaded(lastSyncAt: Millis?)
    case rosterLoaded(total: Int, offset: Int, rows: [RosterRow])
    case pipelineLoaded(counts: [String: Int], columns: [PipelineColumn])
    case pipelineColumnLoaded(stage: String, count: Int, offset: Int, cards: [PipelineCard])
    case queueLoaded(summary: QueueSummary, offset: Int, rows: [QueueRow])
    case kpisLoaded([KPISeries])
    /// A command failed; the reason is shown in the status line.
    case failed(String)
    /// Long work started or finished off the loop (shown in the status line meanwhile).
    case backgroundStarted(String)
    case backgroundFinished(String)
    case perform(Action)
}

/// Effects `update` asks the runtime for. The runner turns each into messages.
public enum Command: Hashable, Sendable {
    case loadSettings
    case loadHeader
    case loadRoster(offset: Int, limit: Int)
    case loadPipeline(stages: [String], offsets: [String: Int], limit: Int)
    case loadPipelineColumn(stage: String, offset: Int, limit: Int)
    case loadQueue(offset: Int, limit: Int)
    case loadKPIs(days: Int)
    case quit
    case suspend
    case redraw
}
