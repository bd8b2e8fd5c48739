using System.Text.Json.Serialization;
using Dapper;
using FluentValidation;
using Mediator;
using Npgsql;
using TalentMatch.Web.Infrastructure.Validation;
using TalentMatch.Web.Infrastructure.Security;

namespace TalentMatch.Web.Features.Hackathons;

/// <summary>A company puts a question to the event: the skills it needs (weighted), team size bounds and the mix it wants.</summary>
public static class AddChallenge
{
    public sealed record RequiredSkill(Guid SkillId, double Weight = 1);

    [AllowedFor(Role.Organiser, Role.Admin)]
    public sealed record Command(string? Company, string? Question, IReadOnlyList<RequiredSkill>? Skills, int MinTeamSize, int MaxTeamSize, int MinStudents = 0,
        int MinNonStudents = 0) : ICommand<Response>
    {
        [JsonIgnore]
        public Guid EventId { get; init; }
    }

    public sealed record Response(Guid Id, Guid EventId, string Company, string Question, int MinTeamSize, int MaxTeamSize, int MinStudents, int MinNonStudents);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(NpgsqlDataSource dataSource)
        {
            RuleFor(c => c.Company).NotEmpty().MaximumLength(200);
            RuleFor(c => c.Question).NotEmpty().MaximumLength(4000);
            RuleFor(c => c.Skills).NotEmpty().WithMessage("A challenge needs at least one required skill.");
            RuleForEach(c => c.Skills).ChildRules(s => s.RuleFor(k => k.Weight).GreaterThan(0).LessThanOrEqualTo(10));
            RuleFor(c => c.Skills).Must(s => s is null || s.Select(k => k.SkillId).Distinct().Count() == s.Count).WithMessage("Each skill at most once.");
            RuleFor(c => c.Skills!.Select(s => s.SkillId).ToList() as IReadOnlyList<Guid>)
                .AllKnown(dataSource, _ => Guid.Empty, "select count(*) from skill where skill_id = any(@ids)", "Unknown skill.")
                .OverridePropertyName("skills").When(c => c.Skills is not null);
            RuleFor(c => c.MinTeamSize).InclusiveBetween(1, 50);
            RuleFor(c => c.MaxTeamSize).InclusiveBetween(1, 50).GreaterThanOrEqualTo(c => c.MinTeamSize).WithMessage("The largest team size must be at least the smallest.");
            RuleFor(c => c.MinStudents).GreaterThanOrEqualTo(0);
            RuleFor(c => c.MinNonStudents).GreaterThanOrEqualTo(0)
                .Must((c, n) => c.MinStudents + n <= c.MaxTeamSize).WithMessage("The required mix does not fit in the largest team.");
        }
    }

    public sealed class Handler(NpgsqlDataSource dataSource) : ICommandHandler<Command, Response>
    {
        public async ValueTask<Response> Handle(Command command, CancellationToken cancellationToken)
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await HackathonRules.EnsureEventAsync(connection, command.EventId, cancellationToken, transaction);
            var id = Guid.CreateVersion7();
            var created = await connection.QuerySingleAsync<Response>(new CommandDefinition("""
                insert into challenge (challenge_id, event_id, company, question, min_team_size, max_team_size, min_students, min_non_students)
                values (@id, @EventId, @Company, @Question, @MinTeamSize, @MaxTeamSize, @MinStudents, @MinNonStudents)
                returning challenge_id as id, event_id, company, question, min_team_size, max_team_size, min_students, min_non_students
                """, new { id, command.EventId, command.Company, command.Question, command.MinTeamSize, command.MaxTeamSize, command.MinStudents, command.MinNonStudents },
                transaction, cancellationToken: cancellationToken));
            await connection.ExecuteAsync(new CommandDefinition("""
                insert into challenge_skill (challenge_id, skill_id, weight) select @id, s, w from unnest(@skills, @weights) as t(s, w)
                """, new { id, skills = command.Skills!.Select(s => s.SkillId).ToArray(), weights = command.Skills!.Select(s => s.Weight).ToArray() },
                transaction, cancellationToken: cancellationToken));
            await transaction.CommitAsync(cancellationToken);
            return created;
        }
    }

    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/events/{eventId:guid}/challenges", async (Guid eventId, Command command, ISender sender, CancellationToken ct) =>
            {
                var created = await sender.Send(command with { EventId = eventId }, ct);
                return TypedResults.Created($"/api/events/{eventId}/challenges/{created.Id}", created);
            })
            .WithName("AddChallenge");
}
