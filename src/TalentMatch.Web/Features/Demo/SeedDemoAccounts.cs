using Dapper;
using Mediator;
using Npgsql;
using TalentMatch.Web.Features.Accounts;
using TalentMatch.Web.Infrastructure.Security;

namespace TalentMatch.Web.Features.Demo;

/// <summary>
/// One account per role for trying the app, with the passwords listed in <c>seed-data/README.md</c>. Only the
/// embedded demo mode (the app runs its own private database) ever sends this; a real server never gets
/// accounts with published passwords. The job seeker owns a demo profile; the employer belongs to a demo employer.
/// </summary>
public static class SeedDemoAccounts
{
    [SystemOnly]
    public sealed record Command : ICommand<Response>;

    public sealed record Response(int Created);

    public sealed record DemoAccount(Role Role, string Email, string Password);

    public static readonly IReadOnlyList<DemoAccount> Accounts =
    [
        new(Role.JobSeeker, "werkzoekende@demo.talentmatch.test", "demo-werkzoekende"),
        new(Role.Coach, "coach@demo.talentmatch.test", "demo-loopbaancoach"),
        new(Role.Employer, "werkgever@demo.talentmatch.test", "demo-werkgever"),
        new(Role.Coordinator, "coordinator@demo.talentmatch.test", "demo-coordinator"),
        new(Role.Organiser, "organisator@demo.talentmatch.test", "demo-organisator"),
        new(Role.Admin, "beheerder@demo.talentmatch.test", "demo-beheerder"),
    ];

    public sealed class Handler(NpgsqlDataSource dataSource) : ICommandHandler<Command, Response>
    {
        public async ValueTask<Response> Handle(Command command, CancellationToken cancellationToken)
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var employer = await connection.ExecuteScalarAsync<Guid?>(new CommandDefinition(
                "select employer_id from employer order by created_at, name limit 1", transaction: transaction, cancellationToken: cancellationToken));
            var created = 0;
            foreach (var account in Accounts.Where(a => a.Role != Role.Employer || employer is not null))
            {
                var id = await connection.ExecuteScalarAsync<Guid?>(new CommandDefinition("""
                    insert into account (account_id, email, password_hash, roles, employer_id, display_name)
                    values (@id, @Email, @hash, @roles, @employer, @name)
                    on conflict (lower(email)) do nothing
                    returning account_id
                    """, new
                {
                    id = Guid.CreateVersion7(), account.Email, hash = AccountRules.Hasher.HashPassword(new Account(), account.Password),
                    roles = new[] { Roles.Name(account.Role) }, employer = account.Role == Role.Employer ? employer : null, name = $"Demo {Roles.Name(account.Role)}",
                }, transaction, cancellationToken: cancellationToken));
                if (id is null)
                {
                    continue;
                }

                created++;
                if (account.Role == Role.JobSeeker)
                {
                    await connection.ExecuteAsync(new CommandDefinition("""
                        update profile set owner_account_id = @id
                        where profile_id = (select profile_id from profile where owner_account_id is null order by created_at, profile_id limit 1)
                        """, new { id }, transaction, cancellationToken: cancellationToken));
                }
            }

            await transaction.CommitAsync(cancellationToken);
            return new Response(created);
        }
    }
}
