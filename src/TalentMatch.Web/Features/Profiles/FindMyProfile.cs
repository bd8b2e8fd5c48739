using Dapper;
using Mediator;
using Npgsql;
using TalentMatch.Web.Infrastructure.Security;

namespace TalentMatch.Web.Features.Profiles;

/// <summary>The signed-in job seeker's own profile, if they have made one yet (the website's "my profile").</summary>
public static class FindMyProfile
{
    [AllowedFor(Role.JobSeeker)]
    public sealed record Query : IQuery<Response>;

    public sealed record Response(Guid? ProfileId);

    public sealed class Handler(NpgsqlDataSource dataSource, ICurrentUser user) : IQueryHandler<Query, Response>
    {
        public async ValueTask<Response> Handle(Query query, CancellationToken cancellationToken)
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            // Oldest first: should an account ever hold two profiles, the website keeps showing the same one.
            var id = await connection.QueryFirstOrDefaultAsync<Guid?>(new CommandDefinition("""
                select profile_id from profile where owner_account_id = @owner order by created_at, profile_id limit 1
                """, new { owner = user.RequireAccountId() }, cancellationToken: cancellationToken));
            return new Response(id);
        }
    }

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/me/profile", async (ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(new Query(), ct)))
            .WithName("FindMyProfile")
            .WithSummary("The signed-in job seeker's profile id, or null before they have made one.");
}
