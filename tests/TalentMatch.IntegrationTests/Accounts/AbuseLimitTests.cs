using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TalentMatch.IntegrationTests.Infrastructure;
using TalentMatch.Web.Infrastructure.Security;

namespace TalentMatch.IntegrationTests.Accounts;

[Collection(DatabaseCollection.Name)]
public sealed class AbuseLimitTests(DatabaseFixture fixture)
{
    static async Task AssertTooManyAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(int.Parse(response.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) > 0);
    }

    [Fact]
    public async Task Each_account_has_its_own_allowance_of_calls_per_minute()
    {
        await using var app = await fixture.CreateAppAsync("rate_limits", new Dictionary<string, string>
        {
            ["TalentMatch:RateLimits:PerAccountPerMinute"] = "5", ["TalentMatch:RateLimits:AnonymousPerMinute"] = "1000",
        });
        var first = await app.ClientAsync(Role.Coach);
        var second = await app.ClientAsync(Role.Coach);

        for (var call = 0; call < 5; call++)
        {
            Assert.Equal(HttpStatusCode.OK, (await first.GetAsync("/api/me")).StatusCode);
        }

        await AssertTooManyAsync(await first.GetAsync("/api/me"));
        Assert.Equal(HttpStatusCode.OK, (await second.GetAsync("/api/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().GetAsync("/health/live")).StatusCode);
    }

    [Fact]
    public async Task An_employer_account_opens_a_limited_number_of_candidate_cards_a_day()
    {
        await using var app = await fixture.CreateAppAsync("card_cap", new Dictionary<string, string> { ["TalentMatch:RateLimits:CandidateCardsPerDay"] = "2" });
        var taxonomy = new TestTaxonomy();
        var skill = taxonomy.Skill("cc tiling", "cc tegelzetten");
        await taxonomy.SaveAsync(app);
        async Task<Guid> IdAsync(HttpResponseMessage response) => (await response.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var (employer, _, vacancy) = await app.PostVacancyAsync("Tegelzetter", skill);
        var stranger = await app.ClientAsync(Role.Employer);
        var people = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            var seeker = await app.ClientAsync(Role.JobSeeker);
            people.Add(await IdAsync(await seeker.PostAsJsonAsync("/api/profiles", new
            {
                displayName = $"Persoon {i}", educationLevel = "mbo2", postcode = "2311", hoursPerWeek = 36, visibility = "employers-anonymous",
                skills = new[] { new { skillId = skill, level = 2 } },
            })));
        }

        var card = await employer.GetFromJsonAsync<JsonElement>($"/api/vacancies/{vacancy}/candidates/{people[0]}");
        Assert.Equal(HttpStatusCode.OK, (await employer.GetAsync($"/api/vacancies/{vacancy}/candidates/{people[1]}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await employer.GetAsync($"/api/vacancies/{vacancy}/candidates/{people[0]}")).StatusCode);
        await AssertTooManyAsync(await employer.GetAsync($"/api/vacancies/{vacancy}/candidates/{people[2]}"));

        Assert.Equal("23", card.GetProperty("region").GetString());
        Assert.Equal(2, card.GetProperty("skills")[0].GetProperty("level").GetInt32());
        Assert.DoesNotContain("Persoon", card.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await (await app.ClientAsync(Role.Coach)).GetAsync($"/api/vacancies/{vacancy}/candidates/{people[2]}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/vacancies/{vacancy}/candidates/{people[2]}")).StatusCode);
    }
}
