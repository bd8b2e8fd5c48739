using Mediator;
using Npgsql;
using TalentMatch.Web.Infrastructure.Security;

namespace TalentMatch.Web.Features.Accounts;

/// <summary>The signed-in account: who the API thinks you are.</summary>
public static class GetMe
{
    [AllowedFor(Role.JobSeeker, Role.Coach, Role.Employer, Role.Coordinator, Role.Organiser, Role.Admin)]
    public sealed record Query : IQuery<AccountView>;

    public sealed class Handler(NpgsqlDataSource dataSource, ICurrentUser user) : IQueryHandler<Query, AccountView>
    {
        public async ValueTask<AccountView> Handle(Query query, CancellationToken cancellationToken)
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            return await AccountRules.ReadAsync(connection, user.RequireAccountId(), cancellationToken);
        }
    }

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/me", async (ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(new Query(), ct)))
            .WithName("GetMe");
}
