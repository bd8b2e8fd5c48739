using System.Text.Json;
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
public sealed class RankingsJourneyTests(BrowserFixture fixture)
{
    /// <summary>A browser page signed in (website cookie) as the account.</summary>
    async Task<IPage> SignedInAsync(string email)
    {
        var page = await fixture.NewPageAsync();
        var signIn = await page.Context.APIRequest.PostAsync("/api/auth/login?useCookies=true", new() { DataObject = new { email, password = Accounts.Password } });
        Assert.True(signIn.Ok, await signIn.TextAsync());
        return page;
    }

    [BrowserFact]
    public async Task A_job_seeker_reads_why_an_employer_saw_them_in_that_place()
    {
        var taxonomy = new TestTaxonomy();
        var tiling = taxonomy.Skill("tiling", "tegelzetten");
        var grouting = taxonomy.Skill("grouting", "voegen");
        await taxonomy.SaveAsync(fixture.App);
        var sender = fixture.App.Services.GetRequiredService<ISender>();
        var employer = await sender.Send(new CreateEmployer.Command("Tegelwerken Katwijk", "manufacturing", "2221", "Katwijk"));
        var vacancy = await sender.Send(new CreateVacancy.Command
        {
            EmployerId = employer.Id, Title = "Tegelzetter in Katwijk", EducationLevel = "mbo2", Postcode = "2221", HoursPerWeek = 36, ContractType = "permanent",
            Skills = [new(tiling, "essential", 2), new(grouting, "essential", 2)],
        });

        var seekerAccount = await fixture.App.CreateAccountAsync(Role.JobSeeker);
        var seeker = await SignedInAsync(seekerAccount.Email);
        var created = await seeker.Context.APIRequest.PostAsync("/api/profiles", new()
        {
            DataObject = new { educationLevel = "mbo2", postcode = "2222", hoursPerWeek = 36, visibility = "employers-anonymous", skills = new[] { new { skillId = tiling, level = 3 } } },
        });
        Assert.True(created.Ok, await created.TextAsync());
        var profile = JsonSerializer.Deserialize<JsonElement>(await created.TextAsync()).GetProperty("id").GetGuid();

        // The employer looks at the ranked candidates; the ranking log records the list.
        var employerPage = await SignedInAsync((await fixture.App.CreateAccountAsync(Role.Employer, employer.Id)).Email);
        for (var attempt = 0; ; attempt++)
        {
            var candidates = await employerPage.Context.APIRequest.GetAsync($"/api/vacancies/{vacancy.Id}/candidates");
            Assert.True(candidates.Ok, await candidates.TextAsync());
            if (JsonSerializer.Deserialize<JsonElement>(await candidates.TextAsync()).GetProperty("items").EnumerateArray().Any(i => i.GetProperty("profileId").GetGuid() == profile))
            {
                break;
            }

            Assert.True(attempt < 100, "the profile never reached matching");
            await Task.Delay(50);
        }

        await seeker.GotoAsync("/account/my-data");
        await seeker.GetByRole(AriaRole.Link, new() { Name = "Waarom stond ik hier?" }).ClickAsync();
        var card = seeker.Locator(".ranking").Filter(new() { HasText = "Tegelzetter in Katwijk" });
        await Expect(card).ToContainTextAsync("Plek 1 van 1");
        await Expect(card).ToContainTextAsync("aan een werkgever");
        await Expect(card).ToContainTextAsync("tegelzetten: niveau 3, gevraagd 2");
        await Expect(card.Locator(".missing-essential + ul")).ToContainTextAsync("voegen");
        await Expect(card.Locator(".reasons")).ToContainTextAsync("Woog het zwaarst:");
        await seeker.AssertAccessibleAsync();

        await seeker.GetByRole(AriaRole.Link, new() { Name = "English" }).ClickAsync();
        await Expect(seeker.GetByRole(AriaRole.Heading, new() { Name = "Why was I ranked here?" })).ToBeVisibleAsync();
        await Expect(card).ToContainTextAsync("Place 1 of 1");
        await seeker.AssertAccessibleAsync();
        await seeker.GetByRole(AriaRole.Link, new() { Name = "Nederlands" }).ClickAsync();
        await seeker.SaveScreenshotAsync("rankings.png");
    }
}
