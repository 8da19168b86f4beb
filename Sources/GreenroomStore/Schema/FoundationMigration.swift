import Foundation
import GreenroomCore

// v1: the first schema (members, creators, pipeline, tickets, activities, sync bookkeeping).
extension Schema {
    static let v1 = """
    CREATE TABLE meta (
        key TEXT PRIMARY KEY NOT NULL,
        value TEXT NOT NULL
    ) WITHOUT ROWID;

    CREATE TABLE member (
        id TEXT PRIMARY KEY NOT NULL,
        handle TEXT NOT NULL,
        name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('manager','specialist','lead')),
        team TEXT NOT NULL DEFAULT '',
        tier INTEGER CHECK (tier IN (1,2)),
        email TEXT,
        deleted INTEGER NOT NULL DEFAULT 0,
        hlc TEXT NOT NULL
    );
    CREATE UNIQUE INDEX member_handle ON member(handle) WHERE deleted = 0;

    CREATE TABLE network (
        id TEXT PRIMARY KEY NOT NULL,
        name TEXT NOT NULL,
        region TEXT NOT NULL DEFAULT '',
        contact TEXT,
        deleted INTEGER NOT NULL DEFAULT 0,
        hlc TEXT NOT NULL
    );
    CREATE INDEX network_name ON network(name);

    CREATE TABLE creator (
        id TEXT PRIMARY KEY NOT NULL,
        handle TEXT NOT NULL,
        display_name TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('creator','merchant','affiliate')),
        market TEXT NOT NULL,
        language TEXT NOT NULL DEFAULT '',
        network_id TEXT,
        owner_id TEXT,
        stage TEXT NOT NULL,
        source TEXT NOT NULL CHECK (source IN ('outbound','inbound','referral','event','import')),
        followers INTEGER NOT NULL DEFAULT 0,
        email TEXT,
        phone TEXT,
        notes TEXT,
        created_at INTEGER NOT NULL,
        deleted INTEGER NOT NULL DEFAULT 0,
        stage_entered_at INTEGER, -- derived: latest stage event into the current stage
        hlc TEXT NOT NULL
    );
    CREATE UNIQUE INDEX creator_handle ON creator(handle) WHERE deleted = 0;
    CREATE INDEX creator_board ON creator(stage, stage_entered_at, handle) WHERE deleted = 0;
    CREATE INDEX creator_owner ON creator(owner_id, handle) WHERE deleted = 0;
    CREATE INDEX creator_market ON creator(market, handle) WHERE deleted = 0;
    CREATE INDEX creator_network ON creator(network_id) WHERE deleted = 0;
    CREATE INDEX creator_created ON creator(created_at) WHERE deleted = 0;

    CREATE TABLE creator_tag (
        id TEXT PRIMARY KEY NOT NULL,
        creator_id TEXT NOT NULL,
        tag TEXT NOT NULL,
        deleted INTEGER NOT NULL DEFAULT 0,
        hlc TEXT NOT NULL
    );
    CREATE INDEX creator_tag_creator ON creator_tag(creator_id, tag) WHERE deleted = 0;
    CREATE INDEX creator_tag_tag ON creator_tag(tag, creator_id) WHERE deleted = 0;

    CREATE TABLE stage_event (
        id TEXT PRIMARY KEY NOT NULL,
        creator_id TEXT NOT NULL,
        from_stage TEXT,
        to_stage TEXT NOT NULL,
        at INTEGER NOT NULL,
        by_member_id TEXT,
        reason TEXT,
        hlc TEXT NOT NULL
    );
    CREATE INDEX stage_event_creator ON stage_event(creator_id, at);
    CREATE INDEX stage_event_at ON stage_event(at, to_stage);

    CREATE TABLE live_session (
        id TEXT PRIMARY KEY NOT NULL,
        creator_id TEXT NOT NULL,
        started_at INTEGER NOT NULL,
        minutes INTEGER NOT NULL CHECK (minutes >= 0),
        peak_viewers INTEGER NOT NULL DEFAULT 0,
        viewer_minutes INTEGER NOT NULL DEFAULT 0,
        gifts INTEGER NOT NULL DEFAULT 0,
        hlc TEXT NOT NULL
    );
    CREATE INDEX live_session_creator ON live_session(creator_id, started_at, minutes);
    CREATE INDEX live_session_started ON live_session(started_at, creator_id, minutes);

    CREATE TABLE activity (
        id TEXT PRIMARY KEY NOT NULL,
        creator_id TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('note','call','message','coaching','workshop')),
        author_id TEXT,
        at INTEGER NOT NULL,
        summary TEXT NOT NULL,
        next_step TEXT,
        follow_up_due INTEGER,
        done INTEGER NOT NULL DEFAULT 0,
        deleted INTEGER NOT NULL DEFAULT 0,
        hlc TEXT NOT NULL
    );
    CREATE INDEX activity_creator ON activity(creator_id, at);
    CREATE INDEX activity_follow_up ON activity(follow_up_due, creator_id) WHERE done = 0 AND deleted = 0 AND follow_up_due IS NOT NULL;
    CREATE INDEX activity_creator_follow_up ON activity(creator_id, follow_up_due) WHERE done = 0 AND deleted = 0 AND follow_up_due IS NOT NULL;

    CREATE TABLE ticket (
        id TEXT PRIMARY KEY NOT NULL,
        key TEXT NOT NULL,
        subject TEXT NOT NULL,
        body TEXT NOT NULL DEFAULT '',
        requester_creator_id TEXT,
        requester_network_id TEXT,
        channel TEXT NOT NULL CHECK (channel IN ('in_app','webform','email','internal')),
        category TEXT NOT NULL CHECK (category IN ('account_access','verification','rewards_payout','appeal','account_safety','minor_safety','campaign','live_tools','network_relations','other')),
        priority TEXT NOT NULL CHECK (priority IN ('urgent','high','normal','low')),
        status TEXT NOT NULL CHECK (status IN ('new','open','pending','on_hold','solved','closed')),
        tier INTEGER NOT NULL DEFAULT 1 CHECK (tier IN (1,2)),
        assignee_id TEXT,
        csat TEXT CHECK (csat IN ('good','bad')),
        merged_into_id TEXT,
        created_at INTEGER NOT NULL,
        deleted INTEGER NOT NULL DEFAULT 0,
        first_reply_at INTEGER, -- derived: first public agent reply
        solved_at INTEGER,      -- derived: latest move into solved/closed while it stays there
        sla_due_at INTEGER,     -- derived: next SLA due time while the clock runs
        hlc TEXT NOT NULL
    );
    CREATE UNIQUE INDEX ticket_key ON ticket(key);
    CREATE INDEX ticket_queue ON ticket(ifnull(sla_due_at, 9223372036854775807), created_at)
        WHERE deleted = 0 AND status IN ('new','open','pending','on_hold');
    CREATE INDEX ticket_created ON ticket(created_at);
    CREATE INDEX ticket_solved ON ticket(solved_at) WHERE solved_at IS NOT NULL;
    CREATE INDEX ticket_assignee ON ticket(assignee_id, status);
    CREATE INDEX ticket_requester ON ticket(requester_creator_id, created_at);

    CREATE TABLE ticket_tag (
        id TEXT PRIMARY KEY NOT NULL,
        ticket_id TEXT NOT NULL,
        tag TEXT NOT NULL,
        deleted INTEGER NOT NULL DEFAULT 0,
        hlc TEXT NOT NULL
    );
    CREATE INDEX ticket_tag_ticket ON ticket_tag(ticket_id, tag) WHERE deleted = 0;
    CREATE INDEX ticket_tag_tag ON ticket_tag(tag, ticket_id) WHERE deleted = 0;

    CREATE TABLE ticket_event (
        id TEXT PRIMARY KEY NOT NULL,
        ticket_id TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('reply','note','status','assignment','priority','escalation','csat','merge')),
        at INTEGER NOT NULL,
        actor TEXT NOT NULL CHECK (actor IN ('agent','requester','system')),
        author_id TEXT,
        is_public INTEGER NOT NULL DEFAULT 0,
        body TEXT,
        from_value TEXT,
        to_value TEXT,
        reason TEXT,
        hlc TEXT NOT NULL,
        CHECK (kind <> 'escalation' OR (reason IS NOT NULL AND reason <> ''))
    );
    CREATE INDEX ticket_event_ticket ON ticket_event(ticket_id, at);

    CREATE TABLE sla_policy (
        id TEXT PRIMARY KEY NOT NULL,
        priority TEXT NOT NULL CHECK (priority IN ('urgent','high','normal','low')),
        first_reply_minutes INTEGER NOT NULL CHECK (first_reply_minutes > 0),
        next_reply_minutes INTEGER NOT NULL CHECK (next_reply_minutes > 0),
        resolution_minutes INTEGER NOT NULL CHECK (resolution_minutes > 0),
        business_hours INTEGER NOT NULL DEFAULT 0,
        deleted INTEGER NOT NULL DEFAULT 0,
        hlc TEXT NOT NULL
    );
    CREATE UNIQUE INDEX sla_policy_priority ON sla_policy(priority) WHERE deleted = 0;

    CREATE TABLE article (
        id TEXT PRIMARY KEY NOT NULL,
        title TEXT NOT NULL,
        body TEXT NOT NULL,
        is_macro INTEGER NOT NULL DEFAULT 0,
        macro_status TEXT,
        macro_priority TEXT,
        macro_tags TEXT NOT NULL DEFAULT '[]', -- JSON array of strings
        updated_at INTEGER NOT NULL,
        deleted INTEGER NOT NULL DEFAULT 0,
        hlc TEXT NOT NULL
    );
    CREATE INDEX article_title ON article(title) WHERE deleted = 0;

    -- Team settings: one JSON value per named key (see TeamSettings.Key).
    CREATE TABLE setting (
        key TEXT PRIMARY KEY NOT NULL,
        value TEXT NOT NULL,
        hlc TEXT NOT NULL
    ) WITHOUT ROWID;

    -- Per-field clocks for fields written after their row was created.
    CREATE TABLE field_stamp (
        entity TEXT NOT NULL,
        row_id TEXT NOT NULL,
        field TEXT NOT NULL,
        hlc TEXT NOT NULL,
        PRIMARY KEY (entity, row_id, field)
    ) WITHOUT ROWID;

    -- Local operations not yet exported to the sync folder, in the order they happened.
    CREATE TABLE outbox (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        hlc TEXT NOT NULL,
        op TEXT NOT NULL CHECK (op IN ('insert','set')),
        entity TEXT NOT NULL,
        row_id TEXT NOT NULL,
        fields TEXT NOT NULL, -- JSON object, keys sorted
        prev TEXT NOT NULL    -- JSON object: field -> stamp it overwrote
    );
    """
}
