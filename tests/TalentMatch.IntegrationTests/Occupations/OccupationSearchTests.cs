using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TalentMatch.IntegrationTests.Infrastructure;

namespace TalentMatch.IntegrationTests.Occupations;

[Collection(DatabaseCollection.Name)]
public sealed class OccupationSearchTests(DatabaseFixture fixture) : IAsyncLifetime
{
    readonly HttpClient _client = fixture.App.CreateClient();
    // xunit makes an instance per test; the taxonomy is written once per class so labels stay unique.
    static Task<Seeded>? _seeded;
    static readonly Lock Gate = new();
    Seeded _data = null!;

    sealed record Seeded(Guid Nurse, Guid Welder, Guid Injecting, Guid WoundCare, Guid Planning, Guid Tig);

    public async Task InitializeAsync()
    {
        lock (Gate)
        {
            _seeded ??= SeedAsync(fixture.App);
        }

        _data = await _seeded;
    }

    static async Task<Seeded> SeedAsync(TestApp app)
    {
        var taxonomy = new TestTaxonomy();
        var injecting = taxonomy.Skill("qoc injecting", "qoc injecteren");
        var woundCare = taxonomy.Skill("qoc wound care", "qoc wondverzorging");
        var planning = taxonomy.Skill("qoc care planning", "qoc zorgplanning");
        var tig = taxonomy.Skill("qoc tig welding", "qoc tig-lassen");
        var nurse = taxonomy.Occupation("qoc nurse", "qoc verpleegkundige", [injecting, woundCare], [planning], "qoc verpleger", "qoc verpleegster");
        var welder = taxonomy.Occupation("qoc welder", "qoc lasser", [tig], [woundCare], "qoc lasster");
        await taxonomy.SaveAsync(app);
        return new Seeded(nurse, welder, injecting, woundCare, planning, tig);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    async Task<List<JsonElement>> SearchAsync(string query, string lang = "nl")
    {
        var response = await _client.GetFromJsonAsync<JsonElement>($"/api/occupations?q={Uri.EscapeDataString(query)}&lang={lang}&take=20");
        return response.GetProperty("items").EnumerateArray().ToList();
    }

    static Guid Id(JsonElement item) => item.GetProperty("id").GetGuid();

    static List<(Guid Id, string Label)> Skills(JsonElement item, string relation) =>
        item.GetProperty(relation).EnumerateArray().Select(s => (s.GetProperty("id").GetGuid(), s.GetProperty("label").GetString()!)).ToList();

    [Fact]
    public async Task Finds_an_occupation_by_its_Dutch_label()
    {
        var hits = await SearchAsync("qoc verpleegkundige");
        Assert.Equal(_data.Nurse, Id(hits[0]));
        Assert.Equal("qoc verpleegkundige", hits[0].GetProperty("label").GetString());
        Assert.Equal("qoc verpleegkundige", hits[0].GetProperty("matchedLabel").GetString());
        Assert.Equal("qoc nurse", hits[0].GetProperty("labelEn").GetString());
    }

    [Fact]
    public async Task Finds_an_occupation_by_its_English_label_and_answers_in_English()
    {
        var hits = await SearchAsync("qoc welder", "en");
        Assert.Equal(_data.Welder, Id(hits[0]));
        Assert.Equal("qoc welder", hits[0].GetProperty("label").GetString());
    }

    [Theory]
    [InlineData("qoc verpleger")]
    [InlineData("qoc verpleegster")]
    public async Task Finds_an_occupation_by_an_alternative_or_gendered_label(string label)
    {
        var hits = await SearchAsync(label);
        Assert.Equal(_data.Nurse, Id(hits[0]));
        Assert.Equal(label, hits[0].GetProperty("matchedLabel").GetString());
        // The answer still names the occupation by its preferred label.
        Assert.Equal("qoc verpleegkundige", hits[0].GetProperty("label").GetString());
    }

    [Fact]
    public async Task Tolerates_a_typo()
    {
        var hits = await SearchAsync("qoc verpleegkundgie");
        Assert.Contains(hits, h => Id(h) == _data.Nurse);
        Assert.DoesNotContain(hits, h => Id(h) == _data.Welder);
    }

    [Fact]
    public async Task Finds_an_occupation_by_a_word_prefix()
    {
        var hits = await SearchAsync("qoc verpleegk");
        Assert.Equal(_data.Nurse, Id(hits[0]));
    }

    [Fact]
    public async Task Each_result_carries_its_essential_and_optional_skills()
    {
        var hits = await SearchAsync("qoc verpleegkundige");
        var nurse = hits.Single(h => Id(h) == _data.Nurse);

        Assert.Equal([(_data.Injecting, "qoc injecteren"), (_data.WoundCare, "qoc wondverzorging")], Skills(nurse, "essentialSkills").OrderBy(s => s.Label));
        Assert.Equal([(_data.Planning, "qoc zorgplanning")], Skills(nurse, "optionalSkills"));
    }

    [Fact]
    public async Task A_skill_essential_to_one_occupation_can_be_optional_to_another()
    {
        var welder = (await SearchAsync("qoc lasser")).Single(h => Id(h) == _data.Welder);

        Assert.Equal([_data.Tig], Skills(welder, "essentialSkills").Select(s => s.Id));
        Assert.Equal([_data.WoundCare], Skills(welder, "optionalSkills").Select(s => s.Id));
    }

    [Fact]
    public async Task Names_the_skills_in_English_when_asked_in_English()
    {
        var nurse = (await SearchAsync("qoc nurse", "en")).Single(h => Id(h) == _data.Nurse);

        Assert.Equal(["qoc injecting", "qoc wound care"], Skills(nurse, "essentialSkills").Select(s => s.Label).Order());
        Assert.Equal(["qoc care planning"], Skills(nurse, "optionalSkills").Select(s => s.Label));
    }

    [Fact]
    public async Task Gives_no_ESCO_attribution_for_our_own_concepts()
    {
        var response = await _client.GetFromJsonAsync<JsonElement>("/api/occupations?q=qoc%20lasser");
        Assert.Equal(JsonValueKind.Null, response.GetProperty("attribution").ValueKind);
    }

    [Fact]
    public async Task Returns_at_most_take_results()
    {
        var response = await _client.GetFromJsonAsync<JsonElement>("/api/occupations?q=qoc&take=1");
        Assert.Single(response.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Returns_one_occupation_with_its_skills_split_by_relation()
    {
        var occupation = await _client.GetFromJsonAsync<JsonElement>($"/api/occupations/{_data.Nurse}");

        Assert.Equal(_data.Nurse, occupation.GetProperty("id").GetGuid());
        Assert.Equal("qoc nurse", occupation.GetProperty("labelEn").GetString());
        Assert.Equal("qoc verpleegkundige", occupation.GetProperty("labelNl").GetString());
        Assert.Equal("7212", occupation.GetProperty("iscoCode").GetString());
        Assert.Equal("technology", occupation.GetProperty("sector").GetString());
        Assert.Equal([(_data.Injecting, "qoc injecteren"), (_data.WoundCare, "qoc wondverzorging")], Skills(occupation, "essentialSkills").OrderBy(s => s.Label));
        Assert.Equal([(_data.Planning, "qoc zorgplanning")], Skills(occupation, "optionalSkills"));
    }

    [Fact]
    public async Task Returns_one_occupation_with_English_skill_labels_when_asked()
    {
        var occupation = await _client.GetFromJsonAsync<JsonElement>($"/api/occupations/{_data.Welder}?lang=en");

        Assert.Equal([(_data.Tig, "qoc tig welding")], Skills(occupation, "essentialSkills"));
        Assert.Equal([(_data.WoundCare, "qoc wound care")], Skills(occupation, "optionalSkills"));
    }

    [Fact]
    public async Task Answers_404_problem_details_for_an_unknown_occupation()
    {
        var response = await _client.GetAsync($"/api/occupations/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Answers_404_for_a_skill_id_asked_as_an_occupation()
    {
        var response = await _client.GetAsync($"/api/occupations/{_data.Tig}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("/api/occupations")]
    [InlineData("/api/occupations?q=")]
    [InlineData("/api/occupations?q=a")]
    [InlineData("/api/occupations?q=%20-%20")]
    public async Task Rejects_a_query_too_short_to_search(string url)
    {
        var response = await _client.GetAsync(url);
        await Problem.AssertFieldAsync(response, HttpStatusCode.BadRequest, "q");
    }

    [Fact]
    public async Task Rejects_a_query_too_long()
    {
        var response = await _client.GetAsync($"/api/occupations?q={new string('x', 201)}");
        await Problem.AssertFieldAsync(response, HttpStatusCode.BadRequest, "q");
    }

    [Fact]
    public async Task Rejects_an_unknown_language()
    {
        var response = await _client.GetAsync("/api/occupations?q=lasser&lang=de");
        await Problem.AssertFieldAsync(response, HttpStatusCode.BadRequest, "lang");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(51)]
    public async Task Rejects_a_take_out_of_range(int take)
    {
        var response = await _client.GetAsync($"/api/occupations?q=lasser&take={take}");
        await Problem.AssertFieldAsync(response, HttpStatusCode.BadRequest, "take");
    }

    [Fact]
    public async Task Accepts_the_largest_take()
    {
        var response = await _client.GetAsync("/api/occupations?q=qoc&take=50");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
