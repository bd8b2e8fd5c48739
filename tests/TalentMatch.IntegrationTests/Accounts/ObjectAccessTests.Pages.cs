using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using TalentMatch.IntegrationTests.Infrastructure;
using TalentMatch.Web.Infrastructure.Security;

namespace TalentMatch.IntegrationTests.Accounts;

/// <summary>
/// The web pages' form handlers that take an id, posted as a browser would (cookie, antiforgery token) by every
/// role and by nobody: with the caller's own ids, and with each id in turn replaced by someone else's and by one
/// that does not exist. Endpoints of pages carry no HTTP method, so the handlers are found on the compiled pages.
/// </summary>
public sealed partial class ObjectAccessTests
{
    enum Case { Own, Foreign, Missing }

    /// <summary>The page path and form fields for one try, where <paramref name="id"/> names the id made foreign or missing.</summary>
    delegate Task<(string Path, Dictionary<string, string> Fields)> PageForm(World world, string? id, Case kind);

    /// <param name="Ids">The ids the handler takes that are tried as someone else's and as missing.</param>
    sealed record PageRule(Role[] Allowed, string[] Ids, PageForm Form);

    static readonly Dictionary<string, PageRule> PageRules = new()
    {
        ["POST employer/vacancies/{id:guid}/candidates"] = new([Role.Employer], ["id", "profileId"], async (w, id, kind) =>
        {
            var vacancy = await PickAsync(id == "id" ? kind : Case.Own, own => VacancyAsync(w, own));
            var profile = await PickAsync(id == "profileId" ? kind : Case.Own, own => ProfileAsync(w, own ? "employers-anonymous" : "private"));
            return ($"/employer/vacancies/{vacancy}/candidates", new() { ["profileId"] = profile.ToString() });
        }),
        ["POST employer/vacancies/{id:guid}/candidates?handler=Outcome"] = new([Role.Employer], ["id", "entryId"], async (w, id, kind) =>
        {
            var (entry, vacancy) = await EntryOnAsync(w, "accepted", id == "entryId" ? kind : Case.Own);
            vacancy = id == "id" ? await PickAsync(kind, own => VacancyAsync(w, own)) : vacancy;
            return ($"/employer/vacancies/{vacancy}/candidates?handler=Outcome", new() { ["entryId"] = entry.ToString(), ["outcome"] = "interview" });
        }),
        ["POST coach/vacancies/{id:guid}/shortlist?handler=Move"] = new([Role.Coach], ["entryId"], (w, _, kind) => CoachEntryFormAsync(w, kind, "Move", "shortlisted",
            new() { ["direction"] = "down" })),
        ["POST coach/vacancies/{id:guid}/shortlist?handler=Propose"] = new([Role.Coach], ["entryId"], (w, _, kind) => CoachEntryFormAsync(w, kind, "Propose", "shortlisted", [])),
        ["POST coach/vacancies/{id:guid}/shortlist?handler=Outcome"] = new([Role.Coach], ["entryId"], (w, _, kind) => CoachEntryFormAsync(w, kind, "Outcome", "accepted",
            new() { ["outcome"] = "interview" })),
        ["POST coach/vacancies/{id:guid}/talent-pool"] = new([Role.Coach], ["profileId"], async (w, _, kind) =>
        {
            var vacancy = await VacancyAsync(w, own: true);
            var profile = await PickAsync(kind, own => ProfileAsync(w, own ? "coach" : "private"));
            return ($"/coach/vacancies/{vacancy}/talent-pool", new() { ["profileId"] = profile.ToString(), ["note"] = "access test" });
        }),
        ["POST profile/introductions"] = new([Role.JobSeeker], ["entryId"], async (w, _, kind) =>
        {
            var (entry, _) = await EntryOnAsync(w, "proposed", kind);
            return ("/profile/introductions", new() { ["entryId"] = entry.ToString(), ["accept"] = "true" });
        }),
    };

    /// <summary>Page handlers whose ids name shared things (skills, occupations) or events everyone may see: an unknown id must not break them.</summary>
    static readonly Dictionary<string, Role[]> PublicIdPageRules = new()
    {
        ["POST profile?handler=UseOccupation"] = [Role.JobSeeker],
        ["POST profile?handler=AddSkill"] = [Role.JobSeeker],
        ["POST profile?handler=RemoveSkill"] = [Role.JobSeeker],
        ["POST events/{id:guid}?handler=Register"] = Everyone,
        ["POST events/{id:guid}?handler=FormTeams"] = Organisers,
    };

    static async Task<Guid> PickAsync(Case kind, Func<bool, Task<Guid>> create) =>
        kind == Case.Missing ? Guid.NewGuid() : await create(kind == Case.Own);

    static Task<Guid> VacancyAsync(World world, bool own) => CreateAsync(world, new Rule(Target.Vacancy, null), own);

    static async Task<Guid> ProfileAsync(World world, string visibility)
    {
        var profile = Body(world, Target.Profile, world.OwnOrganisation);
        profile["visibility"] = visibility;
        var created = await world.OtherSeeker.PostAsJsonAsync("/api/profiles", profile);
        return (await created.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    /// <summary>An entry and its vacancy: the caller's own, another organisation's (and person's), or a missing entry on an own vacancy.</summary>
    static async Task<(Guid Entry, Guid Vacancy)> EntryOnAsync(World world, string status, Case kind) =>
        kind == Case.Missing ? (Guid.NewGuid(), await VacancyAsync(world, own: true)) : await CreateEntryWithVacancyAsync(world, status, kind == Case.Own);

    /// <summary>Coaches reach every entry, so for them a foreign entry is one on another vacancy than the board posted to.</summary>
    static async Task<(string, Dictionary<string, string>)> CoachEntryFormAsync(World world, Case kind, string handler, string status, Dictionary<string, string> fields)
    {
        var (entry, vacancy) = await CreateEntryWithVacancyAsync(world, status, own: true);
        var board = kind == Case.Own ? vacancy : await VacancyAsync(world, own: true);
        fields["entryId"] = (kind == Case.Missing ? Guid.NewGuid() : entry).ToString();
        return ($"/coach/vacancies/{board}/shortlist?handler={handler}", fields);
    }

    [Fact]
    public async Task Every_page_form_with_an_id_answers_every_role_by_its_rule()
    {
        var handlers = await PageHandlersWithIdsAsync();
        Assert.True(handlers.Count >= 8, "expected to find the page handlers that take an id");
        var unruled = handlers.Where(h => !PageRules.ContainsKey(h) && !PublicIdPageRules.ContainsKey(h)).ToList();
        Assert.True(unruled.Count == 0, $"Page handlers with an id but no rule in {nameof(ObjectAccessTests)}: {string.Join(", ", unruled)}");
        var stale = PageRules.Keys.Concat(PublicIdPageRules.Keys).Except(handlers).ToList();
        Assert.True(stale.Count == 0, $"Page rules in {nameof(ObjectAccessTests)} that match no handler: {string.Join(", ", stale)}");

        var world = await BuildWorldAsync();
        var failures = new List<string>();
        foreach (var role in new Role?[] { null }.Concat(Roles.All.Cast<Role?>()))
        {
            var browser = role is { } r ? await fixture.App.BrowserAsync(world.Emails[r]) : fixture.App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
            var page = await (await browser.GetAsync(role is null ? "/account/sign-in" : "/account/my-data")).Content.ReadAsStringAsync();
            var who = role is { } named ? Roles.Name(named) : "anonymous";
            foreach (var (handler, rule) in PageRules)
            {
                async Task<HttpResponseMessage> PostAsync(string? id, Case kind)
                {
                    var (path, fields) = await rule.Form(world, id, kind);
                    return await browser.PostFormAsync(path, page, fields);
                }

                if (role is null || !rule.Allowed.Contains(role.Value))
                {
                    var refused = await PostAsync(rule.Ids[0], Case.Foreign);
                    failures.AddRange(Refusal(who, handler, role, refused));
                    continue;
                }

                var own = await PostAsync(null, Case.Own);
                Expect(own.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.OK && own.Headers.Location?.OriginalString.StartsWith('/') != false,
                    $"{who} {handler} with its own ids: {(int)own.StatusCode} {own.Headers.Location}");
                foreach (var id in rule.Ids)
                {
                    var foreign = await PostAsync(id, Case.Foreign);
                    var missing = await PostAsync(id, Case.Missing);
                    Expect((int)foreign.StatusCode < 500 && (int)missing.StatusCode < 500, $"{who} {handler} with {id} foreign/missing: {(int)foreign.StatusCode}/{(int)missing.StatusCode}");
                    Expect(foreign.StatusCode == missing.StatusCode, $"{who} {handler}: someone else's {id} answers {(int)foreign.StatusCode}, a missing one {(int)missing.StatusCode}");
                    // A redirect is how these forms say it worked; someone else's id must never get one.
                    Expect(foreign.StatusCode != HttpStatusCode.Redirect, $"{who} {handler} with someone else's {id} was accepted: {foreign.Headers.Location}");
                }
            }

            foreach (var (handler, allowed) in PublicIdPageRules)
            {
                var path = "/" + handler.Split(' ')[1].Replace("{id:guid}", Guid.NewGuid().ToString(), StringComparison.Ordinal);
                var fields = new Dictionary<string, string> { ["occupationId"] = Guid.NewGuid().ToString(), ["skillId"] = Guid.NewGuid().ToString() };
                var response = await browser.PostFormAsync(path, page, fields);
                if (role is null || !allowed.Contains(role.Value))
                {
                    failures.AddRange(Refusal(who, handler, role, response));
                }
                else
                {
                    Expect((int)response.StatusCode is 200 or 302 or 400 or 404 or 409, $"{who} {handler} with an unknown id: {(int)response.StatusCode}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));

        void Expect(bool condition, string failure)
        {
            if (!condition)
            {
                failures.Add(failure);
            }
        }
    }

    /// <summary>Nobody is sent to sign in; a role the page is not for gets the no-access page (403, or a redirect to it).</summary>
    static IEnumerable<string> Refusal(string who, string handler, Role? role, HttpResponseMessage response)
    {
        var location = response.Headers.Location?.OriginalString ?? "";
        var refused = role is null
            ? response.StatusCode == HttpStatusCode.Redirect && location.Contains("sign-in", StringComparison.OrdinalIgnoreCase)
            : response.StatusCode == HttpStatusCode.Forbidden
              || (response.StatusCode == HttpStatusCode.Redirect && location.Contains("AccessDenied", StringComparison.OrdinalIgnoreCase));
        return refused ? [] : [$"{who} {handler}: {(int)response.StatusCode} {location}, expected to be refused"];
    }

    /// <summary>Every POST page handler that takes a Guid, keyed like the rules: method, route and handler name.</summary>
    async Task<List<string>> PageHandlersWithIdsAsync()
    {
        var loader = fixture.App.Services.GetRequiredService<PageLoader>();
        var found = new List<string>();
        foreach (var endpoint in fixture.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            if (endpoint.Metadata.GetMetadata<PageActionDescriptor>() is not { } descriptor)
            {
                continue;
            }

            var compiled = await loader.LoadAsync(descriptor, endpoint.Metadata);
            var routeHasId = IdParameter().IsMatch(endpoint.RoutePattern.RawText ?? "");
            found.AddRange(compiled.HandlerMethods
                .Where(h => string.Equals(h.HttpMethod, "Post", StringComparison.OrdinalIgnoreCase) && (routeHasId || h.Parameters.Any(p => p.ParameterType == typeof(Guid) || p.ParameterType == typeof(Guid?))))
                .Select(h => $"POST {endpoint.RoutePattern.RawText}{(h.Name is null ? "" : "?handler=" + h.Name)}"));
        }

        return found.Distinct().ToList();
    }
}
