using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TalentMatch.IntegrationTests.Infrastructure;
using TalentMatch.Web.Features.Matching;
using TalentMatch.Web.Infrastructure.Security;

namespace TalentMatch.IntegrationTests.Pact;

[Collection(DatabaseCollection.Name)]
public sealed class PactTests(DatabaseFixture fixture)
{
    readonly HttpClient _client = fixture.App.CreateClient(Role.Coordinator);

    async Task<JsonElement> PostOkAsync(string path, object body)
    {
        var response = await _client.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {text}");
        return JsonSerializer.Deserialize<JsonElement>(text);
    }

    async Task<Guid> IdAsync(string path, object body) => (await PostOkAsync(path, body)).GetProperty("id").GetGuid();

    /// <summary>Skills for this test, saved and known to matching (which reloads its skill space in the background).</summary>
    async Task<(Guid Welding, Guid Drawing, Guid Care)> SkillsAsync()
    {
        var taxonomy = new TestTaxonomy();
        var skills = (taxonomy.Skill("p welding", "p lassen"), taxonomy.Skill("p technical drawing", "p technisch tekenen"), taxonomy.Skill("p wound care", "p wondzorg"));
        await taxonomy.SaveAsync(fixture.App);
        var state = fixture.App.Services.GetRequiredService<MatchingState>();
        for (var attempt = 0; attempt < 200 && !(state.IsReady && state.Current.Engine.Space.Skill(skills.Item3) is not null); attempt++)
        {
            await Task.Delay(50);
        }

        return skills;
    }

    Task<Guid> PactAsync() => IdAsync("/api/pacts", new { name = "Stagepact Leidse regio", region = "Leidse regio", academicYear = "2026-2027", targetPlaces = 50 });

    Task<Guid> PlaceAsync(Guid employer, Guid skill, int places, string level = "mbo4", string programme = "25604", string start = "2026-02-02", string end = "2026-06-26") =>
        IdAsync("/api/internships", new
        {
            employerId = employer, title = $"Stage {programme} {Guid.NewGuid():N}"[..30], text = "Stage in de werkplaats.",
            skills = new[] { new { skillId = skill, importance = "essential", minLevel = 1 } },
            educationLevel = level, postcode = "2312", hoursPerWeek = 32, programmeKind = "crebo", programmeCode = programme, programmeLevel = level,
            periodStart = start, periodEnd = end, places,
        });

    object Request(string reference, Guid skill, string level = "mbo4", string programme = "25604", string start = "2026-02-02", string end = "2026-06-26",
        Guid[]? preferences = null) => new
    {
        reference, sector = "manufacturing", educationLevel = level, programme, periodStart = start, periodEnd = end, postcode = "2311",
        skills = new[] { new { skillId = skill, level = 3 } }, preferences,
    };

    [Fact]
    public async Task A_pledge_is_followed_from_promise_to_started_internship_with_reasons_for_everyone_left_over()
    {
        var (welding, _, care) = await SkillsAsync();
        var pact = await PactAsync();
        var employer = await IdAsync("/api/employers", new { name = "Lasbedrijf Leiden", sector = "manufacturing", postcode = "2312" });
        var partner = await IdAsync($"/api/pacts/{pact}/partners", new { name = "Lasbedrijf Leiden", kind = "employer", employerId = employer });
        var pledge = await IdAsync($"/api/pacts/{pact}/pledges", new
        {
            partnerId = partner, sector = "manufacturing", educationLevel = "mbo4", programme = "25604", places = 3, periodStart = "2026-02-01", periodEnd = "2026-07-01",
        });
        var bigPlace = await PlaceAsync(employer, welding, places: 2);
        var smallPlace = await PlaceAsync(employer, welding, places: 1);
        await PostOkAsync($"/api/pledges/{pledge}/places", new { internshipId = bigPlace });
        var linked = await PostOkAsync($"/api/pledges/{pledge}/places", new { internshipId = smallPlace });
        Assert.Equal(3, linked.GetProperty("offered").GetInt64());

        foreach (var reference in new[] { "S1", "S2", "S3", "S4" })
        {
            await PostOkAsync($"/api/pacts/{pact}/requests", Request(reference, welding));
        }

        await PostOkAsync($"/api/pacts/{pact}/requests", Request("HBO1", welding, level: "hbo", programme: "werktuigbouwkunde"));
        await PostOkAsync($"/api/pacts/{pact}/requests", Request("AUTUMN", welding, start: "2026-09-01", end: "2027-01-29"));
        await PostOkAsync($"/api/pacts/{pact}/requests", Request("CARE", care));

        var run = await PostOkAsync($"/api/pacts/{pact}/allocations", new { mode = "optimal" });

        Assert.True(run.GetProperty("optimal").GetBoolean());
        var placements = run.GetProperty("placements").EnumerateArray().ToList();
        Assert.Equal(3, placements.Count);
        Assert.Equal(2, placements.Count(p => p.GetProperty("internshipId").GetGuid() == bigPlace));
        var reasons = run.GetProperty("unplaced").EnumerateArray().ToDictionary(u => u.GetProperty("reference").GetString()!, u => u.GetProperty("reason").GetString());
        Assert.Equal("no-place-at-level", reasons["HBO1"]);
        Assert.Equal("period-clash", reasons["AUTUMN"]);
        Assert.Equal("no-skills-fit", reasons["CARE"]);
        Assert.Equal("capacity-taken", Assert.Single(reasons, r => r.Key.StartsWith('S')).Value);

        var first = placements[0].GetProperty("placementId").GetGuid();
        await PostOkAsync($"/api/placements/{first}/status", new { status = "accepted" });
        var started = await PostOkAsync($"/api/placements/{first}/status", new { status = "started", note = "Eerste dag" });
        Assert.Equal(["proposed", "accepted", "started"], started.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("status").GetString()));

        var funnel = await _client.GetFromJsonAsync<JsonElement>($"/api/pacts/{pact}/funnel");
        var row = Assert.Single(funnel.GetProperty("pledges").EnumerateArray());
        Assert.Equal([3, 3, 3, 1, 0], new[] { "pledged", "offered", "matched", "started", "completed" }.Select(s => row.GetProperty(s).GetInt64()));
        Assert.Equal(0.3333, row.GetProperty("realisationRate").GetDouble(), 4);
        Assert.Equal(0.3333, Assert.Single(funnel.GetProperty("partners").EnumerateArray()).GetProperty("realisationRate").GetDouble(), 4);

        var supply = await _client.GetFromJsonAsync<JsonElement>($"/api/pacts/{pact}/supply-demand");
        var cell = supply.GetProperty("cells").EnumerateArray().Single(c => c.GetProperty("level").GetString() == "mbo4" && c.GetProperty("period").GetString() == "2026-Q1");
        Assert.Equal(3, cell.GetProperty("offered").GetInt64());
        Assert.Equal(4, cell.GetProperty("searching").GetInt64()); // S1–S4 and CARE, less the one who started
        Assert.Equal(1, cell.GetProperty("gap").GetInt64());
        Assert.Equal(3, cell.GetProperty("chance").GetInt32()); // 3 places for 4 students

        var csv = await _client.GetStringAsync($"/api/pacts/{pact}/export/placements.csv");
        Assert.StartsWith("placement_id,reference,request_id,internship_id,title,status", csv, StringComparison.Ordinal);
        Assert.Equal(4, csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains(",started,", csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lists_stalled_pledges_lagging_partners_and_the_largest_gaps()
    {
        var (welding, _, _) = await SkillsAsync();
        var pact = await PactAsync();
        var slow = await IdAsync($"/api/pacts/{pact}/partners", new { name = "Trage Gemeente", kind = "municipality" });
        var old = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-70).ToString("yyyy-MM-dd");
        var stalled = await IdAsync($"/api/pacts/{pact}/pledges", new
        {
            partnerId = slow, sector = "government", educationLevel = "mbo3", programme = "25250", places = 4, periodStart = "2026-02-01", periodEnd = "2026-07-01", pledgedOn = old,
        });
        await IdAsync($"/api/pacts/{pact}/pledges", new
        {
            partnerId = slow, sector = "government", educationLevel = "mbo3", programme = "25250", places = 2, periodStart = "2026-02-01", periodEnd = "2026-07-01",
        });
        foreach (var reference in new[] { "G1", "G2", "G3" })
        {
            await PostOkAsync($"/api/pacts/{pact}/requests", Request(reference, welding, level: "mbo3", programme: "25250"));
        }

        var bottlenecks = await _client.GetFromJsonAsync<JsonElement>($"/api/pacts/{pact}/bottlenecks?weeks=8&minimumRate=0.5");

        var pledge = Assert.Single(bottlenecks.GetProperty("stalledPledges").EnumerateArray());
        Assert.Equal(stalled, pledge.GetProperty("pledgeId").GetGuid());
        Assert.Equal(10, pledge.GetProperty("weeksSince").GetInt32());
        Assert.Equal(slow, Assert.Single(bottlenecks.GetProperty("laggingPartners").EnumerateArray()).GetProperty("partnerId").GetGuid());
        var gap = Assert.Single(bottlenecks.GetProperty("largestGaps").EnumerateArray());
        Assert.Equal(3, gap.GetProperty("gap").GetInt64());
        Assert.Equal(1, gap.GetProperty("chance").GetInt32());
    }

    [Fact]
    public async Task Stable_mode_gives_the_host_the_student_it_ranked_first()
    {
        var (welding, _, _) = await SkillsAsync();
        var pact = await PactAsync();
        var employer = await IdAsync("/api/employers", new { name = "Machinefabriek Oegstgeest" });
        var partner = await IdAsync($"/api/pacts/{pact}/partners", new { name = "Machinefabriek Oegstgeest", kind = "employer" });
        var pledge = await IdAsync($"/api/pacts/{pact}/pledges", new
        {
            partnerId = partner, sector = "manufacturing", educationLevel = "mbo4", programme = "25604", places = 2, periodStart = "2026-02-01", periodEnd = "2026-07-01",
        });
        var (a, b) = (await PlaceAsync(employer, welding, 1), await PlaceAsync(employer, welding, 1));
        await PostOkAsync($"/api/pledges/{pledge}/places", new { internshipId = a });
        await PostOkAsync($"/api/pledges/{pledge}/places", new { internshipId = b });
        var first = await IdAsync($"/api/pacts/{pact}/requests", Request("EERSTE", welding, preferences: [a, b]));
        var second = await IdAsync($"/api/pacts/{pact}/requests", Request("TWEEDE", welding, preferences: [a, b]));
        var ranked = await _client.PutAsJsonAsync($"/api/pact-places/{a}/preferences", new { requestIds = new[] { second, first } });
        ranked.EnsureSuccessStatusCode();

        var run = await PostOkAsync($"/api/pacts/{pact}/allocations", new { mode = "stable" });

        var placed = run.GetProperty("placements").EnumerateArray().ToDictionary(p => p.GetProperty("requestId").GetGuid(), p => p.GetProperty("internshipId").GetGuid());
        Assert.Equal(a, placed[second]);
        Assert.Equal(b, placed[first]);
    }

    [Fact]
    public async Task Refuses_a_link_that_would_take_a_pledge_over_its_places_or_is_at_another_level_and_changes_nothing()
    {
        var (welding, _, _) = await SkillsAsync();
        var pact = await PactAsync();
        var employer = await IdAsync("/api/employers", new { name = "Kleine Werkplaats" });
        var partner = await IdAsync($"/api/pacts/{pact}/partners", new { name = "Kleine Werkplaats", kind = "employer" });
        var pledge = await IdAsync($"/api/pacts/{pact}/pledges", new
        {
            partnerId = partner, sector = "manufacturing", educationLevel = "mbo4", programme = "25604", places = 1, periodStart = "2026-02-01", periodEnd = "2026-07-01",
        });
        var place = await PlaceAsync(employer, welding, places: 2);
        var mbo3Place = await PlaceAsync(employer, welding, places: 1, level: "mbo3");
        var before = await DatabaseSnapshot.TakeAsync(fixture.App.DataSource);

        var response = await _client.PostAsJsonAsync($"/api/pledges/{pledge}/places", new { internshipId = place });

        var problem = await Problem.AssertFieldAsync(response, HttpStatusCode.BadRequest, "internshipId");
        Assert.Contains("pledge is for 1 places", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var otherLevel = await _client.PostAsJsonAsync($"/api/pledges/{pledge}/places", new { internshipId = mbo3Place });
        problem = await Problem.AssertFieldAsync(otherLevel, HttpStatusCode.BadRequest, "internshipId");
        Assert.Contains("The place is for mbo3 students; the pledge is for mbo4.", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await DatabaseSnapshot.TakeAsync(fixture.App.DataSource));
    }

    [Theory]
    [InlineData("periodEnd", """{ "periodStart": "2026-06-01", "periodEnd": "2026-02-01" }""")]
    [InlineData("places", """{ "places": 5000 }""")]
    [InlineData("partnerId", """{ "partnerId": "00000000-0000-0000-0000-000000000001" }""")]
    [InlineData("educationLevel", """{ "educationLevel": "mbo1" }""")]
    [InlineData("sector", """{ "sector": "astrology" }""")]
    public async Task Rejects_a_bad_pledge_naming_the_field(string field, string change)
    {
        var pact = await PactAsync();
        var partner = await IdAsync($"/api/pacts/{pact}/partners", new { name = "Partner", kind = "school" });
        var body = new Dictionary<string, object?>
        {
            ["partnerId"] = partner, ["sector"] = "education", ["educationLevel"] = "mbo4", ["programme"] = "25604", ["places"] = 2,
            ["periodStart"] = "2026-02-01", ["periodEnd"] = "2026-07-01",
        };
        foreach (var property in JsonSerializer.Deserialize<JsonElement>(change).EnumerateObject())
        {
            body[property.Name] = property.Value;
        }

        var response = await _client.PostAsJsonAsync($"/api/pacts/{pact}/pledges", body);

        await Problem.AssertFieldAsync(response, HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task Answers_unknown_ids_and_bad_requests_with_problem_details()
    {
        var (welding, _, _) = await SkillsAsync();
        var pact = await PactAsync();

        var unknownPact = await _client.PostAsJsonAsync($"/api/pacts/{Guid.NewGuid()}/partners", new { name = "X", kind = "school" });
        Assert.Equal(HttpStatusCode.NotFound, unknownPact.StatusCode);
        Assert.Equal("application/problem+json", unknownPact.Content.Headers.ContentType?.MediaType);
        await Problem.AssertFieldAsync(await _client.PostAsJsonAsync($"/api/pacts/{pact}/partners", new { name = "X", kind = "bank" }), HttpStatusCode.BadRequest, "kind");
        await Problem.AssertFieldAsync(await _client.PostAsJsonAsync($"/api/pacts/{pact}/requests", Request("R1", Guid.NewGuid())), HttpStatusCode.BadRequest, "skills");
        await Problem.AssertFieldAsync(await _client.PostAsJsonAsync($"/api/pacts/{pact}/requests", Request("R1", welding, start: "2026-06-01", end: "2026-02-01")),
            HttpStatusCode.BadRequest, "periodEnd");
        await Problem.AssertFieldAsync(await _client.PostAsJsonAsync($"/api/pacts/{pact}/requests", Request("R1", welding, preferences: [Guid.NewGuid()])),
            HttpStatusCode.BadRequest, "preferences");
        await Problem.AssertFieldAsync(await _client.PostAsJsonAsync($"/api/pacts/{pact}/allocations", new { mode = "random" }), HttpStatusCode.BadRequest, "mode");
        await Problem.AssertFieldAsync(await _client.PostAsJsonAsync($"/api/pledges/{Guid.NewGuid()}/places", new { internshipId = Guid.NewGuid() }), HttpStatusCode.BadRequest, "internshipId");
        await Problem.AssertFieldAsync(await _client.GetAsync($"/api/pacts/{pact}/export/salaries.csv"), HttpStatusCode.BadRequest, "table");
        await Problem.AssertFieldAsync(await _client.PostAsJsonAsync("/api/pacts", new { name = "X", region = "Y", academicYear = "2026-2028", targetPlaces = 5 }), HttpStatusCode.BadRequest, "academicYear");
        Assert.Equal(HttpStatusCode.NotFound, (await _client.PostAsJsonAsync($"/api/placements/{Guid.NewGuid()}/status", new { status = "accepted" })).StatusCode);
    }

    [Fact]
    public async Task A_placement_cannot_skip_back_and_the_refusal_names_the_status()
    {
        var (welding, _, _) = await SkillsAsync();
        var pact = await PactAsync();
        var employer = await IdAsync("/api/employers", new { name = "Smederij" });
        var partner = await IdAsync($"/api/pacts/{pact}/partners", new { name = "Smederij", kind = "employer" });
        var pledge = await IdAsync($"/api/pacts/{pact}/pledges", new
        {
            partnerId = partner, sector = "manufacturing", educationLevel = "mbo4", programme = "25604", places = 1, periodStart = "2026-02-01", periodEnd = "2026-07-01",
        });
        await PostOkAsync($"/api/pledges/{pledge}/places", new { internshipId = await PlaceAsync(employer, welding, 1) });
        await PostOkAsync($"/api/pacts/{pact}/requests", Request("K1", welding));
        var run = await PostOkAsync($"/api/pacts/{pact}/allocations", new { mode = "optimal" });
        var placement = run.GetProperty("placements")[0].GetProperty("placementId").GetGuid();

        var skip = await _client.PostAsJsonAsync($"/api/placements/{placement}/status", new { status = "completed" });

        await Problem.AssertFieldAsync(skip, HttpStatusCode.Conflict, "status");
        await PostOkAsync($"/api/placements/{placement}/status", new { status = "cancelled" });
        var again = await PostOkAsync($"/api/pacts/{pact}/allocations", new { mode = "optimal" });
        Assert.Single(again.GetProperty("placements").EnumerateArray());
    }

    [Fact]
    public async Task Only_coordinators_manage_the_pact()
    {
        var pact = await PactAsync();
        using var stranger = fixture.App.CreateClient();
        using var seeker = fixture.App.CreateClient(Role.JobSeeker);
        using var organiser = fixture.App.CreateClient(Role.Organiser);

        Assert.Equal(HttpStatusCode.Unauthorized, (await stranger.GetAsync($"/api/pacts/{pact}/funnel")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await seeker.GetAsync($"/api/pacts/{pact}/funnel")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await organiser.PostAsJsonAsync($"/api/pacts/{pact}/allocations", new { mode = "optimal" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync($"/api/pacts/{pact}/funnel")).StatusCode);
    }
}
