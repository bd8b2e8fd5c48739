using System.Text.Json;
using Microsoft.Playwright;
using TalentMatch.BrowserTests.Infrastructure;
using TalentMatch.IntegrationTests.Infrastructure;
using TalentMatch.Web.Infrastructure.Security;
using static Microsoft.Playwright.Assertions;

namespace TalentMatch.BrowserTests.Journeys;

[Collection(BrowserCollection.Name)]
public sealed class PactAndEventJourneyTests(BrowserFixture fixture)
{
    /// <summary>A browser page signed in (website cookie) as a new account of the role.</summary>
    async Task<IPage> SignedInAsync(Role role)
    {
        var account = await fixture.App.CreateAccountAsync(role);
        var page = await fixture.NewPageAsync();
        var signIn = await page.Context.APIRequest.PostAsync("/api/auth/login?useCookies=true", new() { DataObject = new { email = account.Email, password = Accounts.Password } });
        Assert.True(signIn.Ok, await signIn.TextAsync());
        return page;
    }

    static async Task<JsonElement> PostAsync(IPage page, string path, object body)
    {
        var response = await page.Context.APIRequest.PostAsync(path, new() { DataObject = body });
        var text = await response.TextAsync();
        Assert.True(response.Ok, $"{path}: {response.Status} {text}");
        return JsonSerializer.Deserialize<JsonElement>(text);
    }

    static async Task<Guid> IdAsync(IPage page, string path, object body) => (await PostAsync(page, path, body)).GetProperty("id").GetGuid();

    [BrowserFact]
    public async Task A_coordinator_reads_the_pact_dashboard()
    {
        var taxonomy = new TestTaxonomy();
        var welding = taxonomy.Skill("welding", "lassen");
        var care = taxonomy.Skill("personal care", "persoonlijke verzorging");
        var admin = taxonomy.Skill("bookkeeping", "boekhouden");
        await taxonomy.SaveAsync(fixture.App);
        await Task.Delay(1500); // matching reloads its skill space after a taxonomy change

        var page = await SignedInAsync(Role.Coordinator);
        var pact = await IdAsync(page, "/api/pacts", new { name = "Stagepact Leidse regio", region = "Leidse regio", academicYear = "2026-2027", targetPlaces = 40 });
        var partners = new[]
        {
            ("Metaalbedrijf Van Dam", "employer", "manufacturing", "mbo4", "25604", welding, 8, 6),
            ("Zorggroep Rijnland", "employer", "care", "mbo3", "25491", care, 10, 4),
            ("Gemeente Leiden", "municipality", "government", "hbo", "bedrijfseconomie", admin, 6, 0),
        };
        var students = 0;
        foreach (var (name, kind, sector, level, programme, skill, pledged, offered) in partners)
        {
            var partner = await IdAsync(page, $"/api/pacts/{pact}/partners", new { name, kind });
            var pledge = await IdAsync(page, $"/api/pacts/{pact}/pledges", new
            {
                partnerId = partner, sector, educationLevel = level, programme, places = pledged, periodStart = "2026-02-01", periodEnd = "2026-07-01",
                pledgedOn = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-60).ToString("yyyy-MM-dd"),
            });
            if (offered > 0)
            {
                var employer = await IdAsync(page, "/api/employers", new { name, sector, postcode = "2312" });
                var place = await IdAsync(page, "/api/internships", new
                {
                    employerId = employer, title = $"Stage bij {name}", text = "Meedraaien in het team.", skills = new[] { new { skillId = skill, importance = "essential", minLevel = 1 } },
                    educationLevel = level, postcode = "2312", hoursPerWeek = 32, programmeKind = level.StartsWith("mbo", StringComparison.Ordinal) ? "crebo" : "field",
                    programmeCode = programme, programmeLevel = level, periodStart = "2026-02-02", periodEnd = "2026-06-26", places = offered,
                });
                await PostAsync(page, $"/api/pledges/{pledge}/places", new { internshipId = place });
            }

            for (var i = 0; i < pledged; i++)
            {
                await PostAsync(page, $"/api/pacts/{pact}/requests", new
                {
                    reference = $"L{++students:000}", sector, educationLevel = level, programme, periodStart = "2026-02-02", periodEnd = "2026-06-26", postcode = "2311",
                    skills = new[] { new { skillId = skill, level = 2 } },
                });
            }
        }

        var run = await PostAsync(page, $"/api/pacts/{pact}/allocations", new { mode = "optimal" });
        var placements = run.GetProperty("placements").EnumerateArray().Select(p => p.GetProperty("placementId").GetGuid()).ToList();
        foreach (var placement in placements.Take(6))
        {
            await PostAsync(page, $"/api/placements/{placement}/status", new { status = "accepted" });
            await PostAsync(page, $"/api/placements/{placement}/status", new { status = "started" });
        }

        await page.GotoAsync($"/pacts/{pact}");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Aanbod en vraag per sector en niveau" })).ToBeVisibleAsync();
        await Expect(page.Locator("#partner-chart")).ToContainTextAsync("Gemeente Leiden");
        await page.AssertAccessibleAsync();
        await page.SaveScreenshotAsync("pact-dashboard.png");
    }

    [BrowserFact]
    public async Task An_organiser_forms_teams_and_everyone_sees_why()
    {
        var taxonomy = new TestTaxonomy();
        var (python, data, welding, safety) = (taxonomy.Skill("Python", "Python"), taxonomy.Skill("data analysis", "data-analyse"),
            taxonomy.Skill("welding", "lassen"), taxonomy.Skill("safety", "veilig werken"));
        await taxonomy.SaveAsync(fixture.App);
        var page = await SignedInAsync(Role.Organiser);
        var hackathon = await IdAsync(page, "/api/events", new { name = "Techport Hackathon", kind = "hackathon", startsOn = "2026-03-13", endsOn = "2026-03-14", place = "Techport Centre, Heemskerk", minimumParticipants = 25 });
        var steel = await IdAsync(page, $"/api/events/{hackathon}/challenges", new
        {
            company = "Staalbedrijf", question = "Hoe voorspellen we lasfouten?", minTeamSize = 2, maxTeamSize = 4, minStudents = 1, minNonStudents = 1,
            skills = new object[] { new { skillId = welding, weight = 2.0 }, new { skillId = data, weight = 1.0 }, new { skillId = safety, weight = 1.0 } },
        });
        var harbour = await IdAsync(page, $"/api/events/{hackathon}/challenges", new
        {
            company = "Havenbedrijf", question = "Hoe plannen we de sluis slimmer?", minTeamSize = 2, maxTeamSize = 4, minStudents = 1, minNonStudents = 1,
            skills = new object[] { new { skillId = python, weight = 1.0 }, new { skillId = data, weight = 1.0 } },
        });
        foreach (var (name, kind, skills, preferences) in new (string, string, Guid[], Guid[])[]
        {
            ("Anna", "student", [python, data], [harbour, steel]), ("Bram", "student", [welding], [steel]), ("Carla", "company-staff", [safety, data], [steel, harbour]),
            ("Dirk", "knowledge-institution", [python], [harbour]), ("Eva", "government", [], [harbour]), ("Finn", "student", [data], [steel, harbour]),
        })
        {
            await PostAsync(page, $"/api/events/{hackathon}/participants", new { name, kind, skills, preferences });
        }

        await page.GotoAsync($"/events/{hackathon}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Teams vormen" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Staalbedrijf" }).Last).ToBeVisibleAsync();
        await Expect(page.Locator(".notice").First).ToContainTextAsync("Nog maar 6 van de minimaal 25");
        await page.AssertAccessibleAsync();
        await page.SaveScreenshotAsync("event-teams.png");
    }
}
