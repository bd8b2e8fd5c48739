using System.Text.Json.Serialization;
using Dapper;
using FluentValidation;
using Mediator;
using Npgsql;
using TalentMatch.Web.Infrastructure.Errors;
using TalentMatch.Web.Infrastructure.Security;

namespace TalentMatch.Web.Features.Hackathons;

/// <summary>
/// Lab mode: the broker turns a company question into an assignment for a student-only team from given
/// programmes, over weeks rather than a weekend. The result is a challenge of a lab round that the same team
/// formation engine staffs, keeping the question's required skills.
/// </summary>
public static class CreateLabAssignment
{
    [AllowedFor(Role.Organiser, Role.Admin)]
    public sealed record Command(Guid LabEventId, string? Assignment, IReadOnlyList<string>? Programmes, int DurationWeeks, int MinTeamSize, int MaxTeamSize) : ICommand<Response>
    {
        [JsonIgnore]
        public Guid ChallengeId { get; init; }
    }

    public sealed record Response(Guid Id, Guid LabEventId, Guid SourceChallengeId, string Company, string Question, string Assignment, IReadOnlyList<string> Programmes,
        int DurationWeeks, int MinTeamSize, int MaxTeamSize);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(NpgsqlDataSource dataSource)
        {
            RuleFor(c => c.LabEventId).NotEmpty().MustAsync(async (id, ct) =>
            {
                await using var connection = await dataSource.OpenConnectionAsync(ct);
                return await connection.ExecuteScalarAsync<bool>(new CommandDefinition("select exists (select 1 from hackathon_event where event_id = @id and kind = 'lab')", new { id }, cancellationToken: ct));
            }).WithMessage("Unknown lab round (an event of kind 'lab').");
            RuleFor(c => c.Assignment).NotEmpty().MaximumLength(4000);
            RuleFor(c => c.Programmes).NotEmpty().WithMessage("A lab team comes from at least one programme.");
            RuleForEach(c => c.Programmes).NotEmpty().MaximumLength(100);
            // A lab assignment runs longer than a hackathon weekend: at least two weeks, at most a school year.
            RuleFor(c => c.DurationWeeks).InclusiveBetween(2, 52);
            RuleFor(c => c.MinTeamSize).InclusiveBetween(1, 50);
            RuleFor(c => c.MaxTeamSize).InclusiveBetween(1, 50).GreaterThanOrEqualTo(c => c.MinTeamSize).WithMessage("The largest team size must be at least the smallest.");
        }
    }

    public sealed class Handler(NpgsqlDataSource dataSource) : ICommandHandler<Command, Response>
    {
        public async ValueTask<Response> Handle(Command command, CancellationToken cancellationToken)
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var source = await connection.QuerySingleOrDefaultAsync<(string Company, string Question)>(new CommandDefinition(
                "select company, question from challenge where challenge_id = @ChallengeId", new { command.ChallengeId }, transaction, cancellationToken: cancellationToken));
            if (source.Company is null)
            {
                throw new NotFoundException("Challenge", command.ChallengeId);
            }

            var id = Guid.CreateVersion7();
            var programmes = command.Programmes!.Select(p => p.Trim()).Distinct().ToArray();
            await connection.ExecuteAsync(new CommandDefinition("""
                insert into challenge (challenge_id, event_id, company, question, min_team_size, max_team_size, min_students, min_non_students,
                                       assignment, allowed_programmes, duration_weeks, source_challenge_id)
                values (@id, @LabEventId, @company, @question, @MinTeamSize, @MaxTeamSize, 0, 0, @Assignment, @programmes, @DurationWeeks, @ChallengeId);
                insert into challenge_skill (challenge_id, skill_id, weight) select @id, skill_id, weight from challenge_skill where challenge_id = @ChallengeId;
                """, new { id, command.LabEventId, company = source.Company, question = source.Question, command.MinTeamSize, command.MaxTeamSize,
                command.Assignment, programmes, command.DurationWeeks, command.ChallengeId }, transaction, cancellationToken: cancellationToken));
            await transaction.CommitAsync(cancellationToken);
            return new Response(id, command.LabEventId, command.ChallengeId, source.Company, source.Question, command.Assignment!, programmes,
                command.DurationWeeks, command.MinTeamSize, command.MaxTeamSize);
        }
    }

    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/challenges/{challengeId:guid}/lab-assignments", async (Guid challengeId, Command command, ISender sender, CancellationToken ct) =>
            {
                var created = await sender.Send(command with { ChallengeId = challengeId }, ct);
                return TypedResults.Created($"/api/events/{created.LabEventId}/challenges/{created.Id}", created);
            })
            .WithName("CreateLabAssignment");
}
