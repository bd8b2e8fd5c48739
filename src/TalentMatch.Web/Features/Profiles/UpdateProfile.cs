using System.Text.Json.Serialization;
using Dapper;
using Mediator;
using Npgsql;
using TalentMatch.Web.Features.Matching;
using TalentMatch.Web.Infrastructure.Errors;
using TalentMatch.Web.Infrastructure.Security;

namespace TalentMatch.Web.Features.Profiles;

/// <summary>A person replaces their profile as a whole (skills, facts and, when given, visibility).</summary>
public static class UpdateProfile
{
    [AllowedFor(Role.JobSeeker)]
    public sealed record Command : ProfileFields, ICommand<GetProfile.Response>
    {
        /// <summary>From the route, never from the body.</summary>
        [JsonIgnore]
        public Guid Id { get; init; }
    }

    public sealed class Validator(NpgsqlDataSource dataSource) : ProfileFieldsValidator<Command>(dataSource);

    public sealed class Handler(NpgsqlDataSource dataSource, ICurrentUser user, MatchingState matching) : ICommandHandler<Command, GetProfile.Response>
    {
        public async ValueTask<GetProfile.Response> Handle(Command command, CancellationToken cancellationToken)
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
            {
                await connection.ExecuteAsync(new CommandDefinition("select 1 from profile where profile_id = @id for update", new { id = command.Id }, transaction, cancellationToken: cancellationToken));
                await ProfileAccess.EnsureCanChangeAsync(connection, user, command.Id, cancellationToken, transaction);
                await ProfileAccess.NameChangerAsync(connection, transaction, user, cancellationToken);

                await ProfileStore.WriteAsync(connection, transaction, command.Id, command, isNew: false, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }

            // The person's next look at their matches must show this change, not the profile as matching held it.
            matching.Profiles.Forget(command.Id);

            return await GetProfile.ReadAsync(connection, command.Id, cancellationToken);
        }
    }

    public static void Map(RouteGroupBuilder api) =>
        api.MapPut("/profiles/{id:guid}", async (Guid id, Command command, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(command with { Id = id }, ct)))
            .WithName("UpdateProfile");
}
