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
    public async Task Signed_in_pages_share_the_account_allowance_and_answer_a_page_with_retry_after()
    {
        await using var app = await fixture.CreateAppAsync("page_rate_limits", new Dictionary<string, string>
        {
            ["TalentMatch:RateLimits:PerAccountPerMinute"] = "3", ["TalentMatch:RateLimits:AnonymousPerMinute"] = "1000",
        });
        var coach = await app.CreateAccountAsync(Role.Coach);
        // Signing in happens before there is an account to count; two pages and an API call then use the allowance.
        var browser = await app.BrowserAsync(coach.Email);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/coach")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/coach")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/me")).StatusCode);

        var refused = await browser.GetAsync("/coach");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("text/html", refused.Content.Headers.ContentType?.MediaType);
        Assert.True(int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.Contains("<h1>Even rustig aan</h1>", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await AssertTooManyAsync(await browser.GetAsync("/api/me"));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/css/site.css")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().GetAsync("/account/sign-in")).StatusCode);
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

    [Fact]
    public async Task Cards_shown_in_a_ranked_list_count_toward_the_employer_daily_cap()
    {
        await using var app = await fixture.CreateAppAsync("list_card_cap", new Dictionary<string, string> { ["TalentMatch:RateLimits:CandidateCardsPerDay"] = "2" });
        var taxonomy = new TestTaxonomy();
        var skill = taxonomy.Skill("lc plastering", "lc stukadoren");
        await taxonomy.SaveAsync(app);
        var account = await app.CreateAccountAsync(Role.Employer);
        var employer = app.BearerClient(await app.SignInAsync(account.Email));
        async Task<Guid> IdAsync(HttpResponseMessage response) => (await response.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        async Task<Guid> VacancyAsync(string title) => await IdAsync(await employer.PostAsJsonAsync("/api/vacancies", new
        {
            employerId = account.EmployerId, title, educationLevel = "mbo2", postcode = "2312", hoursPerWeek = 38, contractType = "permanent",
            skills = new[] { new { skillId = skill, importance = "essential", minLevel = 1 } },
        }));
        var first = await VacancyAsync("Stukadoor");
        var second = await VacancyAsync("Stukadoor in opleiding");
        var people = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            var seeker = await app.ClientAsync(Role.JobSeeker);
            people.Add(await IdAsync(await seeker.PostAsJsonAsync("/api/profiles", new
            {
                educationLevel = "mbo2", postcode = "2311", hoursPerWeek = 36, visibility = "employers-anonymous", skills = new[] { new { skillId = skill, level = 2 } },
            })));
        }

        // A coach waits for matching to take the new profiles in, so the employer's allowance is not spent on waiting.
        var coach = await app.ClientAsync(Role.Coach);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while ((await coach.GetFromJsonAsync<JsonElement>($"/api/vacancies/{first}/candidates")).GetProperty("items").GetArrayLength() < 3)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), "the profiles never reached matching");
            await Task.Delay(20);
        }

        var list = await employer.GetFromJsonAsync<JsonElement>($"/api/vacancies/{first}/candidates?take=200");
        var again = await employer.GetFromJsonAsync<JsonElement>($"/api/vacancies/{first}/candidates?take=200");
        var shown = list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("profileId").GetGuid()).ToList();
        var notShown = people.Except(shown).Single();

        Assert.Equal(2, shown.Count);
        Assert.True(list.GetProperty("allowance").GetProperty("reached").GetBoolean());
        Assert.Equal(2, list.GetProperty("allowance").GetProperty("cardsShownToday").GetInt32());
        Assert.Equal(shown, again.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("profileId").GetGuid()));
        Assert.Equal(HttpStatusCode.OK, (await employer.GetAsync($"/api/vacancies/{first}/candidates/{shown[0]}")).StatusCode);
        var card = await employer.GetAsync($"/api/vacancies/{first}/candidates/{notShown}");
        await AssertTooManyAsync(card);
        Assert.Equal("candidateCardsPerDay", (await card.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("limit").GetString());
        var list2 = await employer.GetAsync($"/api/vacancies/{second}/candidates");
        await AssertTooManyAsync(list2);
        Assert.Equal("candidateCardsPerDay", (await list2.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("limit").GetString());
        Assert.Equal(3, (await coach.GetFromJsonAsync<JsonElement>($"/api/vacancies/{second}/candidates")).GetProperty("items").GetArrayLength());

        var browser = await app.BrowserAsync(account.Email);
        var page = await browser.GetAsync($"/employer/vacancies/{second}/candidates");
        Assert.Equal(HttpStatusCode.TooManyRequests, page.StatusCode);
        Assert.True(page.Headers.Contains("Retry-After"));
        Assert.Contains("id=\"card-cap\"", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var stillShown = await browser.GetAsync($"/employer/vacancies/{first}/candidates");
        Assert.Equal(HttpStatusCode.OK, stillShown.StatusCode);
        Assert.Contains("id=\"card-cap\"", await stillShown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
