using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using TalentMatch.IntegrationTests.Infrastructure;
using TalentMatch.Web.Infrastructure.Security;

namespace TalentMatch.IntegrationTests.Matching;

/// <summary>Every ranked list shown to a coach or an employer is kept append-only and explained to the people in it.</summary>
[Collection(DatabaseCollection.Name)]
public sealed class RankingLogTests(DatabaseFixture fixture) : IAsyncLifetime
{
    HttpClient _seeker = null!, _employer = null!;
    Guid _skill, _vacancy, _profile, _occupation;

    public async Task InitializeAsync()
    {
        var taxonomy = new TestTaxonomy();
        _skill = taxonomy.Skill("rl pipe fitting", "rl pijpfitten");
        _occupation = taxonomy.Occupation("rl pipe fitter", "rl pijpfitter", [_skill], [taxonomy.Skill("rl welding", "rl lassen")]);
        await taxonomy.SaveAsync(fixture.App);
        (_employer, _, _vacancy) = await fixture.App.PostVacancyAsync("Pijpfitter", _skill, minLevel: 2);
        _seeker = await fixture.App.ClientAsync(Role.JobSeeker);
        _profile = await IdAsync(await _seeker.PostAsJsonAsync("/api/profiles", new
        {
            educationLevel = "mbo2", postcode = "2311", hoursPerWeek = 36, visibility = "employers-anonymous", skills = new[] { new { skillId = _skill, level = 3 } },
        }));
        var clock = Stopwatch.StartNew();
        while (!(await CandidatesAsync()).Any(c => c.GetProperty("profileId").GetGuid() == _profile))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), "the profile never reached matching");
            await Task.Delay(20);
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    static async Task<Guid> IdAsync(HttpResponseMessage response)
    {
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    async Task<List<JsonElement>> CandidatesAsync() =>
        (await _employer.GetFromJsonAsync<JsonElement>($"/api/vacancies/{_vacancy}/candidates?take=200")).GetProperty("items").EnumerateArray().ToList();

    [Fact]
    public async Task Records_who_saw_which_ranked_list_with_ids_ranks_scores_and_model_and_people_only_as_pseudonyms()
    {
        var before = await LogCountAsync();
        var response = await _employer.GetFromJsonAsync<JsonElement>($"/api/vacancies/{_vacancy}/candidates?take=200");
        var shown = response.GetProperty("items").EnumerateArray().ToList();

        await using var connection = await fixture.App.DataSource.OpenConnectionAsync();
        var log = await connection.QuerySingleAsync<(long Id, string Role, string Kind, Guid? Vacancy, string Model, int Count)>("""
            select ranking_log_id, shown_to_role, list_kind, vacancy_id, model_version, item_count from ranking_log
            where vacancy_id = @vacancy order by ranking_log_id desc limit 1
            """, new { vacancy = _vacancy });
        var items = (await connection.QueryAsync<(int Rank, Guid Subject, float Score)>(
            "select rank, subject_id, score from ranking_log_item where ranking_log_id = @id order by rank", new { id = log.Id })).ToList();
        var pseudonym = await connection.QuerySingleAsync<Guid>("select pseudonym_id from pseudonym where profile_id = @profile", new { profile = _profile });

        Assert.Equal(before + 1, await LogCountAsync());
        Assert.Equal(("employer", "candidates", _vacancy, response.GetProperty("modelVersion").GetString()), (log.Role, log.Kind, log.Vacancy, log.Model));
        Assert.Equal(shown.Count, log.Count);
        Assert.Equal(shown.Select(s => (s.GetProperty("rank").GetInt32(), s.GetProperty("score").GetSingle())), items.Select(i => (i.Rank, i.Score)));
        Assert.DoesNotContain(items, i => shown.Any(s => s.GetProperty("profileId").GetGuid() == i.Subject));
        Assert.Contains(items, i => i.Subject == pseudonym);
    }

    [Fact]
    public async Task The_applications_database_role_cannot_change_or_remove_the_log()
    {
        await CandidatesAsync();
        var appData = fixture.App.Services.GetRequiredService<NpgsqlDataSource>();
        await using var connection = await appData.OpenConnectionAsync();

        foreach (var sql in new[]
                 {
                     "update ranking_log set model_version = 'rewritten'", "delete from ranking_log", "truncate ranking_log",
                     "truncate ranking_log_item", "update ranking_log_item set score = 0", "delete from ranking_log_item",
                 })
        {
            // The connection logs in as the role itself: no owner session underneath to return to.
            var refused = await Assert.ThrowsAsync<PostgresException>(() => connection.ExecuteAsync("reset role; " + sql));
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
        }

        Assert.True(await connection.ExecuteScalarAsync<long>("select count(*) from ranking_log_item") > 0);
        Assert.Equal("talentmatch_app", await connection.ExecuteScalarAsync<string>("reset role; select session_user"));
        Assert.Equal("talentmatch_app", await connection.ExecuteScalarAsync<string>("select current_user"));
    }

    [Fact]
    public async Task A_job_seeker_sees_per_vacancy_where_they_were_ranked_and_why()
    {
        await CandidatesAsync();
        await CandidatesAsync();

        var rankings = await _seeker.GetFromJsonAsync<JsonElement>("/api/me/rankings");

        var appearance = Assert.Single(rankings.GetProperty("vacancies").EnumerateArray(), v => v.GetProperty("vacancyId").GetGuid() == _vacancy);
        Assert.Equal("Pijpfitter", appearance.GetProperty("title").GetString());
        Assert.True(appearance.GetProperty("timesShown").GetInt32() >= 3);
        Assert.Equal("employer", appearance.GetProperty("lastShownTo").GetString());
        Assert.InRange(appearance.GetProperty("rank").GetInt32(), 1, appearance.GetProperty("outOf").GetInt32());
        var matched = appearance.GetProperty("why").GetProperty("matchedSkills").EnumerateArray().Single();
        Assert.Equal(_skill, matched.GetProperty("skillId").GetGuid());
        Assert.Equal(3, matched.GetProperty("personLevel").GetInt32());
    }

    [Fact]
    public async Task A_coach_s_talent_pool_is_logged_as_the_talent_pool_and_an_employer_s_list_as_candidates()
    {
        var coach = await fixture.App.ClientAsync(Role.Coach);

        var pool = await coach.GetFromJsonAsync<JsonElement>($"/api/vacancies/{_vacancy}/candidates?take=200");
        var coachLog = await LatestLogAsync();
        await CandidatesAsync();
        var employerLog = await LatestLogAsync();

        Assert.Equal(("coach", "talent-pool", _vacancy), (coachLog.Role, coachLog.Kind, coachLog.Vacancy));
        Assert.Equal(pool.GetProperty("items").GetArrayLength(), coachLog.Count);
        Assert.Equal(("employer", "candidates", _vacancy), (employerLog.Role, employerLog.Kind, employerLog.Vacancy));
    }

    [Fact]
    public async Task Career_switch_suggestions_a_coach_asks_for_are_logged_about_the_person_and_the_owner_s_own_are_not()
    {
        var coach = await fixture.App.ClientAsync(Role.Coach);
        var before = await LogCountAsync();
        var own = await _seeker.GetFromJsonAsync<JsonElement>($"/api/profiles/{_profile}/occupations");
        Assert.Equal(before, await LogCountAsync());

        var shown = (await coach.GetFromJsonAsync<JsonElement>($"/api/profiles/{_profile}/occupations")).GetProperty("items").EnumerateArray().ToList();

        Assert.Equal(before + 1, await LogCountAsync());
        Assert.Contains(shown, o => o.GetProperty("occupationId").GetGuid() == _occupation);
        Assert.Equal(own.GetProperty("items").GetArrayLength(), shown.Count);
        await using var connection = await fixture.App.DataSource.OpenConnectionAsync();
        var log = await connection.QuerySingleAsync<(long Id, string Role, string Kind, Guid? Profile, string Model, int Count)>("""
            select ranking_log_id, shown_to_role, list_kind, profile_pseudonym_id, model_version, item_count from ranking_log
            order by ranking_log_id desc limit 1
            """);
        var pseudonym = await connection.QuerySingleAsync<Guid>("select pseudonym_id from pseudonym where profile_id = @profile", new { profile = _profile });
        var items = (await connection.QueryAsync<(int Rank, Guid Subject, float Score)>(
            "select rank, subject_id, score from ranking_log_item where ranking_log_id = @id order by rank", new { id = log.Id })).ToList();
        Assert.Equal(("coach", "occupations", pseudonym, shown.Count), (log.Role, log.Kind, log.Profile!.Value, log.Count));
        Assert.Equal(shown.Select(o => (o.GetProperty("rank").GetInt32(), o.GetProperty("occupationId").GetGuid(), o.GetProperty("score").GetSingle())),
            items.Select(i => (i.Rank, i.Subject, i.Score)));
    }

    async Task<(string Role, string Kind, Guid? Vacancy, int Count)> LatestLogAsync()
    {
        await using var connection = await fixture.App.DataSource.OpenConnectionAsync();
        return await connection.QuerySingleAsync<(string, string, Guid?, int)>("""
            select shown_to_role, list_kind, vacancy_id, item_count from ranking_log where vacancy_id = @vacancy order by ranking_log_id desc limit 1
            """, new { vacancy = _vacancy });
    }

    [Fact]
    public async Task A_person_looking_at_their_own_matches_is_not_logged()
    {
        var before = await LogCountAsync();

        (await _seeker.GetAsync($"/api/profiles/{_profile}/matches")).EnsureSuccessStatusCode();

        Assert.Equal(before, await LogCountAsync());
    }

    async Task<long> LogCountAsync()
    {
        await using var connection = await fixture.App.DataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>("select count(*) from ranking_log");
    }
}
