using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using TalentMatch.IntegrationTests.Infrastructure;

namespace TalentMatch.IntegrationTests.Platform;

[Collection(DatabaseCollection.Name)]
public sealed class WebPageTests(DatabaseFixture fixture)
{
    readonly HttpClient _client = fixture.App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    [Theory]
    [InlineData("/profile")]
    [InlineData("/profile/matches")]
    [InlineData("/profile/privacy")]
    [InlineData("/employer")]
    [InlineData("/employer/vacancies/new")]
    [InlineData("/account/my-data")]
    public async Task Personal_pages_send_strangers_to_sign_in_and_back(string path)
    {
        var response = await _client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/account/sign-in?ReturnUrl={Uri.EscapeDataString(path)}", response.Headers.Location?.PathAndQuery);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/account/sign-in")]
    [InlineData("/account/sign-up")]
    public async Task Public_pages_load_nothing_from_other_hosts(string path)
    {
        var response = await _client.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("default-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.DoesNotContain("src=\"http", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("href=\"http", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("//", html.Replace("<!DOCTYPE html>", "", StringComparison.Ordinal).Split("<body")[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_password_on_the_sign_in_page_says_so_without_saying_which_part_was_wrong()
    {
        // The client keeps the antiforgery cookie from this page, as a browser would.
        var form = await _client.GetStringAsync("/account/sign-in");
        var token = System.Text.RegularExpressions.Regex.Match(form, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/account/sign-in")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token, ["Email"] = $"nobody-{Guid.NewGuid():N}@example.test", ["Password"] = "not the password at all",
            }),
        };

        var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Het e-mailadres of wachtwoord klopt niet.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
