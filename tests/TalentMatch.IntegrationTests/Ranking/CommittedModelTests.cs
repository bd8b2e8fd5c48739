using TalentMatch.IntegrationTests.Infrastructure;
using TalentMatch.Matching.Features;
using TalentMatch.Matching.Matching;
using TalentMatch.Matching.Ranking;
using TalentMatch.Web.Features.Matching;

namespace TalentMatch.IntegrationTests.Ranking;

/// <summary>The model in models/ is the one serving expects, and the train command makes it again, bit for bit.</summary>
public sealed class CommittedModelTests
{
    static string Models => Path.Combine(SharedDataRoot.Repository, "models");

    [Fact]
    public void The_committed_model_uses_exactly_the_serving_features()
    {
        var model = RankingModel.Load(Path.Combine(Models, "match-ranker.zip"));

        Assert.Equal(MatchFeatures.Names, model.FeatureNames);
        Assert.True(new LearnedScorer(model).IsLearned);
    }

    [SharedDataFact("esco/v1.1.1")]
    public async Task Train_reproduces_the_committed_model_and_metrics()
    {
        var output = Directory.CreateTempSubdirectory("talentmatch-train-").FullName;
        try
        {
            Assert.Equal(0, await TrainRanker.RunAsync(["--esco", SharedData.Path("esco"), "--output", output]));

            Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(Models, "match-ranker.zip")), await File.ReadAllBytesAsync(Path.Combine(output, "match-ranker.zip")));
            Assert.Equal(await File.ReadAllTextAsync(Path.Combine(Models, "match-ranker.metrics.json")), await File.ReadAllTextAsync(Path.Combine(output, "match-ranker.metrics.json")));
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }
}

static class SharedDataRoot
{
    /// <summary>The checkout's root, where TalentMatch.sln is.</summary>
    public static string Repository { get; } = Find();

    static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TalentMatch.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Run the tests from inside the checkout.");
    }
}
