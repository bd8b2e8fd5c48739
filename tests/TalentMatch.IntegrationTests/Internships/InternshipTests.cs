using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using TalentMatch.IntegrationTests.Infrastructure;
using TalentMatch.Web.Infrastructure.Security;

namespace TalentMatch.IntegrationTests.Internships;

[Collection(DatabaseCollection.Name)]
public sealed class InternshipTests(DatabaseFixture fixture) : IAsyncLifetime
{
    readonly HttpClient _client = fixture.App.CreateClient(Role.Admin);
    // xunit makes an instance per test; the taxonomy, an employer, one place and one vacancy are written once per class.
    static Task<Seeded>? _seeded;
    static readonly Lock Gate = new();
    Seeded _data = null!;

    sealed record Seeded(Guid Programming, Guid Testing, Guid Employer, Guid ExistingPlace, Guid Vacancy);

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
        var programming = taxonomy.Skill("qin programming", "qin programmeren");
        var testing = taxonomy.Skill("qin software testing", "qin software testen");
        await taxonomy.SaveAsync(app);

        using var client = app.CreateClient(Role.Admin);
        var employerResponse = await client.PostAsync("/api/employers", Json(new JsonObject { ["name"] = "Qin Softwarehuis", ["sector"] = "ict", ["postcode"] = "9712" }));
        employerResponse.EnsureSuccessStatusCode();
        var employer = (await employerResponse.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var seeded = new Seeded(programming, testing, employer, Guid.Empty, Guid.Empty);

        var place = await client.PostAsync("/api/internships", Json(ValidBody(seeded)));
        place.EnsureSuccessStatusCode();
        var vacancyBody = new JsonObject
        {
            ["employerId"] = employer,
            ["title"] = "Qin junior developer",
            ["skills"] = new JsonArray(new JsonObject { ["skillId"] = programming, ["importance"] = "essential" }),
            ["educationLevel"] = "hbo",
            ["postcode"] = "9712",
            ["hoursPerWeek"] = 36,
            ["contractType"] = "permanent",
        };
        var vacancy = await client.PostAsync("/api/vacancies", Json(vacancyBody));
        vacancy.EnsureSuccessStatusCode();
        return seeded with
        {
            ExistingPlace = (await place.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid(),
            Vacancy = (await vacancy.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid(),
        };
    }

    public Task DisposeAsync() => Task.CompletedTask;

    static JsonObject ValidBody(Seeded data, Guid? employer = null) => new()
    {
        ["employerId"] = employer ?? data.Employer,
        ["title"] = "Qin stage applicatieontwikkelaar",
        ["text"] = "Loop stage in ons ontwikkelteam.",
        ["skills"] = new JsonArray(
            new JsonObject { ["skillId"] = data.Programming, ["importance"] = "essential", ["minLevel"] = 2 },
            new JsonObject { ["skillId"] = data.Testing, ["importance"] = "optional" }),
        ["educationLevel"] = "mbo4",
        ["postcode"] = "9712",
        ["hoursPerWeek"] = 32,
        ["programmeKind"] = "crebo",
        ["programmeCode"] = "25604",
        ["programmeLevel"] = "mbo4",
        ["periodStart"] = "2026-02-02",
        ["periodEnd"] = "2026-06-26",
        ["places"] = 2,
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

        body[member] = JsonNode.Parse(json
            .Replace("$programming", _data.Programming.ToString(), StringComparison.Ordinal)
            .Replace("$unknown", Guid.NewGuid().ToString(), StringComparison.Ordinal));
        return body;
    }

    Task<IReadOnlyDictionary<string, string>> SnapshotAsync() => DatabaseSnapshot.TakeAsync(fixture.App.DataSource);

    async Task<JsonElement> CreateAsync(JsonObject body)
    {
        var response = await _client.PostAsync("/api/internships", Json(body));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task Offers_an_internship_place_and_reads_it_back()
    {
        var response = await _client.PostAsync("/api/internships", Json(ValidBody(_data)));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal($"/api/internships/{id}", response.Headers.Location?.OriginalString);

        var place = await _client.GetFromJsonAsync<JsonElement>($"/api/internships/{id}");
        Assert.Equal(_data.Employer, place.GetProperty("employerId").GetGuid());
        Assert.Equal("Qin Softwarehuis", place.GetProperty("employerName").GetString());
        Assert.Equal("Qin stage applicatieontwikkelaar", place.GetProperty("title").GetString());
        Assert.Equal("Loop stage in ons ontwikkelteam.", place.GetProperty("text").GetString());
        var skills = place.GetProperty("skills").EnumerateArray()
            .Select(s => (s.GetProperty("skillId").GetGuid(), s.GetProperty("label").GetString(), s.GetProperty("importance").GetString(), s.GetProperty("minLevel").GetInt32()));
        Assert.Equal([(_data.Programming, "qin programmeren", "essential", 2), (_data.Testing, "qin software testen", "optional", 1)], skills);
        Assert.Equal("mbo4", place.GetProperty("educationLevel").GetString());
        Assert.Equal("9712", place.GetProperty("postcode").GetString());
        Assert.Equal(32, place.GetProperty("hoursPerWeek").GetInt32());
        Assert.Equal("open", place.GetProperty("status").GetString());
        Assert.Equal("crebo", place.GetProperty("programmeKind").GetString());
        Assert.Equal("25604", place.GetProperty("programmeCode").GetString());
        Assert.Equal("mbo4", place.GetProperty("programmeLevel").GetString());
        Assert.Equal("2026-02-02", place.GetProperty("periodStart").GetString());
        Assert.Equal("2026-06-26", place.GetProperty("periodEnd").GetString());
        Assert.Equal(2, place.GetProperty("places").GetInt32());
        Assert.False(place.TryGetProperty("contractType", out _));
    }

    [Fact]
    public async Task Offers_a_place_for_a_field_of_study_named_in_free_text()
    {
        var body = ValidBody(_data);
        body["programmeKind"] = "field";
        body["programmeCode"] = "Technische Informatica (HBO-ICT)";
        body["programmeLevel"] = "hbo";
        body["educationLevel"] = "hbo";

        var place = await CreateAsync(body);

        Assert.Equal("field", place.GetProperty("programmeKind").GetString());
        Assert.Equal("Technische Informatica (HBO-ICT)", place.GetProperty("programmeCode").GetString());
        Assert.Equal("hbo", place.GetProperty("programmeLevel").GetString());
    }

    [Fact]
    public async Task Offers_one_place_unless_told_otherwise()
    {
        var place = await CreateAsync(BodyWith("places", null));
        Assert.Equal(1, place.GetProperty("places").GetInt32());
    }

    [Fact]
    public async Task Update_replaces_the_place_as_a_whole()
    {
        var id = (await CreateAsync(ValidBody(_data))).GetProperty("id").GetGuid();
        var body = ValidBody(_data);
        body["skills"] = new JsonArray(new JsonObject { ["skillId"] = _data.Testing, ["importance"] = "essential", ["minLevel"] = 3 });
        body["programmeCode"] = "25187";
        body["programmeLevel"] = "mbo3";
        body["periodStart"] = "2026-09-01";
        body["periodEnd"] = "2027-01-31";
        body["places"] = 4;
        body["status"] = "closed";

        var response = await _client.PutAsync($"/api/internships/{id}", Json(body));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var place = await _client.GetFromJsonAsync<JsonElement>($"/api/internships/{id}");
        var skill = Assert.Single(place.GetProperty("skills").EnumerateArray());
        Assert.Equal(_data.Testing, skill.GetProperty("skillId").GetGuid());
        Assert.Equal(3, skill.GetProperty("minLevel").GetInt32());
        Assert.Equal("25187", place.GetProperty("programmeCode").GetString());
        Assert.Equal("mbo3", place.GetProperty("programmeLevel").GetString());
        Assert.Equal("2026-09-01", place.GetProperty("periodStart").GetString());
        Assert.Equal("2027-01-31", place.GetProperty("periodEnd").GetString());
        Assert.Equal(4, place.GetProperty("places").GetInt32());
        Assert.Equal("closed", place.GetProperty("status").GetString());
        await using var connection = await fixture.App.DataSource.OpenConnectionAsync();
        Assert.Equal(1, await connection.ExecuteScalarAsync<int>("select count(*) from internship_place where vacancy_id = @id", new { id }));
    }

    [Fact]
    public async Task Delete_removes_the_place_and_its_details()
    {
        var id = (await CreateAsync(ValidBody(_data))).GetProperty("id").GetGuid();

        var response = await _client.DeleteAsync($"/api/internships/{id}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/api/internships/{id}")).StatusCode);
        await using var connection = await fixture.App.DataSource.OpenConnectionAsync();
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>(
            "select (select count(*) from internship_place where vacancy_id = @id) + (select count(*) from vacancy_skill where vacancy_id = @id)", new { id }));
    }

    [Fact]
    public async Task Lists_internship_places_but_not_vacancies()
    {
        var list = await _client.GetFromJsonAsync<JsonElement>($"/api/internships?employerId={_data.Employer}&take=200");
        var ids = list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToList();
        Assert.Contains(_data.ExistingPlace, ids);
        Assert.DoesNotContain(_data.Vacancy, ids);

        var vacancies = await _client.GetFromJsonAsync<JsonElement>($"/api/vacancies?employerId={_data.Employer}&take=200");
        var vacancyIds = vacancies.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToList();
        Assert.Equal([_data.Vacancy], vacancyIds);
    }

    [Fact]
    public async Task Lists_internship_places_filtered_by_status()
    {
        var employerResponse = await _client.PostAsync("/api/employers", Json(new JsonObject { ["name"] = "Qin Leerbedrijf" }));
        var employer = (await employerResponse.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var open = (await CreateAsync(ValidBody(_data, employer))).GetProperty("id").GetGuid();
        var closedBody = ValidBody(_data, employer);
        closedBody["status"] = "closed";
        var closed = (await CreateAsync(closedBody)).GetProperty("id").GetGuid();

        async Task<List<Guid>> ListAsync(string query) =>
            (await _client.GetFromJsonAsync<JsonElement>($"/api/internships?employerId={employer}{query}")).GetProperty("items").EnumerateArray()
            .Select(i => i.GetProperty("id").GetGuid()).ToList();

        Assert.Equal([closed, open], await ListAsync(""));
        Assert.Equal([open], await ListAsync("&status=open"));
        Assert.Equal([closed], await ListAsync("&status=closed"));
    }

    [Fact]
    public async Task A_vacancy_is_not_an_internship_place()
    {
        var before = await SnapshotAsync();

        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/api/internships/{_data.Vacancy}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.PutAsync($"/api/internships/{_data.Vacancy}", Json(ValidBody(_data)))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.DeleteAsync($"/api/internships/{_data.Vacancy}")).StatusCode);

        Assert.Equal(before, await SnapshotAsync());
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync($"/api/vacancies/{_data.Vacancy}")).StatusCode);
    }

    [Fact]
    public async Task An_internship_place_is_not_a_vacancy()
    {
        var vacancyBody = ValidBody(_data);
        foreach (var member in new[] { "programmeKind", "programmeCode", "programmeLevel", "periodStart", "periodEnd", "places" })
        {
            vacancyBody.Remove(member);
        }

        vacancyBody["contractType"] = "apprenticeship";
        var before = await SnapshotAsync();

        var response = await _client.GetAsync($"/api/vacancies/{_data.ExistingPlace}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.PutAsync($"/api/vacancies/{_data.ExistingPlace}", Json(vacancyBody))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.DeleteAsync($"/api/vacancies/{_data.ExistingPlace}")).StatusCode);

        Assert.Equal(before, await SnapshotAsync());
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync($"/api/internships/{_data.ExistingPlace}")).StatusCode);
    }

    [Fact]
    public async Task Answers_404_for_an_unknown_place()
    {
        var before = await SnapshotAsync();

        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/api/internships/{Guid.NewGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.PutAsync($"/api/internships/{Guid.NewGuid()}", Json(ValidBody(_data)))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.DeleteAsync($"/api/internships/{Guid.NewGuid()}")).StatusCode);

        Assert.Equal(before, await SnapshotAsync());
    }

    /// <summary>Each breaks exactly one rule of InternshipFields (or a shared opening rule): member, raw JSON (null = leave out), field the 400 must name.</summary>
    public static TheoryData<string, string?, string> InvalidPlaces => new()
    {
        { "programmeKind", null, "programmeKind" },
        { "programmeKind", "\"bbl\"", "programmeKind" },
        { "programmeCode", null, "programmeCode" },
        { "programmeCode", "\"\"", "programmeCode" },
        { "programmeCode", "\"2560\"", "programmeCode" },
        { "programmeCode", "\"256041\"", "programmeCode" },
        { "programmeCode", "\"2560a\"", "programmeCode" },
        { "programmeCode", "\"ICT-beheer\"", "programmeCode" },
        { "programmeCode", "\"25604\\u0000\"", "programmeCode" },
        { "programmeLevel", null, "programmeLevel" },
        { "programmeLevel", "\"vmbo\"", "programmeLevel" },
        { "programmeLevel", "\"mbo5\"", "programmeLevel" },
        { "periodStart", null, "periodStart" },
        { "periodEnd", null, "periodEnd" },
        { "periodEnd", "\"2026-01-30\"", "periodEnd" },
        { "periodEnd", "\"2026-02-02\"", "periodEnd" },
        { "places", "0", "places" },
        { "places", "101", "places" },
        { "contractType", "\"permanent\"", "contractType" },
        { "employerId", "\"$unknown\"", "employerId" },
        { "skills", "[]", "skills" },
        { "skills", """[{"skillId":"$unknown","importance":"essential"}]""", "skills[0].skillId" },
        { "postcode", "\"2311AB\"", "postcode" },
        { "hoursPerWeek", null, "hoursPerWeek" },
    };

    [Theory]
    [MemberData(nameof(InvalidPlaces))]
    public async Task Refuses_to_offer_a_place_that_breaks_a_rule(string member, string? json, string field)
    {
        var before = await SnapshotAsync();

        var response = await _client.PostAsync("/api/internships", Json(BodyWith(member, json)));

        await Problem.AssertFieldAsync(response, HttpStatusCode.BadRequest, field);
        Assert.Equal(before, await SnapshotAsync());
    }

    [Theory]
    [MemberData(nameof(InvalidPlaces))]
    public async Task Refuses_to_update_a_place_so_it_breaks_a_rule(string member, string? json, string field)
    {
        var before = await SnapshotAsync();

        var response = await _client.PutAsync($"/api/internships/{_data.ExistingPlace}", Json(BodyWith(member, json)));

        await Problem.AssertFieldAsync(response, HttpStatusCode.BadRequest, field);
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task Refuses_a_crebo_number_that_is_not_five_digits_with_a_clear_message()
    {
        var response = await _client.PostAsync("/api/internships", Json(BodyWith("programmeCode", "\"2560\"")));

        var problem = await Problem.AssertFieldAsync(response, HttpStatusCode.BadRequest, "programmeCode");
        Assert.Contains("five digits", problem.GetProperty("errors").GetProperty("programmeCode")[0].GetString(), StringComparison.Ordinal);
    }

    /// <summary>The edges of each rule are still accepted.</summary>
    public static TheoryData<string, string> BoundaryPlaces => new()
    {
        { "places", "1" },
        { "places", "100" },
        { "periodEnd", "\"2026-02-03\"" },
        { "programmeCode", "\"00001\"" },
        { "programmeLevel", "\"wo\"" },
    };

    [Theory]
    [MemberData(nameof(BoundaryPlaces))]
    public async Task Accepts_a_place_at_the_edge_of_a_rule(string member, string json) =>
        await CreateAsync(BodyWith(member, json));

    [Fact]
    public async Task Accepts_a_long_field_of_study_up_to_the_limit()
    {
        var body = ValidBody(_data);
        body["programmeKind"] = "field";
        body["programmeCode"] = new string('x', 100);
        await CreateAsync(body);

        body["programmeCode"] = new string('x', 101);
        var response = await _client.PostAsync("/api/internships", Json(body));
        await Problem.AssertFieldAsync(response, HttpStatusCode.BadRequest, "programmeCode");
    }
}
