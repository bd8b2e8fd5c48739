using Dapper;
using Mediator;
using Npgsql;
using TalentMatch.Web.Infrastructure.Security;

namespace TalentMatch.Web.Features.Pact;

/// <summary>
/// Does a pledge become a real internship? pledged → offered (places linked) → matched (a live placement) →
/// started → completed, per pledge and per partner. The realisation rate is started (or completed) per
/// pledged place: a pledge counts as kept only when a student actually starts.
/// </summary>
public static class PledgeFunnel
{
    [AllowedFor(Role.Coordinator, Role.Admin)]
    public sealed record Query(Guid PactId) : IQuery<Response>;

    public sealed record Stage(long Pledged, long Offered, long Matched, long Started, long Completed)
    {
        public double RealisationRate => Pledged == 0 ? 0 : Math.Round((double)Started / Pledged, 4);
    }

    public sealed record PledgeRow(Guid PledgeId, Guid PartnerId, string Partner, string Sector, string EducationLevel, string Programme, DateOnly PledgedOn,
        long Pledged, long Offered, long Matched, long Started, long Completed)
    {
        public double RealisationRate => Pledged == 0 ? 0 : Math.Round((double)Started / Pledged, 4);
    }

    public sealed record PartnerRow(Guid PartnerId, string Partner, string Kind, long Pledged, long Offered, long Matched, long Started, long Completed)
    {
        public double RealisationRate => Pledged == 0 ? 0 : Math.Round((double)Started / Pledged, 4);
    }

    public sealed record Response(Guid PactId, Stage Total, IReadOnlyList<PledgeRow> Pledges, IReadOnlyList<PartnerRow> Partners);

    public sealed class Handler(NpgsqlDataSource dataSource) : IQueryHandler<Query, Response>
    {
        public async ValueTask<Response> Handle(Query query, CancellationToken cancellationToken)
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await PactRules.EnsurePactAsync(connection, query.PactId, cancellationToken);
            var pledges = (await ReadPledgesAsync(connection, query.PactId, cancellationToken)).ToList();
            var partners = (await connection.QueryAsync<(Guid PartnerId, string Name, string Kind)>(new CommandDefinition(
                "select partner_id, name, kind from pact_partner where pact_id = @PactId order by name, partner_id", new { query.PactId }, cancellationToken: cancellationToken)))
                .Select(p =>
                {
                    var mine = pledges.Where(r => r.PartnerId == p.PartnerId).ToList();
                    return new PartnerRow(p.PartnerId, p.Name, p.Kind, mine.Sum(r => r.Pledged), mine.Sum(r => r.Offered), mine.Sum(r => r.Matched),
                        mine.Sum(r => r.Started), mine.Sum(r => r.Completed));
                }).ToList();
            var total = new Stage(pledges.Sum(r => r.Pledged), pledges.Sum(r => r.Offered), pledges.Sum(r => r.Matched), pledges.Sum(r => r.Started), pledges.Sum(r => r.Completed));
            return new Response(query.PactId, total, pledges, partners);
        }
    }

    internal static Task<IEnumerable<PledgeRow>> ReadPledgesAsync(NpgsqlConnection connection, Guid pactId, CancellationToken ct) =>
        connection.QueryAsync<PledgeRow>(new CommandDefinition("""
            select pl.pledge_id, pl.partner_id, pp.name as partner, pl.sector, pl.education_level, pl.programme, pl.pledged_on,
                   pl.places::bigint as pledged,
                   coalesce((select sum(i.places) from pledge_place lp join internship_place i on i.vacancy_id = lp.vacancy_id where lp.pledge_id = pl.pledge_id), 0)::bigint as offered,
                   (select count(*) from placement pm join pledge_place lp on lp.vacancy_id = pm.vacancy_id where lp.pledge_id = pl.pledge_id and pm.status <> 'cancelled') as matched,
                   (select count(*) from placement pm join pledge_place lp on lp.vacancy_id = pm.vacancy_id where lp.pledge_id = pl.pledge_id and pm.status in ('started', 'completed')) as started,
                   (select count(*) from placement pm join pledge_place lp on lp.vacancy_id = pm.vacancy_id where lp.pledge_id = pl.pledge_id and pm.status = 'completed') as completed
            from pledge pl join pact_partner pp on pp.partner_id = pl.partner_id
            where pl.pact_id = @pactId
            order by pp.name, pl.pledged_on, pl.pledge_id
            """, new { pactId }, cancellationToken: ct));

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/pacts/{pactId:guid}/funnel", async (Guid pactId, ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(new Query(pactId), ct)))
            .WithName("PledgeFunnel");
}
