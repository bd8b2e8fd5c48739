using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using TalentMatch.BrowserTests.Infrastructure;
using TalentMatch.IntegrationTests.Infrastructure;
using TalentMatch.Web.Features.Employers;
using TalentMatch.Web.Features.Vacancies;
using TalentMatch.Web.Infrastructure.Security;
using static Microsoft.Playwright.Assertions;

namespace TalentMatch.BrowserTests.Journeys;

[Collection(BrowserCollection.Name)]
public sealed class CoachJourneyTests(BrowserFixture fixture)
{
    [BrowserFact]
    public async Task A_coach_shortlists_and_proposes_the_candidate_accepts_and_the_employer_sees_the_contact()
    {
        var taxonomy = new TestTaxonomy();
        var mounting = taxonomy.Skill("solar panel mounting", "zonnepanelen monteren");
        var roofing = taxonomy.Skill("working on roofs", "werken op daken");
        await taxonomy.SaveAsync(fixture.App);
        var sender = fixture.App.Services.GetRequiredService<ISender>();
        var organisation = await sender.Send(new CreateEmployer.Command("Zon op Dak Leiden", "technology", "2312", "Leiden"));
        await sender.Send(new CreateVacancy.Command
        {
            EmployerId = organisation.Id, Title = "Monteur zonnepanelen", EducationLevel = "mbo2", Postcode = "2312", HoursPerWeek = 36, ContractType = "permanent",
            Skills = [new(mounting, "essential", 2), new(roofing, "optional", 1)],
        });
        var employer = await fixture.App.CreateAccountAsync(Role.Employer, organisation.Id);
        var coach = await fixture.App.CreateAccountAsync(Role.Coach);
        var sanne = await PersonAsync("Sanne de Vries", "employers-anonymous", (mounting, 3), (roofing, 2));
        await PersonAsync("Bram Smit", "coach", (mounting, 2));

        // The coach finds the vacancy, reads why each candidate ranks where they do and shortlists both with a note.
        var board = await SignInAsync(coach.Email, "/coach$");
        await board.AssertAccessibleAsync();
        await board.GetByRole(AriaRole.Link, new() { Name = "Talentpool Monteur zonnepanelen" }).ClickAsync();
        await Expect(board.GetByRole(AriaRole.Heading, new() { Name = "Talentpool voor Monteur zonnepanelen" })).ToBeVisibleAsync();
        var cards = board.Locator(".candidate-card");
        await Expect(cards).ToHaveCountAsync(2);
        // Anonymous here too: the coach judges skills first. The ranking's order is the model's; the cards are told apart by what they hold.
        var sanneCard = board.Locator(".candidate-card", new() { HasText = "werken op daken: niveau 2, gevraagd 1" });
        var bramCard = board.Locator(".candidate-card", new() { HasText = "Mist (extra) (1)" });
        await Expect(sanneCard).ToContainTextAsync("zonnepanelen monteren: niveau 3, gevraagd 2");
        await Expect(sanneCard).ToContainTextAsync("Weegt het zwaarst:");
        await Expect(bramCard).ToContainTextAsync("werken op daken");
        await Expect(board.Locator("main")).Not.ToContainTextAsync("Sanne");
        await board.AssertAccessibleAsync();
        await sanneCard.GetByLabel("Notitie bij kandidaat").FillAsync("Ervaren op daken, kan direct beginnen.");
        await sanneCard.GetByRole(AriaRole.Button, new() { Name = "Op de shortlist" }).ClickAsync();
        await Expect(board.GetByRole(AriaRole.Status)).ToContainTextAsync("staat op de shortlist.");
        await Expect(sanneCard).ToContainTextAsync("Staat op de shortlist.");
        await bramCard.GetByRole(AriaRole.Button, new() { Name = "Op de shortlist" }).ClickAsync();
        await Expect(bramCard).ToContainTextAsync("Staat op de shortlist.");
        await board.GetByRole(AriaRole.Link, new() { Name = "Bekijk de shortlist" }).ClickAsync();

        // The board: the coach's own order (moved without script), the note, and the introduction proposed.
        var entries = board.Locator(".shortlist-entry h3");
        await Expect(entries).ToHaveTextAsync(["1Sanne de Vries", "2Bram Smit"]);
        await board.GetByRole(AriaRole.Button, new() { Name = "Omhoog (Bram Smit)" }).ClickAsync();
        await Expect(entries).ToHaveTextAsync(["1Bram Smit", "2Sanne de Vries"]);
        await board.GetByRole(AriaRole.Button, new() { Name = "Introductie voorstellen (Sanne de Vries)" }).ClickAsync();
        var sanneEntry = board.Locator(".shortlist-entry", new() { HasText = "Sanne de Vries" });
        await Expect(sanneEntry).ToContainTextAsync("Introductie voorgesteld, wacht op de kandidaat");
        await Expect(sanneEntry).ToContainTextAsync("Ervaren op daken, kan direct beginnen.");
        await board.AssertAccessibleAsync();

        // The candidate decides.
        var candidate = await SignInAsync(sanne, "/profile$");
        await candidate.GetByRole(AriaRole.Link, new() { Name = "Introducties" }).ClickAsync();
        await Expect(candidate.GetByRole(AriaRole.Heading, new() { Name = "Monteur zonnepanelen" })).ToBeVisibleAsync();
        await candidate.AssertAccessibleAsync();
        await candidate.GetByRole(AriaRole.Button, new() { Name = "Accepteren (Monteur zonnepanelen)" }).ClickAsync();
        await Expect(candidate.GetByRole(AriaRole.Status)).ToContainTextAsync("Geaccepteerd.");
        await Expect(candidate.Locator(".introduction")).ToContainTextAsync("Introductie geaccepteerd");
        await candidate.AssertAccessibleAsync();

        // Only now does the employer see who it is, and records what came of it.
        var hiring = await SignInAsync(employer.Email, "/employer$");
        await hiring.GetByRole(AriaRole.Link, new() { Name = "Kandidaten Monteur zonnepanelen" }).ClickAsync();
        var accepted = hiring.Locator(".candidate-card", new() { HasText = "Sanne de Vries" });
        await Expect(accepted).ToContainTextAsync("Introductie geaccepteerd");
        await Expect(accepted.GetByRole(AriaRole.Link, new() { Name = sanne })).ToHaveAttributeAsync("href", $"mailto:{sanne}");
        await Expect(hiring.Locator("main")).Not.ToContainTextAsync("Bram");
        await hiring.AssertAccessibleAsync();

        // The employer holds the interview and records it; the coach's board shows who did what.
        await accepted.GetByRole(AriaRole.Group, new() { Name = "Uitkomst voor Sanne de Vries" }).GetByLabel("Sollicitatiegesprek").CheckAsync();
        await accepted.GetByRole(AriaRole.Button, new() { Name = "Uitkomst vastleggen (Sanne de Vries)" }).ClickAsync();
        await Expect(hiring.GetByRole(AriaRole.Status)).ToContainTextAsync("Uitkomst vastgelegd.");
        await Expect(accepted).ToContainTextAsync("Sollicitatiegesprek");

        await board.ReloadAsync();
        await Expect(sanneEntry.Locator(".history li")).ToHaveCountAsync(4);
        await Expect(sanneEntry.Locator(".history")).ToContainTextAsync("Introductie geaccepteerd, door de kandidaat");
        await Expect(sanneEntry.Locator(".history")).ToContainTextAsync("Sollicitatiegesprek, door de werkgever");
        await Expect(sanneEntry.GetByRole(AriaRole.Group, new() { Name = "Uitkomst voor Sanne de Vries" }).GetByRole(AriaRole.Radio)).ToHaveCountAsync(2);
        await board.AssertAccessibleAsync();
        await board.SaveScreenshotAsync("shortlist.png");

        await sanneEntry.GetByLabel("Aangenomen", new() { Exact = true }).CheckAsync();
        await sanneEntry.GetByRole(AriaRole.Button, new() { Name = "Uitkomst vastleggen" }).ClickAsync();
        await Expect(board.GetByRole(AriaRole.Status)).ToContainTextAsync("Uitkomst vastgelegd.");
        await Expect(sanneEntry.Locator(".status")).ToHaveTextAsync("Aangenomen");
        await Expect(sanneEntry.Locator("form")).ToHaveCountAsync(1);
    }

    /// <summary>A job seeker who signed up and saved a profile through the API; returns the e-mail address they sign in with.</summary>
    async Task<string> PersonAsync(string name, string visibility, params (Guid Skill, int Level)[] skills)
    {
        var (client, account) = await fixture.App.SignUpAsync();
        (await client.PostAsJsonAsync("/api/profiles", new
        {
            displayName = name, educationLevel = "mbo3", postcode = "2312", hoursPerWeek = 36, visibility,
            skills = skills.Select(s => new { skillId = s.Skill, level = s.Level }).ToArray(),
        })).EnsureSuccessStatusCode();
        return account.Email;
    }

    async Task<IPage> SignInAsync(string email, string landing)
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/account/sign-in");
        await page.GetByLabel("E-mailadres").FillAsync(email);
        await page.GetByLabel("Wachtwoord").FillAsync(Accounts.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Inloggen" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(landing));
        return page;
    }
}
