using System.Text.Json.Serialization;
using Dapper;
using FluentValidation;
using Mediator;
using Npgsql;
using TalentMatch.Web.Infrastructure.Validation;
using TalentMatch.Web.Infrastructure.Security;

namespace TalentMatch.Web.Features.Hackathons;

/// <summary>An organiser fixes people to teams before solving again; the list replaces the event's earlier locks.</summary>
public static class LockTeamMembers
{
    public sealed record TeamLock(Guid ParticipantId, Guid ChallengeId);

    [AllowedFor(Role.Organiser, Role.Admin)]
    public sealed record Command(IReadOnlyList<TeamLock>? Locks) : ICommand<Response>
    {
        [JsonIgnore]
        public Guid EventId { get; init; }
    }

    public sealed record Response(Guid EventId, IReadOnlyList<TeamLock> Locks);

    // A class: Dapper matches record constructors by exact column type, and Npgsql reports text[] as System.Array.
    sealed class ChallengeLimits
    {
        public Guid Id { get; init; }
        public int MaxTeamSize { get; init; }
        public string[]? AllowedProgrammes { get; init; }
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(NpgsqlDataSource dataSource)
        {
            RuleFor(c => c.Locks).NotNull();
            RuleFor(c => c.Locks).Must(l => l is null || l.Select(x => x.ParticipantId).Distinct().Count() == l.Count).WithMessage("A person can be locked to one team only.");
            RuleFor(c => c.Locks!.Select(l => l.ParticipantId).ToList() as IReadOnlyList<Guid>)
                .AllKnown(dataSource, c => c.EventId, "select count(*) from event_participant where participant_id = any(@ids) and event_id = @scope", "Unknown participant in this event.")
                .OverridePropertyName("locks").When(c => c.Locks is not null);
            RuleFor(c => c.Locks!.Select(l => l.ChallengeId).ToList() as IReadOnlyList<Guid>)
                .AllKnown(dataSource, c => c.EventId, "select count(*) from challenge where challenge_id = any(@ids) and event_id = @scope", "Unknown challenge in this event.")
                .OverridePropertyName("locks").When(c => c.Locks is not null);
            RuleFor(c => c.Locks).CustomAsync(async (locks, context, ct) =>
            {
                if (locks is null || locks.Count == 0)
                {
                    return;
                }

                await using var connection = await dataSource.OpenConnectionAsync(ct);
                var challenges = (await connection.QueryAsync<ChallengeLimits>(new CommandDefinition(
                    "select challenge_id as id, max_team_size, allowed_programmes from challenge where challenge_id = any(@ids)",
                    new { ids = locks.Select(l => l.ChallengeId).Distinct().ToArray() }, cancellationToken: ct))).ToDictionary(c => c.Id);
                var people = (await connection.QueryAsync<(Guid Id, string Kind, string? Programme)>(new CommandDefinition(
                    "select participant_id, kind, programme from event_participant where participant_id = any(@ids)",
                    new { ids = locks.Select(l => l.ParticipantId).ToArray() }, cancellationToken: ct))).ToDictionary(p => p.Id);
                for (var i = 0; i < locks.Count; i++)
                {
                    if (challenges.GetValueOrDefault(locks[i].ChallengeId) is not { } challenge || !people.TryGetValue(locks[i].ParticipantId, out var person))
                    {
                        continue;
                    }

                    if (challenge.AllowedProgrammes is { } programmes && (person.Kind != "student" || !programmes.Contains(person.Programme)))
                    {
                        context.AddFailure($"locks[{i}].participantId", $"This lab team takes only students from {string.Join(", ", programmes)}.");
                    }

                    if (locks.Count(l => l.ChallengeId == challenge.Id) > challenge.MaxTeamSize)
                    {
                        context.AddFailure($"locks[{i}].challengeId", $"More people locked to this challenge than its largest team ({challenge.MaxTeamSize}).");
                    }
                }
            });
        }
    }

    public sealed class Handler(NpgsqlDataSource dataSource) : ICommandHandler<Command, Response>
    {
        public async ValueTask<Response> Handle(Command command, CancellationToken cancellationToken)
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await HackathonRules.EnsureEventAsync(connection, command.EventId, cancellationToken, transaction);
            var locks = command.Locks!;
            await connection.ExecuteAsync(new CommandDefinition("""
                delete from team_lock where participant_id in (select participant_id from event_participant where event_id = @EventId);
                insert into team_lock (participant_id, challenge_id) select p, c from unnest(@people, @challenges) as t(p, c);
                """, new { command.EventId, people = locks.Select(l => l.ParticipantId).ToArray(), challenges = locks.Select(l => l.ChallengeId).ToArray() },
                transaction, cancellationToken: cancellationToken));
            await transaction.CommitAsync(cancellationToken);
            return new Response(command.EventId, locks);
        }
    }

    public static void Map(RouteGroupBuilder api) =>
        api.MapPut("/events/{eventId:guid}/locks", async (Guid eventId, Command command, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(command with { EventId = eventId }, ct)))
            .WithName("LockTeamMembers");
}
