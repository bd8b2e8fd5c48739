using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using TalentMatch.IntegrationTests.Infrastructure;
using TalentMatch.Web.Infrastructure.Security;

namespace TalentMatch.IntegrationTests.Accounts;

/// <summary>
/// Every route that takes an id, tried by every role (and by nobody) on someone else's object, on an id that does
/// not exist and on the caller's own object. A route missing from <see cref="Rules"/> fails the test, so nobody
/// can add an id route without deciding who may reach what through it.
/// </summary>
[Collection(DatabaseCollection.Name)]
public sealed partial class ObjectAccessTests(DatabaseFixture fixture)
{
    /// <summary>What the route's id names; <c>RoleWide</c> objects have no owner: every holder of an allowed role manages them all.</summary>
    enum Target { Skill, Occupation, Employer, Profile, Vacancy, Internship, ShortlistEntry, RoleWide }

    /// <param name="Allowed">Roles that may use the route at all; null means anyone, signed in or not.</param>
    /// <param name="SeeOthers">Allowed roles that reach objects that are not theirs (e.g. an admin managing any vacancy).</param>
    sealed record Rule(Target Target, Role[]? Allowed, params Role[] SeeOthers)
    {
        /// <summary>A web page: strangers are sent to the sign-in page rather than answered 401.</summary>
        public bool IsPage { get; init; }

        /// <summary>The body a PUT or POST sends, when it is not the target's own fields.</summary>
        public string? Body { get; init; }

        /// <summary>For shortlist entries: the status the entry is brought to first, so the call can succeed where it is allowed.</summary>
        public string EntryStatus { get; init; } = "shortlisted";
    }

    static readonly Role[] Everyone = Roles.All;
    static readonly Role[] Managers = [Role.Coordinator, Role.Admin];
    static readonly Role[] Organisers = [Role.Organiser, Role.Admin];

    static readonly Dictionary<string, Rule> Rules = new()
    {
        ["GET employer/vacancies/{id:guid}/candidates"] = new(Target.Vacancy, [Role.Employer]) { IsPage = true },
        ["GET /api/skills/{id:guid}"] = new(Target.Skill, null),
        ["GET /api/occupations/{id:guid}"] = new(Target.Occupation, null),
        ["GET /api/employers/{id:guid}"] = new(Target.Employer, Everyone, Everyone),
        ["GET /api/profiles/{id:guid}"] = new(Target.Profile, [Role.JobSeeker, Role.Coach]),
        ["PUT /api/profiles/{id:guid}"] = new(Target.Profile, [Role.JobSeeker]),
        ["DELETE /api/profiles/{id:guid}"] = new(Target.Profile, [Role.JobSeeker]),
        ["PUT /api/profiles/{id:guid}/visibility"] = new(Target.Profile, [Role.JobSeeker]) { Body = """{ "visibility": "coach" }""" },
        ["GET /api/profiles/{id:guid}/matches"] = new(Target.Profile, [Role.JobSeeker, Role.Coach]),
        ["GET /api/profiles/{id:guid}/occupations"] = new(Target.Profile, [Role.JobSeeker, Role.Coach]),
        ["GET /api/vacancies/{id:guid}"] = new(Target.Vacancy, null),
        ["PUT /api/vacancies/{id:guid}"] = new(Target.Vacancy, [Role.Employer, .. Managers], Managers),
        ["DELETE /api/vacancies/{id:guid}"] = new(Target.Vacancy, [Role.Employer, .. Managers], Managers),
        ["GET /api/vacancies/{id:guid}/candidates"] = new(Target.Vacancy, [Role.Employer, Role.Coach, Role.Admin], Role.Coach, Role.Admin),
        ["GET /api/internships/{id:guid}"] = new(Target.Internship, null),
        ["PUT /api/internships/{id:guid}"] = new(Target.Internship, [Role.Employer, .. Managers], Managers),
        ["DELETE /api/internships/{id:guid}"] = new(Target.Internship, [Role.Employer, .. Managers], Managers),
        ["GET /api/internships/{id:guid}/candidates"] = new(Target.Internship, [Role.Employer, Role.Coach, Role.Admin], Role.Coach, Role.Admin),
        // Both ids are tried as one unknown id here; which employer opens which card is in AbuseLimitTests.
        ["GET /api/vacancies/{id:guid}/candidates/{profileId:guid}"] = new(Target.RoleWide, [Role.Employer, Role.Coach, Role.Admin]),
        ["GET /api/vacancies/{id:guid}/shortlist"] = new(Target.Vacancy, [Role.Coach, Role.Employer], Role.Coach),
        // Shortlist entries and the bodies these take are tried in CoachWorkflowTests; here only who may call them.
        ["POST /api/vacancies/{id:guid}/shortlist"] = new(Target.RoleWide, [Role.Coach]),
        ["PUT /api/vacancies/{id:guid}/shortlist/order"] = new(Target.RoleWide, [Role.Coach]),
        // Coaches share one talent pool, so any coach acts on any entry; employers only on their organisation's, people only on their own.
        ["POST /api/shortlist/{id:guid}/introduction"] = new(Target.ShortlistEntry, [Role.Coach], Role.Coach),
        ["POST /api/shortlist/{id:guid}/outcome"] = new(Target.ShortlistEntry, [Role.Coach, Role.Employer], Role.Coach)
        {
            Body = """{ "outcome": "interview" }""", EntryStatus = "accepted",
        },
        ["POST /api/me/introductions/{id:guid}"] = new(Target.ShortlistEntry, [Role.JobSeeker]) { Body = """{ "accept": true }""", EntryStatus = "proposed" },
        ["POST /api/vacancies/{id:guid}/introduction-requests"] = new(Target.RoleWide, [Role.Employer]),
        ["GET coach/vacancies/{id:guid}/talent-pool"] = new(Target.Vacancy, [Role.Coach], Role.Coach) { IsPage = true },
        ["GET coach/vacancies/{id:guid}/shortlist"] = new(Target.Vacancy, [Role.Coach], Role.Coach) { IsPage = true },
        // The internship pact is run by its coordinators; hackathons and the lab by event organisers.
        ["GET /api/pacts/{id:guid}"] = new(Target.RoleWide, Managers),
        ["POST /api/placements/{placementId:guid}/status"] = new(Target.RoleWide, Managers),
        ["GET /api/pacts/{pactId:guid}/bottlenecks"] = new(Target.RoleWide, Managers),
        ["GET /api/pacts/{pactId:guid}/export/{table}"] = new(Target.RoleWide, Managers),
        ["POST /api/pacts/{pactId:guid}/pledges"] = new(Target.RoleWide, Managers),
        ["PUT /api/pact-places/{internshipId:guid}/preferences"] = new(Target.RoleWide, Managers),
        ["POST /api/pacts/{pactId:guid}/requests"] = new(Target.RoleWide, Managers),
        ["GET /api/pacts/{pactId:guid}/funnel"] = new(Target.RoleWide, Managers),
        ["GET /api/pacts/{pactId:guid}/supply-demand"] = new(Target.RoleWide, Managers),
        ["POST /api/pledges/{pledgeId:guid}/places"] = new(Target.RoleWide, Managers),
        ["POST /api/pacts/{pactId:guid}/partners"] = new(Target.RoleWide, Managers),
        ["POST /api/pacts/{pactId:guid}/allocations"] = new(Target.RoleWide, Managers),
        ["GET /api/events/{eventId:guid}/teams"] = new(Target.RoleWide, Everyone),
        ["GET /api/events/{id:guid}"] = new(Target.RoleWide, Everyone),
        ["GET events/{id:guid}"] = new(Target.RoleWide, Everyone) { IsPage = true },
        ["GET pacts/{id:guid}"] = new(Target.RoleWide, Managers) { IsPage = true },
        ["PUT /api/events/{eventId:guid}/locks"] = new(Target.RoleWide, Organisers),
        ["POST /api/events/{eventId:guid}/participants"] = new(Target.RoleWide, Everyone),
        ["POST /api/events/{eventId:guid}/challenges"] = new(Target.RoleWide, Organisers),
        ["POST /api/challenges/{challengeId:guid}/lab-assignments"] = new(Target.RoleWide, Organisers),
        ["POST /api/events/{eventId:guid}/team-runs"] = new(Target.RoleWide, Organisers),
        ["GET /api/events/{eventId:guid}/export/{table}"] = new(Target.RoleWide, Organisers),
    };

    sealed record World(Guid Skill, Guid Occupation, Guid OwnOrganisation, Guid OtherOrganisation, HttpClient Admin, HttpClient OtherSeeker, Dictionary<Role, HttpClient> Clients,
        Dictionary<Role, string> Emails);

    [GeneratedRegex(@"\{(id|[a-z]+Id)(:guid)?\}")]
    private static partial Regex IdParameter();

    [GeneratedRegex(@"\{[a-z]+\}")]
    private static partial Regex OtherParameter();

    [Fact]
    public async Task Every_route_with_an_id_answers_every_role_by_its_rule()
    {
        var routes = fixture.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } text && IdParameter().IsMatch(text))
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => $"{m} {e.RoutePattern.RawText}"))
            .Distinct().ToList();
        Assert.True(routes.Count >= 10, "expected to find the id routes");
        var unruled = routes.Where(r => !Rules.ContainsKey(r)).ToList();
        Assert.True(unruled.Count == 0, $"Routes with an id but no rule in {nameof(ObjectAccessTests)}: {string.Join(", ", unruled)}");
        // A rule for a route that no longer exists (or never did) would hide a missing check behind a green test.
        var stale = Rules.Keys.Except(routes).ToList();
        Assert.True(stale.Count == 0, $"Rules in {nameof(ObjectAccessTests)} that match no route: {string.Join(", ", stale)}");

        var world = await BuildWorldAsync();
        var failures = new List<string>();
        foreach (var route in routes)
        {
            foreach (var role in new Role?[] { null }.Concat(Roles.All.Cast<Role?>()))
            {
                failures.AddRange(await CheckAsync(world, route, Rules[route], role));
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    async Task<IEnumerable<string>> CheckAsync(World world, string route, Rule rule, Role? role)
    {
        var failures = new List<string>();
        var who = role is { } r ? Roles.Name(r) : "anonymous";
        var client = role is { } known ? world.Clients[known] : fixture.App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var method = new HttpMethod(route.Split(' ')[0]);
        var template = route.Split(' ')[1];

        if (rule.Target == Target.RoleWide)
        {
            // Nothing to own: only who may use the route at all is checked.
            var response = await SendAsync(client, method, template, Guid.NewGuid(), world, rule, role);
            HttpStatusCode? refused = role is null ? (rule.IsPage ? HttpStatusCode.Redirect : HttpStatusCode.Unauthorized)
                : rule.Allowed?.Contains(role.Value) == false ? HttpStatusCode.Forbidden : null;
            // An allowed role on an unknown id may only be refused for the id or the body it sent; a 500 is never an answer.
            Expect(refused is null ? IsAnswerToAnUnknownId(response.StatusCode) : response.StatusCode == refused,
                $"{who} {route}: {(int)response.StatusCode}, expected {(refused is null ? "2xx, 400, 404 or 409" : ((int)refused).ToString())}");
            return failures;
        }

        var foreign = await CreateAsync(world, rule, own: false);
        var foreignResponse = await SendAsync(client, method, template, foreign, world, rule, role);
        var missingResponse = await SendAsync(client, method, template, Guid.NewGuid(), world, rule, role);

        HttpStatusCode? same = rule.Allowed is null ? null
            : role is null ? (rule.IsPage ? HttpStatusCode.Redirect : HttpStatusCode.Unauthorized)
            : !rule.Allowed.Contains(role.Value) ? HttpStatusCode.Forbidden
            : rule.SeeOthers.Contains(role.Value) ? null
            : HttpStatusCode.NotFound;
        if (same is { } status)
        {
            Expect(foreignResponse.StatusCode == status, $"{who} {route} on someone else's object: {(int)foreignResponse.StatusCode}, expected {(int)status}");
            Expect(missingResponse.StatusCode == status, $"{who} {route} on a missing id: {(int)missingResponse.StatusCode}, expected {(int)status}");
            if (foreignResponse.StatusCode == missingResponse.StatusCode)
            {
                Expect(await TitleAsync(foreignResponse) == await TitleAsync(missingResponse), $"{who} {route}: someone else's object and a missing id answer differently");
            }
        }
        else
        {
            Expect(foreignResponse.IsSuccessStatusCode, $"{who} {route} on an object it may reach: {(int)foreignResponse.StatusCode}");
            Expect(missingResponse.StatusCode == HttpStatusCode.NotFound, $"{who} {route} on a missing id: {(int)missingResponse.StatusCode}, expected 404");
        }

        // An own shortlist entry is the caller's organisation's vacancy with the caller's own profile, so it is both the employer's and the person's.
        Role[] owners = rule.Target switch
        {
            Target.Profile => [Role.JobSeeker], Target.Vacancy or Target.Internship => [Role.Employer], Target.ShortlistEntry => [Role.JobSeeker, Role.Employer], _ => [],
        };
        if (role is { } self && owners.Contains(self) && rule.Allowed?.Contains(self) == true)
        {
            var own = await CreateAsync(world, rule, own: true);
            var ownResponse = await SendAsync(client, method, template, own, world, rule, role);
            Expect(ownResponse.IsSuccessStatusCode, $"{who} {route} on its own object: {(int)ownResponse.StatusCode}");
        }

        return failures;

        void Expect(bool condition, string failure)
        {
            if (!condition)
            {
                failures.Add(failure);
            }
        }
    }

    static bool IsAnswerToAnUnknownId(HttpStatusCode status) =>
        (int)status is >= 200 and < 300 || status is HttpStatusCode.BadRequest or HttpStatusCode.NotFound or HttpStatusCode.Conflict;

    static async Task<string?> TitleAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        return body.Length == 0 ? null : JsonSerializer.Deserialize<JsonElement>(body).TryGetProperty("title", out var title) ? title.GetString() : null;
    }

    static Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string template, Guid id, World world, Rule rule, Role? role)
    {
        var target = rule.Target;
        var path = OtherParameter().Replace(IdParameter().Replace(template, id.ToString()), "x");
        var request = new HttpRequestMessage(method, path.StartsWith('/') ? path : "/" + path);
        if (rule.Body is { } body)
        {
            request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        }
        else if (target == Target.RoleWide && (method == HttpMethod.Post || method == HttpMethod.Put))
        {
            request.Content = JsonContent.Create(new JsonObject());
        }
        else if (method == HttpMethod.Put)
        {
            // A body the caller could validly send, so only the object decides the answer.
            request.Content = JsonContent.Create(Body(world, target, role == Role.Employer ? world.OwnOrganisation : world.OtherOrganisation));
        }

        return client.SendAsync(request);
    }

    static JsonObject Body(World world, Target target, Guid organisation) => target switch
    {
        Target.Profile => new JsonObject
        {
            ["skills"] = new JsonArray(new JsonObject { ["skillId"] = world.Skill, ["level"] = 3 }), ["educationLevel"] = "mbo3", ["postcode"] = "2311",
        },
        Target.Vacancy => new JsonObject
        {
            ["employerId"] = organisation, ["title"] = "Access test vacancy", ["skills"] = new JsonArray(new JsonObject { ["skillId"] = world.Skill, ["importance"] = "essential" }),
            ["educationLevel"] = "mbo2", ["postcode"] = "2311", ["hoursPerWeek"] = 36, ["contractType"] = "permanent",
        },
        Target.Internship => new JsonObject
        {
            ["employerId"] = organisation, ["title"] = "Access test place", ["skills"] = new JsonArray(new JsonObject { ["skillId"] = world.Skill, ["importance"] = "essential" }),
            ["educationLevel"] = "mbo4", ["postcode"] = "2311", ["hoursPerWeek"] = 32, ["programmeKind"] = "crebo", ["programmeCode"] = "25604",
            ["programmeLevel"] = "mbo4", ["periodStart"] = "2026-02-02", ["periodEnd"] = "2026-06-26", ["places"] = 1,
        },
        _ => throw new ArgumentOutOfRangeException(nameof(target)),
    };

    /// <summary>A fresh object per check, since PUT and DELETE change it: the caller's own, or someone else's.</summary>
    static async Task<Guid> CreateAsync(World world, Rule rule, bool own)
    {
        var target = rule.Target;
        switch (target)
        {
            case Target.Skill:
                return world.Skill;
            case Target.Occupation:
                return world.Occupation;
            case Target.Employer:
                return world.OtherOrganisation;
            case Target.ShortlistEntry:
                return await CreateEntryAsync(world, rule.EntryStatus, own);
        }

        var (client, path) = target switch
        {
            Target.Profile => (own ? world.Clients[Role.JobSeeker] : world.OtherSeeker, "/api/profiles"),
            Target.Vacancy => (world.Admin, "/api/vacancies"),
            _ => (world.Admin, "/api/internships"),
        };
        var response = await client.PostAsJsonAsync(path, Body(world, target, own ? world.OwnOrganisation : world.OtherOrganisation));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    /// <summary>A coach's shortlist entry on the caller's organisation's vacancy for the caller's profile (own), or on another organisation's for someone else.</summary>
    static async Task<Guid> CreateEntryAsync(World world, string status, bool own) => (await CreateEntryWithVacancyAsync(world, status, own)).Entry;

    static async Task<(Guid Entry, Guid Vacancy)> CreateEntryWithVacancyAsync(World world, string status, bool own)
    {
        var vacancy = await CreateAsync(world, new Rule(Target.Vacancy, null), own);
        var seeker = own ? world.Clients[Role.JobSeeker] : world.OtherSeeker;
        var profile = Body(world, Target.Profile, world.OwnOrganisation);
        profile["visibility"] = "coach";
        var created = await seeker.PostAsJsonAsync("/api/profiles", profile);
        var profileId = (await created.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var coach = world.Clients[Role.Coach];
        var added = await coach.PostAsJsonAsync($"/api/vacancies/{vacancy}/shortlist", new { profileId, note = "access test" });
        var entry = (await added.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>()).GetProperty("entryId").GetGuid();
        if (status is "proposed" or "accepted")
        {
            (await coach.PostAsync($"/api/shortlist/{entry}/introduction", null)).EnsureSuccessStatusCode();
        }

        if (status == "accepted")
        {
            (await seeker.PostAsJsonAsync($"/api/me/introductions/{entry}", new { accept = true })).EnsureSuccessStatusCode();
        }

        return (entry, vacancy);
    }

    [Fact]
    public async Task An_employer_posts_only_for_their_own_organisation()
    {
        var world = await BuildWorldAsync();
        var employer = world.Clients[Role.Employer];

        var elsewhere = await employer.PostAsJsonAsync("/api/vacancies", Body(world, Target.Vacancy, world.OtherOrganisation));
        var own = await employer.PostAsJsonAsync("/api/vacancies", Body(world, Target.Vacancy, world.OwnOrganisation));

        await Problem.AssertFieldAsync(elsewhere, HttpStatusCode.BadRequest, "employerId");
        Assert.Equal(HttpStatusCode.Created, own.StatusCode);
        var moved = await employer.PutAsJsonAsync($"/api/vacancies/{(await own.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid()}",
            Body(world, Target.Vacancy, world.OtherOrganisation));
        await Problem.AssertFieldAsync(moved, HttpStatusCode.BadRequest, "employerId");
    }

    async Task<World> BuildWorldAsync()
    {
        var taxonomy = new TestTaxonomy();
        var skill = taxonomy.Skill("oa welding", "oa lassen");
        var occupation = taxonomy.Occupation("oa welder", "oa lasser", [skill], []);
        await taxonomy.SaveAsync(fixture.App);
        var admin = await fixture.App.ClientAsync(Role.Admin);
        async Task<Guid> OrganisationAsync(string name) =>
            (await (await admin.PostAsJsonAsync("/api/employers", new { name })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var own = await OrganisationAsync("Own organisation BV");
        var other = await OrganisationAsync("Other organisation BV");
        var clients = new Dictionary<Role, HttpClient>();
        var emails = new Dictionary<Role, string>();
        foreach (var role in Roles.All)
        {
            emails[role] = (await fixture.App.CreateAccountAsync(role, role == Role.Employer ? own : null)).Email;
            clients[role] = fixture.App.BearerClient(await fixture.App.SignInAsync(emails[role]));
        }

        return new World(skill, occupation, own, other, admin, await fixture.App.ClientAsync(Role.JobSeeker), clients, emails);
    }
}
