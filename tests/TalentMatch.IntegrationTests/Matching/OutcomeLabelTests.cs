using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using TalentMatch.Evaluation;
using TalentMatch.IntegrationTests.Infrastructure;
using TalentMatch.Matching.Features;
using TalentMatch.Matching.Ranking;
using TalentMatch.Web.Features.Matching;
using TalentMatch.Web.Infrastructure.Security;
using TalentMatch.Web.Infrastructure.Startup;

namespace TalentMatch.IntegrationTests.Matching;

/// <summary>
/// Outcomes recorded through the coach workflow become ranking labels for <c>train --with-outcomes</c>.
/// A database of its own, because the reader reads every outcome recorded.
/// </summary>
[Collection(DatabaseCollection.Name)]
public sealed class OutcomeLabelTests(DatabaseFixture fixture) : IAsyncLifetime
{
    TestApp _app = null!;
    HttpClient _coach = null!, _employer = null!;
    Guid _vacancy, _lonelyVacancy;
    readonly Dictionary<string, Guid> _people = [];
    List<JsonElement> _shown = [];

    public async Task InitializeAsync()
    {
        _app = await fixture.CreateAppAsync($"outcome_labels_{Guid.NewGuid():N}");
        var taxonomy = new TestTaxonomy();
        var welding = taxonomy.Skill("ol welding", "ol lassen");
        var drawing = taxonomy.Skill("ol technical drawing", "ol technisch tekenen");
        await taxonomy.SaveAsync(_app);
        var account = await _app.CreateAccountAsync(Role.Employer);
        _employer = _app.BearerClient(await _app.SignInAsync(account.Email));
        _vacancy = await IdAsync(await _employer.PostAsJsonAsync("/api/vacancies", new
        {
            employerId = account.EmployerId, title = "Lasser", educationLevel = "mbo2", postcode = "2312", hoursPerWeek = 38, contractType = "permanent",
            skills = new[] { new { skillId = welding, importance = "essential", minLevel = 2 }, new { skillId = drawing, importance = "essential", minLevel = 2 } },
        }));
        (_, _, _lonelyVacancy) = await _app.PostVacancyAsync("Tekenaar", drawing);
        _coach = await _app.ClientAsync(Role.Coach);

        // Different skills, levels and hours, so the rows differ in their features too.
        var seekers = new Dictionary<string, HttpClient>();
        foreach (var (name, level, both, hours) in new[]
                 {
                     ("hired", 4, true, 38), ("interview", 3, true, 32), ("proposed", 2, true, 24), ("shortlisted", 2, false, 38),
                     ("rejected", 1, false, 16), ("declined", 3, true, 38), ("withdrawn", 3, true, 38),
                 })
        {
            var (client, _) = await _app.SignUpAsync();
            var skills = both ? new[] { new { skillId = welding, level }, new { skillId = drawing, level = 2 } } : [new { skillId = welding, level }];
            _people[name] = await IdAsync(await client.PostAsJsonAsync("/api/profiles", new
            {
                educationLevel = "mbo3", postcode = "2311", hoursPerWeek = hours, visibility = "coach", skills,
            }));
            seekers[name] = client;
        }

        var clock = Stopwatch.StartNew();
        while ((_shown = await CandidatesAsync()).Count(c => _people.ContainsValue(c.GetProperty("profileId").GetGuid())) < _people.Count)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), "the profiles never reached matching");
            await Task.Delay(20);
        }

        var entries = new Dictionary<string, Guid>();
        foreach (var (name, profile) in _people)
        {
            var response = await _coach.PostAsJsonAsync($"/api/vacancies/{_vacancy}/shortlist", new { profileId = profile });
            entries[name] = (await Ok(response)).GetProperty("entryId").GetGuid();
        }

        await Ok(await _coach.PostAsJsonAsync($"/api/vacancies/{_lonelyVacancy}/shortlist", new { profileId = _people["hired"] }));
        foreach (var name in new[] { "hired", "interview", "proposed", "rejected", "declined" })
        {
            await Ok(await _coach.PostAsync($"/api/shortlist/{entries[name]}/introduction", null));
        }

        foreach (var name in new[] { "hired", "interview", "rejected" })
        {
            await Ok(await seekers[name].PostAsJsonAsync($"/api/me/introductions/{entries[name]}", new { accept = true }));
        }

        await Ok(await seekers["declined"].PostAsJsonAsync($"/api/me/introductions/{entries["declined"]}", new { accept = false }));
        await Ok(await _employer.PostAsJsonAsync($"/api/shortlist/{entries["hired"]}/outcome", new { outcome = "interview" }));
        await Ok(await _employer.PostAsJsonAsync($"/api/shortlist/{entries["hired"]}/outcome", new { outcome = "hired" }));
        await Ok(await _employer.PostAsJsonAsync($"/api/shortlist/{entries["interview"]}/outcome", new { outcome = "interview" }));
        await Ok(await _employer.PostAsJsonAsync($"/api/shortlist/{entries["rejected"]}/outcome", new { outcome = "rejected", reason = "Te weinig ervaring" }));
        await Ok(await seekers["withdrawn"].PutAsJsonAsync($"/api/profiles/{_people["withdrawn"]}/visibility", new { visibility = "private" }));

        // The person is hired, so the vacancy closes; its outcomes still count.
        await using var connection = await _app.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync("update vacancy set status = 'closed' where vacancy_id = @vacancy", new { vacancy = _vacancy });
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    static async Task<JsonElement> Ok(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return body.Length == 0 ? default : JsonSerializer.Deserialize<JsonElement>(body);
    }

    static async Task<Guid> IdAsync(HttpResponseMessage response) => (await Ok(response)).GetProperty("id").GetGuid();

    async Task<List<JsonElement>> CandidatesAsync() =>
        (await _coach.GetFromJsonAsync<JsonElement>($"/api/vacancies/{_vacancy}/candidates?take=200")).GetProperty("items").EnumerateArray().ToList();

    Task<OutcomeSet> ReadAsync() => _app.Services.GetRequiredService<ISender>().Send(new ReadOutcomeLabels.Query()).AsTask();

    [Fact]
    public async Task Each_recorded_outcome_becomes_a_graded_row_in_its_vacancys_group()
    {
        var outcomes = await ReadAsync();

        var group = Assert.Single(outcomes.Groups);
        Assert.Equal(_vacancy, group.VacancyId);
        var grades = group.Rows.ToDictionary(r => r.ProfileId, r => (r.Status, r.Grade));
        Assert.Equal(new Dictionary<Guid, (string, int)>
        {
            [_people["hired"]] = ("hired", 4),
            [_people["interview"]] = ("interview", 3),
            [_people["proposed"]] = ("proposed", 2),
            [_people["shortlisted"]] = ("shortlisted", 1),
            [_people["rejected"]] = ("rejected", 0),
        }, grades);
        // Seven entries for the vacancy and one for the vacancy with a single outcome; declined, withdrawn and the lonely one are left out.
        Assert.Equal((8, 3, 5), (outcomes.EntriesRead, outcomes.LeftOut, outcomes.RowCount));
    }

    [Fact]
    public async Task Outcome_rows_hold_the_features_serving_computed_in_the_serving_order()
    {
        var outcomes = await ReadAsync();

        Assert.Equal(MatchFeatures.Names, OutcomeSet.FeatureNames);
        foreach (var row in outcomes.Groups.Single().Rows)
        {
            Assert.Equal(MatchFeatures.Count, row.Features.Length);
            var served = _shown.Single(c => c.GetProperty("profileId").GetGuid() == row.ProfileId).GetProperty("explanation");
            var reasons = served.GetProperty("reasons").EnumerateArray().ToList();
            Assert.NotEmpty(reasons);
            foreach (var reason in reasons)
            {
                Assert.Equal(reason.GetProperty("value").GetSingle(), row.Features[Array.IndexOf(MatchFeatures.Names, reason.GetProperty("feature").GetString())]);
            }

            Assert.Equal(served.GetProperty("missingEssentialSkills").GetArrayLength(), row.Features[Array.IndexOf(MatchFeatures.Names, "missing_essential_count")]);
        }

        Assert.True(outcomes.Groups.Single().Rows.Select(r => string.Join(',', r.Features)).Distinct().Count() >= 3, "the people should differ in their features");
    }

    [Fact]
    public async Task A_small_training_run_with_outcomes_trains_on_them_and_says_how_many()
    {
        var outcomes = await ReadAsync();
        var output = Path.Combine(Path.GetTempPath(), $"talentmatch-outcomes-{Guid.NewGuid():N}");
        try
        {
            var options = new TrainRanker.Options(Esco: Path.Combine(output, "no-esco"), Output: output, Queries: 30, WithOutcomes: true);
            Assert.Equal(0, await TrainRanker.RunAsync(options, outcomes));

            var metrics = JsonSerializer.Deserialize<JsonElement>(await File.ReadAllTextAsync(Path.Combine(output, "match-ranker.metrics.json")));
            Assert.Equal(30 * 100 + 5, metrics.GetProperty("trainingRows").GetInt32());
            var used = metrics.GetProperty("outcomes");
            Assert.Equal((5, 1, 5, 1, 0), (used.GetProperty("rows").GetInt32(), used.GetProperty("groups").GetInt32(), used.GetProperty("trainingRows").GetInt32(),
                used.GetProperty("trainingGroups").GetInt32(), used.GetProperty("heldOutGroups").GetInt32()));
            Assert.Equal(MatchFeatures.Names, RankingModel.Load(Path.Combine(output, "match-ranker.zip")).FeatureNames);
            Assert.Contains("also trained on 5 recorded coach outcomes in 1 vacancies", await File.ReadAllTextAsync(Path.Combine(output, "README.md")), StringComparison.Ordinal);
        }
        finally
        {
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }
        }
    }

    [Fact]
    public async Task Training_with_outcomes_on_a_database_without_any_fails_and_writes_nothing()
    {
        await using var empty = await fixture.CreateAppAsync($"outcome_labels_empty_{Guid.NewGuid():N}");
        var output = Path.Combine(Path.GetTempPath(), $"talentmatch-outcomes-{Guid.NewGuid():N}");
        var command = Commands.TryParse(["train", "--with-outcomes", "--queries", "30", "--output", output], out _)!;

        Assert.True(command.NeedsDatabase);
        Assert.Equal(1, await command.RunAsync(empty.Services, NullLogger.Instance));
        Assert.False(Directory.Exists(output));
    }
}
