using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using TalentMatch.IntegrationTests.Infrastructure;
using TalentMatch.Web.Infrastructure.Security;

namespace TalentMatch.IntegrationTests.Matching;

/// <summary>
/// Matches are served from held profiles, a held training catalogue and kept match lists; every change must still
/// reach the next answer: at once when this app made it, within a second when another writer did.
/// </summary>
[Collection(DatabaseCollection.Name)]
public sealed class MatchFreshnessTests(DatabaseFixture fixture) : IAsyncLifetime
{
    readonly HttpClient _admin = fixture.App.CreateClient(Role.Admin);
    readonly HttpClient _coach = fixture.App.CreateClient(Role.Coach);
    HttpClient _seeker = null!;
    Guid _a, _b, _c, _employer;

    public async Task InitializeAsync()
    {
        var taxonomy = new TestTaxonomy();
        (_a, _b, _c) = (taxonomy.Skill("f pruning", "f snoeien"), taxonomy.Skill("f mowing", "f maaien"), taxonomy.Skill("f paving", "f bestraten"));
        await taxonomy.SaveAsync(fixture.App);
        _seeker = await fixture.App.ClientAsync(Role.JobSeeker);
        var employer = await _admin.PostAsJsonAsync("/api/employers", new { name = "Freshness test BV", sector = "technology", postcode = "2311" });
        _employer = (await employer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    async Task<Guid> IdAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonSerializer.Deserialize<JsonElement>(body).GetProperty("id").GetGuid();
    }

    static object ProfileBody(string visibility, params Guid[] skills) => new
    {
        educationLevel = "mbo2", postcode = "2311", hoursPerWeek = 32, visibility,
        skills = skills.Select(s => new { skillId = s, level = 2 }).ToArray(),
    };

    Task<Guid> ProfileAsync(HttpClient owner, string visibility, params Guid[] skills) =>
        owner.PostAsJsonAsync("/api/profiles", ProfileBody(visibility, skills)).ContinueWith(t => IdAsync(t.Result)).Unwrap();

    /// <summary>An open vacancy asking for the skills, once matching serves it (seen through a probe profile that has them).</summary>
    async Task<Guid> VacancyAsync(params Guid[] skills)
    {
        var vacancy = await IdAsync(await _admin.PostAsJsonAsync("/api/vacancies", new
        {
            employerId = _employer, title = "f Hovenier", educationLevel = "mbo2", postcode = "2312", hoursPerWeek = 36, contractType = "permanent",
            skills = skills.Select(s => new { skillId = s, importance = "essential", minLevel = 1 }).ToArray(),
        }));
        var probe = await ProfileAsync(_seeker, "private", skills);
        await WithinOneSecondAsync(async () => (await MatchIdsAsync(_seeker, probe)).Contains(vacancy), "the new vacancy");
        return vacancy;
    }

    static async Task<List<JsonElement>> MatchesAsync(HttpClient client, Guid profile) =>
        (await client.GetFromJsonAsync<JsonElement>($"/api/profiles/{profile}/matches?take=100")).GetProperty("items").EnumerateArray().ToList();

    static async Task<List<Guid>> MatchIdsAsync(HttpClient client, Guid profile) =>
        (await MatchesAsync(client, profile)).Select(m => m.GetProperty("id").GetGuid()).ToList();

    static async Task WithinOneSecondAsync(Func<Task<bool>> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"{what} did not reach matches within 1 s");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task A_saved_profile_is_matched_on_its_new_skills_in_the_very_next_answer()
    {
        var vacancy = await VacancyAsync(_b);
        var profile = await ProfileAsync(_seeker, "private", _a);
        Assert.DoesNotContain(vacancy, await MatchIdsAsync(_seeker, profile));

        (await _seeker.PutAsJsonAsync($"/api/profiles/{profile}", ProfileBody("private", _a, _b))).EnsureSuccessStatusCode();

        Assert.Contains(vacancy, await MatchIdsAsync(_seeker, profile));
    }

    [Fact]
    public async Task A_profile_changed_by_another_writer_reaches_matches_within_a_second()
    {
        var vacancy = await VacancyAsync(_c);
        var profile = await ProfileAsync(_seeker, "private", _a);
        Assert.DoesNotContain(vacancy, await MatchIdsAsync(_seeker, profile));

        await using (var connection = await fixture.App.DataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync("insert into profile_skill (profile_id, skill_id, level) values (@profile, @c, 2)", new { profile, c = _c });
        }

        await WithinOneSecondAsync(async () => (await MatchIdsAsync(_seeker, profile)).Contains(vacancy), "the skill added in the database");
    }

    [Fact]
    public async Task Making_a_profile_private_shuts_the_coach_out_of_its_matches_at_once()
    {
        await VacancyAsync(_a);
        var profile = await ProfileAsync(_seeker, "coach", _a);
        Assert.NotEmpty(await MatchesAsync(_coach, profile));

        (await _seeker.PutAsJsonAsync($"/api/profiles/{profile}/visibility", new { visibility = "private" })).EnsureSuccessStatusCode();

        Assert.Equal(HttpStatusCode.NotFound, (await _coach.GetAsync($"/api/profiles/{profile}/matches?take=100")).StatusCode);
    }

    [Fact]
    public async Task A_visibility_change_by_another_writer_reaches_matches_within_a_second()
    {
        await VacancyAsync(_a);
        var profile = await ProfileAsync(_seeker, "coach", _a);
        Assert.NotEmpty(await MatchesAsync(_coach, profile));

        await using (var connection = await fixture.App.DataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync("update profile set visibility = 'private' where profile_id = @profile", new { profile });
        }

        await WithinOneSecondAsync(async () => (await _coach.GetAsync($"/api/profiles/{profile}/matches?take=100")).StatusCode == HttpStatusCode.NotFound,
            "the profile made private in the database");
    }

    [Fact]
    public async Task An_erased_person_s_matches_are_gone_for_the_coach_at_once()
    {
        await VacancyAsync(_a);
        var (person, _) = await fixture.App.SignUpAsync();
        var profile = await ProfileAsync(person, "coach", _a);
        Assert.NotEmpty(await MatchesAsync(_coach, profile));

        (await person.DeleteAsync("/api/me")).EnsureSuccessStatusCode();

        Assert.Equal(HttpStatusCode.NotFound, (await _coach.GetAsync($"/api/profiles/{profile}/matches?take=100")).StatusCode);
    }

    [Fact]
    public async Task A_new_training_module_reaches_a_match_list_already_shown_within_a_second()
    {
        var vacancy = await VacancyAsync(_a, _c);
        var profile = await ProfileAsync(_seeker, "private", _a);
        var before = (await MatchesAsync(_seeker, profile)).Single(m => m.GetProperty("id").GetGuid() == vacancy);
        Assert.Equal(JsonValueKind.Null, before.GetProperty("training").ValueKind);

        var module = Guid.NewGuid();
        await using (var connection = await fixture.App.DataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync("""
                insert into training_module (training_module_id, code, title_nl, title_en, provider, kind, duration_hours)
                values (@module, @code, 'f Bestraten', 'f Paving', 'f Opleider', 'short-course', 16);
                insert into training_module_skill values (@module, @c);
                """, new { module, code = $"f-{module:N}", c = _c });
        }

        await WithinOneSecondAsync(async () => (await MatchesAsync(_seeker, profile)).Single(m => m.GetProperty("id").GetGuid() == vacancy)
            .GetProperty("training") is { ValueKind: JsonValueKind.Object } training
            && training.GetProperty("modules")[0].GetProperty("id").GetGuid() == module, "the new training module");
    }
}
