using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dapper;
using TalentMatch.IntegrationTests.Infrastructure;

namespace TalentMatch.IntegrationTests.Platform;

[Collection(DatabaseCollection.Name)]
public sealed class PlatformTests(DatabaseFixture fixture)
{
    readonly HttpClient _client = fixture.App.CreateClient();

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Health_endpoints_report_healthy(string url)
    {
        var response = await _client.GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var health = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Healthy", health.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Readiness_checks_the_database()
    {
        var health = await _client.GetFromJsonAsync<JsonElement>("/health/ready");

        var database = health.GetProperty("checks").GetProperty("database");
        Assert.Equal("Healthy", database.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Serves_the_OpenAPI_document_with_every_resource()
    {
        var response = await _client.GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.StartsWith("3.", document.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        foreach (var path in new[]
                 {
                     "/api/skills", "/api/skills/{id}", "/api/occupations", "/api/occupations/{id}", "/api/profiles", "/api/profiles/{id}",
                     "/api/employers", "/api/vacancies", "/api/vacancies/{id}", "/api/internships", "/api/internships/{id}",
                 })
        {
            Assert.Contains(path, paths);
        }
    }

    [Fact]
    public async Task Serves_the_Swagger_UI_at_docs()
    {
        var response = await _client.GetAsync("/docs");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("swagger-ui", html, StringComparison.Ordinal);
        Assert.Contains("<title>TalentMatch API</title>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_root_is_the_home_page_in_Dutch_and_switches_to_English_when_asked()
    {
        using var client = fixture.App.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var dutch = await client.GetAsync("/");
        var english = await client.GetAsync("/?culture=en");

        Assert.Equal(HttpStatusCode.OK, dutch.StatusCode);
        Assert.Contains("<html lang=\"nl\">", await dutch.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("<html lang=\"en\">", await english.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_language_switch_remembers_the_choice_and_returns_only_to_a_local_page()
    {
        using var client = fixture.App.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var local = await client.GetAsync("/language/en?returnUrl=%2F%3Fx%3D1");
        var foreign = await client.GetAsync("/language/en?returnUrl=%2F%2Fexample.org%2F");

        Assert.Equal("/?x=1", local.Headers.Location?.OriginalString);
        Assert.Contains(local.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Culture=c%3Den%7Cuic%3Den", StringComparison.Ordinal));
        Assert.Equal("/", foreign.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Every_migration_is_recorded_in_schemaversions()
    {
        await using var connection = await fixture.App.DataSource.OpenConnectionAsync();

        var scripts = (await connection.QueryAsync<string>("select scriptname from schemaversions order by scriptname")).ToList();
        var shipped = typeof(TalentMatch.Database.Migrator).Assembly.GetManifestResourceNames().Where(n => n.EndsWith(".sql", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();

        Assert.Contains(shipped, s => s.EndsWith("0001_create_taxonomy.sql", StringComparison.Ordinal));
        Assert.Contains(shipped, s => s.EndsWith("0002_create_profiles_and_vacancies.sql", StringComparison.Ordinal));
        Assert.Equal(shipped, scripts);
    }

    [Theory]
    [InlineData("POST", "/api/profiles")]
    [InlineData("PUT", "/api/profiles/0190c7a0-0000-7000-8000-000000000001")]
    [InlineData("POST", "/api/employers")]
    [InlineData("POST", "/api/vacancies")]
    [InlineData("PUT", "/api/vacancies/0190c7a0-0000-7000-8000-000000000001")]
    [InlineData("POST", "/api/internships")]
    [InlineData("PUT", "/api/internships/0190c7a0-0000-7000-8000-000000000001")]
    public async Task A_malformed_JSON_body_is_400_problem_details_never_500(string method, string url)
    {
        var before = await DatabaseSnapshot.TakeAsync(fixture.App.DataSource);

        var response = await _client.SendAsync(new HttpRequestMessage(new HttpMethod(method), url) { Content = new StringContent("{", Encoding.UTF8, "application/json") });

        await Problem.AssertFieldAsync(response, HttpStatusCode.BadRequest, "body");
        Assert.Equal(before, await DatabaseSnapshot.TakeAsync(fixture.App.DataSource));
    }

    [Theory]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("\"a profile\"")]
    [InlineData("{\"educationLevel\": \"mbo3\",}")]
    public async Task Other_unreadable_bodies_are_400_problem_details(string body)
    {
        var response = await _client.PostAsync("/api/profiles", new StringContent(body, Encoding.UTF8, "application/json"));

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"Expected 400 but got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_value_of_the_wrong_type_is_400_naming_the_field()
    {
        var response = await _client.PostAsync("/api/profiles", new StringContent("""{"educationLevel":"mbo3","hoursPerWeek":"lots"}""", Encoding.UTF8, "application/json"));

        await Problem.AssertFieldAsync(response, HttpStatusCode.BadRequest, "hoursPerWeek");
    }

    [Fact]
    public async Task A_body_that_is_not_JSON_is_refused_with_problem_details()
    {
        var response = await _client.PostAsync("/api/profiles", new StringContent("educationLevel=mbo3", Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task An_unknown_route_is_404_problem_details()
    {
        var response = await _client.GetAsync("/api/nothing-here");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
