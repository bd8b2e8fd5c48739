using System.Text.Json.Serialization;
using Dapper;
using FluentValidation;
using Mediator;
using Npgsql;
using TalentMatch.Planning.Teams;
using TalentMatch.Web.Infrastructure.Errors;
using TalentMatch.Web.Infrastructure.Security;

namespace TalentMatch.Web.Features.Hackathons;

/// <summary>
/// Forms the event's teams with CP-SAT (locks kept), stores the run with every team's explanation, and warns
/// when fewer people registered than the event needs. Running it again after changing locks re-solves.
/// </summary>
public static class FormTeams
{
    [AllowedFor(Role.Organiser, Role.Admin)]
    public sealed record Command : ICommand<GetTeams.Response>
    {
        [JsonIgnore]
        public Guid EventId { get; init; }

        /// <summary>Seconds the solver may search; it keeps the best teams found and reports the gap.</summary>
        public int TimeLimitSeconds { get; init; } = 10;
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.TimeLimitSeconds).InclusiveBetween(1, 60);
    }

    internal sealed class ChallengeRow
    {
        public Guid Id { get; init; }
        public string Company { get; init; } = "";
        public string Question { get; init; } = "";
        public int MinTeamSize { get; init; }
        public int MaxTeamSize { get; init; }
        public int MinStudents { get; init; }
        public int MinNonStudents { get; init; }
        public string[]? AllowedProgrammes { get; init; }
        public string[] SkillLabels { get; init; } = [];
        public double[] Weights { get; init; } = [];
    }

    internal sealed class ParticipantRow
    {
        public Guid Id { get; init; }
        public string Name { get; init; } = "";
        public string Kind { get; init; } = "";
        public string? Programme { get; init; }
        public string[] SkillLabels { get; init; } = [];
        public Guid[] Preferences { get; init; } = [];
        public Guid? LockedTo { get; init; }
    }

    public sealed class Handler(NpgsqlDataSource dataSource) : ICommandHandler<Command, GetTeams.Response>
    {
        public async ValueTask<GetTeams.Response> Handle(Command command, CancellationToken cancellationToken)
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await HackathonRules.EnsureEventAsync(connection, command.EventId, cancellationToken, transaction);
            var minimum = await connection.ExecuteScalarAsync<int>(new CommandDefinition("select minimum_participants from hackathon_event where event_id = @EventId",
                new { command.EventId }, transaction, cancellationToken: cancellationToken));
            var challenges = (await connection.QueryAsync<ChallengeRow>(new CommandDefinition(ChallengesSql, new { command.EventId }, transaction, cancellationToken: cancellationToken))).ToList();
            var people = (await connection.QueryAsync<ParticipantRow>(new CommandDefinition(ParticipantsSql, new { command.EventId }, transaction, cancellationToken: cancellationToken))).ToList();
            var problem = Problem(challenges, people);
            var result = TeamFormation.Solve(problem, TimeSpan.FromSeconds(command.TimeLimitSeconds));
            if (result.Infeasibility is { } reason)
            {
                throw new ConflictException("locks", reason);
            }

            var warning = people.Count < minimum
                ? $"Only {people.Count} of the {minimum} participants this event needs have registered."
                : null;
            var runId = Guid.CreateVersion7();
            await connection.ExecuteAsync(new CommandDefinition("""
                insert into team_run (run_id, event_id, optimal, gap, coverage, preference_satisfaction, elapsed_ms, warning)
                values (@runId, @EventId, @optimal, @gap, @coverage, @satisfaction, @elapsed, @warning)
                """, new { runId, command.EventId, optimal = result.Optimal, gap = double.IsNaN(result.Gap) ? (double?)null : result.Gap, coverage = result.Coverage,
                satisfaction = result.PreferenceSatisfaction, elapsed = (int)result.Elapsed.TotalMilliseconds, warning }, transaction, cancellationToken: cancellationToken));
            foreach (var team in result.Teams)
            {
                var challengeId = challenges[team.Challenge].Id;
                await connection.ExecuteAsync(new CommandDefinition("""
                    insert into team (run_id, challenge_id, staffed, coverage, uncovered_skills, explanation,
                                      unstaffed_reason, unstaffed_registered, unstaffed_needed, unstaffed_programmes)
                    values (@runId, @challengeId, @staffed, @coverage, @uncovered, @explanation, @reason, @registered, @needed, @programmes)
                    """, new
                    {
                        runId, challengeId, staffed = team.Staffed, coverage = team.Coverage, uncovered = team.UncoveredSkills.ToArray(), explanation = team.Explanation,
                        reason = team.Unstaffed?.Code, registered = team.Unstaffed?.Registered, needed = team.Unstaffed?.Needed, programmes = team.Unstaffed?.Programmes.ToArray(),
                    },
                    transaction, cancellationToken: cancellationToken));
                foreach (var member in team.Members)
                {
                    await connection.ExecuteAsync(new CommandDefinition("""
                        insert into team_member (run_id, challenge_id, participant_id, brings_skills, preference_rank, locked)
                        values (@runId, @challengeId, @participant, @brings, @rank, @locked)
                        """, new { runId, challengeId, participant = people[member.Participant].Id, brings = member.BringsSkills.ToArray(), rank = member.PreferenceRank,
                        locked = member.Locked }, transaction, cancellationToken: cancellationToken));
                }
            }

            await transaction.CommitAsync(cancellationToken);
            return await GetTeams.ReadAsync(connection, command.EventId, cancellationToken);
        }
    }

    internal static TeamProblem Problem(IReadOnlyList<ChallengeRow> challenges, IReadOnlyList<ParticipantRow> people)
    {
        var challengeIndex = challenges.Select((c, i) => (c.Id, i)).ToDictionary(e => e.Id, e => e.i);
        var model = challenges.Select(c =>
        {
            var mix = new List<MixRule>();
            if (c.MinStudents > 0)
            {
                mix.Add(new MixRule(new HashSet<ParticipantKind> { ParticipantKind.Student }, c.MinStudents, $"at least {c.MinStudents} student(s)"));
            }

            if (c.MinNonStudents > 0)
            {
                mix.Add(new MixRule(HackathonRules.NonStudents, c.MinNonStudents, $"at least {c.MinNonStudents} non-student(s)"));
            }

            var skills = c.SkillLabels.Select((label, i) => (label, c.Weights[i])).ToDictionary(e => e.label, e => e.Item2);
            return new Challenge(c.Company, skills, c.MinTeamSize, c.MaxTeamSize, mix, c.AllowedProgrammes?.ToHashSet());
        }).ToList();
        var participants = people.Select(p => new Participant(p.Name, HackathonRules.Kind(p.Kind), p.SkillLabels.ToHashSet(),
            p.Preferences.Where(challengeIndex.ContainsKey).Select(id => challengeIndex[id]).ToList(), p.Programme)).ToList();
        var locks = people.Select((p, i) => (p, i)).Where(e => e.p.LockedTo is { } c && challengeIndex.ContainsKey(c))
            .Select(e => new TeamLock(e.i, challengeIndex[e.p.LockedTo!.Value])).ToList();
        return new TeamProblem(participants, model) { Locks = locks };
    }

    internal const string ChallengesSql = """
        select c.challenge_id as id, c.company, c.question, c.min_team_size, c.max_team_size, c.min_students, c.min_non_students, c.allowed_programmes,
               coalesce(array_agg(s.label_en order by s.label_en) filter (where s.skill_id is not null), '{}') as skill_labels,
               coalesce(array_agg(cs.weight order by s.label_en) filter (where s.skill_id is not null), '{}') as weights
        from challenge c
        left join challenge_skill cs on cs.challenge_id = c.challenge_id
        left join skill s on s.skill_id = cs.skill_id
        where c.event_id = @EventId
        group by c.challenge_id
        order by c.created_at, c.challenge_id
        """;

    internal const string ParticipantsSql = """
        select p.participant_id as id, p.name, p.kind, p.programme,
               coalesce((select array_agg(s.label_en order by s.label_en) from participant_skill ps join skill s on s.skill_id = ps.skill_id
                         where ps.participant_id = p.participant_id), '{}') as skill_labels,
               coalesce((select array_agg(pp.challenge_id order by pp.rank) from participant_preference pp where pp.participant_id = p.participant_id), '{}') as preferences,
               (select l.challenge_id from team_lock l where l.participant_id = p.participant_id) as locked_to
        from event_participant p
        where p.event_id = @EventId
        order by p.created_at, p.participant_id
        """;

    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/events/{eventId:guid}/team-runs", async (Guid eventId, int? timeLimitSeconds, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new Command { EventId = eventId, TimeLimitSeconds = timeLimitSeconds ?? 10 }, ct)))
            .WithName("FormTeams");
}
