using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using TalentMatch.IntegrationTests.Infrastructure;
using TalentMatch.Web.Infrastructure.Security;

namespace TalentMatch.IntegrationTests.Matching;

[Collection(DatabaseCollection.Name)]
public sealed class MatchingTests(DatabaseFixture fixture) : IAsyncLifetime
{
    readonly HttpClient _client = fixture.App.CreateClient(Role.Admin);
    readonly HttpClient _seeker = fixture.App.CreateClient(Role.JobSeeker);
    // Coaches see everyone who allows coaches or employers; these tests are about matching, not consent.
    readonly HttpClient _coach = fixture.App.CreateClient(Role.Coach);
    Guid _a, _b, _c, _d, _e, _employer;

    public async Task InitializeAsync()
    {
        // Fresh skills per test: matching state is shared, so each test needs its own vocabulary.
        var taxonomy = new TestTaxonomy();
        (_a, _b, _c, _d, _e) = (taxonomy.Skill("m welding", "m lassen"), taxonomy.Skill("m grinding", "m slijpen"), taxonomy.Skill("m blueprint reading", "m tekening lezen"),
            taxonomy.Skill("m baking", "m bakken"), taxonomy.Skill("m plating", "m opmaken"));
        await taxonomy.SaveAsync(fixture.App);
        var employer = await _client.PostAsJsonAsync("/api/employers", new { name = "Matching test BV", sector = "technology", postcode = "2311" });
        _employer = (await employer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    async Task<Guid> VacancyAsync(params (Guid Skill, string Importance, int MinLevel)[] skills)
    {
        var response = await _client.PostAsJsonAsync("/api/vacancies", VacancyBody(skills));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    object VacancyBody((Guid Skill, string Importance, int MinLevel)[] skills, string status = "open") => new
    {
        employerId = _employer, title = "Lasser", educationLevel = "mbo2", postcode = "2312", hoursPerWeek = 36, contractType = "permanent", status,
        skills = skills.Select(s => new { skillId = s.Skill, importance = s.Importance, minLevel = s.MinLevel }).ToArray(),
    };

    async Task<Guid> ProfileAsync(string visibility, params (Guid Skill, int Level)[] skills)
    {
        var response = await _seeker.PostAsJsonAsync("/api/profiles", ProfileBody(visibility, skills));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    static object ProfileBody(string visibility, (Guid Skill, int Level)[] skills) => new
    {
        educationLevel = "mbo2", postcode = "2311", hoursPerWeek = 32, visibility,
        skills = skills.Select(s => new { skillId = s.Skill, level = s.Level }).ToArray(),
    };

    async Task<List<JsonElement>> MatchesAsync(Guid profile) =>
        (await _seeker.GetFromJsonAsync<JsonElement>($"/api/profiles/{profile}/matches?take=100")).GetProperty("items").EnumerateArray().ToList();

    async Task<List<JsonElement>> CandidatesAsync(Guid vacancy) =>
        (await _coach.GetFromJsonAsync<JsonElement>($"/api/vacancies/{vacancy}/candidates?take=200")).GetProperty("items").EnumerateArray().ToList();

    /// <summary>Polls until the condition holds, failing after one second: the freshness promise.</summary>
    static async Task WithinOneSecondAsync(Func<Task<bool>> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"{what} was not visible to matching within 1 s");
            await Task.Delay(50);
        }
    }

    static IEnumerable<Guid> Ids(IEnumerable<JsonElement> items, string property) => items.Select(i => i.GetProperty(property).GetGuid());

    [Fact]
    public async Task Explains_a_match_with_matched_and_really_missing_skills()
    {
        var vacancy = await VacancyAsync((_a, "essential", 2), (_b, "essential", 1), (_c, "optional", 1));
        var profile = await ProfileAsync("private", (_a, 3), (_c, 1));
        await WithinOneSecondAsync(async () => Ids(await MatchesAsync(profile), "id").Contains(vacancy), "the new vacancy");

        var match = (await MatchesAsync(profile)).Single(m => m.GetProperty("id").GetGuid() == vacancy);
        var explanation = match.GetProperty("explanation");
        var matched = explanation.GetProperty("matchedSkills").EnumerateArray().ToList();
        Assert.Equal(new[] { _a, _c }.Order(), matched.Select(m => m.GetProperty("skillId").GetGuid()).Order());
        var welding = matched.Single(m => m.GetProperty("skillId").GetGuid() == _a);
        Assert.Equal(3, welding.GetProperty("personLevel").GetInt32());
        Assert.Equal(2, welding.GetProperty("requiredLevel").GetInt32());
        Assert.Equal([_b], Ids(explanation.GetProperty("missingEssentialSkills").EnumerateArray(), "skillId"));
        Assert.Empty(explanation.GetProperty("missingOptionalSkills").EnumerateArray());
        Assert.NotEmpty(explanation.GetProperty("reasons").EnumerateArray());
        Assert.Equal("m slijpen", explanation.GetProperty("missingEssentialSkills")[0].GetProperty("label").GetString());
    }

    [Fact]
    public async Task Ranks_the_opening_a_person_covers_better_first()
    {
        var full = await VacancyAsync((_d, "essential", 1), (_e, "essential", 1));
        var half = await VacancyAsync((_d, "essential", 1), (_b, "essential", 1), (_c, "essential", 1));
        var profile = await ProfileAsync("private", (_d, 2), (_e, 2));
        await WithinOneSecondAsync(async () => Ids(await MatchesAsync(profile), "id").Contains(half), "the new vacancies");

        var ranked = Ids(await MatchesAsync(profile), "id").Where(id => id == full || id == half).ToList();
        Assert.Equal([full, half], ranked);
    }

    [Fact]
    public async Task A_private_profile_never_appears_as_a_candidate()
    {
        var vacancy = await VacancyAsync((_a, "essential", 1), (_d, "essential", 1));
        var open = await ProfileAsync("coach", (_a, 2), (_d, 2));
        var hidden = await ProfileAsync("private", (_a, 4), (_d, 4));
        await WithinOneSecondAsync(async () => Ids(await CandidatesAsync(vacancy), "profileId").Contains(open), "the coach-visible profile");

        Assert.DoesNotContain(hidden, Ids(await CandidatesAsync(vacancy), "profileId"));
    }

    [Fact]
    public async Task Withdrawing_consent_removes_a_person_from_candidates_within_a_second()
    {
        var vacancy = await VacancyAsync((_b, "essential", 1), (_e, "essential", 1));
        var profile = await ProfileAsync("employers-anonymous", (_b, 2), (_e, 2));
        await WithinOneSecondAsync(async () => Ids(await CandidatesAsync(vacancy), "profileId").Contains(profile), "the visible profile");

        var update = await _seeker.PutAsJsonAsync($"/api/profiles/{profile}", ProfileBody("private", [(_b, 2), (_e, 2)]));
        update.EnsureSuccessStatusCode();

        await WithinOneSecondAsync(async () => !Ids(await CandidatesAsync(vacancy), "profileId").Contains(profile), "withdrawn consent");
    }

    [Fact]
    public async Task A_changed_vacancy_is_matched_on_its_new_skills_within_a_second()
    {
        var vacancy = await VacancyAsync((_c, "essential", 1));
        var profile = await ProfileAsync("private", (_e, 2));
        Assert.DoesNotContain(vacancy, Ids(await MatchesAsync(profile), "id"));

        var update = await _client.PutAsJsonAsync($"/api/vacancies/{vacancy}", VacancyBody([(_e, "essential", 1)]));
        update.EnsureSuccessStatusCode();

        await WithinOneSecondAsync(async () => Ids(await MatchesAsync(profile), "id").Contains(vacancy), "the changed vacancy");
    }

    [Fact]
    public async Task A_closed_vacancy_leaves_the_matches()
    {
        var vacancy = await VacancyAsync((_a, "essential", 1), (_b, "optional", 1));
        var profile = await ProfileAsync("private", (_a, 2), (_b, 2));
        await WithinOneSecondAsync(async () => Ids(await MatchesAsync(profile), "id").Contains(vacancy), "the new vacancy");

        (await _client.PutAsJsonAsync($"/api/vacancies/{vacancy}", VacancyBody([(_a, "essential", 1), (_b, "optional", 1)], "closed"))).EnsureSuccessStatusCode();

        await WithinOneSecondAsync(async () => !Ids(await MatchesAsync(profile), "id").Contains(vacancy), "the closed vacancy");
    }

    [Fact]
    public async Task Unknown_profiles_and_vacancies_are_404()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await _seeker.GetAsync($"/api/profiles/{Guid.NewGuid()}/matches")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/api/vacancies/{Guid.NewGuid()}/candidates")).StatusCode);
    }

    [Theory]
    [InlineData("take=0", "take")]
    [InlineData("take=101", "take")]
    [InlineData("kind=boat", "kind")]
    public async Task Rejects_bad_match_queries(string query, string field)
    {
        var profile = await ProfileAsync("private", (_a, 1));
        await Problem.AssertFieldAsync(await _seeker.GetAsync($"/api/profiles/{profile}/matches?{query}"), HttpStatusCode.BadRequest, field);
    }
}
