using System.Text.Json.Serialization;
using Dapper;
using FluentValidation;
using Mediator;
using Npgsql;
using TalentMatch.Web.Infrastructure.Validation;
using TalentMatch.Web.Infrastructure.Security;

namespace TalentMatch.Web.Features.Pact;

/// <summary>A partner promises a number of internship places for a sector, level, programme and period.</summary>
public static class AddPledge
{
    /// <summary>No single partner pledges more than this; a larger number is almost always a typing error.</summary>
    public const int MaximumPlaces = 1000;

    [AllowedFor(Role.Coordinator, Role.Admin)]
    public sealed record Command(Guid PartnerId, string? Sector, string? EducationLevel, string? Programme, int Places, DateOnly? PeriodStart, DateOnly? PeriodEnd,
        DateOnly? PledgedOn) : ICommand<Response>
    {
        [JsonIgnore]
        public Guid PactId { get; init; }
    }

    public sealed record Response(Guid Id, Guid PactId, Guid PartnerId, string Sector, string EducationLevel, string Programme, int Places,
        DateOnly PeriodStart, DateOnly PeriodEnd, DateOnly PledgedOn);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(NpgsqlDataSource dataSource)
        {
            RuleFor(c => c.PartnerId).NotEmpty()
                .BelongsToPact(dataSource, c => c.PactId, "select exists (select 1 from pact_partner where partner_id = @id and pact_id = @pactId)", "Unknown partner in this pact.");
            RuleFor(c => c.Sector).NotEmpty().In(Vocabulary.Sectors);
            RuleFor(c => c.EducationLevel).NotEmpty().In(PactRules.Levels);
            RuleFor(c => c.Programme).NotEmpty().MaximumLength(100);
            RuleFor(c => c.Places).InclusiveBetween(1, MaximumPlaces);
            RuleFor(c => c.PeriodStart).NotNull();
            RuleFor(c => c.PeriodEnd).NotNull()
                .GreaterThan(c => c.PeriodStart).When(c => c.PeriodStart is not null).WithMessage("The period must end after it starts.");
        }
    }

    public sealed class Handler(NpgsqlDataSource dataSource) : ICommandHandler<Command, Response>
    {
        public async ValueTask<Response> Handle(Command command, CancellationToken cancellationToken)
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await PactRules.EnsurePactAsync(connection, command.PactId, cancellationToken);
            return await connection.QuerySingleAsync<Response>(new CommandDefinition("""
                insert into pledge (pledge_id, pact_id, partner_id, sector, education_level, programme, places, period_start, period_end, pledged_on)
                values (@id, @PactId, @PartnerId, @Sector, @EducationLevel, @Programme, @Places, @PeriodStart, @PeriodEnd, coalesce(@PledgedOn::date, current_date))
                returning pledge_id as id, pact_id, partner_id, sector, education_level, programme, places, period_start, period_end, pledged_on
                """, new { id = Guid.CreateVersion7(), command.PactId, command.PartnerId, command.Sector, command.EducationLevel, command.Programme, command.Places,
                command.PeriodStart, command.PeriodEnd, command.PledgedOn }, cancellationToken: cancellationToken));
        }
    }

    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/pacts/{pactId:guid}/pledges", async (Guid pactId, Command command, ISender sender, CancellationToken ct) =>
            {
                var pledge = await sender.Send(command with { PactId = pactId }, ct);
                return TypedResults.Created($"/api/pacts/{pactId}/pledges/{pledge.Id}", pledge);
            })
            .WithName("AddPledge");
}
