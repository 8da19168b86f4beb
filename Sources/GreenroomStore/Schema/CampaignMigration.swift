import Foundation

extension Schema {
    /// Campaigns and incentives (issue 8). Three synced entities, stamped and merged like
    /// every other (`hlc` on the row, later edits in `field_stamp`, tombstones in `deleted`):
    ///
    /// - `campaign`: name, kind, first and last day (`YYYY-MM-DD`, team time zone, inclusive),
    ///   goal metric and overall target (whole units: hours for live hours), owner, status.
    /// - `campaign_enrolment`: a creator in a campaign with an individual target and the time
    ///   they joined. Its id is derived from the campaign's and the creator's ids, so the same
    ///   creator enrolled on two laptops is one row (`CampaignEnrolment.id`); the unique index
    ///   holds for that reason. Unenrolling is a tombstone; enrolling again revives the row.
    /// - `campaign_tier`: a threshold on a creator's progress (whole units) → reward text and
    ///   amount (whole currency units).
    ///
    /// Progress is never stored. Per enrolled creator it is one indexed aggregate over the
    /// window (`CampaignQueries`): live hours and gifts read `live_session_creator` (creator,
    /// start, minutes and now gifts), active days the same index with a time-zone day
    /// expression, new activations `stage_event_creator`, workshops `activity_creator`. Those
    /// three are widened here rather than joined by a second index per table, which every
    /// insert, sync and demo load would maintain; each carries `deleted` because a partial
    /// index on `deleted = 0` would not cover the query (SQLite still reads the column from the
    /// table). Every one is a covering index, so a campaign of 20,000 creators is 20,000 short
    /// index range scans and no table reads.
    static let v9Campaigns = """
    CREATE TABLE campaign (
        id TEXT PRIMARY KEY NOT NULL,
        name TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('sale_event','live_event','onboarding_sprint','education_program')),
        start_date TEXT NOT NULL,
        end_date TEXT NOT NULL,
        metric TEXT NOT NULL CHECK (metric IN ('live_hours','active_days','gifts','new_activations','workshops_attended')),
        target INTEGER NOT NULL CHECK (target >= 0),
        owner_id TEXT,
        status TEXT NOT NULL CHECK (status IN ('draft','running','ended')),
        deleted INTEGER NOT NULL DEFAULT 0,
        hlc TEXT NOT NULL
    );
    CREATE INDEX campaign_name ON campaign(name COLLATE NOCASE) WHERE deleted = 0;

    CREATE TABLE campaign_enrolment (
        id TEXT PRIMARY KEY NOT NULL,
        campaign_id TEXT NOT NULL,
        creator_id TEXT NOT NULL,
        target INTEGER NOT NULL CHECK (target >= 0),
        joined_at INTEGER NOT NULL,
        deleted INTEGER NOT NULL DEFAULT 0,
        hlc TEXT NOT NULL
    );
    CREATE UNIQUE INDEX campaign_enrolment_pair ON campaign_enrolment(campaign_id, creator_id);
    CREATE INDEX campaign_enrolment_live ON campaign_enrolment(campaign_id, creator_id, joined_at, target) WHERE deleted = 0;
    CREATE INDEX campaign_enrolment_creator ON campaign_enrolment(creator_id, campaign_id) WHERE deleted = 0;

    CREATE TABLE campaign_tier (
        id TEXT PRIMARY KEY NOT NULL,
        campaign_id TEXT NOT NULL,
        threshold INTEGER NOT NULL CHECK (threshold >= 0),
        reward TEXT NOT NULL,
        amount INTEGER NOT NULL DEFAULT 0 CHECK (amount >= 0),
        deleted INTEGER NOT NULL DEFAULT 0,
        hlc TEXT NOT NULL
    );
    CREATE INDEX campaign_tier_campaign ON campaign_tier(campaign_id, threshold) WHERE deleted = 0;

    DROP INDEX live_session_creator;
    CREATE INDEX live_session_creator ON live_session(creator_id, started_at, minutes, gifts);
    DROP INDEX activity_creator;
    CREATE INDEX activity_creator ON activity(creator_id, at, kind, deleted);
    DROP INDEX stage_event_creator;
    CREATE INDEX stage_event_creator ON stage_event(creator_id, at, to_stage, deleted);
    """
}
