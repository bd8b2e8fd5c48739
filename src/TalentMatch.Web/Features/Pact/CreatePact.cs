using Dapper;
using FluentValidation;
using Mediator;
using Npgsql;
using TalentMatch.Web.Infrastructure.Security;

namespace TalentMatch.Web.Features.Pact;

/// <summary>A regional internship pact for one academic year, with the number of places it aims for.</summary>
public static class CreatePact
{
    [AllowedFor(Role.Coordinator, Role.Admin)]
    public sealed record Command(string? Name, string? Region, string? AcademicYear, int TargetPlaces) : ICommand<GetPact.Response>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Name).NotEmpty().MaximumLength(200);
            RuleFor(c => c.Region).NotEmpty().MaximumLength(100);
            RuleFor(c => c.AcademicYear).NotEmpty().Matches("^[0-9]{4}-[0-9]{4}$").WithMessage("An academic year like 2026-2027.")
                .Must(y => y is null || y.Length != 9 || int.Parse(y[5..], System.Globalization.CultureInfo.InvariantCulture) == int.Parse(y[..4], System.Globalization.CultureInfo.InvariantCulture) + 1)
                .WithMessage("The second year must follow the first, e.g. 2026-2027.");
            RuleFor(c => c.TargetPlaces).InclusiveBetween(1, 100000);
        }
    }

    public sealed class Handler(NpgsqlDataSource dataSource) : ICommandHandler<Command, GetPact.Response>
    {
        public async ValueTask<GetPact.Response> Handle(Command command, CancellationToken cancellationToken)
        {
            var id = Guid.CreateVersion7();
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await connection.ExecuteAsync(new CommandDefinition("""
                insert into pact (pact_id, name, region, academic_year, target_places) values (@id, @Name, @Region, @AcademicYear, @TargetPlaces)
                """, new { id, command.Name, command.Region, command.AcademicYear, command.TargetPlaces }, cancellationToken: cancellationToken));
            return await GetPact.ReadAsync(connection, id, cancellationToken);
        }
    }

    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/pacts", async (Command command, ISender sender, CancellationToken ct) =>
            {
                var pact = await sender.Send(command, ct);
                return TypedResults.Created($"/api/pacts/{pact.Id}", pact);
            })
            .WithName("CreatePact");
}
