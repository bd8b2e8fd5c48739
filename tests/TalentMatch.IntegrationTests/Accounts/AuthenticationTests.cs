using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using TalentMatch.IntegrationTests.Infrastructure;
using TalentMatch.Web.Infrastructure.Security;

namespace TalentMatch.IntegrationTests.Accounts;

[Collection(DatabaseCollection.Name)]
public sealed class AuthenticationTests(DatabaseFixture fixture)
{
    readonly HttpClient _anonymous = fixture.App.CreateClient();

    [Fact]
    public async Task A_job_seeker_signs_up_signs_in_and_is_known_to_the_api()
    {
        var (client, account) = await fixture.App.SignUpAsync();

        var me = await client.GetFromJsonAsync<JsonElement>("/api/me");

        Assert.Equal(account.Id, me.GetProperty("id").GetGuid());
        Assert.Equal(["job-seeker"], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.False(me.TryGetProperty("passwordHash", out _));
    }

    [Fact]
    public async Task Stores_only_a_salted_hash_of_the_password()
    {
        var (_, account) = await fixture.App.SignUpAsync();

        await using var connection = await fixture.App.DataSource.OpenConnectionAsync();
        var hash = await connection.ExecuteScalarAsync<string>("select password_hash from account where account_id = @id", new { id = account.Id });
        Assert.DoesNotContain(Infrastructure.Accounts.Password, hash, StringComparison.Ordinal);
        Assert.True(Convert.FromBase64String(hash!)[0] == 0x01, "expected ASP.NET Core Identity's version 3 hash format");
    }

    [Fact]
    public async Task Refuses_a_second_account_for_the_same_address_in_other_letters()
    {
        var email = Infrastructure.Accounts.NewEmail("twice");
        (await _anonymous.PostAsJsonAsync("/api/auth/register", new { email, password = Infrastructure.Accounts.Password })).EnsureSuccessStatusCode();

        var again = await _anonymous.PostAsJsonAsync("/api/auth/register", new { email = email.ToUpperInvariant(), password = Infrastructure.Accounts.Password });

        await Problem.AssertFieldAsync(again, HttpStatusCode.Conflict, "email");
    }

    [Theory]
    [InlineData("not-an-address", "long enough password", "email")]
    [InlineData("someone@example.test", "short", "password")]
    public async Task Rejects_sign_up_with_a_bad_field(string email, string password, string field) =>
        await Problem.AssertFieldAsync(await _anonymous.PostAsJsonAsync("/api/auth/register", new { email, password }), HttpStatusCode.BadRequest, field);

    [Fact]
    public async Task Asks_strangers_to_sign_in_with_problem_details()
    {
        foreach (var response in new[] { await _anonymous.GetAsync("/api/me"), await _anonymous.PostAsJsonAsync("/api/profiles", new { }) })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task Refuses_a_role_that_may_not_send_the_message()
    {
        var (seeker, _) = await fixture.App.SignUpAsync();

        var employer = await seeker.PostAsJsonAsync("/api/employers", new { name = "Not mine BV" });
        var account = await seeker.PostAsJsonAsync("/api/accounts", new { email = "x@example.test", password = Infrastructure.Accounts.Password, role = "admin" });

        Assert.Equal(HttpStatusCode.Forbidden, employer.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, account.StatusCode);
        Assert.Equal("application/problem+json", account.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task An_admin_creates_an_employer_account_that_belongs_to_its_organisation()
    {
        var admin = await fixture.App.ClientAsync(Role.Admin);
        var organisation = (await (await admin.PostAsJsonAsync("/api/employers", new { name = "Accounts test BV" })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var email = Infrastructure.Accounts.NewEmail("employer");

        var created = await admin.PostAsJsonAsync("/api/accounts", new { email, password = Infrastructure.Accounts.Password, role = "employer", employerId = organisation });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var me = await fixture.App.BearerClient(await fixture.App.SignInAsync(email)).GetFromJsonAsync<JsonElement>("/api/me");

        Assert.Equal(organisation, me.GetProperty("employerId").GetGuid());
        Assert.Equal(["employer"], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }

    [Theory]
    [InlineData("employer", null, "employerId")]
    [InlineData("coach", "00000000-0000-0000-0000-000000000001", "employerId")]
    [InlineData("superuser", null, "role")]
    public async Task Refuses_an_account_whose_role_and_organisation_do_not_fit(string role, string? employerId, string field)
    {
        var admin = await fixture.App.ClientAsync(Role.Admin);

        var response = await admin.PostAsJsonAsync("/api/accounts", new { email = Infrastructure.Accounts.NewEmail("misfit"), password = Infrastructure.Accounts.Password, role, employerId });

        await Problem.AssertFieldAsync(response, HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task A_wrong_password_and_an_unknown_address_read_the_same()
    {
        var (_, account) = await fixture.App.SignUpAsync();

        var wrong = await _anonymous.PostAsJsonAsync("/api/auth/login", new { email = account.Email, password = "not the password" });
        var unknown = await _anonymous.PostAsJsonAsync("/api/auth/login", new { email = Infrastructure.Accounts.NewEmail("nobody"), password = "not the password" });

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal((await Problem.ReadAsync(wrong)).GetProperty("detail").GetString(), (await Problem.ReadAsync(unknown)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_until_the_lockout_ends()
    {
        var (_, account) = await fixture.App.SignUpAsync();
        for (var attempt = 0; attempt < 5; attempt++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await _anonymous.PostAsJsonAsync("/api/auth/login", new { email = account.Email, password = "guess " + attempt })).StatusCode);
        }

        var locked = await _anonymous.PostAsJsonAsync("/api/auth/login", new { email = account.Email, password = Infrastructure.Accounts.Password });
        Assert.Equal(HttpStatusCode.Unauthorized, locked.StatusCode);
        Assert.Contains("locked", (await Problem.ReadAsync(locked)).GetProperty("detail").GetString(), StringComparison.Ordinal);

        await using (var connection = await fixture.App.DataSource.OpenConnectionAsync())
        {
            var minutes = await connection.ExecuteScalarAsync<double>("select extract(epoch from locked_until - now()) / 60 from account where account_id = @id", new { id = account.Id });
            Assert.InRange(minutes, 14, 15);
            await connection.ExecuteAsync("update account set locked_until = now() - interval '1 second' where account_id = @id", new { id = account.Id });
        }

        Assert.Equal(HttpStatusCode.OK, (await _anonymous.PostAsJsonAsync("/api/auth/login", new { email = account.Email, password = Infrastructure.Accounts.Password })).StatusCode);
    }

    [Fact]
    public async Task The_website_signs_in_with_a_cookie_instead_of_a_token()
    {
        var (_, account) = await fixture.App.SignUpAsync();
        using var browser = fixture.App.CreateClient();

        var signIn = await browser.PostAsJsonAsync("/api/auth/login?useCookies=true", new { email = account.Email, password = Infrastructure.Accounts.Password });
        var me = await browser.GetFromJsonAsync<JsonElement>("/api/me");
        (await browser.PostAsync("/api/auth/logout", null)).EnsureSuccessStatusCode();

        Assert.True(signIn.IsSuccessStatusCode);
        Assert.Contains(signIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("talentmatch=", StringComparison.Ordinal) && c.Contains("httponly", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(account.Id, me.GetProperty("id").GetGuid());
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task A_forged_bearer_token_is_not_accepted()
    {
        var client = fixture.App.BearerClient("not-a-real-token");

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/me")).StatusCode);
    }
}
