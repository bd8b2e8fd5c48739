using TalentMatch.Matching.Ranking;

namespace TalentMatch.Tests.Ranking;

/// <summary>
/// Seeded, in-memory ranking data where relevance follows skill match and experience fit, two features are
/// noise and one is always zero, plus one small model trained on it and shared by the tests that only read it.
/// </summary>
internal static class SyntheticRanking
{
    public static readonly string[] FeatureNames = ["skill_match", "experience_fit", "travel_time", "language_fit", "profile_age", "always_zero"];

    public const int AlwaysZero = 5;

    public static readonly LambdaMartSettings Settings = new() { NumberOfTrees = 40, NumberOfLeaves = 8, LearningRate = 0.2, MinimumExamplesPerLeaf = 5, Seed = 7 };

    static readonly Lazy<(RankingExample[] Train, RankingModel Model)> Trained = new(() =>
    {
        var train = Examples(groups: 60, perGroup: 20, seed: 1);
        return (train, LambdaMartTrainer.Train(train, FeatureNames, Settings));
    });

    public static RankingExample[] Train => Trained.Value.Train;

    public static RankingModel Model => Trained.Value.Model;

    public static RankingExample[] Examples(int groups, int perGroup, int seed)
    {
        var random = new Random(seed);
        var examples = new List<RankingExample>();
        for (var g = 0; g < groups; g++)
        {
            for (var i = 0; i < perGroup; i++)
            {
                var features = new float[FeatureNames.Length];
                for (var f = 0; f < AlwaysZero; f++)
                {
                    features[f] = random.NextSingle();
                }

                var relevance = (2 * features[0]) + features[1] + (0.3 * random.NextDouble());
                var label = relevance > 2.2 ? 2 : relevance > 1.6 ? 1 : 0;
                examples.Add(new RankingExample(1000 + g, label, features));
            }
        }

        return [.. examples];
    }

    /// <summary>Vectors the model never saw, some outside the training range, some with NaN.</summary>
    public static float[][] Probes(int count, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(i => FeatureNames.Select(_ =>
            i % 10 == 9 && random.Next(3) == 0 ? float.NaN : (random.NextSingle() * 2) - 0.5f).ToArray())];
    }
}
