using Dapper;
using FluentValidation;
using Mediator;
using Npgsql;
using TalentMatch.Web.Features.Matching;
using TalentMatch.Web.Infrastructure.Security;
using TalentMatch.Web.Infrastructure.Validation;

namespace TalentMatch.Web.Features.Profiles;

/// <summary>
/// The person decides who sees their profile, in one step: private, coaches, or also employers (anonymously).
/// Matching hears of the change through the database's change notifications and applies it within a second.
/// </summary>
public static class ChangeVisibility
{
    [AllowedFor(Role.JobSeeker)]
    public sealed record Command(Guid ProfileId, string? Visibility) : ICommand<Response>;

    public sealed record Body(string? Visibility);

    public sealed record Response(Guid ProfileId, string Visibility, IReadOnlyList<Change> History);

    public sealed record Change(string? From, string To, DateTimeOffset ChangedAt, bool ByOwner);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.Visibility).NotEmpty().In(Vocabulary.Visibility);
    }

    public sealed class Handler(NpgsqlDataSource dataSource, ICurrentUser user, MatchingState matching) : ICommandHandler<Command, Response>
    {
        public async ValueTask<Response> Handle(Command command, CancellationToken cancellationToken)
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
            {
                await ProfileAccess.EnsureCanChangeAsync(connection, user, command.ProfileId, cancellationToken, transaction);
                await ProfileAccess.NameChangerAsync(connection, transaction, user, cancellationToken);
                await connection.ExecuteAsync(new CommandDefinition(
                    "update profile set visibility = @Visibility, updated_at = now() where profile_id = @ProfileId", command, transaction, cancellationToken: cancellationToken));
                await transaction.CommitAsync(cancellationToken);
            }

            // Who may read the profile changed: matching must not answer from what it held.
            matching.Profiles.Forget(command.ProfileId);

            return await ReadAsync(connection, command.ProfileId, cancellationToken);
        }
    }

    sealed class ChangeRow
    {
        public string? FromVisibility { get; init; }
        public string ToVisibility { get; init; } = "";
        public DateTime ChangedAt { get; init; }
        public bool ByOwner { get; init; }
    }

    internal static async Task<Response> ReadAsync(NpgsqlConnection connection, Guid profileId, CancellationToken ct)
    {
        var visibility = await connection.QuerySingleAsync<string>(new CommandDefinition(
            "select visibility from profile where profile_id = @profileId", new { profileId }, cancellationToken: ct));
        var history = await connection.QueryAsync<ChangeRow>(new CommandDefinition("""
            select c.from_visibility, c.to_visibility, c.changed_at, c.changed_by_account_id is not distinct from p.owner_account_id as by_owner
            from profile_visibility_change c join profile p on p.profile_id = c.profile_id
            where c.profile_id = @profileId order by c.changed_at, c.profile_visibility_change_id
            """, new { profileId }, cancellationToken: ct));
        return new Response(profileId, visibility,
            history.Select(h => new Change(h.FromVisibility, h.ToVisibility, new DateTimeOffset(h.ChangedAt, TimeSpan.Zero), h.ByOwner)).ToList());
    }

    public static void Map(RouteGroupBuilder api) =>
        api.MapPut("/profiles/{id:guid}/visibility", async (Guid id, Body body, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new Command(id, body.Visibility), ct)))
            .WithName("ChangeVisibility")
            .WithSummary("Who may see the profile: private, coach, or employers-anonymous; applied to matching within a second.");
}
