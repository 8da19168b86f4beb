import Foundation

extension Schema {
    /// v17-programs (issue 26): creator programs, workshops and incentive tasks — seven synced
    /// entities, stamped, merged and tombstoned like every other.
    ///
    /// - `program`: name (unique among live ones), one-line summary, owner, status.
    /// - `program_module`: a program's modules, taken in `position` order.
    /// - `program_enrolment`: a creator in a program; id derived from both (`ProgramEnrolment.id`),
    ///   so the same enrolment made on two laptops is one row.
    /// - `module_completion`: a creator finished a module; id derived from module and creator.
    /// - `workshop`: a scheduled session (start, length, host, market, capacity, link) that may
    ///   complete a program module when attended.
    /// - `workshop_invite`: a creator invited to a workshop and whether they attended; id derived.
    /// - `incentive_task`: one creator's goal over days (live days, live hours or sessions) and
    ///   its reward, maybe part of a campaign; `paid_at` records the payout.
    ///
    /// Progress, the board and the funnel are computed (`ProgramProgress`), never stored. The
    /// board reads a program's enrolments and completions through the two covering indexes
    /// below (`program_enrolment_live`, `module_completion_live`): a program of 20,000
    /// creators is two index range scans. Checks are OR chains and `typeof` checks, as
    /// v11-checks and v14b-typed-columns made them for earlier tables.
    static let v17Programs = """
    CREATE TABLE program (
        id TEXT PRIMARY KEY NOT NULL,
        name TEXT NOT NULL,
        summary TEXT NOT NULL DEFAULT '',
        owner_id TEXT,
        status TEXT NOT NULL CHECK (status = 'draft' OR status = 'running' OR status = 'ended'),
        deleted INTEGER NOT NULL DEFAULT 0,
        hlc TEXT NOT NULL,
        CHECK (typeof(deleted) = 'integer')
    );
    CREATE INDEX program_name ON program(name COLLATE NOCASE) WHERE deleted = 0;

    CREATE TABLE program_module (
        id TEXT PRIMARY KEY NOT NULL,
        program_id TEXT NOT NULL,
        position INTEGER NOT NULL,
        title TEXT NOT NULL,
        deleted INTEGER NOT NULL DEFAULT 0,
        hlc TEXT NOT NULL,
        CHECK (typeof(deleted) = 'integer' AND typeof(position) = 'integer')
    );
    CREATE INDEX program_module_program ON program_module(program_id, position) WHERE deleted = 0;

    CREATE TABLE program_enrolment (
        id TEXT PRIMARY KEY NOT NULL,
        program_id TEXT NOT NULL,
        creator_id TEXT NOT NULL,
        enrolled_at INTEGER NOT NULL,
        deleted INTEGER NOT NULL DEFAULT 0,
        hlc TEXT NOT NULL,
        CHECK (typeof(deleted) = 'integer' AND typeof(enrolled_at) = 'integer')
    );
    CREATE INDEX program_enrolment_live ON program_enrolment(program_id, creator_id, enrolled_at) WHERE deleted = 0;
    CREATE INDEX program_enrolment_creator ON program_enrolment(creator_id, program_id) WHERE deleted = 0;

    CREATE TABLE module_completion (
        id TEXT PRIMARY KEY NOT NULL,
        program_id TEXT NOT NULL,
        module_id TEXT NOT NULL,
        creator_id TEXT NOT NULL,
        completed_at INTEGER NOT NULL,
        deleted INTEGER NOT NULL DEFAULT 0,
        hlc TEXT NOT NULL,
        CHECK (typeof(completed_at) = 'integer' AND typeof(deleted) = 'integer')
    );
    CREATE INDEX module_completion_live ON module_completion(program_id, creator_id, module_id, completed_at) WHERE deleted = 0;

    CREATE TABLE workshop (
        id TEXT PRIMARY KEY NOT NULL,
        title TEXT NOT NULL,
        starts_at INTEGER NOT NULL,
        minutes INTEGER NOT NULL,
        host_id TEXT,
        market TEXT NOT NULL,
        capacity INTEGER NOT NULL DEFAULT 0,
        link TEXT,
        module_id TEXT,
        deleted INTEGER NOT NULL DEFAULT 0,
        hlc TEXT NOT NULL,
        CHECK (typeof(capacity) = 'integer' AND typeof(deleted) = 'integer' AND typeof(minutes) = 'integer' AND typeof(starts_at) = 'integer')
    );
    CREATE INDEX workshop_start ON workshop(starts_at) WHERE deleted = 0;

    CREATE TABLE workshop_invite (
        id TEXT PRIMARY KEY NOT NULL,
        workshop_id TEXT NOT NULL,
        creator_id TEXT NOT NULL,
        invited_at INTEGER NOT NULL,
        attended INTEGER NOT NULL DEFAULT 0,
        deleted INTEGER NOT NULL DEFAULT 0,
        hlc TEXT NOT NULL,
        CHECK (typeof(attended) = 'integer' AND typeof(deleted) = 'integer' AND typeof(invited_at) = 'integer')
    );
    CREATE INDEX workshop_invite_workshop ON workshop_invite(workshop_id, creator_id) WHERE deleted = 0;
    CREATE INDEX workshop_invite_creator ON workshop_invite(creator_id, workshop_id) WHERE deleted = 0;

    CREATE TABLE incentive_task (
        id TEXT PRIMARY KEY NOT NULL,
        creator_id TEXT NOT NULL,
        title TEXT NOT NULL,
        metric TEXT NOT NULL CHECK (metric = 'live_days' OR metric = 'live_hours' OR metric = 'sessions'),
        goal INTEGER NOT NULL CHECK (goal >= 0),
        start_date TEXT NOT NULL,
        end_date TEXT NOT NULL,
        reward TEXT NOT NULL DEFAULT '',
        amount INTEGER NOT NULL DEFAULT 0,
        campaign_id TEXT,
        paid_at INTEGER,
        deleted INTEGER NOT NULL DEFAULT 0,
        hlc TEXT NOT NULL,
        CHECK (typeof(amount) = 'integer' AND typeof(deleted) = 'integer' AND typeof(goal) = 'integer' AND (paid_at IS NULL OR typeof(paid_at) = 'integer'))
    );
    CREATE INDEX incentive_task_creator ON incentive_task(creator_id, end_date) WHERE deleted = 0;
    CREATE INDEX incentive_task_window ON incentive_task(end_date, start_date) WHERE deleted = 0;
    """

    /// v18-communities (issue 26): creator communities (a channel, a market, a link) and their
    /// members with join and leave dates and a role (member or moderator). A membership's id is
    /// derived from community and creator.
    static let v18Communities = """
    CREATE TABLE community (
        id TEXT PRIMARY KEY NOT NULL,
        name TEXT NOT NULL,
        channel TEXT NOT NULL CHECK (channel = 'discord' OR channel = 'whatsapp' OR channel = 'telegram' OR channel = 'in_app' OR channel = 'other'),
        market TEXT NOT NULL,
        link TEXT,
        deleted INTEGER NOT NULL DEFAULT 0,
        hlc TEXT NOT NULL,
        CHECK (typeof(deleted) = 'integer')
    );
    CREATE INDEX community_name ON community(name COLLATE NOCASE) WHERE deleted = 0;

    CREATE TABLE community_member (
        id TEXT PRIMARY KEY NOT NULL,
        community_id TEXT NOT NULL,
        creator_id TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role = 'member' OR role = 'moderator'),
        joined_at INTEGER NOT NULL,
        left_at INTEGER,
        deleted INTEGER NOT NULL DEFAULT 0,
        hlc TEXT NOT NULL,
        CHECK (typeof(deleted) = 'integer' AND typeof(joined_at) = 'integer' AND (left_at IS NULL OR typeof(left_at) = 'integer'))
    );
    CREATE INDEX community_member_community ON community_member(community_id, creator_id, joined_at, left_at) WHERE deleted = 0;
    CREATE INDEX community_member_creator ON community_member(creator_id, community_id) WHERE deleted = 0;
    """

    /// v19-resources (issue 26): the resource hub's log — a knowledge-base article sent to a
    /// creator or a community, when and by whom.
    static let v19Resources = """
    CREATE TABLE resource_send (
        id TEXT PRIMARY KEY NOT NULL,
        article_id TEXT NOT NULL,
        creator_id TEXT,
        community_id TEXT,
        sent_at INTEGER NOT NULL,
        by_member_id TEXT,
        deleted INTEGER NOT NULL DEFAULT 0,
        hlc TEXT NOT NULL,
        CHECK (typeof(deleted) = 'integer' AND typeof(sent_at) = 'integer')
    );
    CREATE INDEX resource_send_creator ON resource_send(creator_id, sent_at) WHERE deleted = 0;
    CREATE INDEX resource_send_community ON resource_send(community_id, sent_at) WHERE deleted = 0;
    CREATE INDEX resource_send_time ON resource_send(sent_at) WHERE deleted = 0;
    """
}
