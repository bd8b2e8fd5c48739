using Dapper;
using Mediator;
using Npgsql;
using TalentMatch.Web.Infrastructure.Errors;
using TalentMatch.Web.Infrastructure.Security;

namespace TalentMatch.Web.Features.Hackathons;

/// <summary>An event with its challenges and the skills they need, for participants choosing what to register for.</summary>
public static class GetEvent
{
    [AllowedFor(Role.JobSeeker, Role.Coach, Role.Employer, Role.Coordinator, Role.Organiser, Role.Admin)]
    public sealed record Query(Guid Id) : IQuery<Response>;

    public sealed record Skill(Guid Id, string LabelNl, string LabelEn, double Weight);

    public sealed record ChallengeView(Guid Id, string Company, string Question, string? Assignment, int MinTeamSize, int MaxTeamSize, int MinStudents, int MinNonStudents,
        IReadOnlyList<string>? AllowedProgrammes, int? DurationWeeks, IReadOnlyList<Skill> Skills);

    public sealed record Response(Guid Id, string Name, string Kind, DateOnly StartsOn, DateOnly EndsOn, string Place, int MinimumParticipants, int Registered,
        string? Warning, IReadOnlyList<ChallengeView> Challenges);

    sealed class ChallengeRow
    {
        public Guid Id { get; init; }
        public string Company { get; init; } = "";
        public string Question { get; init; } = "";
        public string? Assignment { get; init; }
        public int MinTeamSize { get; init; }
        public int MaxTeamSize { get; init; }
        public int MinStudents { get; init; }
        public int MinNonStudents { get; init; }
        public string[]? AllowedProgrammes { get; init; }
        public int? DurationWeeks { get; init; }
    }

    public sealed class Handler(NpgsqlDataSource dataSource) : IQueryHandler<Query, Response>
    {
        public async ValueTask<Response> Handle(Query query, CancellationToken cancellationToken)
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            var e = await connection.QuerySingleOrDefaultAsync<(Guid Id, string Name, string Kind, DateOnly StartsOn, DateOnly EndsOn, string Place, int Minimum, long Registered)>(
                new CommandDefinition("""
                    select e.event_id, e.name, e.kind, e.starts_on, e.ends_on, e.place, e.minimum_participants,
                           (select count(*) from event_participant p where p.event_id = e.event_id)
                    from hackathon_event e where e.event_id = @Id
                    """, new { query.Id }, cancellationToken: cancellationToken));
            if (e.Id == Guid.Empty)
            {
                throw new NotFoundException("Event", query.Id);
            }

            var challenges = await connection.QueryAsync<ChallengeRow>(new CommandDefinition("""
                select challenge_id as id, company, question, assignment, min_team_size, max_team_size, min_students, min_non_students, allowed_programmes, duration_weeks
                from challenge where event_id = @Id order by created_at, challenge_id
                """, new { query.Id }, cancellationToken: cancellationToken));
            var skills = (await connection.QueryAsync<(Guid ChallengeId, Guid Id, string? LabelNl, string LabelEn, double Weight)>(new CommandDefinition("""
                select cs.challenge_id, s.skill_id, s.label_nl, s.label_en, cs.weight
                from challenge_skill cs join challenge c on c.challenge_id = cs.challenge_id join skill s on s.skill_id = cs.skill_id
                where c.event_id = @Id order by cs.weight desc, s.label_en
                """, new { query.Id }, cancellationToken: cancellationToken))).ToList();
            var warning = e.Registered < e.Minimum ? $"Only {e.Registered} of the {e.Minimum} participants this event needs have registered." : null;
            return new Response(e.Id, e.Name, e.Kind, e.StartsOn, e.EndsOn, e.Place, e.Minimum, (int)e.Registered, warning,
                challenges.Select(c => new ChallengeView(c.Id, c.Company, c.Question, c.Assignment, c.MinTeamSize, c.MaxTeamSize, c.MinStudents, c.MinNonStudents,
                    c.AllowedProgrammes, c.DurationWeeks,
                    skills.Where(s => s.ChallengeId == c.Id).Select(s => new Skill(s.Id, s.LabelNl ?? s.LabelEn, s.LabelEn, s.Weight)).ToList())).ToList());
        }
    }

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/events/{id:guid}", async (Guid id, ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(new Query(id), ct)))
            .WithName("GetEvent");
}
