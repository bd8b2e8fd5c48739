using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using TalentMatch.IntegrationTests.Infrastructure;
using TalentMatch.Web.Infrastructure.Security;

namespace TalentMatch.IntegrationTests.Pages;

/// <summary>The employer's candidates page: asking for an introduction, and a name and e-mail address only after the person accepted.</summary>
[Collection(DatabaseCollection.Name)]
public sealed class IntroductionPageTests(DatabaseFixture fixture)
{
    /// <summary>The page once the new profile is in the matching index, which follows profile changes within a second.</summary>
    static async Task<string> PageWithCandidateAsync(HttpClient client, string path)
    {
        for (var attempt = 0; attempt < 40; attempt++)
        {
            var html = await client.GetStringAsync(path);
            if (html.Contains("Kandidaat 1", StringComparison.Ordinal))
            {
                return html;
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException("The candidate never appeared on the page.");
    }

    [Fact]
    public async Task The_employer_asks_for_an_introduction_on_the_page_and_sees_the_contact_only_after_the_candidate_accepted()
    {
        var taxonomy = new TestTaxonomy();
        var skill = taxonomy.Skill("ip solar panel mounting", "ip zonnepanelen monteren");
        await taxonomy.SaveAsync(fixture.App);
        var posted = await fixture.App.PostVacancyAsync("Zonnepanelenmonteur", skill);
        var employerAccount = await fixture.App.CreateAccountAsync(Role.Employer, posted.Organisation);
        var employer = await fixture.App.BrowserAsync(employerAccount.Email);
        var (person, account) = await fixture.App.SignUpAsync();
        (await person.PostAsJsonAsync("/api/profiles", new
        {
            displayName = "Gijs Vermeulen", educationLevel = "mbo2", postcode = "2311", hoursPerWeek = 32, visibility = "employers-anonymous",
            skills = new[] { new { skillId = skill, level = 3 } },
        })).EnsureSuccessStatusCode();
        var path = $"/employer/vacancies/{posted.Vacancy}/candidates";

        var before = await PageWithCandidateAsync(employer, path);
        Assert.Contains("Vraag een introductie aan", before, StringComparison.Ordinal);
        Assert.DoesNotContain("Gijs", before, StringComparison.Ordinal);
        Assert.DoesNotContain(account.Email, before, StringComparison.OrdinalIgnoreCase);

        var noCandidate = await employer.PostFormAsync(path, before, new() { ["profileId"] = "" });
        Assert.Equal(HttpStatusCode.OK, noCandidate.StatusCode);
        Assert.Contains("Kies de kandidaat voor wie je een introductie vraagt.", await noCandidate.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var profile = Regex.Match(before, "name=\"profileId\" value=\"([0-9a-f-]{36})\"").Groups[1].Value;
        var ask = await employer.PostFormAsync(path, before, new() { ["profileId"] = profile });
        Assert.Equal(HttpStatusCode.Redirect, ask.StatusCode);

        var asked = await employer.GetStringAsync(path);
        Assert.Contains("Introductie voorgesteld, wacht op de kandidaat", asked, StringComparison.Ordinal);
        Assert.DoesNotContain("Vraag een introductie aan", asked, StringComparison.Ordinal);
        Assert.DoesNotContain("Gijs", asked, StringComparison.Ordinal);
        Assert.DoesNotContain(account.Email, asked, StringComparison.OrdinalIgnoreCase);

        var mine = await person.GetFromJsonAsync<JsonElement>("/api/me/introductions");
        var entry = Assert.Single(mine.GetProperty("items").EnumerateArray()).GetProperty("entryId").GetGuid();
        (await person.PostAsJsonAsync($"/api/me/introductions/{entry}", new { accept = true })).EnsureSuccessStatusCode();

        var accepted = await employer.GetStringAsync(path);
        Assert.Contains("Gijs Vermeulen", accepted, StringComparison.Ordinal);
        Assert.Contains($"mailto:{account.Email}", accepted, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_form_without_an_answer_declines_nothing_and_a_bad_date_gets_a_message()
    {
        var taxonomy = new TestTaxonomy();
        var skill = taxonomy.Skill("ip heat pump installation", "ip warmtepompen installeren");
        await taxonomy.SaveAsync(fixture.App);
        var posted = await fixture.App.PostVacancyAsync("Warmtepompmonteur", skill);
        var (person, account) = await fixture.App.SignUpAsync();
        var created = await person.PostAsJsonAsync("/api/profiles", new
        {
            displayName = "Hanna Kok", educationLevel = "mbo2", postcode = "2311", visibility = "coach", skills = new[] { new { skillId = skill, level = 3 } },
        });
        var profile = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var coach = await fixture.App.ClientAsync(Role.Coach);
        var entry = (await (await coach.PostAsJsonAsync($"/api/vacancies/{posted.Vacancy}/shortlist", new { profileId = profile })).Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("entryId").GetGuid();
        (await coach.PostAsync($"/api/shortlist/{entry}/introduction", null)).EnsureSuccessStatusCode();

        var seeker = await fixture.App.BrowserAsync(account.Email);
        var page = await seeker.GetStringAsync("/profile/introductions");
        Assert.Contains("Warmtepompmonteur", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await seeker.PostFormAsync("/profile/introductions", page, new() { ["entryId"] = entry.ToString() })).StatusCode);
        var tooLate = await seeker.PostFormAsync("/profile/introductions", page, new()
        {
            ["entryId"] = entry.ToString(), ["accept"] = "true", ["keepUntil"] = DateTime.UtcNow.AddYears(5).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        });
        Assert.Equal(HttpStatusCode.OK, tooLate.StatusCode);
        Assert.Contains("Kies een datum in de komende twee jaar", await tooLate.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var mine = await person.GetFromJsonAsync<JsonElement>("/api/me/introductions");
        Assert.Equal("proposed", Assert.Single(mine.GetProperty("items").EnumerateArray()).GetProperty("status").GetString());
    }
}
