using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using TalentMatch.IntegrationTests.Infrastructure;
using TalentMatch.Web.Infrastructure.Security;

namespace TalentMatch.IntegrationTests.Pages;

/// <summary>
/// "Every link leads somewhere that works": for a visitor and each role, in both languages, follows every
/// same-site link, stylesheet, script and GET form the pages render, breadth-first from the home page.
/// </summary>
[Collection(DatabaseCollection.Name)]
public sealed partial class LinkCrawlTests(DatabaseFixture fixture)
{
    /// <summary>Far above what the site has, so a page that links to ever new addresses shows up as a failure instead of a hang.</summary>
    const int MaxRequests = 120;

    /// <summary>
    /// Addresses of one shape (ids aside) followed per crawl. Lists such as the coach's open vacancies grow with
    /// everything other tests put in the shared database; a few of each kind prove that kind of link works.
    /// </summary>
    const int PerShape = 3;

    /// <summary>One small world shared by every crawl, so each role's pages have something to show and link to.</summary>
    static Task<World>? _world;
    static readonly Lock WorldLock = new();

    /// <summary>Each role's e-mail address, and the pages a crawl as that role must reach to have proved anything.</summary>
    sealed record World(Dictionary<string, string> Emails, Dictionary<string, string[]> Reached);

    [Theory]
    [InlineData("anonymous", "nl")]
    [InlineData("anonymous", "en")]
    [InlineData("job-seeker", "nl")]
    [InlineData("job-seeker", "en")]
    [InlineData("coach", "nl")]
    [InlineData("coach", "en")]
    [InlineData("employer", "nl")]
    [InlineData("employer", "en")]
    [InlineData("coordinator", "nl")]
    [InlineData("coordinator", "en")]
    [InlineData("organiser", "nl")]
    [InlineData("organiser", "en")]
    [InlineData("admin", "nl")]
    [InlineData("admin", "en")]
    public async Task Every_link_a_visitor_is_shown_leads_to_a_working_page(string visitor, string language)
    {
        var world = await WorldAsync();
        using var client = visitor == "anonymous"
            ? fixture.App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true })
            : await fixture.App.BrowserAsync(world.Emails[visitor]);
        await ChooseLanguageAsync(client, language);

        var (visited, failures) = await CrawlAsync(client, visitor, language, world.Reached[visitor]);

        Assert.True(failures.Count == 0, $"{visitor} ({language}):\n" + string.Join('\n', failures));
        // The crawl must have reached the pages this role works on, or it proved nothing.
        foreach (var page in world.Reached[visitor])
        {
            Assert.Contains(page, visited);
        }
    }

    static async Task ChooseLanguageAsync(HttpClient client, string language) =>
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync($"/language/{language}?returnUrl=/")).StatusCode);

    async Task<(IReadOnlySet<string> Visited, List<string> Failures)> CrawlAsync(HttpClient client, string visitor, string language, string[] mustReach)
    {
        var failures = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal) { "/" };
        var visited = new HashSet<string>(StringComparer.Ordinal);
        var shapes = new Dictionary<string, int>(StringComparer.Ordinal);
        var queue = new Queue<(string Url, string From)>([("/", "(start)")]);
        var requests = 0;
        while (queue.TryDequeue(out var next))
        {
            if (++requests > MaxRequests)
            {
                failures.Add($"more than {MaxRequests} distinct addresses; last one {next.Url} from {next.From}");
                break;
            }

            var (url, from) = next;
            visited.Add(url);
            using var response = await client.GetAsync(url);
            var status = (int)response.StatusCode;
            var where = $"{url} (linked from {from})";
            if (url.StartsWith("/language/", StringComparison.Ordinal))
            {
                // The switch sets the language cookie; put it back so the rest of the crawl stays in its language.
                if (response.StatusCode != HttpStatusCode.Redirect)
                {
                    failures.Add($"{where}: language switch answered {status}");
                }

                await ChooseLanguageAsync(client, language);
                continue;
            }

            if (status is 301 or 302 or 303 or 307 or 308)
            {
                var location = SameSite(response.Headers.Location?.OriginalString ?? "") ?? "";
                if (location.Contains("AccessDenied", StringComparison.OrdinalIgnoreCase))
                {
                    failures.Add($"{where}: shown to {visitor} but denied");
                }
                else if (!location.StartsWith(Authentication.SignInPath, StringComparison.Ordinal))
                {
                    Enqueue(location, url);
                }

                continue;
            }

            if (status == 403)
            {
                failures.Add($"{where}: shown to {visitor} but answers 403");
                continue;
            }

            if (status != 200)
            {
                failures.Add($"{where}: answered {status}");
                continue;
            }

            // Third-party and machine-readable answers only have to be there; their insides are not our pages.
            var type = response.Content.Headers.ContentType?.MediaType ?? "";
            if (type != "text/html" || url.StartsWith("/docs", StringComparison.Ordinal))
            {
                continue;
            }

            var html = await response.Content.ReadAsStringAsync();
            failures.AddRange(PageProblems(html, language).Select(p => $"{where}: {p}"));
            foreach (var link in Links(html))
            {
                Enqueue(link, url);
            }
        }

        return (visited, failures);

        void Enqueue(string link, string from)
        {
            var url = SameSite(WebUtility.HtmlDecode(link));
            if (url is null || !(url.StartsWith("/language/", StringComparison.Ordinal) ? seen.Add("/language/") : seen.Add(url)))
            {
                return;
            }

            var shape = Id().Replace(url, "{id}");
            shapes[shape] = shapes.GetValueOrDefault(shape) + 1;
            if (shapes[shape] <= PerShape || mustReach.Contains(url))
            {
                queue.Enqueue((url, from));
            }
        }
    }

    /// <summary>The path and query of a link on this site, or null for other hosts, fragments, mail and data links.</summary>
    static string? SameSite(string link)
    {
        if (link.StartsWith("http://localhost", StringComparison.OrdinalIgnoreCase))
        {
            link = new Uri(link).PathAndQuery;
        }

        if (!link.StartsWith('/') || link.StartsWith("//", StringComparison.Ordinal))
        {
            return null;
        }

        var hash = link.IndexOf('#', StringComparison.Ordinal);
        return hash >= 0 ? link[..hash] : link;
    }

    static IEnumerable<string> Links(string html)
    {
        foreach (Match m in Reference().Matches(html))
        {
            yield return m.Groups["url"].Value;
        }

        foreach (Match form in Form().Matches(html))
        {
            var attributes = form.Groups["attributes"].Value;
            var method = Attribute(attributes, "method");
            // A form without a method is a GET form; POST forms change state and are not links.
            if (method is null || method.Equals("get", StringComparison.OrdinalIgnoreCase))
            {
                yield return Attribute(attributes, "action") ?? "";
            }
        }
    }

    static string? Attribute(string attributes, string name)
    {
        var m = Regex.Match(attributes, $"\\b{name}=\"([^\"]*)\"", RegexOptions.IgnoreCase);
        return m.Success ? m.Groups[1].Value : null;
    }

    static IEnumerable<string> PageProblems(string html, string language)
    {
        var lang = HtmlLang().Match(html);
        if (!lang.Success)
        {
            yield return "no <html lang>";
        }
        else if (lang.Groups[1].Value != language)
        {
            yield return $"<html lang=\"{lang.Groups[1].Value}\"> on a {language} crawl";
        }

        var headings = H1().Count(html);
        if (headings != 1)
        {
            yield return $"{headings} <h1> elements";
        }

        if (MainElement().Count(html) != 1)
        {
            yield return "not exactly one <main>";
        }

        if (!Title().IsMatch(html))
        {
            yield return "no <title> with text";
        }
    }

    async Task<World> WorldAsync()
    {
        lock (WorldLock)
        {
            _world ??= BuildWorldAsync();
        }

        return await _world;
    }

    /// <summary>A profile with a skill, a vacancy, a shortlist with a proposed introduction, a pact and a hackathon with a team, each with its own account.</summary>
    async Task<World> BuildWorldAsync()
    {
        var app = fixture.App;
        var taxonomy = new TestTaxonomy();
        var skill = taxonomy.Skill("lc solar panel mounting", "lc zonnepanelen monteren");
        await taxonomy.SaveAsync(app);
        var posted = await app.PostVacancyAsync("Zonnepanelenmonteur", skill);
        var employer = await app.CreateAccountAsync(Role.Employer, posted.Organisation);

        var (person, seeker) = await app.SignUpAsync();
        var created = await person.PostAsJsonAsync("/api/profiles", new
        {
            displayName = "Gijs Vermeulen", educationLevel = "mbo2", postcode = "2311", hoursPerWeek = 32, visibility = "employers-anonymous",
            skills = new[] { new { skillId = skill, level = 3 } },
        });
        var profile = await IdAsync(created, "id");

        var coach = await app.CreateAccountAsync(Role.Coach);
        using var coachApi = app.BearerClient(await app.SignInAsync(coach.Email));
        var entry = await IdAsync(await coachApi.PostAsJsonAsync($"/api/vacancies/{posted.Vacancy}/shortlist", new { profileId = profile }), "entryId");
        (await coachApi.PostAsync($"/api/shortlist/{entry}/introduction", null)).EnsureSuccessStatusCode();

        var coordinator = await app.CreateAccountAsync(Role.Coordinator);
        using var coordinatorApi = app.BearerClient(await app.SignInAsync(coordinator.Email));
        var pact = await IdAsync(await coordinatorApi.PostAsJsonAsync("/api/pacts", new { name = "Stagepact Leidse regio", region = "Leidse regio", academicYear = "2026-2027", targetPlaces = 40 }), "id");
        var partner = await IdAsync(await coordinatorApi.PostAsJsonAsync($"/api/pacts/{pact}/partners", new { name = "Gemeente Leiden", kind = "municipality" }), "id");
        (await coordinatorApi.PostAsJsonAsync($"/api/pacts/{pact}/pledges", new
        {
            partnerId = partner, sector = "government", educationLevel = "hbo", programme = "bestuurskunde", places = 5, periodStart = "2026-02-01", periodEnd = "2026-07-01",
        })).EnsureSuccessStatusCode();

        var organiser = await app.CreateAccountAsync(Role.Organiser);
        using var organiserApi = app.BearerClient(await app.SignInAsync(organiser.Email));
        var hackathon = await IdAsync(await organiserApi.PostAsJsonAsync("/api/events", new
        {
            name = "Techport Hackathon", kind = "hackathon", startsOn = "2026-03-13", endsOn = "2026-03-14", place = "Heemskerk", minimumParticipants = 2,
        }), "id");
        var challenge = await IdAsync(await organiserApi.PostAsJsonAsync($"/api/events/{hackathon}/challenges", new
        {
            company = "Zonnebedrijf", question = "Sneller monteren?", skills = new[] { new { skillId = skill, weight = 1.0 } }, minTeamSize = 1, maxTeamSize = 3,
        }), "id");
        (await organiserApi.PostAsJsonAsync($"/api/events/{hackathon}/participants", new
        {
            name = "Gijs", kind = "company-staff", skills = new[] { skill }, preferences = new[] { challenge },
        })).EnsureSuccessStatusCode();
        (await organiserApi.PostAsync($"/api/events/{hackathon}/team-runs?timeLimitSeconds=5", null)).EnsureSuccessStatusCode();

        var admin = await app.CreateAccountAsync(Role.Admin);
        return new World(new()
        {
            ["job-seeker"] = seeker.Email, ["coach"] = coach.Email, ["employer"] = employer.Email, ["coordinator"] = coordinator.Email,
            ["organiser"] = organiser.Email, ["admin"] = admin.Email,
        }, new()
        {
            ["anonymous"] = ["/account/sign-up", "/account/sign-in", "/css/site.css", "/docs"],
            ["job-seeker"] = ["/profile/matches", "/profile/introductions", "/profile/privacy", "/profile/rankings", "/account/my-data", $"/events/{hackathon}"],
            ["coach"] = ["/coach", $"/coach/vacancies/{posted.Vacancy}/talent-pool", $"/coach/vacancies/{posted.Vacancy}/shortlist"],
            ["employer"] = ["/employer", "/employer/vacancies/new", $"/employer/vacancies/{posted.Vacancy}/candidates"],
            ["coordinator"] = [$"/pacts/{pact}", $"/events/{hackathon}"],
            ["organiser"] = [$"/events/{hackathon}"],
            ["admin"] = ["/pacts", "/events", "/account/my-data"],
        });
    }

    static async Task<Guid> IdAsync(HttpResponseMessage response, string property)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonSerializer.Deserialize<JsonElement>(text).GetProperty(property).GetGuid();
    }

    [GeneratedRegex("<(?:a|link|area)\\b[^>]*?\\bhref=\"(?<url>[^\"]*)\"|<(?:script|img)\\b[^>]*?\\bsrc=\"(?<url>[^\"]*)\"", RegexOptions.IgnoreCase)]
    private static partial Regex Reference();

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", RegexOptions.IgnoreCase)]
    private static partial Regex Id();

    [GeneratedRegex("<form\\b(?<attributes>[^>]*)>", RegexOptions.IgnoreCase)]
    private static partial Regex Form();

    [GeneratedRegex("<html\\b[^>]*\\blang=\"([^\"]+)\"", RegexOptions.IgnoreCase)]
    private static partial Regex HtmlLang();

    [GeneratedRegex("<h1\\b", RegexOptions.IgnoreCase)]
    private static partial Regex H1();

    [GeneratedRegex("<main\\b", RegexOptions.IgnoreCase)]
    private static partial Regex MainElement();

    [GeneratedRegex("<title>\\s*\\S[^<]*</title>", RegexOptions.IgnoreCase)]
    private static partial Regex Title();
}
