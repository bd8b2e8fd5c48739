using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Microsoft.AspNetCore.Mvc.Testing;
using TalentMatch.IntegrationTests.Infrastructure;
using TalentMatch.Web.Infrastructure.Security;

namespace TalentMatch.IntegrationTests.Accounts;

/// <summary>The rights of access and erasure: everything about a person out as JSON, and everything about them gone.</summary>
[Collection(DatabaseCollection.Name)]
public sealed class PersonalDataTests(DatabaseFixture fixture)
{
    sealed record Person(HttpClient Client, Guid Account, string Email, Guid Profile);

    async Task<(Person Person, Person Other)> ShownToAnEmployerAsync()
    {
        var taxonomy = new TestTaxonomy();
        var skill = taxonomy.Skill("pd roofing", "pd dakdekken");
        await taxonomy.SaveAsync(fixture.App);
        var (employer, _, vacancy) = await fixture.App.PostVacancyAsync("Dakdekker", skill);

        async Task<Person> PersonAsync()
        {
            var (client, account) = await fixture.App.SignUpAsync();
            var profile = await IdAsync(await client.PostAsJsonAsync("/api/profiles", new
            {
                displayName = "Sanne de Vries", educationLevel = "mbo2", postcode = "2311", hoursPerWeek = 36, visibility = "coach", skills = new[] { new { skillId = skill, level = 3 } },
            }));
            (await client.PutAsJsonAsync($"/api/profiles/{profile}/visibility", new { visibility = "employers-anonymous" })).EnsureSuccessStatusCode();
            return new Person(client, account.Id, account.Email, profile);
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
        Assert.Equal("Sanne de Vries", export.GetProperty("profile")[0].GetProperty("display_name").GetString());
        Assert.Single(export.GetProperty("profile_skill").EnumerateArray());
        Assert.Equal(2, export.GetProperty("profile_visibility_change").GetArrayLength());
        Assert.True(export.GetProperty("ranking_log").GetArrayLength() >= 1);
        Assert.Equal("employer", export.GetProperty("ranking_log")[0].GetProperty("shown_to_role").GetString());
        Assert.DoesNotContain(other.Profile.ToString(), text, StringComparison.Ordinal);
        Assert.DoesNotContain(other.Account.ToString(), text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Erasure_leaves_no_row_anywhere_that_refers_to_the_person()
    {
        var (person, other) = await ShownToAnEmployerAsync();

        var erased = await person.Client.DeleteAsync("/api/me");

        Assert.Equal(HttpStatusCode.NoContent, erased.StatusCode);
        await using var connection = await fixture.App.DataSource.OpenConnectionAsync();
        var columns = (await connection.QueryAsync<(string Table, string Column, string Type)>("""
            select c.table_name, c.column_name, c.data_type from information_schema.columns c
            join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
            where c.table_schema = 'public' and t.table_type = 'BASE TABLE' and c.data_type in ('uuid', 'text', 'jsonb')
            """)).ToList();
        Assert.Contains(columns, c => c.Table == "ranking_log_item");
        var traces = new List<string>();
        foreach (var (table, column, type) in columns)
        {
            var sql = type == "uuid"
                ? $"select count(*) from \"{table}\" where \"{column}\" = any(@ids)"
                : $"select count(*) from \"{table}\" where \"{column}\"::text ilike any(@patterns)";
            var found = await connection.ExecuteScalarAsync<long>(sql, new
            {
                ids = new[] { person.Account, person.Profile },
                patterns = new[] { $"%{person.Account}%", $"%{person.Profile}%", $"%{person.Email}%" },
            });
            if (found > 0)
            {
                traces.Add($"{table}.{column}: {found}");
            }
        }

        Assert.True(traces.Count == 0, "still refers to the person: " + string.Join(", ", traces));
        Assert.Equal(1, await connection.ExecuteScalarAsync<long>("select count(*) from profile where profile_id = @id", new { id = other.Profile }));
        Assert.Equal(HttpStatusCode.Unauthorized, (await fixture.App.CreateClient().PostAsJsonAsync("/api/auth/login", new { email = person.Email, password = Infrastructure.Accounts.Password })).StatusCode);
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
        var browser = fixture.App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        (await browser.PostAsJsonAsync("/api/auth/login?useCookies=true", new { email = account.Email, password = Infrastructure.Accounts.Password })).EnsureSuccessStatusCode();
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
