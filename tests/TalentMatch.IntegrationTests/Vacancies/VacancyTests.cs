using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using TalentMatch.IntegrationTests.Infrastructure;
using TalentMatch.Web.Infrastructure.Security;

namespace TalentMatch.IntegrationTests.Vacancies;

[Collection(DatabaseCollection.Name)]
public sealed class VacancyTests(DatabaseFixture fixture) : IAsyncLifetime
{
    readonly HttpClient _client = fixture.App.CreateClient(Role.Admin);
    // xunit makes an instance per test; the taxonomy, an employer and one vacancy to update are written once per class.
    static Task<Seeded>? _seeded;
    static readonly Lock Gate = new();
    Seeded _data = null!;

    sealed record Seeded(Guid Welding, Guid Safety, Guid Forklift, Guid[] Bulk, Guid Welder, Guid Employer, Guid ExistingVacancy);

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
        var welding = taxonomy.Skill("qva welding", "qva lassen");
        var safety = taxonomy.Skill("qva workplace safety", "qva veilig werken");
        var forklift = taxonomy.Skill("qva forklift driving", "qva heftruck rijden");
        // One more than an opening may ask for, so the limit is tested with skills that all exist.
        var bulk = Enumerable.Range(1, 61).Select(i => taxonomy.Skill($"qva bulk skill {i}", $"qva bulkvaardigheid {i}")).ToArray();
        var welder = taxonomy.Occupation("qva welder", "qva lasser", [welding], [safety]);
        await taxonomy.SaveAsync(app);

        using var client = app.CreateClient(Role.Admin);
        var employer = await CreateEmployerAsync(client, "Qva Scheepswerf");
        var seeded = new Seeded(welding, safety, forklift, bulk, welder, employer, Guid.Empty);
        var response = await client.PostAsync("/api/vacancies", Json(ValidBody(seeded)));
        response.EnsureSuccessStatusCode();
        var vacancy = await response.Content.ReadFromJsonAsync<JsonElement>();
        return seeded with { ExistingVacancy = vacancy.GetProperty("id").GetGuid() };
    }

    public Task DisposeAsync() => Task.CompletedTask;

    static async Task<Guid> CreateEmployerAsync(HttpClient client, string name)
    {
        var response = await client.PostAsync("/api/employers", Json(new JsonObject { ["name"] = name, ["sector"] = "manufacturing", ["postcode"] = "3011", ["city"] = "Rotterdam" }));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    static JsonObject ValidBody(Seeded data, Guid? employer = null) => new()
    {
        ["employerId"] = employer ?? data.Employer,
        ["title"] = "Qva lasser gezocht",
        ["text"] = "Wij zoeken een lasser voor onze werf.",
        ["occupationId"] = data.Welder,
        ["skills"] = new JsonArray(
            new JsonObject { ["skillId"] = data.Welding, ["importance"] = "essential", ["minLevel"] = 3 },
            new JsonObject { ["skillId"] = data.Safety, ["importance"] = "optional" }),
        ["educationLevel"] = "mbo2",
        ["postcode"] = "3011",
        ["hoursPerWeek"] = 38,
        ["contractType"] = "permanent",
        ["closingDate"] = "2026-09-30",
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
            .Replace("$safety", _data.Safety.ToString(), StringComparison.Ordinal)
            .Replace("$unknown", Guid.NewGuid().ToString(), StringComparison.Ordinal)
            .Replace("\"$61skills\"", string.Join(",", _data.Bulk.Select(id => $$"""{"skillId":"{{id}}","importance":"optional"}""")), StringComparison.Ordinal)
            .Replace("\"$60skills\"", string.Join(",", _data.Bulk.Take(60).Select(id => $$"""{"skillId":"{{id}}","importance":"optional"}""")), StringComparison.Ordinal);
        body[member] = JsonNode.Parse(text);
        return body;
    }

    Task<IReadOnlyDictionary<string, string>> SnapshotAsync() => DatabaseSnapshot.TakeAsync(fixture.App.DataSource);

    async Task<JsonElement> CreateAsync(JsonObject body)
    {
        var response = await _client.PostAsync("/api/vacancies", Json(body));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    async Task<List<JsonElement>> ListAsync(string query)
    {
        var list = await _client.GetFromJsonAsync<JsonElement>($"/api/vacancies?{query}");
        return list.GetProperty("items").EnumerateArray().ToList();
    }

    static List<(Guid SkillId, string Label, string Importance, int MinLevel)> SkillsOf(JsonElement opening) =>
        opening.GetProperty("skills").EnumerateArray()
            .Select(s => (s.GetProperty("skillId").GetGuid(), s.GetProperty("label").GetString()!, s.GetProperty("importance").GetString()!, s.GetProperty("minLevel").GetInt32()))
            .ToList();

    // ---- Employers ----

    [Fact]
    public async Task Registers_an_employer_and_reads_it_back()
    {
        var response = await _client.PostAsync("/api/employers", Json(new JsonObject { ["name"] = "Qva Zorggroep", ["sector"] = "care", ["postcode"] = "2511", ["city"] = "Den Haag" }));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetGuid();
        Assert.Equal($"/api/employers/{id}", response.Headers.Location?.OriginalString);

        var employer = await _client.GetFromJsonAsync<JsonElement>($"/api/employers/{id}");
        Assert.Equal("Qva Zorggroep", employer.GetProperty("name").GetString());
        Assert.Equal("care", employer.GetProperty("sector").GetString());
        Assert.Equal("2511", employer.GetProperty("postcode").GetString());
        Assert.Equal("Den Haag", employer.GetProperty("city").GetString());
    }

    [Fact]
    public async Task Registers_an_employer_by_name_alone()
    {
        var response = await _client.PostAsync("/api/employers", Json(new JsonObject { ["name"] = "Qva Eenmanszaak" }));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var employer = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(JsonValueKind.Null, employer.GetProperty("sector").ValueKind);
        Assert.Equal(JsonValueKind.Null, employer.GetProperty("postcode").ValueKind);
    }

    [Fact]
    public async Task Lists_employers_by_name()
    {
        var second = await CreateEmployerAsync(_client, "Qva list Beta");
        var first = await CreateEmployerAsync(_client, "Qva list Alpha");

        var employers = (await _client.GetFromJsonAsync<JsonElement>("/api/employers")).EnumerateArray().ToList();

        var ours = employers.Select(e => e.GetProperty("id").GetGuid()).Where(id => id == first || id == second).ToList();
        Assert.Equal([first, second], ours);
    }

    [Fact]
    public async Task Answers_404_for_an_unknown_employer()
    {
        var response = await _client.GetAsync($"/api/employers/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    public static TheoryData<string, string?, string> InvalidEmployers => new()
    {
        { "name", null, "name" },
        { "name", "\"\"", "name" },
        { "name", $"\"{new string('x', 201)}\"", "name" },
        { "name", "\"Qva\\u0000\"", "name" },
        { "sector", "\"space\"", "sector" },
        { "postcode", "\"2311AB\"", "postcode" },
        { "postcode", "\"123\"", "postcode" },
        { "postcode", "\"0123\"", "postcode" },
        { "city", $"\"{new string('x', 101)}\"", "city" },
        { "kvkNumber", "\"12345678\"", "kvkNumber" },
    };

    [Theory]
    [MemberData(nameof(InvalidEmployers))]
    public async Task Refuses_to_register_an_employer_that_breaks_a_rule(string member, string? json, string field)
    {
        var body = new JsonObject { ["name"] = "Qva Bouw", ["sector"] = "technology", ["postcode"] = "5611", ["city"] = "Eindhoven" };
        if (json is null)
        {
            body.Remove(member);
        }
        else
        {
            body[member] = JsonNode.Parse(json);
        }

        var before = await SnapshotAsync();

        var response = await _client.PostAsync("/api/employers", Json(body));

        await Problem.AssertFieldAsync(response, HttpStatusCode.BadRequest, field);
        Assert.Equal(before, await SnapshotAsync());
    }

    // ---- Vacancies ----

    [Fact]
    public async Task Posts_a_vacancy_and_reads_it_back()
    {
        var response = await _client.PostAsync("/api/vacancies", Json(ValidBody(_data)));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal($"/api/vacancies/{id}", response.Headers.Location?.OriginalString);

        var vacancy = await _client.GetFromJsonAsync<JsonElement>($"/api/vacancies/{id}");
        Assert.Equal(_data.Employer, vacancy.GetProperty("employerId").GetGuid());
        Assert.Equal("Qva Scheepswerf", vacancy.GetProperty("employerName").GetString());
        Assert.Equal("Qva lasser gezocht", vacancy.GetProperty("title").GetString());
        Assert.Equal("Wij zoeken een lasser voor onze werf.", vacancy.GetProperty("text").GetString());
        Assert.Equal(_data.Welder, vacancy.GetProperty("occupationId").GetGuid());
        Assert.Equal("qva lasser", vacancy.GetProperty("occupationLabel").GetString());
        // A skill's minimum level defaults to 1.
        Assert.Equal([(_data.Welding, "qva lassen", "essential", 3), (_data.Safety, "qva veilig werken", "optional", 1)], SkillsOf(vacancy));
        Assert.Equal("mbo2", vacancy.GetProperty("educationLevel").GetString());
        Assert.Equal("3011", vacancy.GetProperty("postcode").GetString());
        Assert.Equal(38, vacancy.GetProperty("hoursPerWeek").GetInt32());
        Assert.Equal("permanent", vacancy.GetProperty("contractType").GetString());
        Assert.Equal("open", vacancy.GetProperty("status").GetString());
        Assert.Equal("2026-09-30", vacancy.GetProperty("closingDate").GetString());
    }

    [Fact]
    public async Task Posts_a_vacancy_without_the_optional_fields()
    {
        var body = ValidBody(_data);
        body.Remove("text");
        body.Remove("occupationId");
        body.Remove("closingDate");

        var vacancy = await CreateAsync(body);

        Assert.Equal("", vacancy.GetProperty("text").GetString());
        Assert.Equal(JsonValueKind.Null, vacancy.GetProperty("occupationId").ValueKind);
        Assert.Equal(JsonValueKind.Null, vacancy.GetProperty("occupationLabel").ValueKind);
        Assert.Equal(JsonValueKind.Null, vacancy.GetProperty("closingDate").ValueKind);
    }

    [Fact]
    public async Task Update_replaces_the_skills_and_can_close_the_vacancy()
    {
        var id = (await CreateAsync(ValidBody(_data))).GetProperty("id").GetGuid();
        var body = ValidBody(_data);
        body["title"] = "Qva heftruckchauffeur";
        body["skills"] = new JsonArray(new JsonObject { ["skillId"] = _data.Forklift, ["importance"] = "essential", ["minLevel"] = 2 });
        body["contractType"] = "temporary";
        body["status"] = "closed";
        body.Remove("occupationId");

        var response = await _client.PutAsync($"/api/vacancies/{id}", Json(body));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var vacancy = await _client.GetFromJsonAsync<JsonElement>($"/api/vacancies/{id}");
        Assert.Equal("Qva heftruckchauffeur", vacancy.GetProperty("title").GetString());
        Assert.Equal([(_data.Forklift, "qva heftruck rijden", "essential", 2)], SkillsOf(vacancy));
        Assert.Equal("temporary", vacancy.GetProperty("contractType").GetString());
        Assert.Equal("closed", vacancy.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, vacancy.GetProperty("occupationId").ValueKind);
        await using var connection = await fixture.App.DataSource.OpenConnectionAsync();
        Assert.Equal(1, await connection.ExecuteScalarAsync<int>("select count(*) from vacancy_skill where vacancy_id = @id", new { id }));
    }

    [Fact]
    public async Task Update_without_a_status_keeps_the_status()
    {
        var body = ValidBody(_data);
        body["status"] = "closed";
        var id = (await CreateAsync(body)).GetProperty("id").GetGuid();

        var response = await _client.PutAsync($"/api/vacancies/{id}", Json(ValidBody(_data)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("closed", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Delete_removes_the_vacancy_and_its_skills()
    {
        var id = (await CreateAsync(ValidBody(_data))).GetProperty("id").GetGuid();

        var response = await _client.DeleteAsync($"/api/vacancies/{id}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/api/vacancies/{id}")).StatusCode);
        await using var connection = await fixture.App.DataSource.OpenConnectionAsync();
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("select count(*) from vacancy_skill where vacancy_id = @id", new { id }));
        Assert.Equal(HttpStatusCode.NotFound, (await _client.DeleteAsync($"/api/vacancies/{id}")).StatusCode);
    }

    [Fact]
    public async Task Answers_404_for_an_unknown_vacancy()
    {
        var response = await _client.GetAsync($"/api/vacancies/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Update_of_an_unknown_vacancy_is_404_and_writes_nothing()
    {
        var before = await SnapshotAsync();

        var response = await _client.PutAsync($"/api/vacancies/{Guid.NewGuid()}", Json(ValidBody(_data)));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task Delete_of_an_unknown_vacancy_is_404_and_removes_nothing()
    {
        var before = await SnapshotAsync();

        var response = await _client.DeleteAsync($"/api/vacancies/{Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task Lists_vacancies_newest_first_filtered_by_employer_and_status()
    {
        var employer = await CreateEmployerAsync(_client, "Qva Havenbedrijf");
        var other = await CreateEmployerAsync(_client, "Qva Concurrent");
        var first = (await CreateAsync(ValidBody(_data, employer))).GetProperty("id").GetGuid();
        var closedBody = ValidBody(_data, employer);
        closedBody["status"] = "closed";
        closedBody["title"] = "Qva gesloten vacature";
        var closed = (await CreateAsync(closedBody)).GetProperty("id").GetGuid();
        var newest = (await CreateAsync(ValidBody(_data, employer))).GetProperty("id").GetGuid();
        await CreateAsync(ValidBody(_data, other));

        var all = await ListAsync($"employerId={employer}");
        Assert.Equal([newest, closed, first], all.Select(v => v.GetProperty("id").GetGuid()));
        Assert.All(all, v => Assert.Equal("Qva Havenbedrijf", v.GetProperty("employerName").GetString()));
        Assert.All(all, v => Assert.Equal(2, v.GetProperty("skillCount").GetInt32()));

        var open = await ListAsync($"employerId={employer}&status=open");
        Assert.Equal([newest, first], open.Select(v => v.GetProperty("id").GetGuid()));

        var onlyClosed = Assert.Single(await ListAsync($"employerId={employer}&status=closed"));
        Assert.Equal(closed, onlyClosed.GetProperty("id").GetGuid());
        Assert.Equal("Qva gesloten vacature", onlyClosed.GetProperty("title").GetString());
        Assert.Equal("closed", onlyClosed.GetProperty("status").GetString());

        Assert.Equal([newest], (await ListAsync($"employerId={employer}&take=1")).Select(v => v.GetProperty("id").GetGuid()));
        Assert.Equal([closed], (await ListAsync($"employerId={employer}&take=1&skip=1")).Select(v => v.GetProperty("id").GetGuid()));
        Assert.Empty(await ListAsync($"employerId={Guid.NewGuid()}"));
    }

    [Theory]
    [InlineData("status=draft", "status")]
    [InlineData("take=0", "take")]
    [InlineData("take=201", "take")]
    [InlineData("skip=-1", "skip")]
    public async Task Rejects_a_list_query_out_of_range(string query, string field)
    {
        var response = await _client.GetAsync($"/api/vacancies?{query}");
        await Problem.AssertFieldAsync(response, HttpStatusCode.BadRequest, field);
    }

    /// <summary>Each breaks exactly one rule of OpeningFields or CreateVacancy (or of the JSON reader): member, raw JSON (null = leave out), field the 400 must name.</summary>
    public static TheoryData<string, string?, string> InvalidVacancies => new()
    {
        { "employerId", "\"$unknown\"", "employerId" },
        { "employerId", null, "employerId" },
        { "title", null, "title" },
        { "title", "\"\"", "title" },
        { "title", $"\"{new string('x', 201)}\"", "title" },
        { "title", "\"Lasser\\u0000\"", "title" },
        { "text", $"\"{new string('x', 20_001)}\"", "text" },
        { "occupationId", "\"$unknown\"", "occupationId" },
        { "skills", null, "skills" },
        { "skills", "[]", "skills" },
        { "skills", "null", "skills" },
        { "skills", "[null]", "skills[0]" },
        { "skills", """["$61skills"]""", "skills" },
        { "skills", """[{"skillId":"$welding","importance":"essential"},{"skillId":"$welding","importance":"optional"}]""", "skills" },
        { "skills", """[{"skillId":"$welding","importance":"essential"},{"skillId":"$unknown","importance":"essential"}]""", "skills[1].skillId" },
        { "skills", """[{"importance":"essential"}]""", "skills[0].skillId" },
        { "skills", """[{"skillId":"$welding","importance":"nice-to-have"}]""", "skills[0].importance" },
        { "skills", """[{"skillId":"$welding"}]""", "skills[0].importance" },
        { "skills", """[{"skillId":"$welding","importance":"essential","minLevel":0}]""", "skills[0].minLevel" },
        { "skills", """[{"skillId":"$welding","importance":"essential","minLevel":5}]""", "skills[0].minLevel" },
        { "skills", """[{"skillId":"$welding","importance":"ess\u0000ential"}]""", "skills[0].importance" },
        { "educationLevel", null, "educationLevel" },
        { "educationLevel", "\"phd\"", "educationLevel" },
        { "postcode", null, "postcode" },
        { "postcode", "\"2311AB\"", "postcode" },
        { "postcode", "\"123\"", "postcode" },
        { "postcode", "\"0123\"", "postcode" },
        { "hoursPerWeek", null, "hoursPerWeek" },
        { "hoursPerWeek", "0", "hoursPerWeek" },
        { "hoursPerWeek", "61", "hoursPerWeek" },
        { "status", "\"draft\"", "status" },
        { "closingDate", "\"1999-12-31\"", "closingDate" },
        { "closingDate", "\"2100-01-02\"", "closingDate" },
        { "contractType", null, "contractType" },
        { "contractType", "\"\"", "contractType" },
        { "contractType", "\"freelance\"", "contractType" },
        { "salary", "3000", "salary" },
        { "places", "2", "places" },
    };

    [Theory]
    [MemberData(nameof(InvalidVacancies))]
    public async Task Refuses_to_post_a_vacancy_that_breaks_a_rule(string member, string? json, string field)
    {
        var before = await SnapshotAsync();

        var response = await _client.PostAsync("/api/vacancies", Json(BodyWith(member, json)));

        await Problem.AssertFieldAsync(response, HttpStatusCode.BadRequest, field);
        Assert.Equal(before, await SnapshotAsync());
    }

    [Theory]
    [MemberData(nameof(InvalidVacancies))]
    public async Task Refuses_to_update_a_vacancy_so_it_breaks_a_rule(string member, string? json, string field)
    {
        var before = await SnapshotAsync();

        var response = await _client.PutAsync($"/api/vacancies/{_data.ExistingVacancy}", Json(BodyWith(member, json)));

        await Problem.AssertFieldAsync(response, HttpStatusCode.BadRequest, field);
        Assert.Equal(before, await SnapshotAsync());
    }

    /// <summary>The edges of each rule are still accepted.</summary>
    public static TheoryData<string, string> BoundaryVacancies => new()
    {
        { "title", $"\"{new string('x', 200)}\"" },
        { "text", $"\"{new string('x', 20_000)}\"" },
        { "skills", """["$60skills"]""" },
        { "skills", """[{"skillId":"$welding","importance":"essential","minLevel":1},{"skillId":"$safety","importance":"essential","minLevel":4}]""" },
        { "hoursPerWeek", "1" },
        { "hoursPerWeek", "60" },
        { "postcode", "\"9999\"" },
        { "closingDate", "\"2000-01-01\"" },
        { "closingDate", "\"2100-01-01\"" },
        { "contractType", "\"apprenticeship\"" },
        { "contractType", "\"flex\"" },
        { "educationLevel", "\"none\"" },
        { "status", "\"open\"" },
    };

    [Theory]
    [MemberData(nameof(BoundaryVacancies))]
    public async Task Accepts_a_vacancy_at_the_edge_of_a_rule(string member, string json) =>
        await CreateAsync(BodyWith(member, json));
}
