using System.Text.Json.Serialization;
using Dapper;
using FluentValidation;
using Mediator;
using Npgsql;
using TalentMatch.Web.Infrastructure.Errors;
using TalentMatch.Web.Infrastructure.Security;

namespace TalentMatch.Web.Features.Pact;

/// <summary>
/// Records that an internship place honours a pledge. The places linked to a pledge may not add up to more
/// than were pledged: a partner offering more makes a second pledge, so the funnel never shows above 100 %.
/// </summary>
public static class LinkPlace
{
    [AllowedFor(Role.Coordinator, Role.Admin)]
    public sealed record Command(Guid InternshipId) : ICommand<Response>
    {
        [JsonIgnore]
        public Guid PledgeId { get; init; }
    }

    public sealed record Response(Guid PledgeId, Guid InternshipId, int Pledged, long Offered);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(NpgsqlDataSource dataSource)
        {
            RuleFor(c => c.InternshipId).NotEmpty()
                .BelongsToPact(dataSource, _ => Guid.Empty, "select exists (select 1 from internship_place where vacancy_id = @id)", "Unknown internship place.");
        }
    }

    public sealed class Handler(NpgsqlDataSource dataSource) : ICommandHandler<Command, Response>
    {
        public async ValueTask<Response> Handle(Command command, CancellationToken cancellationToken)
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            // Lock the pledge so two links at once cannot both pass the capacity check.
            var (pledged, pledgedLevel) = await connection.QuerySingleOrDefaultAsync<(int Places, string Level)>(new CommandDefinition(
                "select places, education_level from pledge where pledge_id = @PledgeId for update", new { command.PledgeId }, transaction, cancellationToken: cancellationToken));
            if (pledgedLevel is null)
            {
                throw new NotFoundException("Pledge", command.PledgeId);
            }

            var current = await connection.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(
                "select pledge_id from pledge_place where vacancy_id = @InternshipId", new { command.InternshipId }, transaction, cancellationToken: cancellationToken));
            if (current is { } other && other != command.PledgeId)
            {
                throw new ConflictException("internshipId", "This internship place already honours another pledge.");
            }

            var offered = await connection.ExecuteScalarAsync<long>(new CommandDefinition("""
                select coalesce(sum(i.places), 0) from pledge_place lp join internship_place i on i.vacancy_id = lp.vacancy_id
                where lp.pledge_id = @PledgeId and lp.vacancy_id <> @InternshipId
                """, new { command.PledgeId, command.InternshipId }, transaction, cancellationToken: cancellationToken));
            var (places, level) = await connection.QuerySingleAsync<(int Places, string Level)>(new CommandDefinition(
                "select places, programme_level from internship_place where vacancy_id = @InternshipId", new { command.InternshipId }, transaction, cancellationToken: cancellationToken));
            if (level != pledgedLevel)
            {
                // A place at another level does not honour the promise, however many places it has.
                throw new FluentValidation.ValidationException([new FluentValidation.Results.ValidationFailure("internshipId",
                    $"The place is for {level} students; the pledge is for {pledgedLevel}.")]);
            }

            if (offered + places > pledged)
            {
                throw new FluentValidation.ValidationException([new FluentValidation.Results.ValidationFailure("internshipId",
                    $"The pledge is for {pledged} places; {offered} are already offered, so a place for {places} would go over it. Record a further pledge first.")]);
            }

            await connection.ExecuteAsync(new CommandDefinition("""
                insert into pledge_place (vacancy_id, pledge_id) values (@InternshipId, @PledgeId) on conflict (vacancy_id) do nothing
                """, new { command.InternshipId, command.PledgeId }, transaction, cancellationToken: cancellationToken));
            await transaction.CommitAsync(cancellationToken);
            return new Response(command.PledgeId, command.InternshipId, pledged, offered + places);
        }
    }

    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/pledges/{pledgeId:guid}/places", async (Guid pledgeId, Command command, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(command with { PledgeId = pledgeId }, ct)))
            .WithName("LinkPlaceToPledge");
}
