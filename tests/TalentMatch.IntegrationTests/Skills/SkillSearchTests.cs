using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TalentMatch.IntegrationTests.Infrastructure;

namespace TalentMatch.IntegrationTests.Skills;

[Collection(DatabaseCollection.Name)]
public sealed class SkillSearchTests(DatabaseFixture fixture) : IAsyncLifetime
{
    readonly HttpClient _client = fixture.App.CreateClient();
    // xunit makes an instance per test; the taxonomy is written once per class so labels stay unique.
    static Task<(Guid TigWelding, Guid WoundCare, Guid FinancialAdmin)>? _seeded;
    static readonly Lock Gate = new();
    Guid _tigWelding;
    Guid _woundCare;
    Guid _financialAdmin;

    public async Task InitializeAsync()
    {
        lock (Gate)
        {
            _seeded ??= SeedAsync(fixture.App);
        }

        (_tigWelding, _woundCare, _financialAdmin) = await _seeded;
    }

    static async Task<(Guid, Guid, Guid)> SeedAsync(TestApp app)
    {
        var taxonomy = new TestTaxonomy();
        var ids = (taxonomy.Skill("zyx tig welding", "zyx tig-lassen", "zyx booglassen"),
            taxonomy.Skill("zyx wound care", "zyx wondverzorging"),
            taxonomy.Skill("zyx financial administration", "zyx financiële administratie"));
        await taxonomy.SaveAsync(app);
        return ids;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    async Task<List<(Guid Id, string Label)>> SearchAsync(string query, string lang = "nl")
    {
        var response = await _client.GetFromJsonAsync<JsonElement>($"/api/skills?q={Uri.EscapeDataString(query)}&lang={lang}&take=20");
        return response.GetProperty("items").EnumerateArray()
            .Select(i => (i.GetProperty("id").GetGuid(), i.GetProperty("label").GetString()!)).ToList();
    }

    [Fact]
    public async Task Finds_a_skill_by_its_Dutch_label()
    {
        var hits = await SearchAsync("zyx tig-lassen");
        Assert.Equal(_tigWelding, hits[0].Id);
        Assert.Equal("zyx tig-lassen", hits[0].Label);
    }

    [Fact]
    public async Task Finds_a_skill_by_its_English_label_and_answers_in_English()
    {
        var hits = await SearchAsync("zyx tig welding", "en");
        Assert.Equal(_tigWelding, hits[0].Id);
        Assert.Equal("zyx tig welding", hits[0].Label);
    }

    [Fact]
    public async Task Finds_a_skill_by_a_word_prefix()
    {
        var hits = await SearchAsync("zyx wondverz");
        Assert.Equal(_woundCare, hits[0].Id);
    }

    [Fact]
    public async Task Tolerates_a_typo()
    {
        var hits = await SearchAsync("zyx wondverzorgign");
        Assert.Contains(hits, h => h.Id == _woundCare);
    }

    [Fact]
    public async Task Ignores_accents_either_way()
    {
        Assert.Equal(_financialAdmin, (await SearchAsync("zyx financiele administratie"))[0].Id);
        Assert.Equal(_financialAdmin, (await SearchAsync("zyx fïnanciële adminïstratie"))[0].Id);
    }

    [Fact]
    public async Task Finds_a_skill_by_an_alternative_label()
    {
        var hits = await SearchAsync("zyx booglassen");
        Assert.Equal(_tigWelding, hits[0].Id);
    }

    [Theory]
    [InlineData("", "q")]
    [InlineData("a", "q")]
    [InlineData("--", "q")]
    public async Task Rejects_a_query_too_short_to_search(string query, string field)
    {
        var response = await _client.GetAsync($"/api/skills?q={Uri.EscapeDataString(query)}");
        await Problem.AssertFieldAsync(response, HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task Rejects_an_unknown_language()
    {
        var response = await _client.GetAsync("/api/skills?q=lassen&lang=de");
        await Problem.AssertFieldAsync(response, HttpStatusCode.BadRequest, "lang");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public async Task Rejects_a_take_out_of_range(int take)
    {
        var response = await _client.GetAsync($"/api/skills?q=lassen&take={take}");
        await Problem.AssertFieldAsync(response, HttpStatusCode.BadRequest, "take");
    }

    [Fact]
    public async Task Returns_one_skill_with_its_labels()
    {
        var skill = await _client.GetFromJsonAsync<JsonElement>($"/api/skills/{_tigWelding}");
        Assert.Equal("zyx tig welding", skill.GetProperty("labelEn").GetString());
        Assert.Contains(skill.GetProperty("labels").EnumerateArray(), l => l.GetProperty("text").GetString() == "zyx booglassen");
    }

    [Fact]
    public async Task Answers_404_problem_details_for_an_unknown_skill()
    {
        var response = await _client.GetAsync($"/api/skills/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
