using System.Text.Json.Serialization;
using Dapper;
using FluentValidation;
using Mediator;
using Npgsql;
using TalentMatch.Web.Infrastructure.Errors;
using TalentMatch.Web.Infrastructure.Validation;
using TalentMatch.Web.Infrastructure.Security;

namespace TalentMatch.Web.Features.Pact;

/// <summary>Moves a placement along proposed → accepted → started → completed (or cancelled), keeping every step.</summary>
public static class ChangePlacementStatus
{
    [AllowedFor(Role.Coordinator, Role.Admin)]
    public sealed record Command(string? Status, string? Note) : ICommand<Response>
    {
        [JsonIgnore]
        public Guid PlacementId { get; init; }
    }

    public sealed record Change(string Status, string? Note, DateTimeOffset ChangedAt);

    public sealed record Response(Guid Id, string Status, IReadOnlyList<Change> History);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Status).NotEmpty().In(PactRules.PlacementStatuses);
            RuleFor(c => c.Note).MaximumLength(500);
        }
    }

    public sealed class Handler(NpgsqlDataSource dataSource) : ICommandHandler<Command, Response>
    {
        public async ValueTask<Response> Handle(Command command, CancellationToken cancellationToken)
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var current = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
                "select status from placement where placement_id = @PlacementId for update", new { command.PlacementId }, transaction, cancellationToken: cancellationToken))
                ?? throw new NotFoundException("Placement", command.PlacementId);
            if (!PactRules.NextStatuses[current].Contains(command.Status))
            {
                var next = PactRules.NextStatuses[current];
                throw new ConflictException("status", next.Length == 0
                    ? $"The placement is {current}; that is final."
                    : $"A {current} placement can only become {string.Join(" or ", next)}.");
            }

            await connection.ExecuteAsync(new CommandDefinition("""
                update placement set status = @Status, updated_at = now() where placement_id = @PlacementId;
                insert into placement_status_change (placement_id, status, note) values (@PlacementId, @Status, @Note);
                """, new { command.PlacementId, command.Status, command.Note }, transaction, cancellationToken: cancellationToken));
            await transaction.CommitAsync(cancellationToken);
            var history = await connection.QueryAsync<(string Status, string? Note, DateTime ChangedAt)>(new CommandDefinition(
                "select status, note, changed_at from placement_status_change where placement_id = @PlacementId order by changed_at",
                new { command.PlacementId }, cancellationToken: cancellationToken));
            return new Response(command.PlacementId, command.Status!,
                history.Select(h => new Change(h.Status, h.Note, new DateTimeOffset(DateTime.SpecifyKind(h.ChangedAt, DateTimeKind.Utc)))).ToList());
        }
    }

    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/placements/{placementId:guid}/status", async (Guid placementId, Command command, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(command with { PlacementId = placementId }, ct)))
            .WithName("ChangePlacementStatus");
}
