using Dapper;
using Mediator;
using Npgsql;
using TalentMatch.Web.Infrastructure.Security;

namespace TalentMatch.Web.Features.Coaching;

/// <summary>The introductions proposed to the signed-in person, with the vacancy, the employer and where each stands.</summary>
public static class ListMyIntroductions
{
    [AllowedFor(Role.JobSeeker)]
    public sealed record Query : IQuery<Response>;

    public sealed record Response(IReadOnlyList<Item> Items);

    public sealed record Item(Guid EntryId, Guid VacancyId, string VacancyTitle, string EmployerName, Guid ProfileId, string Status, DateOnly? KeepUntil);

    public sealed class Handler(NpgsqlDataSource dataSource, ICurrentUser user) : IQueryHandler<Query, Response>
    {
        public async ValueTask<Response> Handle(Query query, CancellationToken cancellationToken)
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            return new Response(await ReadAsync(connection, user.RequireAccountId(), cancellationToken));
        }
    }

    internal static async Task<IReadOnlyList<Item>> ReadAsync(NpgsqlConnection connection, Guid account, CancellationToken ct) =>
        (await connection.QueryAsync<Item>(new CommandDefinition("""
            select e.shortlist_entry_id as entry_id, e.vacancy_id, v.title as vacancy_title, m.name as employer_name, e.profile_id, e.status, e.keep_until
            from shortlist_entry e join profile p on p.profile_id = e.profile_id join vacancy v on v.vacancy_id = e.vacancy_id
            join employer m on m.employer_id = v.employer_id
            where p.owner_account_id = @account and e.status <> 'shortlisted'
            order by e.updated_at desc
            """, new { account }, cancellationToken: ct))).AsList();

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/me/introductions", async (ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(new Query(), ct)))
            .WithName("ListMyIntroductions");
}
