using Dapper;
using Mediator;
using Npgsql;
using TalentMatch.Web.Features.Matching;
using TalentMatch.Web.Infrastructure.Security;

namespace TalentMatch.Web.Features.Accounts;

/// <summary>
/// The right to erasure (GDPR art. 17): the account and every row that refers to it or to its profiles go, in one
/// transaction, and the account's tokens and cookies stop working at once. The append-only ranking log is left as it
/// is: it holds pseudonyms, never profile or account ids, so deleting the pseudonym row (a row that refers to the
/// profile) leaves its ranks, scores and explanations as a record of what was shown that no longer leads to anyone.
/// </summary>
public static class EraseMe
{
    [AllowedFor(Role.JobSeeker, Role.Coach, Role.Employer, Role.Coordinator, Role.Organiser, Role.Admin)]
    public sealed record Command : ICommand;

    public sealed class Handler(NpgsqlDataSource dataSource, ICurrentUser user, MatchingState matching, SignedInAccounts signedIn) : ICommandHandler<Command>
    {
        public async ValueTask<Unit> Handle(Command command, CancellationToken cancellationToken)
        {
            var account = user.RequireAccountId();
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var profiles = await PersonalData.ProfilesAsync(connection, transaction, account, cancellationToken);
            // Every row about the person goes; records that belong to someone else (a coach's shortlist, a status change the
            // person made on another's entry) stay without the name. Then the profiles and the account themselves.
            foreach (var reference in await PersonalData.ReferencesAsync(connection, transaction, cancellationToken))
            {
                var ids = reference.Refers == "account" ? [account] : profiles;
                var (table, column) = (PersonalData.Quote(reference.Table), PersonalData.Quote(reference.Column));
                await connection.ExecuteAsync(new CommandDefinition(
                    reference.KeepsRow ? $"update {table} set {column} = null where {column} = any(@ids)" : $"delete from {table} where {column} = any(@ids)",
                    new { ids }, transaction, cancellationToken: cancellationToken));
            }

            await connection.ExecuteAsync(new CommandDefinition("""
                delete from profile_visibility_change where changed_by_account_id = @account;
                delete from profile where profile_id = any(@profiles);
                delete from account where account_id = @account;
                """, new { account, profiles }, transaction, cancellationToken: cancellationToken));
            await transaction.CommitAsync(cancellationToken);
            // Tokens and cookies already handed out stop working now, not when they expire.
            signedIn.Erased(account);

            // Erasure is final at once: nothing matching held about these profiles may still be served.
            foreach (var profile in profiles)
            {
                matching.Profiles.Forget(profile);
            }

            matching.Profiles.ForgetOwnedBy(account);
            return Unit.Value;
        }
    }

    public static void Map(RouteGroupBuilder api) =>
        api.MapDelete("/me", async (ISender sender, CancellationToken ct) =>
            {
                await sender.Send(new Command(), ct);
                return TypedResults.NoContent();
            })
            .WithName("EraseMe")
            .WithSummary("Erase your account and everything stored about you.");
}
