using Dapper;
using Mediator;
using Npgsql;
using TalentMatch.Web.Infrastructure.Errors;
using TalentMatch.Web.Infrastructure.Security;

namespace TalentMatch.Web.Features.Vacancies;

/// <summary>An employer withdraws a vacancy or internship place (closing it keeps it; this removes it).</summary>
public static class DeleteOpening
{
    [AllowedFor(Role.Employer, Role.Coordinator, Role.Admin)]
    public sealed record Command(Guid Id, string Kind) : ICommand;

    public sealed class Handler(NpgsqlDataSource dataSource, ICurrentUser user) : ICommandHandler<Command>
    {
        public async ValueTask<Unit> Handle(Command command, CancellationToken cancellationToken)
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await OpeningAccess.EnsureManagesAsync(connection, transaction, user, command.Id, command.Kind, cancellationToken);
            await connection.ExecuteAsync(new CommandDefinition("delete from vacancy where vacancy_id = @Id", command, transaction, cancellationToken: cancellationToken));
            await transaction.CommitAsync(cancellationToken);
            return Unit.Value;
        }
    }

    public static void Map(RouteGroupBuilder api)
    {
        api.MapDelete("/vacancies/{id:guid}", async (Guid id, ISender sender, CancellationToken ct) =>
        {
            await sender.Send(new Command(id, "job"), ct);
            return TypedResults.NoContent();
        }).WithName("DeleteVacancy");
        api.MapDelete("/internships/{id:guid}", async (Guid id, ISender sender, CancellationToken ct) =>
        {
            await sender.Send(new Command(id, "internship"), ct);
            return TypedResults.NoContent();
        }).WithName("DeleteInternship");
    }
}
