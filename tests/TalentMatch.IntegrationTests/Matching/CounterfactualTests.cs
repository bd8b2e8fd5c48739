using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using TalentMatch.IntegrationTests.Infrastructure;
using TalentMatch.Web.Infrastructure.Security;

namespace TalentMatch.IntegrationTests.Matching;

/// <summary>
/// Counterfactual fairness checks: what is not a skill, level, education, hours, region or availability (a display
/// name, an e-mail address) never moves anyone in a ranking.
/// </summary>
[Collection(DatabaseCollection.Name)]
public sealed class CounterfactualTests(DatabaseFixture fixture)
{
    [Fact]
    public async Task Names_and_email_addresses_never_change_a_ranking()
    {
        var taxonomy = new TestTaxonomy();
        var skills = Enumerable.Range(1, 4).Select(i => taxonomy.Skill($"cf skill {i}", $"cf vaardigheid {i}")).ToArray();
        await taxonomy.SaveAsync(fixture.App);
        var admin = await fixture.App.ClientAsync(Role.Admin);
        var organisation = (await (await admin.PostAsJsonAsync("/api/employers", new { name = "Counterfactual BV" })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var vacancies = new List<Guid>();
        for (var i = 0; i < 4; i++)
        {
            var response = await admin.PostAsJsonAsync("/api/vacancies", new
            {
                employerId = organisation, title = $"Vacature {i}", educationLevel = "mbo2", postcode = "2312", hoursPerWeek = 32 + i, contractType = "permanent",
                skills = skills.Take(i + 1).Select((s, k) => new { skillId = s, importance = k == 0 ? "essential" : "optional", minLevel = 1 + (k % 3) }).ToArray(),
            });
            vacancies.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
        }

        object Body(string name) => new
        {
            displayName = name, educationLevel = "mbo3", postcode = "2311", hoursPerWeek = 36, availableFrom = "2026-03-01", visibility = "employers-anonymous",
            skills = new[] { new { skillId = skills[0], level = 3 }, new { skillId = skills[1], level = 2 }, new { skillId = skills[3], level = 4 } },
        };
        var (anna, _) = await fixture.App.SignUpAsync();
        var (mohammed, _) = await fixture.App.SignUpAsync();
        var annaProfile = (await (await anna.PostAsJsonAsync("/api/profiles", Body("Anna de Jong"))).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var mohammedProfile = (await (await mohammed.PostAsJsonAsync("/api/profiles", Body("Mohammed El Amrani"))).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        async Task<List<(Guid, int, float)>> MatchesAsync(HttpClient client, Guid profile) =>
            (await client.GetFromJsonAsync<JsonElement>($"/api/profiles/{profile}/matches?take=100")).GetProperty("items").EnumerateArray()
            .Where(m => vacancies.Contains(m.GetProperty("id").GetGuid()))
            .Select(m => (m.GetProperty("id").GetGuid(), m.GetProperty("rank").GetInt32(), m.GetProperty("score").GetSingle())).ToList();

        var clock = Stopwatch.StartNew();
        while ((await MatchesAsync(anna, annaProfile)).Count < vacancies.Count)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), "the vacancies never reached matching");
            await Task.Delay(20);
        }

        var annasMatches = await MatchesAsync(anna, annaProfile);
        Assert.Equal(annasMatches, await MatchesAsync(mohammed, mohammedProfile));

        var coach = await fixture.App.ClientAsync(Role.Coach);
        foreach (var vacancy in vacancies)
        {
            var candidates = (await coach.GetFromJsonAsync<JsonElement>($"/api/vacancies/{vacancy}/candidates?take=200")).GetProperty("items").EnumerateArray()
                .ToDictionary(c => c.GetProperty("profileId").GetGuid(), c => c.GetProperty("score").GetSingle());
            Assert.Equal(candidates[annaProfile], candidates[mohammedProfile]);
        }

        (await anna.PutAsJsonAsync($"/api/profiles/{annaProfile}", Body("A. de Jong-Bakker"))).EnsureSuccessStatusCode();
        await Task.Delay(300);
        Assert.Equal(annasMatches, await MatchesAsync(anna, annaProfile));
    }
}
