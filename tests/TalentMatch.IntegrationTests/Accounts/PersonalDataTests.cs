using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using TalentMatch.IntegrationTests.Infrastructure;
using TalentMatch.Web.Infrastructure.Security;

namespace TalentMatch.IntegrationTests.Accounts;

/// <summary>The rights of access and erasure: everything about a person out as JSON, and everything about them gone.</summary>
[Collection(DatabaseCollection.Name)]
public sealed class PersonalDataTests(DatabaseFixture fixture)
{
    sealed record Person(HttpClient Client, Guid Account, string Email, Guid Profile, string Name);

    sealed record Opening(HttpClient Employer, Guid Vacancy);

    Task<(Person Person, Person Other)> ShownToAnEmployerAsync() => ShownToAnEmployerAsync(_ => { });

    async Task<(Person Person, Person Other)> ShownToAnEmployerAsync(Action<Opening> opened)
    {
        var taxonomy = new TestTaxonomy();
        var skill = taxonomy.Skill("pd roofing", "pd dakdekken");
        await taxonomy.SaveAsync(fixture.App);
        var (employer, _, vacancy) = await fixture.App.PostVacancyAsync("Dakdekker", skill);
        opened(new Opening(employer, vacancy));

        async Task<Person> PersonAsync()
        {
            var (client, account) = await fixture.App.SignUpAsync();
            // A name of their own, so a trace of one person is never mistaken for the other's.
            var name = $"Sanne Wisse {Guid.NewGuid():N}"[..20];
            var profile = await IdAsync(await client.PostAsJsonAsync("/api/profiles", new
            {
                displayName = name, educationLevel = "mbo2", postcode = "2311", hoursPerWeek = 36, visibility = "coach", skills = new[] { new { skillId = skill, level = 3 } },
            }));
            (await client.PutAsJsonAsync($"/api/profiles/{profile}/visibility", new { visibility = "employers-anonymous" })).EnsureSuccessStatusCode();
            return new Person(client, account.Id, account.Email, profile, name);
        }

        var (person, other) = (await PersonAsync(), await PersonAsync());
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var shown = (await employer.GetFromJsonAsync<JsonElement>($"/api/vacancies/{vacancy}/candidates")).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("profileId").GetGuid()).ToList();
            if (shown.Contains(person.Profile) && shown.Contains(other.Profile))
            {
                break;
            }

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), "the profiles never reached matching");
            await Task.Delay(20);
        }

        return (person, other);
    }

    static async Task<Guid> IdAsync(HttpResponseMessage response)
    {
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    [Fact]
    public async Task The_export_holds_everything_about_the_person_and_nothing_about_anyone_else()
    {
        var (person, other) = await ShownToAnEmployerAsync();

        var export = await person.Client.GetFromJsonAsync<JsonElement>("/api/me/export");
        var text = export.GetRawText();

        Assert.Equal(person.Email, export.GetProperty("account")[0].GetProperty("email").GetString());
        Assert.DoesNotContain("password_hash", text, StringComparison.Ordinal);
        Assert.Equal(person.Profile, export.GetProperty("profile")[0].GetProperty("profile_id").GetGuid());
        Assert.Equal(person.Name, export.GetProperty("profile")[0].GetProperty("display_name").GetString());
        Assert.Single(export.GetProperty("profile_skill").EnumerateArray());
        Assert.Equal(2, export.GetProperty("profile_visibility_change").GetArrayLength());
        Assert.True(export.GetProperty("ranking_log").GetArrayLength() >= 1);
        Assert.Equal("employer", export.GetProperty("ranking_log")[0].GetProperty("shown_to_role").GetString());
        Assert.DoesNotContain(other.Profile.ToString(), text, StringComparison.Ordinal);
        Assert.DoesNotContain(other.Account.ToString(), text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Erasure_after_the_whole_coach_workflow_leaves_no_row_anywhere_that_refers_to_the_person()
    {
        Opening? opening = null;
        var (person, other) = await ShownToAnEmployerAsync(o => opening = o);
        var (employer, vacancy) = (opening!.Employer, opening.Vacancy);
        var coach = await fixture.App.ClientAsync(Role.Coach);

        // Ranked in a list a coach saw, shortlisted with a note that names them, introduced, accepted with consent to be
        // kept longer, their card opened by the employer, an outcome recorded, and their visibility changed once more.
        (await coach.GetAsync($"/api/vacancies/{vacancy}/candidates")).EnsureSuccessStatusCode();
        var shortlisted = await coach.PostAsJsonAsync($"/api/vacancies/{vacancy}/shortlist", new { profileId = person.Profile, note = $"{person.Name} ({person.Email}) past goed" });
        shortlisted.EnsureSuccessStatusCode();
        var entry = (await shortlisted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("entryId").GetGuid();
        (await coach.PostAsync($"/api/shortlist/{entry}/introduction", null)).EnsureSuccessStatusCode();
        var keepUntil = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(200);
        (await person.Client.PostAsJsonAsync($"/api/me/introductions/{entry}", new { accept = true, keepUntil })).EnsureSuccessStatusCode();
        var employerView = await employer.GetStringAsync($"/api/vacancies/{vacancy}/shortlist");
        Assert.Contains(person.Email, employerView, StringComparison.Ordinal);
        (await employer.GetAsync($"/api/vacancies/{vacancy}/candidates/{person.Profile}")).EnsureSuccessStatusCode();
        (await employer.PostAsJsonAsync($"/api/shortlist/{entry}/outcome", new { outcome = "interview" })).EnsureSuccessStatusCode();
        (await coach.PostAsJsonAsync($"/api/shortlist/{entry}/outcome", new { outcome = "rejected", reason = $"{person.Name} koos een andere baan" })).EnsureSuccessStatusCode();
        (await person.Client.PutAsJsonAsync($"/api/profiles/{person.Profile}/visibility", new { visibility = "coach" })).EnsureSuccessStatusCode();

        await using var connection = await fixture.App.DataSource.OpenConnectionAsync();
        var needles = new[] { person.Account.ToString(), person.Profile.ToString(), person.Email, person.Name };
        // The workflow really left the person in every place the scan must then find empty.
        var before = await TracesAsync(connection, needles);
        foreach (var table in new[] { "shortlist_entry", "shortlist_status_change", "candidate_card_view", "profile_visibility_change", "pseudonym", "account", "profile" })
        {
            Assert.Contains(before, t => t.StartsWith(table + ".", StringComparison.Ordinal));
        }

        var erased = await person.Client.DeleteAsync("/api/me");

        Assert.Equal(HttpStatusCode.NoContent, erased.StatusCode);
        var traces = await TracesAsync(connection, needles);
        Assert.True(traces.Count == 0, "still refers to the person: " + string.Join(", ", traces));
        Assert.True(await connection.ExecuteScalarAsync<long>("select count(*) from ranking_log where vacancy_id = @vacancy", new { vacancy }) >= 2);
        Assert.Equal(1, await connection.ExecuteScalarAsync<long>("select count(*) from profile where profile_id = @id", new { id = other.Profile }));
        Assert.Equal(HttpStatusCode.Unauthorized, (await fixture.App.CreateClient().PostAsJsonAsync("/api/auth/login", new { email = person.Email, password = Infrastructure.Accounts.Password })).StatusCode);
    }

    /// <summary>
    /// Every column of every table that could hold an id, a name or an address (uuid, text, varchar, char, arrays,
    /// json), searched for each needle; returns <c>table.column: rows</c> for each hit.
    /// </summary>
    static async Task<List<string>> TracesAsync(Npgsql.NpgsqlConnection connection, string[] needles)
    {
        var columns = (await connection.QueryAsync<(string Table, string Column, string Type)>("""
            select c.table_name, c.column_name, c.data_type from information_schema.columns c
            join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
            where c.table_schema = 'public' and t.table_type = 'BASE TABLE'
              and c.data_type in ('uuid', 'text', 'character varying', 'character', 'jsonb', 'json', 'ARRAY')
            order by c.table_name, c.column_name
            """)).ToList();
        Assert.Contains(columns, c => c is { Table: "ranking_log_item", Type: "jsonb" or "text" });
        Assert.Contains(columns, c => c is { Table: "account", Column: "roles", Type: "ARRAY" });
        var patterns = needles.Select(n => "%" + n.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%").ToArray();
        var traces = new List<string>();
        foreach (var (table, column, _) in columns)
        {
            var found = await connection.ExecuteScalarAsync<long>(
                $"select count(*) from \"{table}\" where \"{column}\"::text ilike any(@patterns)", new { patterns });
            if (found > 0)
            {
                traces.Add($"{table}.{column}: {found}");
            }
        }

        return traces;
    }

    [Fact]
    public async Task The_ranking_log_survives_erasure_but_no_longer_leads_to_the_person()
    {
        var (person, _) = await ShownToAnEmployerAsync();
        await using var connection = await fixture.App.DataSource.OpenConnectionAsync();
        var pseudonym = await connection.QuerySingleAsync<Guid>("select pseudonym_id from pseudonym where profile_id = @id", new { id = person.Profile });
        var logged = await connection.ExecuteScalarAsync<long>("select count(*) from ranking_log_item where subject_id = @pseudonym", new { pseudonym });

        (await person.Client.DeleteAsync("/api/me")).EnsureSuccessStatusCode();

        Assert.True(logged > 0);
        Assert.Equal(logged, await connection.ExecuteScalarAsync<long>("select count(*) from ranking_log_item where subject_id = @pseudonym", new { pseudonym }));
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("select count(*) from pseudonym where pseudonym_id = @pseudonym", new { pseudonym }));
    }

    [Fact]
    public async Task An_erased_accounts_bearer_token_and_cookie_stop_working_at_once()
    {
        var (api, account) = await fixture.App.SignUpAsync();
        var browser = await fixture.App.BrowserAsync(account.Email);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/account/my-data")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync("/api/me")).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/me/export")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/me")).StatusCode);
        var page = await browser.GetAsync("/account/my-data");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/account/sign-in", page.Headers.Location!.IsAbsoluteUri ? page.Headers.Location.PathAndQuery : page.Headers.Location.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_of_an_account_removed_behind_the_apps_back_does_not_work()
    {
        // Signed in, but not yet used: nothing in this process has seen the account, so only the database can tell.
        var (api, account) = await fixture.App.SignUpAsync();
        await using (var connection = await fixture.App.DataSource.OpenConnectionAsync())
        {
            // Removed behind the app's back (another process, an administrator's SQL): only the database knows.
            await connection.ExecuteAsync("delete from account where account_id = @id", new { id = account.Id });
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/me")).StatusCode);
    }
}
