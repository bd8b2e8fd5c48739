using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using TalentMatch.IntegrationTests.Infrastructure;
using TalentMatch.Web.Infrastructure.Security;

namespace TalentMatch.IntegrationTests.Profiles;

[Collection(DatabaseCollection.Name)]
public sealed class ProfileTests(DatabaseFixture fixture) : IAsyncLifetime
{
    // One job seeker owns every profile these tests write, so updates and reads reach their own profiles.
    HttpClient _client => _data.Seeker;
    // xunit makes an instance per test; the taxonomy (and one profile to update) is written once per class.
    static Task<Seeded>? _seeded;
    static readonly Lock Gate = new();
    Seeded _data = null!;

    sealed record Seeded(Guid Welding, Guid WoundCare, Guid Bookkeeping, Guid[] Bulk, Guid Nurse, Guid Welder, Guid[] ManyOccupations, Guid ExistingProfile, HttpClient Seeker);

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
        var welding = taxonomy.Skill("qpr welding", "qpr lassen");
        var woundCare = taxonomy.Skill("qpr wound care", "qpr wondverzorging");
        var bookkeeping = taxonomy.Skill("qpr bookkeeping", "qpr boekhouden");
        // One more than a profile may hold, so the limit is tested with skills that all exist.
        var bulk = Enumerable.Range(1, 201).Select(i => taxonomy.Skill($"qpr bulk skill {i}", $"qpr bulkvaardigheid {i}")).ToArray();
        var nurse = taxonomy.Occupation("qpr nurse", "qpr verpleegkundige", [woundCare], []);
        var welder = taxonomy.Occupation("qpr welder", "qpr lasser", [welding], []);
        var many = Enumerable.Range(1, 21).Select(i => taxonomy.Occupation($"qpr bulk occupation {i}", $"qpr bulkberoep {i}", [], [])).ToArray();
        await taxonomy.SaveAsync(app);

        var client = await app.ClientAsync(Role.JobSeeker);
        var seeded = new Seeded(welding, woundCare, bookkeeping, bulk, nurse, welder, many, Guid.Empty, client);
        var response = await client.PostAsync("/api/profiles", Json(ValidBody(seeded)));
        response.EnsureSuccessStatusCode();
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        return seeded with { ExistingProfile = created.GetProperty("id").GetGuid() };
    }

    public Task DisposeAsync() => Task.CompletedTask;

    static JsonObject ValidBody(Seeded data) => new()
    {
        ["displayName"] = "Anna",
        ["skills"] = new JsonArray(
            new JsonObject { ["skillId"] = data.Welding, ["level"] = 3, ["evidence"] = "work" },
            new JsonObject { ["skillId"] = data.WoundCare, ["level"] = 2, ["evidence"] = "volunteering" }),
        ["educationLevel"] = "mbo3",
        ["postcode"] = "2311",
        ["hoursPerWeek"] = 32,
        ["availableFrom"] = "2026-03-01",
        ["wantedOccupations"] = new JsonArray(data.Welder),
        ["wantedSectors"] = new JsonArray("manufacturing", "port-logistics"),
    };

    static StringContent Json(JsonNode body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");

    /// <summary>The valid body with one member replaced by raw JSON (or removed when null); $names stand for seeded ids.</summary>
    JsonObject BodyWith(string member, string? json)
    {
        var body = ValidBody(_data);
        if (json is null)
        {
            body.Remove(member);
            return body;
        }

        var text = json
            .Replace("$welding", _data.Welding.ToString(), StringComparison.Ordinal)
            .Replace("$woundCare", _data.WoundCare.ToString(), StringComparison.Ordinal)
            .Replace("$nurse", _data.Nurse.ToString(), StringComparison.Ordinal)
            .Replace("$unknown", Guid.NewGuid().ToString(), StringComparison.Ordinal)
            .Replace("\"$201skills\"", string.Join(",", _data.Bulk.Select(id => $$"""{"skillId":"{{id}}","level":2}""")), StringComparison.Ordinal)
            .Replace("\"$200skills\"", string.Join(",", _data.Bulk.Take(200).Select(id => $$"""{"skillId":"{{id}}","level":2}""")), StringComparison.Ordinal)
            .Replace("\"$21occupations\"", string.Join(",", _data.ManyOccupations.Select(id => $"\"{id}\"")), StringComparison.Ordinal)
            .Replace("\"$20occupations\"", string.Join(",", _data.ManyOccupations.Take(20).Select(id => $"\"{id}\"")), StringComparison.Ordinal);
        body[member] = JsonNode.Parse(text);
        return body;
    }

    Task<IReadOnlyDictionary<string, string>> SnapshotAsync() => DatabaseSnapshot.TakeAsync(fixture.App.DataSource);

    async Task<JsonElement> CreateAsync(JsonObject body)
    {
        var response = await _client.PostAsync("/api/profiles", Json(body));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    static List<(Guid SkillId, string Label, int Level, string? Evidence)> SkillsOf(JsonElement profile) =>
        profile.GetProperty("skills").EnumerateArray()
            .Select(s => (s.GetProperty("skillId").GetGuid(), s.GetProperty("label").GetString()!, s.GetProperty("level").GetInt32(), s.GetProperty("evidence").GetString()))
            .ToList();

    /// <summary>Each breaks exactly one rule of ProfileFields (or of the JSON reader): member, raw JSON (null = leave out), field the 400 must name.</summary>
    public static TheoryData<string, string?, string> InvalidProfiles => new()
    {
        { "skills", "[]", "skills" },
        { "skills", "null", "skills" },
        { "skills", "[null]", "skills[0]" },
        { "wantedOccupations", "null", "wantedOccupations" },
        { "wantedSectors", "null", "wantedSectors" },
        { "wantedSectors", "[null]", "wantedSectors[0]" },
        { "wantedOccupations", "[null]", "wantedOccupations[0]" },
        { "skills", """[{"skillId":null,"level":2}]""", "skills[0].skillId" },
        { "skills", """["$201skills"]""", "skills" },
        { "skills", """[{"skillId":"$welding","level":2},{"skillId":"$welding","level":3}]""", "skills" },
        { "skills", """[{"skillId":"$welding","level":2},{"skillId":"$unknown","level":2}]""", "skills[1].skillId" },
        { "skills", """[{"level":2}]""", "skills[0].skillId" },
        { "skills", """[{"skillId":"$welding","level":0}]""", "skills[0].level" },
        { "skills", """[{"skillId":"$welding","level":5}]""", "skills[0].level" },
        { "skills", """[{"skillId":"$welding","level":2,"evidence":"school"}]""", "skills[0].evidence" },
        { "skills", """[{"skillId":"$welding","level":2,"evidence":"wo\u0000rk"}]""", "skills[0].evidence" },
        { "skills", """[{"skillId":"$welding","level":2,"years":3}]""", "skills[0].years" },
        { "educationLevel", null, "educationLevel" },
        { "educationLevel", "\"\"", "educationLevel" },
        { "educationLevel", "\"phd\"", "educationLevel" },
        { "postcode", "\"123\"", "postcode" },
        { "postcode", "\"0123\"", "postcode" },
        { "postcode", "\"2311AB\"", "postcode" },
        { "postcode", "\"2311 AB\"", "postcode" },
        { "hoursPerWeek", "0", "hoursPerWeek" },
        { "hoursPerWeek", "61", "hoursPerWeek" },
        { "hoursPerWeek", "\"many\"", "hoursPerWeek" },
        { "availableFrom", "\"1999-12-31\"", "availableFrom" },
        { "availableFrom", "\"2100-01-02\"", "availableFrom" },
        { "availableFrom", "\"next week\"", "availableFrom" },
        { "displayName", $"\"{new string('x', 101)}\"", "displayName" },
        { "displayName", "\"Anna\\u0000\"", "displayName" },
        { "wantedOccupations", """["$unknown"]""", "wantedOccupations[0]" },
        { "wantedOccupations", """["$nurse","$nurse"]""", "wantedOccupations" },
        { "wantedOccupations", """["$21occupations"]""", "wantedOccupations" },
        { "wantedSectors", """["care","space"]""", "wantedSectors[1]" },
        { "wantedSectors", """["care","care","care","care","care","care","care","care","care","care","care"]""", "wantedSectors" },
        { "wantedSectors", """["ca\u0000re"]""", "wantedSectors[0]" },
        { "wantedSectors", """["care","ict","care"]""", "wantedSectors" },
        { "visibility", "\"public\"", "visibility" },
        { "favouriteColour", "\"blue\"", "favouriteColour" },
        { "dateOfBirth", "\"1990-05-17\"", "dateOfBirth" },
        { "gender", "\"female\"", "gender" },
        { "nationality", "\"NL\"", "nationality" },
        { "photo", "\"https://example.org/anna.jpg\"", "photo" },
        { "bsn", "\"123456782\"", "bsn" },
        { "age", "35", "age" },
    };

    [Theory]
    [MemberData(nameof(InvalidProfiles))]
    public async Task Refuses_to_create_a_profile_that_breaks_a_rule(string member, string? json, string field)
    {
        var before = await SnapshotAsync();

        var response = await _client.PostAsync("/api/profiles", Json(BodyWith(member, json)));

        await Problem.AssertFieldAsync(response, HttpStatusCode.BadRequest, field);
        Assert.Equal(before, await SnapshotAsync());
    }

    [Theory]
    [MemberData(nameof(InvalidProfiles))]
    public async Task Refuses_to_update_a_profile_so_it_breaks_a_rule(string member, string? json, string field)
    {
        var before = await SnapshotAsync();

        var response = await _client.PutAsync($"/api/profiles/{_data.ExistingProfile}", Json(BodyWith(member, json)));

        await Problem.AssertFieldAsync(response, HttpStatusCode.BadRequest, field);
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task Rejects_a_profile_without_skills()
    {
        var before = await SnapshotAsync();

        var response = await _client.PostAsync("/api/profiles", Json(BodyWith("skills", null)));

        var problem = await Problem.AssertFieldAsync(response, HttpStatusCode.BadRequest, "skills");
        Assert.Contains("at least one skill", problem.GetProperty("errors").GetProperty("skills")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await SnapshotAsync());
    }

    [Theory]
    [InlineData("dateOfBirth")]
    [InlineData("gender")]
    [InlineData("nationality")]
    [InlineData("photo")]
    [InlineData("bsn")]
    [InlineData("age")]
    public async Task Says_a_protected_attribute_is_never_stored(string attribute)
    {
        var body = ValidBody(_data);
        body[attribute] = "x";

        var response = await _client.PostAsync("/api/profiles", Json(body));

        var problem = await Problem.AssertFieldAsync(response, HttpStatusCode.BadRequest, attribute);
        Assert.Contains("never stores", problem.GetProperty("errors").GetProperty(attribute)[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Says_an_unknown_member_is_not_a_known_field()
    {
        var body = ValidBody(_data);
        body["favouriteColour"] = "blue";

        var response = await _client.PostAsync("/api/profiles", Json(body));

        var problem = await Problem.AssertFieldAsync(response, HttpStatusCode.BadRequest, "favouriteColour");
        Assert.Contains("not a known field", problem.GetProperty("errors").GetProperty("favouriteColour")[0].GetString(), StringComparison.Ordinal);
    }

    /// <summary>The edges of each rule are still accepted.</summary>
    public static TheoryData<string, string> BoundaryProfiles => new()
    {
        { "skills", """["$200skills"]""" },
        { "skills", """[{"skillId":"$welding","level":1},{"skillId":"$woundCare","level":4}]""" },
        { "skills", """[{"skillId":"$welding","level":2,"evidence":"training"},{"skillId":"$woundCare","level":2,"evidence":"hobby"}]""" },
        { "skills", """[{"skillId":"$welding","level":2,"evidence":null}]""" },
        { "educationLevel", "\"none\"" },
        { "educationLevel", "\"wo\"" },
        { "postcode", "\"1000\"" },
        { "postcode", "\"9999\"" },
        { "postcode", "null" },
        { "hoursPerWeek", "1" },
        { "hoursPerWeek", "60" },
        { "availableFrom", "\"2000-01-01\"" },
        { "availableFrom", "\"2100-01-01\"" },
        { "displayName", $"\"{new string('x', 100)}\"" },
        { "displayName", "\"Anna\\tde Vries\\nlasser\"" },
        { "wantedOccupations", """["$20occupations"]""" },
        { "wantedSectors", """["technology","manufacturing","port-logistics","care","hospitality","ict","offshore-wind","education","government","other"]""" },
        { "visibility", "\"employers-anonymous\"" },
    };

    [Theory]
    [MemberData(nameof(BoundaryProfiles))]
    public async Task Accepts_a_profile_at_the_edge_of_a_rule(string member, string json)
    {
        var response = await _client.PostAsync("/api/profiles", Json(BodyWith(member, json)));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Creates_a_private_profile_and_reads_it_back()
    {
        var response = await _client.PostAsync("/api/profiles", Json(ValidBody(_data)));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetGuid();
        Assert.Equal($"/api/profiles/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("private", created.GetProperty("visibility").GetString());

        var profile = await _client.GetFromJsonAsync<JsonElement>($"/api/profiles/{id}");
        Assert.Equal(id, profile.GetProperty("id").GetGuid());
        Assert.Equal("Anna", profile.GetProperty("displayName").GetString());
        Assert.Equal([(_data.Welding, "qpr lassen", 3, "work"), (_data.WoundCare, "qpr wondverzorging", 2, "volunteering")], SkillsOf(profile));
        Assert.Equal("mbo3", profile.GetProperty("educationLevel").GetString());
        Assert.Equal("2311", profile.GetProperty("postcode").GetString());
        Assert.Equal(32, profile.GetProperty("hoursPerWeek").GetInt32());
        Assert.Equal("2026-03-01", profile.GetProperty("availableFrom").GetString());
        var wanted = Assert.Single(profile.GetProperty("wantedOccupations").EnumerateArray());
        Assert.Equal(_data.Welder, wanted.GetProperty("id").GetGuid());
        Assert.Equal("qpr lasser", wanted.GetProperty("label").GetString());
        Assert.Equal(["manufacturing", "port-logistics"], profile.GetProperty("wantedSectors").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal("private", profile.GetProperty("visibility").GetString());
    }

    [Fact]
    public async Task Creates_a_profile_from_skills_and_education_alone()
    {
        var body = new JsonObject
        {
            ["skills"] = new JsonArray(new JsonObject { ["skillId"] = _data.Bookkeeping, ["level"] = 1 }),
            ["educationLevel"] = "vmbo",
        };

        var created = await CreateAsync(body);

        var profile = await _client.GetFromJsonAsync<JsonElement>($"/api/profiles/{created.GetProperty("id").GetGuid()}");
        Assert.Equal([(_data.Bookkeeping, "qpr boekhouden", 1, (string?)null)], SkillsOf(profile));
        Assert.Equal(JsonValueKind.Null, profile.GetProperty("displayName").ValueKind);
        Assert.Equal(JsonValueKind.Null, profile.GetProperty("postcode").ValueKind);
        Assert.Equal(JsonValueKind.Null, profile.GetProperty("hoursPerWeek").ValueKind);
        Assert.Equal(JsonValueKind.Null, profile.GetProperty("availableFrom").ValueKind);
        Assert.Empty(profile.GetProperty("wantedOccupations").EnumerateArray());
        Assert.Empty(profile.GetProperty("wantedSectors").EnumerateArray());
        Assert.Equal("private", profile.GetProperty("visibility").GetString());
    }

    [Fact]
    public async Task Keeps_the_visibility_a_person_chooses()
    {
        var body = ValidBody(_data);
        body["visibility"] = "coach";

        var created = await CreateAsync(body);

        Assert.Equal("coach", created.GetProperty("visibility").GetString());
        var profile = await _client.GetFromJsonAsync<JsonElement>($"/api/profiles/{created.GetProperty("id").GetGuid()}");
        Assert.Equal("coach", profile.GetProperty("visibility").GetString());
    }

    [Fact]
    public async Task Update_replaces_the_skills_and_facts_as_a_whole()
    {
        var body = ValidBody(_data);
        body["visibility"] = "coach";
        var id = (await CreateAsync(body)).GetProperty("id").GetGuid();

        var replacement = new JsonObject
        {
            ["displayName"] = "Anna de Vries",
            ["skills"] = new JsonArray(
                new JsonObject { ["skillId"] = _data.Bookkeeping, ["level"] = 4, ["evidence"] = "training" },
                new JsonObject { ["skillId"] = _data.WoundCare, ["level"] = 1 }),
            ["educationLevel"] = "hbo",
            ["hoursPerWeek"] = 24,
            ["wantedOccupations"] = new JsonArray(_data.Nurse),
            ["wantedSectors"] = new JsonArray("care"),
        };
        var response = await _client.PutAsync($"/api/profiles/{id}", Json(replacement));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var profile = await _client.GetFromJsonAsync<JsonElement>($"/api/profiles/{id}");
        Assert.Equal("Anna de Vries", profile.GetProperty("displayName").GetString());
        Assert.Equal([(_data.Bookkeeping, "qpr boekhouden", 4, "training"), (_data.WoundCare, "qpr wondverzorging", 1, (string?)null)], SkillsOf(profile));
        Assert.Equal("hbo", profile.GetProperty("educationLevel").GetString());
        Assert.Equal(JsonValueKind.Null, profile.GetProperty("postcode").ValueKind);
        Assert.Equal(24, profile.GetProperty("hoursPerWeek").GetInt32());
        Assert.Equal(JsonValueKind.Null, profile.GetProperty("availableFrom").ValueKind);
        Assert.Equal([_data.Nurse], profile.GetProperty("wantedOccupations").EnumerateArray().Select(o => o.GetProperty("id").GetGuid()));
        Assert.Equal(["care"], profile.GetProperty("wantedSectors").EnumerateArray().Select(s => s.GetString()));
        // Visibility left out of an update stays what it was.
        Assert.Equal("coach", profile.GetProperty("visibility").GetString());
        Assert.True(profile.GetProperty("updatedAt").GetDateTimeOffset() >= profile.GetProperty("createdAt").GetDateTimeOffset());

        await using var connection = await fixture.App.DataSource.OpenConnectionAsync();
        Assert.Equal(2, await connection.ExecuteScalarAsync<int>("select count(*) from profile_skill where profile_id = @id", new { id }));
        Assert.Equal(1, await connection.ExecuteScalarAsync<int>("select count(*) from profile_wanted_occupation where profile_id = @id", new { id }));
    }

    [Fact]
    public async Task Update_changes_the_visibility_when_given()
    {
        var id = (await CreateAsync(ValidBody(_data))).GetProperty("id").GetGuid();
        var body = ValidBody(_data);
        body["visibility"] = "employers-anonymous";

        var response = await _client.PutAsync($"/api/profiles/{id}", Json(body));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var updated = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("employers-anonymous", updated.GetProperty("visibility").GetString());
    }

    [Fact]
    public async Task Delete_removes_the_profile_and_its_skills()
    {
        var id = (await CreateAsync(ValidBody(_data))).GetProperty("id").GetGuid();

        var response = await _client.DeleteAsync($"/api/profiles/{id}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var gone = await _client.GetAsync($"/api/profiles/{id}");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal("application/problem+json", gone.Content.Headers.ContentType?.MediaType);
        await using var connection = await fixture.App.DataSource.OpenConnectionAsync();
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>(
            "select (select count(*) from profile_skill where profile_id = @id) + (select count(*) from profile_wanted_occupation where profile_id = @id)", new { id }));
        Assert.Equal(HttpStatusCode.NotFound, (await _client.DeleteAsync($"/api/profiles/{id}")).StatusCode);
    }

    [Fact]
    public async Task Answers_404_for_an_unknown_profile()
    {
        var response = await _client.GetAsync($"/api/profiles/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Update_of_an_unknown_profile_is_404_and_writes_nothing()
    {
        var before = await SnapshotAsync();

        var response = await _client.PutAsync($"/api/profiles/{Guid.NewGuid()}", Json(ValidBody(_data)));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task Delete_of_an_unknown_profile_is_404_and_removes_nothing()
    {
        var before = await SnapshotAsync();

        var response = await _client.DeleteAsync($"/api/profiles/{Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, await SnapshotAsync());
    }
}
