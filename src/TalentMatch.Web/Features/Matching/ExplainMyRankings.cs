using System.Text.Json;
using Dapper;
using Mediator;
using Npgsql;
using TalentMatch.Web.Infrastructure.Security;

namespace TalentMatch.Web.Features.Matching;

/// <summary>
/// A job seeker sees, per vacancy they were shown for to a coach or an employer, where they were ranked, out of
/// how many, by which model, and why: the explanation exactly as it was recorded in the ranking log.
/// </summary>
public static class ExplainMyRankings
{
    [AllowedFor(Role.JobSeeker)]
    public sealed record Query : IQuery<Response>;

    public sealed record Response(IReadOnlyList<Appearance> Vacancies);

    /// <param name="Title">Null when the vacancy has since been removed.</param>
    public sealed record Appearance(Guid VacancyId, string? Title, Guid ProfileId, int TimesShown, DateTimeOffset LastShownAt, string LastShownTo, int Rank, int OutOf,
        float Score, string ModelVersion, ExplanationView? Why);

    sealed class Row
    {
        public Guid VacancyId { get; init; }
        public string? Title { get; init; }
        public Guid ProfileId { get; init; }
        public int TimesShown { get; init; }
        public DateTime ShownAt { get; init; }
        public string ShownToRole { get; init; } = "";
        public int Rank { get; init; }
        public int ItemCount { get; init; }
        public float Score { get; init; }
        public string ModelVersion { get; init; } = "";
        public string Explanation { get; init; } = "";
    }

    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public sealed class Handler(NpgsqlDataSource dataSource, ICurrentUser user) : IQueryHandler<Query, Response>
    {
        public async ValueTask<Response> Handle(Query query, CancellationToken cancellationToken)
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            var rows = await connection.QueryAsync<Row>(new CommandDefinition("""
                with shown as (
                    select l.vacancy_id, ps.profile_id, l.shown_at, l.shown_to_role, i.rank, l.item_count, i.score, l.model_version, i.explanation::text as explanation,
                           count(*) over (partition by l.vacancy_id, ps.profile_id) as times_shown,
                           row_number() over (partition by l.vacancy_id, ps.profile_id order by l.shown_at desc, l.ranking_log_id desc) as latest
                    from profile p
                    join pseudonym ps on ps.profile_id = p.profile_id
                    join ranking_log_item i on i.subject_id = ps.pseudonym_id
                    join ranking_log l on l.ranking_log_id = i.ranking_log_id
                    where p.owner_account_id = @account and l.vacancy_id is not null
                )
                select s.vacancy_id, v.title, s.profile_id, s.times_shown::int as times_shown, s.shown_at, s.shown_to_role, s.rank, s.item_count, s.score,
                       s.model_version, s.explanation
                from shown s left join vacancy v on v.vacancy_id = s.vacancy_id
                where s.latest = 1
                order by s.shown_at desc
                """, new { account = user.RequireAccountId() }, cancellationToken: cancellationToken));
            return new Response(rows.Select(r => new Appearance(r.VacancyId, r.Title, r.ProfileId, r.TimesShown, new DateTimeOffset(r.ShownAt, TimeSpan.Zero),
                r.ShownToRole, r.Rank, r.ItemCount, r.Score, r.ModelVersion, JsonSerializer.Deserialize<ExplanationView>(r.Explanation, Json))).ToList());
        }
    }

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/me/rankings", async (ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(new Query(), ct)))
            .WithName("ExplainMyRankings")
            .WithSummary("Per vacancy you were shown for to a coach or employer: your rank, out of how many, and why.");
}
