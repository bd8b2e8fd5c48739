using TalentMatch.Matching.Features;
using TalentMatch.Matching.Matching;
using TalentMatch.Matching.Ranking;

namespace TalentMatch.Tests.Matching;

public sealed class LearnedScorerTests
{
    static List<RankingExample> Examples(int features)
    {
        var random = new Random(3);
        var examples = new List<RankingExample>();
        for (var group = 0; group < 40; group++)
        {
            for (var item = 0; item < 10; item++)
            {
                var vector = Enumerable.Range(0, features).Select(_ => (float)random.NextDouble()).ToArray();
                // Relevance follows the first feature, so the model has something to learn.
                examples.Add(new RankingExample(group, (float)Math.Min(4, (int)(vector[0] * 5)), vector));
            }
        }

        return examples;
    }

    [Fact]
    public void Serves_a_model_trained_on_the_serving_features_and_explains_its_scores()
    {
        var model = LambdaMartTrainer.Train(Examples(MatchFeatures.Count), MatchFeatures.Names, new LambdaMartSettings { NumberOfTrees = 20, NumberOfLeaves = 4, MinimumExamplesPerLeaf = 5 });
        var scorer = new LearnedScorer(model);
        var features = Enumerable.Repeat(0.5f, MatchFeatures.Count).ToArray();
        var contributions = new float[MatchFeatures.Count];

        scorer.Explain(features, contributions);

        Assert.True(scorer.IsLearned);
        Assert.StartsWith("lambdamart-", scorer.Version, StringComparison.Ordinal);
        Assert.Equal(scorer.Score(features), (float)model.Scorer.BaseValue + contributions.Sum(), 3);
    }

    [Fact]
    public void Refuses_a_model_trained_on_other_features()
    {
        var names = MatchFeatures.Names.Reverse().ToArray();
        var model = LambdaMartTrainer.Train(Examples(names.Length), names, new LambdaMartSettings { NumberOfTrees = 5, NumberOfLeaves = 4, MinimumExamplesPerLeaf = 5 });

        Assert.Throws<InvalidOperationException>(() => new LearnedScorer(model));
    }
}
