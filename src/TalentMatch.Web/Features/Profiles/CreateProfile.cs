using Mediator;
using Npgsql;
using TalentMatch.Web.Infrastructure.Security;

namespace TalentMatch.Web.Features.Profiles;

/// <summary>A person creates a skills profile; it is private until they choose otherwise.</summary>
public static class CreateProfile
{
    [AllowedFor(Role.JobSeeker)]
    public sealed record Command : ProfileFields, ICommand<GetProfile.Response>;

    public sealed class Validator(NpgsqlDataSource dataSource) : ProfileFieldsValidator<Command>(dataSource);

    public sealed class Handler(NpgsqlDataSource dataSource, ICurrentUser user) : ICommandHandler<Command, GetProfile.Response>
    {
        public async ValueTask<GetProfile.Response> Handle(Command command, CancellationToken cancellationToken)
        {
            var id = Guid.CreateVersion7();
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
            {
                await ProfileAccess.NameChangerAsync(connection, transaction, user, cancellationToken);
                await ProfileStore.WriteAsync(connection, transaction, id, command, isNew: true, cancellationToken, owner: user.AccountId);
                await transaction.CommitAsync(cancellationToken);
            }

            return await GetProfile.ReadAsync(connection, id, cancellationToken);
        }
    }

    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/profiles", async (Command command, ISender sender, CancellationToken ct) =>
            {
                var profile = await sender.Send(command, ct);
                return TypedResults.Created($"/api/profiles/{profile.Id}", profile);
            })
            .WithName("CreateProfile")
            .WithSummary("Create a skills profile (private by default).");
}
