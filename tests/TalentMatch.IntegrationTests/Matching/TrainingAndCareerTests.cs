using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using TalentMatch.IntegrationTests.Infrastructure;
using TalentMatch.Web.Infrastructure.Security;

namespace TalentMatch.IntegrationTests.Matching;

[Collection(DatabaseCollection.Name)]
public sealed class TrainingAndCareerTests(DatabaseFixture fixture)
{
    readonly HttpClient _admin = fixture.App.CreateClient(Role.Admin);
    readonly HttpClient _client = fixture.App.CreateClient(Role.JobSeeker);

    async Task<Guid> PostAsync(string path, object body)
    {
        // Profiles belong to the job seeker; employers and vacancies are set up by an admin.
        var response = await (path.StartsWith("/api/profiles", StringComparison.Ordinal) ? _client : _admin).PostAsJsonAsync(path, body);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    Task<Guid> ProfileAsync(params (Guid Skill, int Level)[] skills) => PostAsync("/api/profiles", new
    {
        educationLevel = "mbo3", postcode = "2311", hoursPerWeek = 36,
        skills = skills.Select(s => new { skillId = s.Skill, level = s.Level }).ToArray(),
    });

    static async Task<JsonElement> WaitForMatchAsync(HttpClient client, Guid profile, Guid vacancy)
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var items = (await client.GetFromJsonAsync<JsonElement>($"/api/profiles/{profile}/matches?take=100")).GetProperty("items").EnumerateArray();
            foreach (var item in items.Where(i => i.GetProperty("id").GetGuid() == vacancy))
            {
                return item;
            }

            await Task.Delay(50);
        }

        throw new InvalidOperationException("The vacancy never appeared in the matches.");
    }

    [Fact]
    public async Task Suggests_the_module_that_closes_a_gap_and_re_scores_the_match_with_it()
    {
        var taxonomy = new TestTaxonomy();
        var (a, b, c) = (taxonomy.Skill("g forklift", "g heftruck rijden"), taxonomy.Skill("g safety", "g veilig werken"), taxonomy.Skill("g stock", "g voorraadbeheer"));
        await taxonomy.SaveAsync(fixture.App);
        var module = Guid.NewGuid();
        await using (var connection = await fixture.App.DataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync("""
                insert into training_module (training_module_id, code, title_nl, title_en, provider, kind, duration_hours)
                values (@module, @code, 'g VCA Basis', 'g SCC Basic', 'g Opleider', 'short-course', 8);
                insert into training_module_skill values (@module, @b);
                """, new { module, code = $"g-{module:N}", b });
        }

        var employer = await PostAsync("/api/employers", new { name = "Gap test BV" });
        var vacancy = await PostAsync("/api/vacancies", new
        {
            employerId = employer, title = "g Magazijnmedewerker", educationLevel = "mbo2", postcode = "2312", hoursPerWeek = 36, contractType = "temporary",
            skills = new[] { new { skillId = a, importance = "essential", minLevel = 1 }, new { skillId = b, importance = "essential", minLevel = 1 }, new { skillId = c, importance = "optional", minLevel = 1 } },
        });
        var learner = await ProfileAsync((a, 3));
        var trained = await ProfileAsync((a, 3), (b, 2));

        var before = await WaitForMatchAsync(_client, learner, vacancy);
        var suggestion = before.GetProperty("training");
        var suggested = Assert.Single(suggestion.GetProperty("modules").EnumerateArray());
        Assert.Equal(module, suggested.GetProperty("id").GetGuid());
        Assert.Equal([b], suggested.GetProperty("closes").EnumerateArray().Select(s => s.GetProperty("skillId").GetGuid()));
        // The module's details are listed once in the answer, not in every match it helps.
        var answer = await _client.GetFromJsonAsync<JsonElement>($"/api/profiles/{learner}/matches?take=100");
        var listed = Assert.Single(answer.GetProperty("trainingModules").EnumerateArray(), m => m.GetProperty("id").GetGuid() == module);
        Assert.Equal(("g VCA Basis", "g Opleider", 8), (listed.GetProperty("title").GetString(), listed.GetProperty("provider").GetString(), listed.GetProperty("durationHours").GetInt32()));
        Assert.False(suggested.TryGetProperty("title", out _));
        Assert.Equal(answer.GetProperty("trainingModules").GetArrayLength(), answer.GetProperty("items").EnumerateArray()
            .Where(i => i.GetProperty("training").ValueKind == JsonValueKind.Object)
            .SelectMany(i => i.GetProperty("training").GetProperty("modules").EnumerateArray().Select(m => m.GetProperty("id").GetGuid())).Distinct().Count());
        // Re-scored by the same ranker: exactly what a person who has the skill at level 2 gets.
        var after = await WaitForMatchAsync(_client, trained, vacancy);
        Assert.Equal(after.GetProperty("score").GetSingle(), suggestion.GetProperty("scoreAfter").GetSingle(), 4);
        Assert.True(suggestion.GetProperty("scoreAfter").GetSingle() > before.GetProperty("score").GetSingle());
        Assert.True(suggestion.GetProperty("rankAfter").GetInt32() <= before.GetProperty("rank").GetInt32());
    }

    [Fact]
    public async Task Ranks_occupations_by_how_well_the_person_s_skills_fit_them()
    {
        var taxonomy = new TestTaxonomy();
        var (cooking, hygiene, serving, care, lifting) = (taxonomy.Skill("s cooking", "s koken"), taxonomy.Skill("s hygiene", "s hygiënisch werken"),
            taxonomy.Skill("s serving", "s serveren"), taxonomy.Skill("s personal care", "s persoonlijke verzorging"), taxonomy.Skill("s lifting", "s tillen"));
        var cook = taxonomy.Occupation("s cook", "s kok", [cooking, hygiene], [serving]);
        var carer = taxonomy.Occupation("s carer", "s verzorgende", [hygiene, care], [lifting]);
        var unrelated = taxonomy.Occupation("s mover", "s verhuizer", [lifting], []);
        await taxonomy.SaveAsync(fixture.App);
        var person = await ProfileAsync((cooking, 3), (hygiene, 3));

        JsonElement[] items = [];
        for (var attempt = 0; attempt < 20 && items.All(i => i.GetProperty("occupationId").GetGuid() != carer); attempt++)
        {
            items = (await _client.GetFromJsonAsync<JsonElement>($"/api/profiles/{person}/occupations?take=50")).GetProperty("items").EnumerateArray().ToArray();
            await Task.Delay(50);
        }

        var ranked = items.Select(i => i.GetProperty("occupationId").GetGuid()).ToList();
        Assert.True(ranked.IndexOf(cook) < ranked.IndexOf(carer), "the cook fits a cook better than a carer");
        Assert.DoesNotContain(unrelated, ranked);
        var switchToCare = items.Single(i => i.GetProperty("occupationId").GetGuid() == carer);
        Assert.Equal([hygiene], switchToCare.GetProperty("skillsYouHave").EnumerateArray().Select(s => s.GetProperty("skillId").GetGuid()));
        Assert.Equal([care], switchToCare.GetProperty("essentialSkillsToAdd").EnumerateArray().Select(s => s.GetProperty("skillId").GetGuid()));
    }
}
