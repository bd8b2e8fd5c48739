using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using TalentMatch.IntegrationTests.Infrastructure;
using TalentMatch.Web.Features.Coaching;
using TalentMatch.Web.Infrastructure.Security;

namespace TalentMatch.IntegrationTests.Coaching;

/// <summary>Coach shortlists, proposes an introduction, the person accepts, the employer sees the contact, outcomes are recorded.</summary>
[Collection(DatabaseCollection.Name)]
public sealed class CoachWorkflowTests(DatabaseFixture fixture) : IAsyncLifetime
{
    HttpClient _coach = null!, _employer = null!;
    Guid _skill, _vacancy;

    public async Task InitializeAsync()
    {
        var taxonomy = new TestTaxonomy();
        _skill = taxonomy.Skill("cw electrical installation", "cw elektrotechnische installatie");
        await taxonomy.SaveAsync(fixture.App);
        (_employer, _, _vacancy) = await fixture.App.PostVacancyAsync("Elektromonteur", _skill, minLevel: 2);
        _coach = await fixture.App.ClientAsync(Role.Coach);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    static async Task<Guid> IdAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonSerializer.Deserialize<JsonElement>(body).GetProperty("id").GetGuid();
    }

    async Task<(HttpClient Client, string Email, Guid Profile)> PersonAsync(string visibility, string name)
    {
        var (client, account) = await fixture.App.SignUpAsync();
        var profile = await IdAsync(await client.PostAsJsonAsync("/api/profiles", new
        {
            displayName = name, educationLevel = "mbo3", postcode = "2311", hoursPerWeek = 36, visibility, skills = new[] { new { skillId = _skill, level = 3 } },
        }));
        return (client, account.Email, profile);
    }

    async Task<JsonElement> ShortlistAsync(Guid profile, string note = "Sterke kandidaat")
    {
        var response = await _coach.PostAsJsonAsync($"/api/vacancies/{_vacancy}/shortlist", new { profileId = profile, note });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    async Task<List<JsonElement>> EmployerSeesAsync() =>
        (await _employer.GetFromJsonAsync<JsonElement>($"/api/vacancies/{_vacancy}/shortlist")).GetProperty("items").EnumerateArray().ToList();

    [Fact]
    public async Task A_coach_shortlists_the_person_accepts_and_only_then_the_employer_sees_the_contact()
    {
        var anna = await PersonAsync("coach", "Anna Visser");
        var bram = await PersonAsync("coach", "Bram Smit");
        var hidden = await PersonAsync("private", "Verborgen Persoon");

        var annaEntry = (await ShortlistAsync(anna.Profile)).GetProperty("entryId").GetGuid();
        var bramEntry = (await ShortlistAsync(bram.Profile)).GetProperty("entryId").GetGuid();
        Assert.Equal(HttpStatusCode.NotFound, (await _coach.PostAsJsonAsync($"/api/vacancies/{_vacancy}/shortlist", new { profileId = hidden.Profile })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await _coach.PostAsJsonAsync($"/api/vacancies/{_vacancy}/shortlist", new { profileId = anna.Profile })).StatusCode);

        var reordered = await (await _coach.PutAsJsonAsync($"/api/vacancies/{_vacancy}/shortlist/order", new { entryIds = new[] { bramEntry, annaEntry } })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal([bramEntry, annaEntry], reordered.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("entryId").GetGuid()));
        Assert.Empty(await EmployerSeesAsync());

        (await _coach.PostAsync($"/api/shortlist/{annaEntry}/introduction", null)).EnsureSuccessStatusCode();
        var proposed = Assert.Single(await EmployerSeesAsync());
        Assert.Equal(JsonValueKind.Null, proposed.GetProperty("contact").ValueKind);
        Assert.Equal(JsonValueKind.Null, proposed.GetProperty("note").ValueKind);
        Assert.DoesNotContain("Anna", proposed.GetRawText(), StringComparison.Ordinal);

        var mine = await anna.Client.GetFromJsonAsync<JsonElement>("/api/me/introductions");
        Assert.Equal("Elektromonteur", Assert.Single(mine.GetProperty("items").EnumerateArray()).GetProperty("vacancyTitle").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await bram.Client.PostAsJsonAsync($"/api/me/introductions/{annaEntry}", new { accept = true })).StatusCode);
        (await anna.Client.PostAsJsonAsync($"/api/me/introductions/{annaEntry}", new { accept = true })).EnsureSuccessStatusCode();

        var accepted = Assert.Single(await EmployerSeesAsync());
        Assert.Equal(anna.Email, accepted.GetProperty("contact").GetProperty("email").GetString());
        Assert.Equal("Anna Visser", accepted.GetProperty("contact").GetProperty("displayName").GetString());

        (await _employer.PostAsJsonAsync($"/api/shortlist/{annaEntry}/outcome", new { outcome = "interview" })).EnsureSuccessStatusCode();
        await Problem.AssertFieldAsync(await _employer.PostAsJsonAsync($"/api/shortlist/{annaEntry}/outcome", new { outcome = "rejected" }), HttpStatusCode.BadRequest, "reason");
        var done = await (await _coach.PostAsJsonAsync($"/api/shortlist/{annaEntry}/outcome", new { outcome = "rejected", reason = "Geen rijbewijs B" })).Content.ReadFromJsonAsync<JsonElement>();

        var entry = done.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("entryId").GetGuid() == annaEntry);
        Assert.Equal("rejected", entry.GetProperty("status").GetString());
        Assert.Equal("Geen rijbewijs B", entry.GetProperty("rejectionReason").GetString());
        Assert.Equal(["shortlisted", "proposed", "accepted", "interview", "rejected"], entry.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("to").GetString()));
        Assert.Equal(["coach", "coach", "job-seeker", "employer", "coach"], entry.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("changedByRole").GetString()));
        await using var connection = await fixture.App.DataSource.OpenConnectionAsync();
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>(
            "select count(*) from shortlist_status_change where shortlist_entry_id = @annaEntry and changed_by_account_id is null", new { annaEntry }));
    }

    Task<HttpResponseMessage> AskForIntroductionAsync(HttpClient employer, Guid profile) =>
        employer.PostAsJsonAsync($"/api/vacancies/{_vacancy}/introduction-requests", new { profileId = profile });

    [Fact]
    public async Task An_employer_asks_for_an_introduction_the_person_decides_and_only_then_the_employer_sees_the_contact()
    {
        var eva = await PersonAsync("employers-anonymous", "Eva Jansen");
        var coachOnly = await PersonAsync("coach", "Alleen Coach");

        // Another organisation's employer, and a person who lets only coaches look, answer like unknown ids.
        var (otherEmployer, _, _) = await fixture.App.PostVacancyAsync("Andere vacature", _skill);
        Assert.Equal(HttpStatusCode.NotFound, (await AskForIntroductionAsync(otherEmployer, eva.Profile)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await AskForIntroductionAsync(_employer, coachOnly.Profile)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await AskForIntroductionAsync(_employer, Guid.NewGuid())).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _coach.PostAsJsonAsync($"/api/vacancies/{_vacancy}/introduction-requests", new { profileId = eva.Profile })).StatusCode);

        var asked = await AskForIntroductionAsync(_employer, eva.Profile);
        Assert.Equal(HttpStatusCode.Created, asked.StatusCode);
        var entry = (await asked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("entryId").GetGuid();
        Assert.Equal(HttpStatusCode.Conflict, (await AskForIntroductionAsync(_employer, eva.Profile)).StatusCode);

        var proposed = Assert.Single(await EmployerSeesAsync(), i => i.GetProperty("entryId").GetGuid() == entry);
        Assert.Equal("proposed", proposed.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, proposed.GetProperty("contact").ValueKind);
        Assert.DoesNotContain("Eva", proposed.GetRawText(), StringComparison.Ordinal);
        var coachSees = (await _coach.GetFromJsonAsync<JsonElement>($"/api/vacancies/{_vacancy}/shortlist")).GetProperty("items").EnumerateArray()
            .Single(i => i.GetProperty("entryId").GetGuid() == entry);
        Assert.Equal(["employer"], coachSees.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("changedByRole").GetString()));

        var mine = await eva.Client.GetFromJsonAsync<JsonElement>("/api/me/introductions");
        Assert.Equal(entry, Assert.Single(mine.GetProperty("items").EnumerateArray()).GetProperty("entryId").GetGuid());
        (await eva.Client.PostAsJsonAsync($"/api/me/introductions/{entry}", new { accept = true })).EnsureSuccessStatusCode();

        var accepted = Assert.Single(await EmployerSeesAsync(), i => i.GetProperty("entryId").GetGuid() == entry);
        Assert.Equal(eva.Email, accepted.GetProperty("contact").GetProperty("email").GetString());
    }

    [Fact]
    public async Task An_employer_asking_for_someone_the_coach_shortlisted_proposes_that_entry()
    {
        var fleur = await PersonAsync("employers-anonymous", "Fleur de Boer");
        var entry = (await ShortlistAsync(fleur.Profile)).GetProperty("entryId").GetGuid();

        var asked = await (await AskForIntroductionAsync(_employer, fleur.Profile)).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(entry, asked.GetProperty("entryId").GetGuid());
        Assert.Equal("proposed", asked.GetProperty("status").GetString());
        Assert.Equal(["coach", "employer"], asked.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("changedByRole").GetString()));
    }

    [Fact]
    public async Task A_declined_introduction_leaves_the_employers_view_and_cannot_move_on()
    {
        var person = await PersonAsync("employers-anonymous", "Chris Bakker");
        var entry = (await ShortlistAsync(person.Profile)).GetProperty("entryId").GetGuid();
        (await _coach.PostAsync($"/api/shortlist/{entry}/introduction", null)).EnsureSuccessStatusCode();

        (await person.Client.PostAsJsonAsync($"/api/me/introductions/{entry}", new { accept = false })).EnsureSuccessStatusCode();

        Assert.DoesNotContain(await EmployerSeesAsync(), i => i.GetProperty("entryId").GetGuid() == entry);
        Assert.DoesNotContain("Chris", (await _employer.GetStringAsync($"/api/vacancies/{_vacancy}/shortlist")), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, (await _employer.PostAsJsonAsync($"/api/shortlist/{entry}/outcome", new { outcome = "interview" })).StatusCode);
    }

    [Fact]
    public async Task Nothing_changes_status_without_a_person_doing_it()
    {
        var person = await PersonAsync("coach", "Dana de Wit");
        var entry = (await ShortlistAsync(person.Profile)).GetProperty("entryId").GetGuid();

        var sender = fixture.App.Services.GetRequiredService<ISender>();
        await Assert.ThrowsAsync<NotAuthenticatedException>(async () => await sender.Send(new ProposeIntroduction.Command(entry)));

        await using var connection = await fixture.App.DataSource.OpenConnectionAsync();
        Assert.Equal("shortlisted", await connection.ExecuteScalarAsync<string>("select status from shortlist_entry where shortlist_entry_id = @entry", new { entry }));
    }

    [Fact]
    public async Task Retention_removes_old_shortlist_data_unless_hired_or_kept_longer_by_consent()
    {
        var entries = new List<Guid>();
        foreach (var name in new[] { "Oud Afgewezen", "Oud Aangenomen", "Oud Bewaard", "Recent" })
        {
            entries.Add((await ShortlistAsync((await PersonAsync("coach", name)).Profile)).GetProperty("entryId").GetGuid());
        }

        await using (var connection = await fixture.App.DataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync("""
                update shortlist_entry set updated_at = now() - interval '400 days' where shortlist_entry_id = any(@old);
                update shortlist_entry set status = 'hired' where shortlist_entry_id = @hired;
                update shortlist_entry set keep_until = current_date + 30 where shortlist_entry_id = @kept;
                """, new { old = entries.Take(3).ToArray(), hired = entries[1], kept = entries[2] });
        }

        var result = await fixture.App.Services.GetRequiredService<ISender>().Send(new ApplyRetention.Command());

        Assert.True(result.RemovedEntries >= 1);
        await using var check = await fixture.App.DataSource.OpenConnectionAsync();
        var left = (await check.QueryAsync<Guid>("select shortlist_entry_id from shortlist_entry where shortlist_entry_id = any(@entries)", new { entries = entries.ToArray() })).ToHashSet();
        Assert.Equal(new HashSet<Guid> { entries[1], entries[2], entries[3] }, left);
    }
}
