using Dapper;
using Mediator;
using Npgsql;
using TalentMatch.Web.Features.Matching;
using TalentMatch.Web.Infrastructure.Errors;
using TalentMatch.Web.Infrastructure.Security;

namespace TalentMatch.Web.Features.Profiles;

/// <summary>A person removes their profile and everything hanging off it.</summary>
public static class DeleteProfile
{
    [AllowedFor(Role.JobSeeker)]
    public sealed record Command(Guid Id) : ICommand;

    public sealed class Handler(NpgsqlDataSource dataSource, ICurrentUser user, MatchingState matching) : ICommandHandler<Command>
    {
        public async ValueTask<Unit> Handle(Command command, CancellationToken cancellationToken)
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await ProfileAccess.EnsureCanChangeAsync(connection, user, command.Id, cancellationToken, transaction);
            await connection.ExecuteAsync(new CommandDefinition("delete from profile where profile_id = @id", new { id = command.Id }, transaction, cancellationToken: cancellationToken));
            await transaction.CommitAsync(cancellationToken);
            matching.Profiles.Forget(command.Id);
            return Unit.Value;
        }
    }

    public static void Map(RouteGroupBuilder api) =>
        api.MapDelete("/profiles/{id:guid}", async (Guid id, ISender sender, CancellationToken ct) =>
            {
                await sender.Send(new Command(id), ct);
                return TypedResults.NoContent();
            })
            .WithName("DeleteProfile");
}
