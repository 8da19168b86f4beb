import Foundation
import GreenroomCore

// v3-pipeline: withdrawable stage events and the funnel's indexes.
extension Schema {
    /// The pipeline: undoing a move withdraws its stage event (a tombstone that syncs) rather
    /// than writing a move back, so the funnel never counts a move someone took back. The
    /// funnel streams every live event in (creator, time) order from a covering index, and
    /// reads lost reasons by stage and time.
    static let v3Pipeline = """
    ALTER TABLE stage_event ADD COLUMN deleted INTEGER NOT NULL DEFAULT 0;
    CREATE INDEX stage_event_stage ON stage_event(to_stage, at) WHERE deleted = 0;
    CREATE INDEX stage_event_flow ON stage_event(creator_id, at, to_stage) WHERE deleted = 0;
    CREATE INDEX creator_tombstones ON creator(id) WHERE deleted = 1;
    """
}
