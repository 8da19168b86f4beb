import GRDB
import GreenroomCore

// v24-team-sla: teams' own calendars and SLA policies, and creators' teams (issue 24).
extension Schema {
    /// - `sla_policy.team_id` (synced): a team's own policy for a priority (its id derived from
    ///   team and priority, `SLAPolicy.id(team:priority:)`); NULL: the team-wide policy. One
    ///   live policy per (team, priority) and one team-wide one per priority.
    /// - `team.calendar` (synced): the team's own business hours (`BusinessHours.json`); NULL:
    ///   the team-wide `sla.business_hours` setting.
    /// - `creator.team_id` (synced): the team that looks after the creator; their new tickets
    ///   go to it.
    /// No ticket changes: until a team is given a policy or hours of its own, every ticket is
    /// timed exactly as before.
    static let v24TeamSLA = """
    ALTER TABLE sla_policy ADD COLUMN team_id TEXT CHECK (team_id IS NULL OR typeof(team_id) = 'text');
    DROP INDEX sla_policy_priority;
    CREATE UNIQUE INDEX sla_policy_team_priority ON sla_policy(IFNULL(team_id, ''), priority) WHERE deleted = 0;
    ALTER TABLE team ADD COLUMN calendar TEXT CHECK (calendar IS NULL OR typeof(calendar) = 'text');
    ALTER TABLE creator ADD COLUMN team_id TEXT CHECK (team_id IS NULL OR typeof(team_id) = 'text');
    CREATE INDEX creator_team ON creator(team_id) WHERE deleted = 0 AND team_id IS NOT NULL;
    CREATE INDEX ticket_team_open ON ticket(team_id) WHERE deleted = 0 AND status IN ('new','open','pending','on_hold');
    """
}
