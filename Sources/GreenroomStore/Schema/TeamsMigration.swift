import GRDB
import GreenroomCore

// v23-teams: teams, members' shifts and fair assignment (issue 24).
extension Schema {
    /// - `team` (synced): name, lead, zone, assignment rule and default capacity (`Team`).
    /// - `team_member` (synced): a member on a team, with an optional capacity of their own;
    ///   its id is derived from team and member (`TeamMember.id`).
    /// - `shift_exception` (synced): a member's time off, [starts_at, ends_at).
    /// - `member.time_zone`, `member.schedule` (synced): their weekly shifts (`WeeklySchedule`)
    ///   and the zone they are written in.
    /// - `ticket.team_id` (synced): the team that owns the ticket.
    /// - `ticket_team_unassigned`: a team's unassigned queue, oldest first, for assignment.
    /// - `ticket_event_assigned`: when each member was last handed a ticket (the round-robin
    ///   turn is read from history, `AssignmentRule`).
    /// - `ticket_member_open`: a member's open tickets counted on the index alone (an agent
    ///   holds ~11,000 at a million tickets; read row by row that was ~28 ms a member).
    /// Added columns carry their own type checks, as v21 and v22 did.
    static let v23Teams = """
    CREATE TABLE team (
        id TEXT PRIMARY KEY NOT NULL,
        name TEXT NOT NULL,
        lead_id TEXT,
        time_zone TEXT NOT NULL DEFAULT 'UTC',
        assignment TEXT NOT NULL DEFAULT 'off' CHECK (assignment = 'off' OR assignment = 'round_robin' OR assignment = 'least_loaded'),
        capacity INTEGER NOT NULL DEFAULT 8,
        deleted INTEGER NOT NULL DEFAULT 0,
        hlc TEXT NOT NULL,
        CHECK (typeof(deleted) = 'integer' AND typeof(capacity) = 'integer')
    );
    CREATE INDEX team_name ON team(name COLLATE NOCASE) WHERE deleted = 0;

    CREATE TABLE team_member (
        id TEXT PRIMARY KEY NOT NULL,
        team_id TEXT NOT NULL,
        member_id TEXT NOT NULL,
        capacity INTEGER,
        deleted INTEGER NOT NULL DEFAULT 0,
        hlc TEXT NOT NULL,
        CHECK (typeof(deleted) = 'integer' AND (capacity IS NULL OR typeof(capacity) = 'integer'))
    );
    CREATE INDEX team_member_team ON team_member(team_id, member_id) WHERE deleted = 0;
    CREATE INDEX team_member_member ON team_member(member_id) WHERE deleted = 0;

    CREATE TABLE shift_exception (
        id TEXT PRIMARY KEY NOT NULL,
        member_id TEXT NOT NULL,
        starts_at INTEGER NOT NULL,
        ends_at INTEGER NOT NULL,
        kind TEXT NOT NULL CHECK (kind = 'leave' OR kind = 'sick' OR kind = 'training' OR kind = 'other'),
        note TEXT,
        deleted INTEGER NOT NULL DEFAULT 0,
        hlc TEXT NOT NULL,
        CHECK (typeof(deleted) = 'integer' AND typeof(starts_at) = 'integer' AND typeof(ends_at) = 'integer')
    );
    CREATE INDEX shift_exception_member ON shift_exception(member_id, ends_at) WHERE deleted = 0;

    ALTER TABLE member ADD COLUMN time_zone TEXT CHECK (time_zone IS NULL OR typeof(time_zone) = 'text');
    ALTER TABLE member ADD COLUMN schedule TEXT CHECK (schedule IS NULL OR typeof(schedule) = 'text');
    ALTER TABLE ticket ADD COLUMN team_id TEXT CHECK (team_id IS NULL OR typeof(team_id) = 'text');
    CREATE INDEX ticket_team_unassigned ON ticket(team_id, created_at)
        WHERE deleted = 0 AND assignee_id IS NULL AND merged_into_id IS NULL AND status IN ('new','open');
    CREATE INDEX ticket_event_assigned ON ticket_event(to_value, at) WHERE kind = 'assignment' AND deleted = 0;
    CREATE INDEX ticket_member_open ON ticket(assignee_id, status) WHERE deleted = 0 AND merged_into_id IS NULL;
    """
}
