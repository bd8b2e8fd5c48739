using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace TalentMatch.IntegrationTests.Infrastructure;

/// <summary>Assertions on RFC 9457 problem details.</summary>
public static class Problem
{
    /// <summary>The response is problem+json with the status and an error keyed by the field (exactly, or as a prefix like "skills[0]").</summary>
    public static async Task<JsonElement> AssertFieldAsync(HttpResponseMessage response, HttpStatusCode status, string field)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status} but got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonSerializer.Deserialize<JsonElement>(body);
        var errors = problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).ToList();
        Assert.True(errors.Any(e => e == field || e.StartsWith(field + ".", StringComparison.Ordinal) || e.StartsWith(field + "[", StringComparison.Ordinal)),
            $"Expected an error for '{field}' but got: {string.Join(", ", errors)}");
        return problem;
    }

    public static Task<JsonElement> ReadAsync(HttpResponseMessage response) => response.Content.ReadFromJsonAsync<JsonElement>();
}
