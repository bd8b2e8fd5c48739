using System.Text.RegularExpressions;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using TalentMatch.BrowserTests.Infrastructure;
using TalentMatch.IntegrationTests.Infrastructure;
using TalentMatch.Web.Features.Accounts;
using TalentMatch.Web.Features.Employers;
using TalentMatch.Web.Features.Profiles;
using static Microsoft.Playwright.Assertions;

namespace TalentMatch.BrowserTests.Journeys;

[Collection(BrowserCollection.Name)]
public sealed class EmployerJourneyTests(BrowserFixture fixture)
{
    const string Password = "wachtwoord van de werkgever";

    [BrowserFact]
    public async Task An_employer_posts_a_vacancy_from_text_confirms_the_skills_and_sees_anonymised_candidates()
    {
        var taxonomy = new TestTaxonomy();
        var forklift = taxonomy.Skill("forklift driving", "heftruck rijden");
        var picking = taxonomy.Skill("order picking", "orderpicken");
        taxonomy.Skill("stock control", "voorraadbeheer");
        await taxonomy.SaveAsync(fixture.App);

        var sender = fixture.App.Services.GetRequiredService<ISender>();
        var employer = await sender.Send(new CreateEmployer.Command("Distributiecentrum Rijnland", "port-logistics", "2321", "Leiden"));
        var email = $"werkgever-{Guid.NewGuid():N}@example.test";
        await sender.Send(new CreateAccount.Command(email, Password, "employer", employer.Id, null));
        await sender.Send(new CreateProfile.Command
        {
            DisplayName = "Fatima Bakker", EducationLevel = "mbo2", Postcode = "2331", HoursPerWeek = 36, Visibility = "employers-anonymous",
            Skills = [new ProfileSkill(forklift, 3), new ProfileSkill(picking, 2)],
        });
        await sender.Send(new CreateProfile.Command
        {
            DisplayName = "Niet zichtbaar", EducationLevel = "mbo2", Postcode = "2331", HoursPerWeek = 36, Visibility = "private",
            Skills = [new ProfileSkill(forklift, 4), new ProfileSkill(picking, 4)],
        });

        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/account/sign-in");
        await page.AssertAccessibleAsync();
        await page.GetByLabel("E-mailadres").FillAsync(email);
        await page.GetByLabel("Wachtwoord").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Inloggen" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/employer$"));
        await page.AssertAccessibleAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Vacature of stageplaats plaatsen" }).ClickAsync();
        await page.GetByLabel("Titel").FillAsync("Magazijnmedewerker");
        await page.GetByLabel("Vacaturetekst").FillAsync(
            "Voor ons magazijn in Leiden zoeken we een collega die heftruck rijden beheerst en ervaring heeft met orderpicken. Kennis van voorraadbeheer is mooi meegenomen.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Stel vaardigheden voor" }).ClickAsync();
        var stock = page.GetByRole(AriaRole.Group, new() { Name = "voorraadbeheer" });
        await Expect(page.GetByRole(AriaRole.Group, new() { Name = "heftruck rijden" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Group, new() { Name = "orderpicken" })).ToBeVisibleAsync();
        await stock.GetByLabel("Niet nodig").CheckAsync();
        await page.GetByRole(AriaRole.Group, new() { Name = "orderpicken" }).GetByLabel("Extra").CheckAsync();
        await page.GetByLabel("Gevraagd opleidingsniveau").SelectOptionAsync("mbo2");
        await page.GetByLabel("Postcode van de werkplek").FillAsync("2321");
        await page.GetByLabel("Uren per week").FillAsync("38");
        await page.GetByLabel("Soort contract").SelectOptionAsync("temporary");
        await page.AssertAccessibleAsync();
        await page.EvaluateAsync("() => document.querySelector('textarea').scrollIntoView()");
        await page.SaveScreenshotAsync("post-vacancy.png", fullPage: false);

        await page.GetByRole(AriaRole.Button, new() { Name = "Plaatsen en kandidaten bekijken" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/employer/vacancies/[0-9a-f-]{36}/candidates$"));
        var cards = page.Locator(".candidate-card");
        await Expect(cards).ToHaveCountAsync(1);
        await Expect(cards.First).ToContainTextAsync("Kandidaat 1");
        await Expect(cards.First).ToContainTextAsync("heftruck rijden: niveau 3, gevraagd 2");
        await Expect(cards.First).ToContainTextAsync("Regio 23");
        // Anonymised: neither the visible candidate's name nor the private profile's appears anywhere.
        await Expect(page.Locator("main")).Not.ToContainTextAsync("Fatima");
        await Expect(page.Locator("main")).Not.ToContainTextAsync("voorraadbeheer");
        await page.AssertAccessibleAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Terug naar je vacatures" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Kandidaten Magazijnmedewerker" }).ClickAsync();
        await Expect(cards).ToHaveCountAsync(1);

        // An internship place goes the same way, with its programme and period.
        await page.GetByRole(AriaRole.Link, new() { Name = "Terug naar je vacatures" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Vacature of stageplaats plaatsen" }).ClickAsync();
        await page.GetByLabel("Stageplaats").CheckAsync();
        await page.GetByLabel("Titel").FillAsync("Stage logistiek");
        await page.GetByLabel("Vacaturetekst").FillAsync("Als stagiair leer je heftruck rijden en help je bij het orderpicken.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Stel vaardigheden voor" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Group, new() { Name = "heftruck rijden" })).ToBeVisibleAsync();
        await page.GetByLabel("Gevraagd opleidingsniveau").SelectOptionAsync("mbo2");
        await page.GetByLabel("Postcode van de werkplek").FillAsync("2321");
        await page.GetByLabel("Uren per week").FillAsync("32");
        await page.GetByLabel("Soort opleiding").SelectOptionAsync("crebo");
        await page.GetByLabel("Crebo-nummer of studierichting").FillAsync("25250");
        await page.GetByLabel("Niveau van de opleiding").SelectOptionAsync("mbo2");
        await page.GetByLabel("Begint op").FillAsync("2027-02-01");
        await page.GetByLabel("Eindigt op").FillAsync("2027-06-30");
        await page.GetByRole(AriaRole.Button, new() { Name = "Plaatsen en kandidaten bekijken" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Kandidaten voor Stage logistiek" })).ToBeVisibleAsync();
        await Expect(cards).ToHaveCountAsync(1);
        await page.AssertAccessibleAsync();

        await page.GotoAsync("/employer");
        await page.GetByRole(AriaRole.Link, new() { Name = "Kandidaten Magazijnmedewerker" }).ClickAsync();
        await page.SaveScreenshotAsync("candidates.png");
    }
}
