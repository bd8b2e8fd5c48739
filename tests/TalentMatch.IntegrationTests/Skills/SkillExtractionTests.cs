using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TalentMatch.IntegrationTests.Infrastructure;
using TalentMatch.Web.Infrastructure.Security;

namespace TalentMatch.IntegrationTests.Skills;

[Collection(DatabaseCollection.Name)]
public sealed class SkillExtractionTests(DatabaseFixture fixture) : IAsyncLifetime
{
    readonly HttpClient _client = fixture.App.CreateClient(Role.JobSeeker);
    static Task<(Guid Welding, Guid WoundCare, Guid Bookkeeping)>? _seeded;
    static readonly Lock Gate = new();
    Guid _welding;
    Guid _woundCare;
    Guid _bookkeeping;

    public async Task InitializeAsync()
    {
        lock (Gate)
        {
            _seeded ??= SeedAsync(fixture.App);
        }

        (_welding, _woundCare, _bookkeeping) = await _seeded;
    }

    // Made-up words keep these skills apart from whatever other test classes write into the shared taxonomy.
    static async Task<(Guid, Guid, Guid)> SeedAsync(TestApp app)
    {
        var taxonomy = new TestTaxonomy();
        var ids = (taxonomy.Skill("qorvex welding", "qorvexlassen"),
            taxonomy.Skill("zumbrak wound care", "zumbrakwondverzorging", "zumbrak wonden verzorgen"),
            taxonomy.Skill("plimbook keeping", "plimboekhouding"));
        await taxonomy.SaveAsync(app);
        return ids;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    async Task<JsonElement> ExtractAsync(object body)
    {
        var response = await _client.PostAsJsonAsync("/api/skills/extract", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    static JsonElement Item(JsonElement response, Guid id) =>
        Assert.Single(response.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetGuid() == id);

    static List<string> EvidenceTexts(string text, JsonElement item) => item.GetProperty("evidence").EnumerateArray().Select(e =>
    {
        var start = e.GetProperty("start").GetInt32();
        var length = e.GetProperty("length").GetInt32();
        Assert.Equal(text.Substring(start, length), e.GetProperty("text").GetString());
        return text.Substring(start, length);
    }).ToList();

    [Fact]
    public async Task Proposes_skills_from_a_Dutch_vacancy_with_the_characters_they_came_from()
    {
        const string text = "Voor ons team zoeken wij een collega die ervaring heeft met zumbrak wonden verzorgen. Je doet ook het Qorvexlassen.";
        var response = await ExtractAsync(new { text });
        Assert.Equal("nl", response.GetProperty("language").GetString());
        Assert.Equal(["zumbrak wonden verzorgen"], EvidenceTexts(text, Item(response, _woundCare)));
        Assert.Equal(["Qorvexlassen"], EvidenceTexts(text, Item(response, _welding)));
        Assert.Equal("zumbrakwondverzorging", Item(response, _woundCare).GetProperty("label").GetString());
    }

    [Fact]
    public async Task Proposes_skills_from_an_English_vacancy_and_answers_in_English()
    {
        const string text = "You will do Qorvex welding on site and some plimbook keeping in the office.";
        var response = await ExtractAsync(new { text });
        Assert.Equal("en", response.GetProperty("language").GetString());
        var items = response.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToList();
        Assert.Contains(_welding, items);
        Assert.Contains(_bookkeeping, items);
        Assert.Equal(["Qorvex welding"], EvidenceTexts(text, Item(response, _welding)));
        Assert.Equal("qorvex welding", Item(response, _welding).GetProperty("label").GetString());
    }

    [Fact]
    public async Task Uses_the_language_it_is_given()
    {
        var response = await ExtractAsync(new { text = "qorvex welding", lang = "nl" });
        Assert.Equal("nl", response.GetProperty("language").GetString());
        Assert.Equal("qorvexlassen", Item(response, _welding).GetProperty("label").GetString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\u0000\u0001binary\u0002")]
    [InlineData("%PDF-1.7 \uFFFD\uFFFD\uFFFD")]
    [InlineData("0x7f 0x45 0x4c 0x46 0x02 0x01 0x01 0x00 0x00 0x00 0x00")]
    public async Task Refuses_empty_or_binary_looking_text_naming_the_field(string text)
    {
        var before = await DatabaseSnapshot.TakeAsync(fixture.App.DataSource);
        var response = await _client.PostAsJsonAsync("/api/skills/extract", new { text });
        await Problem.AssertFieldAsync(response, HttpStatusCode.BadRequest, "text");
        Assert.Equal(before, await DatabaseSnapshot.TakeAsync(fixture.App.DataSource));
    }

    [Fact]
    public async Task Refuses_text_longer_than_twenty_thousand_characters()
    {
        var response = await _client.PostAsJsonAsync("/api/skills/extract", new { text = new string('a', 20_001) });
        await Problem.AssertFieldAsync(response, HttpStatusCode.BadRequest, "text");
    }

    [Fact]
    public async Task Refuses_an_unknown_language()
    {
        var response = await _client.PostAsJsonAsync("/api/skills/extract", new { text = "qorvex welding", lang = "fr" });
        await Problem.AssertFieldAsync(response, HttpStatusCode.BadRequest, "lang");
    }

    [Fact]
    public async Task Extracts_from_twenty_thousand_characters_and_stores_nothing()
    {
        var sentence = "Wij zoeken iemand voor Qorvexlassen en plimboekhouding in een vriendelijk team. ";
        var text = string.Concat(Enumerable.Repeat(sentence, 20_000 / sentence.Length + 1))[..20_000];
        var before = await DatabaseSnapshot.TakeAsync(fixture.App.DataSource);
        var response = await ExtractAsync(new { text });
        Assert.True(Item(response, _welding).GetProperty("confidence").GetDouble() > 0.5);
        Assert.Equal(before, await DatabaseSnapshot.TakeAsync(fixture.App.DataSource));
    }
}
