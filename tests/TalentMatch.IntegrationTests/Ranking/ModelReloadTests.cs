using System.Text.Json;
using TalentMatch.IntegrationTests.Infrastructure;

namespace TalentMatch.IntegrationTests.Ranking;

[Collection(DatabaseCollection.Name)]
public sealed class ModelReloadTests(DatabaseFixture fixture)
{
    static async Task<string> MatchingHealthAsync(HttpClient client)
    {
        // Read the body whatever the status: while the indexes load, ready answers 503.
        var response = await client.GetAsync("/health/ready");
        var health = JsonSerializer.Deserialize<JsonElement>(await response.Content.ReadAsStringAsync());
        return health.GetProperty("checks").GetProperty("matching").GetProperty("description").GetString()!;
    }

    [Fact]
    public async Task Ranks_with_the_baseline_without_a_model_and_picks_up_a_new_model_without_a_restart()
    {
        var folder = Directory.CreateTempSubdirectory("talentmatch-models-").FullName;
        try
        {
            var modelPath = Path.Combine(folder, "match-ranker.zip");
            await using var app = await fixture.CreateAppAsync("model_reload", new Dictionary<string, string> { ["TalentMatch:ModelPath"] = modelPath });
            var client = app.CreateClient();
            for (var attempt = 0; attempt < 40 && (await MatchingHealthAsync(client)).Contains("loading", StringComparison.Ordinal); attempt++)
            {
                await Task.Delay(50);
            }

            Assert.Contains("baseline ranks", await MatchingHealthAsync(client), StringComparison.Ordinal);

            var committed = Path.Combine(CommittedModel.Folder, "match-ranker.zip");
            File.Copy(committed, modelPath);

            var description = "";
            for (var attempt = 0; attempt < 60 && !description.Contains("ranking with model", StringComparison.Ordinal); attempt++)
            {
                await Task.Delay(100);
                description = await MatchingHealthAsync(client);
            }

            Assert.Contains("ranking with model", description, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}

static class CommittedModel
{
    public static string Folder => Path.Combine(SharedDataRoot.Repository, "models");
}
