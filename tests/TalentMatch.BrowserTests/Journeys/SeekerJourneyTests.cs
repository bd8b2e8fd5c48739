using System.Text.RegularExpressions;
using Dapper;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using TalentMatch.BrowserTests.Infrastructure;
using TalentMatch.IntegrationTests.Infrastructure;
using TalentMatch.Web.Features.Employers;
using TalentMatch.Web.Features.Vacancies;
using static Microsoft.Playwright.Assertions;

namespace TalentMatch.BrowserTests.Journeys;

[Collection(BrowserCollection.Name)]
public sealed class SeekerJourneyTests(BrowserFixture fixture)
{
    [BrowserFact]
    public async Task A_job_seeker_builds_a_profile_from_an_occupation_and_sees_explained_matches()
    {
        var taxonomy = new TestTaxonomy();
        var cooking = taxonomy.Skill("cooking", "koken");
        var cutting = taxonomy.Skill("vegetable cutting", "groenten snijden");
        var hygiene = taxonomy.Skill("food hygiene", "voedselhygiëne bewaken");
        var allergens = taxonomy.Skill("allergen knowledge", "allergenen kennen");
        var wine = taxonomy.Skill("wine service", "wijn schenken");
        taxonomy.Occupation("cook", "kok", [cooking, cutting, hygiene], [allergens]);
        await taxonomy.SaveAsync(fixture.App);
        await using (var connection = await fixture.App.DataSource.OpenConnectionAsync())
        {
            var module = Guid.NewGuid();
            await connection.ExecuteAsync("""
                insert into training_module (training_module_id, code, title_nl, title_en, provider, kind, duration_hours)
                values (@module, @code, 'Wijn voor de keuken', 'Wine for the kitchen', 'Horeca Opleider', 'short-course', 12);
                insert into training_module_skill values (@module, @wine);
                """, new { module, code = $"wine-{module:N}", wine });
        }

        // The employer side is arranged as the system would, through the same messages the API sends.
        var sender = fixture.App.Services.GetRequiredService<ISender>();
        var employer = await sender.Send(new CreateEmployer.Command("Paviljoen De Duin", "hospitality", "2202", "Noordwijk"));
        await sender.Send(new CreateVacancy.Command
        {
            EmployerId = employer.Id, Title = "Kok in een strandpaviljoen", EducationLevel = "mbo2", Postcode = "2202", HoursPerWeek = 32, ContractType = "temporary",
            Skills = [new(cooking, "essential", 3), new(cutting, "essential", 2), new(wine, "essential", 1), new(allergens, "optional", 1)],
        });

        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "nl");
        await page.AssertAccessibleAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Maak je vaardighedenprofiel" }).ClickAsync();
        await page.AssertAccessibleAsync();
        var email = $"kok-{Guid.NewGuid():N}@example.test";
        const string password = "een lange zin als wachtwoord";
        await page.GetByLabel("E-mailadres").FillAsync(email);
        await page.GetByLabel("Wachtwoord").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Account maken" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/profile$"));
        await page.AssertAccessibleAsync();
        await page.GetByLabel("Beroep").FillAsync("kok");
        await page.GetByRole(AriaRole.Button, new() { Name = "Zoek beroep" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Begin hiermee kok" }).ClickAsync();
        await Expect(page.Locator(".notice")).ToContainTextAsync("3 vaardigheden van kok toegevoegd");

        // The autocomplete offers the skill while typing; choosing it adds it like the search button would.
        await page.GetByLabel("Zoek een vaardigheid").PressSequentiallyAsync("allerg");
        await page.GetByRole(AriaRole.Button, new() { Name = "Voeg toe allergenen kennen" }).ClickAsync();
        await Expect(page.Locator(".notice")).ToContainTextAsync("allergenen kennen toegevoegd");
        await page.GetByLabel("Niveau voor koken").SelectOptionAsync("3");
        await page.GetByLabel("Hoogste opleiding").SelectOptionAsync("mbo2");
        await page.GetByLabel("Postcode").FillAsync("2201");
        await page.GetByLabel("Uren per week").FillAsync("32");
        await Expect(page.Locator(".skill-list li")).ToHaveCountAsync(4);
        await page.AssertAccessibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Opslaan en matches bekijken" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/profile/matches$"));
        var card = page.Locator(".match-card").Filter(new() { HasText = "Kok in een strandpaviljoen" });
        await Expect(card).ToContainTextAsync("koken: jouw niveau 3, gevraagd 3");
        await Expect(card.Locator(".missing-essential + ul")).ToContainTextAsync("wijn schenken");
        await Expect(card.Locator(".training")).ToContainTextAsync("Wijn voor de keuken");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "kok", Exact = true })).ToBeVisibleAsync();
        await page.AssertAccessibleAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "English" }).ClickAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your matches" })).ToBeVisibleAsync();
        await Expect(card).ToContainTextAsync("cooking: your level 3, asked 3");
        await page.AssertAccessibleAsync();

        // Screenshots last: a full-page capture resizes the viewport, after which chromium may miss clicks.
        await page.GetByRole(AriaRole.Link, new() { Name = "Nederlands" }).ClickAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "nl");

        // Private by default; opening up to employers is one step, and logged.
        await page.GetByRole(AriaRole.Link, new() { Name = "Je profiel is privé" }).ClickAsync();
        await Expect(page.GetByLabel("Alleen ik")).ToBeCheckedAsync();
        await page.AssertAccessibleAsync();
        await page.GetByLabel("Ook werkgevers, anoniem").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Opslaan" }).ClickAsync();
        await Expect(page.Locator(".notice")).ToContainTextAsync("Opgeslagen: Ook werkgevers, anoniem");
        await Expect(page.GetByLabel("Ook werkgevers, anoniem")).ToBeCheckedAsync();
        await page.AssertAccessibleAsync();

        await page.GotoAsync("/profile/matches");
        await page.SaveScreenshotAsync("matches.png");
        await page.GotoAsync("/profile");
        await Expect(page.GetByLabel("Niveau voor koken")).ToHaveValueAsync("3");
        await page.AssertAccessibleAsync();
        await page.SaveScreenshotAsync("profile.png");

        // The person's rights: everything stored about them as a file, and erasure for good.
        await page.GotoAsync("/account/my-data");
        await page.AssertAccessibleAsync();
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Download mijn gegevens" }).ClickAsync());
        var export = await File.ReadAllTextAsync(await download.PathAsync());
        Assert.Contains(email, export, StringComparison.Ordinal);
        Assert.Contains("\"2201\"", export, StringComparison.Ordinal);
        await page.GetByRole(AriaRole.Button, new() { Name = "Account verwijderen" }).ClickAsync();
        await Expect(page.Locator(".field-error")).ToContainTextAsync("Vink aan");
        await page.GetByLabel("Ik begrijp dat mijn account en profiel voorgoed weg zijn").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Account verwijderen" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Je account is verwijderd" })).ToBeVisibleAsync();
        await page.AssertAccessibleAsync();
        await page.GotoAsync("/account/sign-in");
        await page.GetByLabel("E-mailadres").FillAsync(email);
        await page.GetByLabel("Wachtwoord").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Inloggen" }).ClickAsync();
        await Expect(page.Locator(".error-summary")).ToContainTextAsync("Het e-mailadres of wachtwoord klopt niet.");
        // The home page as a visitor sees it, before signing in.
        await page.Context.ClearCookiesAsync();
        await page.GotoAsync("/");
        await page.SaveScreenshotAsync("home.png");
    }
}
