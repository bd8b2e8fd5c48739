using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TalentMatch.IntegrationTests.Infrastructure;
using TalentMatch.Web.Infrastructure.Security;

namespace TalentMatch.IntegrationTests.Profiles;

/// <summary>People decide who sees them: private by default, coaches, or employers too (anonymously); withdrawn in one step.</summary>
[Collection(DatabaseCollection.Name)]
public sealed class ConsentTests(DatabaseFixture fixture) : IAsyncLifetime
{
    HttpClient _seeker = null!, _coach = null!, _employer = null!;
    Guid _skill, _vacancy;

    public async Task InitializeAsync()
    {
        var taxonomy = new TestTaxonomy();
        _skill = taxonomy.Skill("cs scaffolding", "cs steigerbouw");
        await taxonomy.SaveAsync(fixture.App);
        (_employer, _, _vacancy) = await fixture.App.PostVacancyAsync("Steigerbouwer", _skill);
        _coach = await fixture.App.ClientAsync(Role.Coach);
        _seeker = await fixture.App.ClientAsync(Role.JobSeeker);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    static async Task<Guid> IdAsync(HttpResponseMessage response)
    {
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    async Task<Guid> ProfileAsync(string? visibility) => await IdAsync(await _seeker.PostAsJsonAsync("/api/profiles", new
    {
        educationLevel = "mbo2", postcode = "2311", hoursPerWeek = 36, visibility,
        skills = new[] { new { skillId = _skill, level = 3 } },
    }));

    async Task<bool> IsCandidateAsync(HttpClient client, Guid profile)
    {
        var candidates = await client.GetFromJsonAsync<JsonElement>($"/api/vacancies/{_vacancy}/candidates?take=200");
        return candidates.GetProperty("items").EnumerateArray().Any(c => c.GetProperty("profileId").GetGuid() == profile);
    }

    /// <summary>Matching applies changes from notifications; give it up to the limit and say how long it took.</summary>
    async Task<TimeSpan> UntilAsync(Func<Task<bool>> condition, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(clock.Elapsed < limit, $"not true within {limit.TotalMilliseconds} ms");
            await Task.Delay(20);
        }

        return clock.Elapsed;
    }

    [Fact]
    public async Task A_new_profile_is_private_and_nobody_else_finds_it()
    {
        var profile = await ProfileAsync(null);
        var wanted = await ProfileAsync("employers-anonymous");
        await UntilAsync(() => IsCandidateAsync(_employer, wanted), TimeSpan.FromSeconds(5));

        Assert.Equal("private", (await _seeker.GetFromJsonAsync<JsonElement>($"/api/profiles/{profile}")).GetProperty("visibility").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await _coach.GetAsync($"/api/profiles/{profile}")).StatusCode);
        Assert.False(await IsCandidateAsync(_coach, profile));
        Assert.False(await IsCandidateAsync(_employer, profile));
    }

    [Fact]
    public async Task Coaches_see_people_who_allow_coaches_and_employers_only_people_who_allow_employers()
    {
        var coachOnly = await ProfileAsync("coach");
        var employersToo = await ProfileAsync("employers-anonymous");
        await UntilAsync(() => IsCandidateAsync(_coach, coachOnly), TimeSpan.FromSeconds(5));
        await UntilAsync(() => IsCandidateAsync(_employer, employersToo), TimeSpan.FromSeconds(5));

        Assert.Equal(HttpStatusCode.OK, (await _coach.GetAsync($"/api/profiles/{coachOnly}")).StatusCode);
        Assert.False(await IsCandidateAsync(_employer, coachOnly));
        Assert.True(await IsCandidateAsync(_coach, employersToo));
    }

    [Fact]
    public async Task Withdrawing_consent_is_one_step_logged_and_effective_for_matching_within_a_second()
    {
        var profile = await ProfileAsync("employers-anonymous");
        await UntilAsync(() => IsCandidateAsync(_employer, profile), TimeSpan.FromSeconds(5));

        var withdrawn = await _seeker.PutAsJsonAsync($"/api/profiles/{profile}/visibility", new { visibility = "private" });
        var took = await UntilAsync(async () => !await IsCandidateAsync(_employer, profile) && !await IsCandidateAsync(_coach, profile), TimeSpan.FromSeconds(1));

        Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
        Assert.True(took < TimeSpan.FromSeconds(1), $"took {took.TotalMilliseconds} ms");
        var history = (await withdrawn.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("history").EnumerateArray().ToList();
        Assert.Equal(2, history.Count);
        Assert.Equal("employers-anonymous", history[0].GetProperty("to").GetString());
        Assert.Equal("employers-anonymous", history[1].GetProperty("from").GetString());
        Assert.Equal("private", history[1].GetProperty("to").GetString());
        Assert.All(history, h => Assert.True(h.GetProperty("byOwner").GetBoolean()));
        Assert.Equal(HttpStatusCode.NotFound, (await _coach.GetAsync($"/api/profiles/{profile}")).StatusCode);
    }

    [Fact]
    public async Task Refuses_an_unknown_visibility_and_changes_nothing()
    {
        var profile = await ProfileAsync("coach");

        await Problem.AssertFieldAsync(await _seeker.PutAsJsonAsync($"/api/profiles/{profile}/visibility", new { visibility = "everyone" }), HttpStatusCode.BadRequest, "visibility");

        Assert.Equal("coach", (await _seeker.GetFromJsonAsync<JsonElement>($"/api/profiles/{profile}")).GetProperty("visibility").GetString());
    }
}
