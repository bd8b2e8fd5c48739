using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using TalentMatch.IntegrationTests.Infrastructure;
using TalentMatch.Web.Infrastructure.Security;

namespace TalentMatch.IntegrationTests.Pages;

[Collection(DatabaseCollection.Name)]
public sealed class PactAndEventPageTests(DatabaseFixture fixture)
{
    static async Task<Guid> IdAsync(HttpClient client, string path, object body)
    {
        var response = await client.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonSerializer.Deserialize<JsonElement>(text).GetProperty("id").GetGuid();
    }

    [Fact]
    public async Task The_coordinator_dashboard_draws_supply_and_demand_the_funnel_and_realisation_per_partner_in_dutch_and_english()
    {
        var coordinator = await fixture.App.BrowserAsync(Role.Coordinator);
        var pact = await IdAsync(coordinator, "/api/pacts", new { name = "Stagepact Leidse regio", region = "Leidse regio", academicYear = "2026-2027", targetPlaces = 40 });
        var partner = await IdAsync(coordinator, $"/api/pacts/{pact}/partners", new { name = "Gemeente Leiden", kind = "municipality" });
        await IdAsync(coordinator, $"/api/pacts/{pact}/pledges", new
        {
            partnerId = partner, sector = "government", educationLevel = "hbo", programme = "bestuurskunde", places = 5, periodStart = "2026-02-01", periodEnd = "2026-07-01",
        });

        var dutch = await coordinator.GetStringAsync($"/pacts/{pact}");
        var english = await coordinator.GetStringAsync($"/pacts/{pact}?culture=en");

        Assert.Contains("Aanbod en vraag per sector en niveau", dutch, StringComparison.Ordinal);
        Assert.Contains("<svg id=\"supply-chart\"", dutch, StringComparison.Ordinal);
        Assert.Contains("<svg id=\"funnel-chart\"", dutch, StringComparison.Ordinal);
        Assert.Contains("<svg id=\"partner-chart\"", dutch, StringComparison.Ordinal);
        Assert.Contains(">Gemeente Leiden</text>", dutch, StringComparison.Ordinal);
        Assert.Contains("Supply and demand per sector and level", english, StringComparison.Ordinal);
        Assert.Contains("Places offered", english, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", dutch, StringComparison.Ordinal);
        var list = await coordinator.GetStringAsync("/pacts");
        Assert.Contains($"<a href=\"/pacts/{pact}\">Stagepact Leidse regio</a>", list, StringComparison.Ordinal);
        Assert.Contains("<a href=\"/pacts\" aria-current=\"page\">Stagepact</a>", list, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_dashboard_is_for_coordinators_only()
    {
        var coordinator = await fixture.App.BrowserAsync(Role.Coordinator);
        var pact = await IdAsync(coordinator, "/api/pacts", new { name = "Pact", region = "Regio", academicYear = "2026-2027", targetPlaces = 10 });
        var seeker = await fixture.App.BrowserAsync(Role.JobSeeker);
        using var stranger = fixture.App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        Assert.Equal(HttpStatusCode.Forbidden, (await seeker.GetAsync($"/pacts/{pact}")).StatusCode);
        var anonymous = await stranger.GetAsync($"/pacts/{pact}");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("/account/sign-in", anonymous.Headers.Location?.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_participant_registers_on_the_event_page_and_the_organiser_forms_teams_shown_with_their_explanation()
    {
        var taxonomy = new TestTaxonomy();
        var welding = taxonomy.Skill("pg welding", "pg lassen");
        await taxonomy.SaveAsync(fixture.App);
        var organiser = await fixture.App.BrowserAsync(Role.Organiser);
        var hackathon = await IdAsync(organiser, "/api/events", new { name = "Techport Hackathon", kind = "hackathon", startsOn = "2026-03-13", endsOn = "2026-03-14", place = "Heemskerk", minimumParticipants = 25 });
        var challenge = await IdAsync(organiser, $"/api/events/{hackathon}/challenges",
            new { company = "Staalbedrijf", question = "Minder uitval bij het lassen?", skills = new[] { new { skillId = welding, weight = 1.0 } }, minTeamSize = 1, maxTeamSize = 3 });
        var student = await fixture.App.BrowserAsync(Role.JobSeeker);

        Assert.Contains($"<a href=\"/events/{hackathon}\">Techport Hackathon</a>", await student.GetStringAsync("/events"), StringComparison.Ordinal);
        var page = await student.GetStringAsync($"/events/{hackathon}");
        Assert.DoesNotContain("href=\"/pacts\"", page, StringComparison.Ordinal);
        Assert.Contains("Nog maar 0 van de minimaal 25 deelnemers aangemeld.", page, StringComparison.Ordinal);
        var registered = await student.PostFormAsync($"/events/{hackathon}?handler=Register", page, new()
        {
            ["Registration.Name"] = "Sanne", ["Registration.Kind"] = "student", ["Registration.Programme"] = "25604",
            ["Registration.Skills"] = welding.ToString(), ["Registration.FirstChoice"] = challenge.ToString(),
        });
        Assert.Equal(HttpStatusCode.Redirect, registered.StatusCode);
        Assert.DoesNotContain("Teams vormen", page, StringComparison.Ordinal);

        var organiserPage = await organiser.GetStringAsync($"/events/{hackathon}");
        var formed = await organiser.PostFormAsync($"/events/{hackathon}?handler=FormTeams", organiserPage, []);
        Assert.Equal(HttpStatusCode.Redirect, formed.StatusCode);

        var teams = await student.GetStringAsync($"/events/{hackathon}");
        Assert.Contains("Staalbedrijf: Sanne (student, keuze 1) brengt pg lassen mee. Elke gevraagde vaardigheid is gedekt.", teams, StringComparison.Ordinal);
        Assert.DoesNotContain("brings", teams, StringComparison.Ordinal);
        var english = await student.GetStringAsync($"/events/{hackathon}?culture=en");
        Assert.Contains("Staalbedrijf: Sanne (student, choice 1) brings pg welding. Every required skill is covered.", english, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_event_page_says_why_a_challenge_has_no_team_in_the_page_language_and_the_api_keeps_the_english_sentence_and_the_reason()
    {
        var taxonomy = new TestTaxonomy();
        var welding = taxonomy.Skill("ut welding", "ut lassen");
        var painting = taxonomy.Skill("ut painting", "ut schilderen");
        await taxonomy.SaveAsync(fixture.App);
        var organiser = await fixture.App.BrowserAsync(Role.Organiser);
        var hackathon = await IdAsync(organiser, "/api/events", new { name = "Lab", kind = "lab", startsOn = "2026-03-13", endsOn = "2026-03-14", place = "Leiden", minimumParticipants = 1 });
        var staffed = await IdAsync(organiser, $"/api/events/{hackathon}/challenges",
            new { company = "Lasbedrijf", question = "Lassen?", skills = new[] { new { skillId = welding, weight = 1.0 }, new { skillId = painting, weight = 1.0 } }, minTeamSize = 1, maxTeamSize = 3 });
        await IdAsync(organiser, $"/api/events/{hackathon}/challenges",
            new { company = "Schildersbedrijf", question = "Schilderen?", skills = new[] { new { skillId = painting, weight = 1.0 } }, minTeamSize = 2, maxTeamSize = 3 });
        await IdAsync(organiser, $"/api/events/{hackathon}/participants", new
        {
            name = "Tom", kind = "company-staff", skills = new[] { welding }, preferences = new[] { staffed },
        });
        (await organiser.PostAsync($"/api/events/{hackathon}/team-runs?timeLimitSeconds=5", null)).EnsureSuccessStatusCode();

        var dutch = await organiser.GetStringAsync($"/events/{hackathon}");
        var english = await organiser.GetStringAsync($"/events/{hackathon}?culture=en");
        var api = await organiser.GetStringAsync($"/api/events/{hackathon}/teams");

        Assert.Contains("Lasbedrijf: Tom (bedrijf, keuze 1) brengt ut lassen mee. Niet gedekt: ut schilderen.", dutch, StringComparison.Ordinal);
        Assert.Contains("Schildersbedrijf: niemand kan dit team vormen: 1 deelnemers aangemeld, het team heeft er minstens 2 nodig.", dutch, StringComparison.Ordinal);
        Assert.Contains("Lasbedrijf: Tom (company staff, choice 1) brings ut welding. Not covered: ut painting.", english, StringComparison.Ordinal);
        Assert.Contains("Schildersbedrijf: nobody can staff it: 1 participants registered, the team needs at least 2.", english, StringComparison.Ordinal);
        Assert.Contains("Schildersbedrijf: nobody can staff it: 1 participants registered, the team needs at least 2.", api, StringComparison.Ordinal);
        Assert.Contains("\"unstaffed\":{\"code\":\"too-few-participants\",\"registered\":1,\"needed\":2,\"programmes\":[]}", api, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_registration_form_shows_the_rule_that_was_broken()
    {
        var organiser = await fixture.App.BrowserAsync(Role.Organiser);
        var hackathon = await IdAsync(organiser, "/api/events", new { name = "Lab", kind = "lab", startsOn = "2026-03-13", endsOn = "2026-05-29", place = "Leiden", minimumParticipants = 3 });
        var page = await organiser.GetStringAsync($"/events/{hackathon}");

        var response = await organiser.PostFormAsync($"/events/{hackathon}?handler=Register", page, new()
        {
            ["Registration.Name"] = "Tom", ["Registration.Kind"] = "company-staff", ["Registration.Programme"] = "hbo-ict",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Only students give a programme.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
