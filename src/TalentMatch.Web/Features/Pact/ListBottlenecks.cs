using FluentValidation;
using Mediator;
using Npgsql;
using TalentMatch.Web.Infrastructure.Security;

namespace TalentMatch.Web.Features.Pact;

/// <summary>
/// Where the pact gets stuck: the largest shortages of places, pledges still not turned into places after
/// <c>weeks</c> weeks, and partners whose realisation rate is below <c>minimumRate</c>.
/// </summary>
public static class ListBottlenecks
{
    [AllowedFor(Role.Coordinator, Role.Admin)]
    public sealed record Query(Guid PactId, int Weeks = 6, double MinimumRate = 0.5, int Take = 10) : IQuery<Response>;

    public sealed record StalledPledge(Guid PledgeId, string Partner, string Sector, string EducationLevel, string Programme, DateOnly PledgedOn, int WeeksSince,
        long Pledged, long Offered);

    public sealed record LaggingPartner(Guid PartnerId, string Partner, long Pledged, long Started, double RealisationRate);

    public sealed record Response(Guid PactId, IReadOnlyList<SupplyAndDemand.Cell> LargestGaps, IReadOnlyList<StalledPledge> StalledPledges,
        IReadOnlyList<LaggingPartner> LaggingPartners);

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Weeks).InclusiveBetween(0, 104);
            RuleFor(q => q.MinimumRate).InclusiveBetween(0, 1);
            RuleFor(q => q.Take).InclusiveBetween(1, 100);
        }
    }

    public sealed class Handler(NpgsqlDataSource dataSource) : IQueryHandler<Query, Response>
    {
        public async ValueTask<Response> Handle(Query query, CancellationToken cancellationToken)
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await PactRules.EnsurePactAsync(connection, query.PactId, cancellationToken);
            var today = DateOnly.FromDateTime(DateTime.UtcNow);
            var gaps = (await SupplyAndDemand.ReadAsync(connection, query.PactId, cancellationToken))
                .Where(c => c.Gap > 0).OrderByDescending(c => c.Gap).ThenBy(c => c.Chance).Take(query.Take).ToList();
            var funnel = await new PledgeFunnel.Handler(dataSource).Handle(new PledgeFunnel.Query(query.PactId), cancellationToken);
            var stalled = funnel.Pledges
                .Where(p => p.Offered < p.Pledged && today.DayNumber - p.PledgedOn.DayNumber >= query.Weeks * 7)
                .OrderBy(p => p.PledgedOn).Take(query.Take)
                .Select(p => new StalledPledge(p.PledgeId, p.Partner, p.Sector, p.EducationLevel, p.Programme, p.PledgedOn, (today.DayNumber - p.PledgedOn.DayNumber) / 7,
                    p.Pledged, p.Offered)).ToList();
            var lagging = funnel.Partners.Where(p => p.Pledged > 0 && p.RealisationRate < query.MinimumRate)
                .OrderBy(p => p.RealisationRate).ThenByDescending(p => p.Pledged).Take(query.Take)
                .Select(p => new LaggingPartner(p.PartnerId, p.Partner, p.Pledged, p.Started, p.RealisationRate)).ToList();
            return new Response(query.PactId, gaps, stalled, lagging);
        }
    }

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/pacts/{pactId:guid}/bottlenecks", async (Guid pactId, int? weeks, double? minimumRate, int? take, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new Query(pactId, weeks ?? 6, minimumRate ?? 0.5, take ?? 10), ct)))
            .WithName("ListBottlenecks");
}
