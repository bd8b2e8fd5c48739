using Dapper;
using Mediator;
using Npgsql;
using TalentMatch.Planning.Teams;
using TalentMatch.Web.Infrastructure.Security;

namespace TalentMatch.Web.Features.Hackathons;

/// <summary>The event's latest teams: per challenge who is in it, what each brings, what stays uncovered, and why.</summary>
public static class GetTeams
{
    [AllowedFor(Role.JobSeeker, Role.Coach, Role.Employer, Role.Coordinator, Role.Organiser, Role.Admin)]
    public sealed record Query(Guid EventId) : IQuery<Response>;

    /// <summary>A team member; skills in English with their Dutch labels in the same order.</summary>
    public sealed record Member(Guid ParticipantId, string Name, string Kind, IReadOnlyList<string> BringsSkills, IReadOnlyList<string> BringsSkillsNl,
        int? PreferenceRank, bool Locked);

    /// <summary>
    /// A challenge's team. <see cref="Explanation"/> is the English sentence; <see cref="Unstaffed"/> says why an unstaffed
    /// challenge got no team as a code with numbers (null when staffed, or formed before reasons were kept), so pages can say it in their language.
    /// </summary>
    public sealed record Team(Guid ChallengeId, string Company, string Question, bool Staffed, double Coverage, IReadOnlyList<string> UncoveredSkills,
        IReadOnlyList<string> UncoveredSkillsNl, string Explanation, UnstaffedReason? Unstaffed, IReadOnlyList<Member> Members);

    public sealed record Unassigned(Guid ParticipantId, string Name, string Kind);

    public sealed record Response(Guid EventId, Guid? RunId, int Registered, int MinimumParticipants, string? Warning, bool Optimal, double? Gap, double Coverage,
        double PreferenceSatisfaction, IReadOnlyList<Team> Teams, IReadOnlyList<Unassigned> Unassigned);

    public sealed class Handler(NpgsqlDataSource dataSource) : IQueryHandler<Query, Response>
    {
        public async ValueTask<Response> Handle(Query query, CancellationToken cancellationToken)
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await HackathonRules.EnsureEventAsync(connection, query.EventId, cancellationToken);
            return await ReadAsync(connection, query.EventId, cancellationToken);
        }
    }

    sealed class TeamRow
    {
        public Guid ChallengeId { get; init; }
        public string Company { get; init; } = "";
        public string Question { get; init; } = "";
        public bool Staffed { get; init; }
        public double Coverage { get; init; }
        public string[] UncoveredSkills { get; init; } = [];
        public string[] UncoveredSkillsNl { get; init; } = [];
        public string Explanation { get; init; } = "";
        public string? UnstaffedReason { get; init; }
        public int? UnstaffedRegistered { get; init; }
        public int? UnstaffedNeeded { get; init; }
        public string[]? UnstaffedProgrammes { get; init; }
    }

    sealed class MemberRow
    {
        public Guid ChallengeId { get; init; }
        public Guid ParticipantId { get; init; }
        public string Name { get; init; } = "";
        public string Kind { get; init; } = "";
        public string[] BringsSkills { get; init; } = [];
        public string[] BringsSkillsNl { get; init; } = [];
        public int? PreferenceRank { get; init; }
        public bool Locked { get; init; }
    }

    internal static async Task<Response> ReadAsync(NpgsqlConnection connection, Guid eventId, CancellationToken ct)
    {
        var (registered, minimum) = await connection.QuerySingleAsync<(long, int)>(new CommandDefinition("""
            select (select count(*) from event_participant p where p.event_id = e.event_id), e.minimum_participants from hackathon_event e where e.event_id = @eventId
            """, new { eventId }, cancellationToken: ct));
        var r = await connection.QuerySingleOrDefaultAsync<(Guid RunId, bool Optimal, double? Gap, double Coverage, double Satisfaction)>(new CommandDefinition("""
            select run_id, optimal, gap, coverage, preference_satisfaction from team_run where event_id = @eventId order by created_at desc limit 1
            """, new { eventId }, cancellationToken: ct));
        var warning = registered < minimum ? $"Only {registered} of the {minimum} participants this event needs have registered." : null;
        if (r.RunId == Guid.Empty)
        {
            return new Response(eventId, null, (int)registered, minimum, warning, false, null, 0, 0, [], []);
        }

        var teams = await connection.QueryAsync<TeamRow>(new CommandDefinition("""
            select t.challenge_id, c.company, c.question, t.staffed, t.coverage, t.uncovered_skills, dutch_labels(t.uncovered_skills) as uncovered_skills_nl, t.explanation,
                   t.unstaffed_reason, t.unstaffed_registered, t.unstaffed_needed, t.unstaffed_programmes
            from team t join challenge c on c.challenge_id = t.challenge_id where t.run_id = @RunId order by c.created_at, c.challenge_id
            """, new { r.RunId }, cancellationToken: ct));
        var members = (await connection.QueryAsync<MemberRow>(new CommandDefinition("""
            select m.challenge_id, m.participant_id, p.name, p.kind, m.brings_skills, dutch_labels(m.brings_skills) as brings_skills_nl, m.preference_rank, m.locked
            from team_member m join event_participant p on p.participant_id = m.participant_id where m.run_id = @RunId order by p.name
            """, new { r.RunId }, cancellationToken: ct))).ToList();
        var unassigned = await connection.QueryAsync<Unassigned>(new CommandDefinition("""
            select p.participant_id, p.name, p.kind from event_participant p
            where p.event_id = @eventId and not exists (select 1 from team_member m where m.run_id = @RunId and m.participant_id = p.participant_id)
            order by p.name
            """, new { eventId, r.RunId }, cancellationToken: ct));
        return new Response(eventId, r.RunId, (int)registered, minimum, warning, r.Optimal, r.Gap, r.Coverage, r.Satisfaction,
            teams.Select(t => new Team(t.ChallengeId, t.Company, t.Question, t.Staffed, t.Coverage, t.UncoveredSkills, t.UncoveredSkillsNl, t.Explanation,
                t.UnstaffedReason is { } code ? new UnstaffedReason(code, t.UnstaffedRegistered ?? 0, t.UnstaffedNeeded ?? 0, t.UnstaffedProgrammes ?? []) : null,
                members.Where(m => m.ChallengeId == t.ChallengeId)
                    .Select(m => new Member(m.ParticipantId, m.Name, m.Kind, m.BringsSkills, m.BringsSkillsNl, m.PreferenceRank, m.Locked)).ToList())).ToList(),
            unassigned.ToList());
    }

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/events/{eventId:guid}/teams", async (Guid eventId, ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(new Query(eventId), ct)))
            .WithName("GetTeams");
}
