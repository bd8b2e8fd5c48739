using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using TalentMatch.Web.Features.Accounts;
using TalentMatch.Web.Features.Employers;
using TalentMatch.Web.Infrastructure.Security;

namespace TalentMatch.IntegrationTests.Infrastructure;

/// <summary>
/// Signed-in HTTP clients for tests: a fresh account of a role, created as the system would, then signed in
/// over HTTP like any API client, so every request carries a real bearer token.
/// </summary>
public static class Accounts
{
    public const string Password = "test password 1234";

    public static string NewEmail(string role) => $"{role}-{Guid.NewGuid():N}@example.test";

    /// <summary>Creates an account of the role (an employer belongs to the given organisation, or a new one).</summary>
    public static async Task<AccountView> CreateAccountAsync(this TestApp app, Role role, Guid? employerId = null, string? email = null)
    {
        var sender = app.Services.GetRequiredService<ISender>();
        if (role == Role.Employer && employerId is null)
        {
            employerId = (await sender.Send(new CreateEmployer.Command($"Test employer {Guid.NewGuid():N}", "ict", "2311", "Leiden"))).Id;
        }

        return await sender.Send(new CreateAccount.Command(email ?? NewEmail(Roles.Name(role)), Password, Roles.Name(role), employerId, null));
    }

    /// <summary>Signs in over HTTP and returns the bearer token.</summary>
    public static async Task<string> SignInAsync(this TestApp app, string email, string password = Password)
    {
        using var anonymous = app.CreateClient();
        var response = await anonymous.PostAsJsonAsync("/api/auth/login", new { email, password });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
    }

    /// <summary>A client signed in as a new account of the role.</summary>
    public static async Task<HttpClient> ClientAsync(this TestApp app, Role role, Guid? employerId = null)
    {
        var account = await app.CreateAccountAsync(role, employerId);
        return app.BearerClient(await app.SignInAsync(account.Email));
    }

    /// <summary>A job seeker who signed up through the API, and their client.</summary>
    public static async Task<(HttpClient Client, AccountView Account)> SignUpAsync(this TestApp app)
    {
        var email = NewEmail("seeker");
        using var anonymous = app.CreateClient();
        var response = await anonymous.PostAsJsonAsync("/api/auth/register", new { email, password = Password });
        response.EnsureSuccessStatusCode();
        var account = (await response.Content.ReadFromJsonAsync<AccountView>())!;
        return (app.BearerClient(await app.SignInAsync(email)), account);
    }

    public sealed record PostedVacancy(HttpClient Employer, Guid Organisation, Guid Vacancy);

    /// <summary>A new organisation, its signed-in employer, and one open vacancy asking for one skill.</summary>
    public static async Task<PostedVacancy> PostVacancyAsync(this TestApp app, string title, Guid skill, int minLevel = 1)
    {
        var account = await app.CreateAccountAsync(Role.Employer);
        var employer = app.BearerClient(await app.SignInAsync(account.Email));
        var response = await employer.PostAsJsonAsync("/api/vacancies", new
        {
            employerId = account.EmployerId, title, educationLevel = "mbo2", postcode = "2312", hoursPerWeek = 38, contractType = "permanent",
            skills = new[] { new { skillId = skill, importance = "essential", minLevel } },
        });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return new PostedVacancy(employer, account.EmployerId!.Value, JsonSerializer.Deserialize<JsonElement>(body).GetProperty("id").GetGuid());
    }

    public static HttpClient BearerClient(this TestApp app, string token)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>
    /// A client for a new account of the role that signs in on its first request, for use in field initialisers
    /// (a constructor cannot await).
    /// </summary>
    public static HttpClient CreateClient(this TestApp app, Role role, Guid? employerId = null) =>
        app.CreateDefaultClient(new SignInOnFirstRequest(() => app.CreateAccountAsync(role, employerId).ContinueWith(a => app.SignInAsync(a.Result.Email)).Unwrap()));

    sealed class SignInOnFirstRequest(Func<Task<string>> signIn) : DelegatingHandler
    {
        readonly Lazy<Task<string>> _token = new(signIn);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.Authorization ??= new AuthenticationHeaderValue("Bearer", await _token.Value);
            return await base.SendAsync(request, cancellationToken);
        }
    }
}
