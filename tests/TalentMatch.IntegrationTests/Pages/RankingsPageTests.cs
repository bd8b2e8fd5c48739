using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using TalentMatch.IntegrationTests.Infrastructure;
using TalentMatch.Web.Infrastructure.Security;

namespace TalentMatch.IntegrationTests.Pages;

/// <summary>The job seeker's "why was I ranked here" page shows each vacancy they were ranked for, as the log recorded it.</summary>
[Collection(DatabaseCollection.Name)]
public sealed class RankingsPageTests(DatabaseFixture fixture)
{
    [Fact]
    public async Task A_ranked_seeker_sees_per_vacancy_when_where_and_why_and_an_unranked_one_sees_none()
    {
        var taxonomy = new TestTaxonomy();
        var skill = taxonomy.Skill("rp bricklaying", "rp metselen");
        await taxonomy.SaveAsync(fixture.App);
        var posted = await fixture.App.PostVacancyAsync("Metselaar in Leiden", skill, minLevel: 2);
        var (seeker, account) = await fixture.App.SignUpAsync();
        var created = await seeker.PostAsJsonAsync("/api/profiles", new
        {
            educationLevel = "mbo2", postcode = "2311", hoursPerWeek = 36, visibility = "employers-anonymous", skills = new[] { new { skillId = skill, level = 3 } },
        });
        var profile = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        // The employer looks at the ranked candidates, which the ranking log records.
        var clock = Stopwatch.StartNew();
        JsonElement shown;
        while (!(shown = await posted.Employer.GetFromJsonAsync<JsonElement>($"/api/vacancies/{posted.Vacancy}/candidates"))
                   .GetProperty("items").EnumerateArray().Any(i => i.GetProperty("profileId").GetGuid() == profile))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), "the profile never reached matching");
            await Task.Delay(20);
        }

        var item = shown.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("profileId").GetGuid() == profile);
        var count = shown.GetProperty("items").GetArrayLength();
        var html = await (await fixture.App.BrowserAsync(account.Email)).GetStringAsync("/profile/rankings");

        Assert.Contains("<h1>Waarom stond ik hier?</h1>", html, StringComparison.Ordinal);
        Assert.Contains("Metselaar in Leiden", html, StringComparison.Ordinal);
        Assert.Contains($"Plek {item.GetProperty("rank").GetInt32()} van {count}", html, StringComparison.Ordinal);
        Assert.Contains("aan een werkgever", html, StringComparison.Ordinal);
        Assert.Contains("rp metselen: niveau 3, gevraagd 2", html, StringComparison.Ordinal);
        Assert.Contains("Woog het zwaarst:", html, StringComparison.Ordinal);
        Assert.Contains(shown.GetProperty("modelVersion").GetString()!, html, StringComparison.Ordinal);

        var (_, stranger) = await fixture.App.SignUpAsync();
        var strangers = await (await fixture.App.BrowserAsync(stranger.Email)).GetStringAsync("/profile/rankings");
        Assert.DoesNotContain("Metselaar in Leiden", strangers, StringComparison.Ordinal);
        Assert.Contains("Je hebt nog in geen enkele lijst gestaan", strangers, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_seekers_data_page_links_to_the_page_and_other_roles_cannot_open_it()
    {
        var (_, seeker) = await fixture.App.SignUpAsync();
        Assert.Contains("href=\"/profile/rankings\"", await (await fixture.App.BrowserAsync(seeker.Email)).GetStringAsync("/account/my-data"), StringComparison.Ordinal);

        var employer = await fixture.App.CreateAccountAsync(Role.Employer);
        var response = await (await fixture.App.BrowserAsync(employer.Email)).GetAsync("/profile/rankings");
        Assert.False(response.IsSuccessStatusCode);
    }
}
