using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using TalentMatch.Web.Infrastructure.Security;

namespace TalentMatch.IntegrationTests.Infrastructure;

/// <summary>The website as a browser without JavaScript uses it: a cookie sign-in, and forms posted with their antiforgery token.</summary>
public static partial class WebPages
{
    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    /// <summary>A browser-like client (cookies, no redirects followed) signed in to the website as the account.</summary>
    public static async Task<HttpClient> BrowserAsync(this TestApp app, string email)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        (await client.PostAsJsonAsync("/api/auth/login?useCookies=true", new { email, password = Accounts.Password })).EnsureSuccessStatusCode();
        return client;
    }

    /// <summary>A browser-like client signed in to the website as a new account of the role.</summary>
    public static async Task<HttpClient> BrowserAsync(this TestApp app, Role role) => await app.BrowserAsync((await app.CreateAccountAsync(role)).Email);

    /// <summary>Posts a form as the page's own form would, with the antiforgery token the page carried.</summary>
    public static Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string path, string page, Dictionary<string, string> fields)
    {
        fields["__RequestVerificationToken"] = AntiforgeryField().Match(page).Groups[1].Value;
        return client.PostAsync(path, new FormUrlEncodedContent(fields));
    }
}
