using Dapper;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using TalentMatch.IntegrationTests.Infrastructure;
using TalentMatch.Web.Features.Demo;
using TalentMatch.Web.Features.Hackathons;
using TalentMatch.Web.Features.Pact;

namespace TalentMatch.IntegrationTests.Demo;

/// <summary>The demo pact and hackathon load once and give the dashboard and the event page real figures.</summary>
[Collection(DatabaseCollection.Name)]
public sealed class SeedPlanningTests(DatabaseFixture fixture)
{
    [Fact]
    public async Task Seeding_twice_adds_one_pact_and_one_event_whose_dashboard_figures_are_not_empty()
    {
        await using var app = await fixture.CreateAppAsync("seed_planning");
        var sender = app.Services.GetRequiredService<ISender>();
        var folder = SeedDemoData.DefaultFolder();

        await sender.Send(new SeedDemoData.Command(folder));
        var first = await CountsAsync(app);
        await sender.Send(new SeedDemoData.Command(folder));

        Assert.Equal(first, await CountsAsync(app));
        Assert.Equal((1L, 1L), (first.Pacts, first.Events));
        Assert.True(first.Participants >= 25, $"only {first.Participants} participants");
        Assert.InRange(first.Challenges, 3, 4);

        await using var connection = await app.DataSource.OpenConnectionAsync();
        var pactId = await connection.QuerySingleAsync<Guid>("select pact_id from pact");
        var funnel = await sender.Send(new PledgeFunnel.Query(pactId));
        Assert.True(funnel.Total.Pledged > 0 && funnel.Total.Offered > 0 && funnel.Total.Matched > 0 && funnel.Total.Started > 0, funnel.Total.ToString());
        Assert.True(funnel.Total.Offered < funnel.Total.Pledged, "some pledges should still wait for places, so the bottleneck list has something to show");
        Assert.Contains(funnel.Partners, p => p.Kind == "school");
        Assert.Contains(funnel.Partners, p => p.Kind == "municipality");

        var supply = await sender.Send(new SupplyAndDemand.Query(pactId));
        Assert.Equal(["care", "hospitality", "ict", "technology"], supply.Cells.Select(c => c.Sector).Distinct().Order().ToArray());
        Assert.Contains(supply.Cells, c => c.Searching > c.Offered);

        var eventId = await connection.QuerySingleAsync<Guid>("select event_id from hackathon_event");
        var teams = await sender.Send(new GetTeams.Query(eventId));
        Assert.NotNull(teams.RunId);
        Assert.Null(teams.Warning);
        Assert.True(teams.Coverage > 0);
    }

    static async Task<(long Pacts, long Partners, long Pledges, long Links, long Requests, long Placements, long Events, long Challenges, long Participants, long TeamRuns)> CountsAsync(TestApp app)
    {
        await using var connection = await app.DataSource.OpenConnectionAsync();
        return await connection.QuerySingleAsync<(long, long, long, long, long, long, long, long, long, long)>("""
            select (select count(*) from pact), (select count(*) from pact_partner), (select count(*) from pledge), (select count(*) from pledge_place),
                   (select count(*) from student_request), (select count(*) from placement), (select count(*) from hackathon_event),
                   (select count(*) from challenge), (select count(*) from event_participant), (select count(*) from team_run)
            """);
    }
}
