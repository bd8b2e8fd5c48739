using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TalentMatch.IntegrationTests.Infrastructure;
using TalentMatch.Web.Infrastructure.Security;

namespace TalentMatch.IntegrationTests.Pages;

/// <summary>The coach's talent pool and shortlist board, as a browser without JavaScript uses them.</summary>
[Collection(DatabaseCollection.Name)]
public sealed class CoachPageTests(DatabaseFixture fixture)
{
    async Task<(HttpClient Client, Guid Profile)> PersonAsync(Guid skill, string name, string visibility)
    {
        var (client, _) = await fixture.App.SignUpAsync();
        var response = await client.PostAsJsonAsync("/api/profiles", new
        {
            displayName = name, educationLevel = "mbo3", postcode = "2311", hoursPerWeek = 36, visibility, skills = new[] { new { skillId = skill, level = 3 } },
        });
        return (client, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task The_talent_pool_shows_only_people_who_allow_coaches_in_dutch_and_english()
    {
        var taxonomy = new TestTaxonomy();
        var skill = taxonomy.Skill("cp pipe welding", "cp pijpen lassen");
        await taxonomy.SaveAsync(fixture.App);
        var posted = await fixture.App.PostVacancyAsync("Pijplasser", skill);
        var coach = await fixture.App.BrowserAsync(Role.Coach);
        var visible = await PersonAsync(skill, "Zichtbaar", "coach");
        var hidden = await PersonAsync(skill, "Verborgen", "private");
        var path = $"/coach/vacancies/{posted.Vacancy}/talent-pool";

        var dutch = "";
        for (var attempt = 0; attempt < 40 && !dutch.Contains(visible.Profile.ToString(), StringComparison.Ordinal); attempt++)
        {
            await Task.Delay(100);
            dutch = await coach.GetStringAsync(path);
        }

        Assert.Contains($"value=\"{visible.Profile}\"", dutch, StringComparison.Ordinal);
        Assert.DoesNotContain(hidden.Profile.ToString(), dutch, StringComparison.Ordinal);
        Assert.Contains("Talentpool voor Pijplasser", dutch, StringComparison.Ordinal);
        Assert.Contains("Talent pool for Pijplasser", await coach.GetStringAsync(path + "?culture=en"), StringComparison.Ordinal);
        Assert.Contains($"/coach/vacancies/{posted.Vacancy}/talent-pool", await coach.GetStringAsync("/coach"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Recording_a_rejection_without_a_reason_on_the_board_names_the_field_and_changes_nothing()
    {
        var taxonomy = new TestTaxonomy();
        var skill = taxonomy.Skill("cp tile laying", "cp tegels zetten");
        await taxonomy.SaveAsync(fixture.App);
        var posted = await fixture.App.PostVacancyAsync("Tegelzetter", skill);
        var coachApi = await fixture.App.ClientAsync(Role.Coach);
        var person = await PersonAsync(skill, "Iris Mulder", "coach");
        var added = await coachApi.PostAsJsonAsync($"/api/vacancies/{posted.Vacancy}/shortlist", new { profileId = person.Profile });
        var entry = (await added.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("entryId").GetGuid();
        (await coachApi.PostAsync($"/api/shortlist/{entry}/introduction", null)).EnsureSuccessStatusCode();
        (await person.Client.PostAsJsonAsync($"/api/me/introductions/{entry}", new { accept = true })).EnsureSuccessStatusCode();

        var coach = await fixture.App.BrowserAsync(Role.Coach);
        var path = $"/coach/vacancies/{posted.Vacancy}/shortlist";
        var board = await coach.GetStringAsync(path);
        Assert.Contains("Iris Mulder", board, StringComparison.Ordinal);
        var response = await coach.PostFormAsync(path + "?handler=Outcome", board, new()
        {
            ["entryId"] = entry.ToString(), ["outcome"] = "rejected", ["reason"] = " ",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains($"href=\"#field-reason-{entry}\">Geef een reden waarom de kandidaat niet is aangenomen.</a>", html, StringComparison.Ordinal);
        var status = (await coachApi.GetFromJsonAsync<JsonElement>($"/api/vacancies/{posted.Vacancy}/shortlist")).GetProperty("items")[0].GetProperty("status").GetString();
        Assert.Equal("accepted", status);
    }
}
