using Dapper;
using Mediator;
using Npgsql;
using TalentMatch.Web.Infrastructure.Security;

namespace TalentMatch.Web.Features.Pact;

/// <summary>
/// Places offered against students searching per sector × level × region × period, with the gap and a
/// five-point chance of an internship in the spirit of SBB's "kans op stage". Region is the two-digit postcode
/// area; period is the quarter in which the internship starts.
/// </summary>
public static class SupplyAndDemand
{
    [AllowedFor(Role.Coordinator, Role.Admin)]
    public sealed record Query(Guid PactId) : IQuery<Response>;

    public sealed record Cell(string Sector, string Level, string Region, string Period, long Offered, long Searching)
    {
        /// <summary>Students searching minus places offered: positive means students will be left without a place.</summary>
        public long Gap => Searching - Offered;

        public int Chance => PactRules.Chance(Offered, Searching).Points;

        public string ChanceLabel => PactRules.Chance(Offered, Searching).Label;
    }

    public sealed record Response(Guid PactId, IReadOnlyList<Cell> Cells);

    public sealed class Handler(NpgsqlDataSource dataSource) : IQueryHandler<Query, Response>
    {
        public async ValueTask<Response> Handle(Query query, CancellationToken cancellationToken)
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await PactRules.EnsurePactAsync(connection, query.PactId, cancellationToken);
            return new Response(query.PactId, (await ReadAsync(connection, query.PactId, cancellationToken)).ToList());
        }
    }

    internal static Task<IEnumerable<Cell>> ReadAsync(NpgsqlConnection connection, Guid pactId, CancellationToken ct) =>
        connection.QueryAsync<Cell>(new CommandDefinition("""
            with supply as (
                select pl.sector, i.programme_level as level, left(v.postcode, 2) as region,
                       to_char(i.period_start, 'YYYY-"Q"Q') as period, sum(i.places)::bigint as offered
                from pledge pl
                join pledge_place lp on lp.pledge_id = pl.pledge_id
                join internship_place i on i.vacancy_id = lp.vacancy_id
                join vacancy v on v.vacancy_id = i.vacancy_id
                where pl.pact_id = @pactId
                group by 1, 2, 3, 4),
            demand as (
                select r.sector, r.education_level as level, left(r.postcode, 2) as region,
                       to_char(r.period_start, 'YYYY-"Q"Q') as period, count(*) as searching
                from student_request r
                where r.pact_id = @pactId
                  and not exists (select 1 from placement pm where pm.request_id = r.request_id and pm.status in ('started', 'completed'))
                group by 1, 2, 3, 4)
            select coalesce(s.sector, d.sector) as sector, coalesce(s.level, d.level) as level, coalesce(s.region, d.region) as region,
                   coalesce(s.period, d.period) as period, coalesce(s.offered, 0) as offered, coalesce(d.searching, 0) as searching
            from supply s full join demand d on d.sector = s.sector and d.level = s.level and d.region = s.region and d.period = s.period
            order by 1, 2, 3, 4
            """, new { pactId }, cancellationToken: ct));

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/pacts/{pactId:guid}/supply-demand", async (Guid pactId, ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(new Query(pactId), ct)))
            .WithName("SupplyAndDemand");
}
