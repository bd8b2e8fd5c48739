using System.IO.Compression;
using System.Security.Cryptography;
using TalentMatch.Matching.Ranking;

namespace TalentMatch.Tests.Ranking;

public sealed class LambdaMartTrainerTests
{
    [Fact]
    public void The_same_data_and_seed_give_the_same_model_file_and_bit_identical_scores()
    {
        var train = SyntheticRanking.Examples(groups: 30, perGroup: 15, seed: 3);

        var first = LambdaMartTrainer.Train(train, SyntheticRanking.FeatureNames, SyntheticRanking.Settings);
        var second = LambdaMartTrainer.Train(train, SyntheticRanking.FeatureNames, SyntheticRanking.Settings);

        Assert.Equal(first.Version, second.Version);
        foreach (var features in SyntheticRanking.Probes(1000, seed: 9))
        {
            Assert.Equal(BitConverter.SingleToInt32Bits(first.Score(features)), BitConverter.SingleToInt32Bits(second.Score(features)));
        }
    }

    [Fact]
    public void Ranks_unseen_queries_far_better_than_their_given_order()
    {
        var test = SyntheticRanking.Examples(groups: 40, perGroup: 20, seed: 99);
        var scores = test.Select(e => SyntheticRanking.Model.Score(e.Features)).ToArray();

        var model = RankingMetrics.Evaluate(test, scores).Ndcg.Estimate;
        var givenOrder = RankingMetrics.Evaluate(test, new float[test.Length]).Ndcg.Estimate;

        Assert.True(model > 0.9, $"model {model:0.000}");
        Assert.True(model > givenOrder + 0.3, $"model {model:0.000}, given order {givenOrder:0.000}");
    }

    [Fact]
    public void A_saved_model_loads_back_with_its_version_names_settings_and_scores()
    {
        var model = SyntheticRanking.Model;
        using var zip = new MemoryStream();
        model.Save(zip);

        var loaded = RankingModel.Load(new MemoryStream(zip.ToArray()));

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(zip.ToArray()))[..12], loaded.Version);
        Assert.Equal(model.Version, loaded.Version);
        Assert.Equal(SyntheticRanking.FeatureNames, loaded.FeatureNames);
        Assert.Equal(SyntheticRanking.Settings, loaded.Settings);
        Assert.Equal(SyntheticRanking.Train.Length, loaded.TrainingExamples);
        Assert.Equal(60, loaded.TrainingGroups);
        Assert.Equal(model.Scorer.BaseValue, loaded.Scorer.BaseValue);
        foreach (var features in SyntheticRanking.Probes(200, seed: 1))
        {
            Assert.Equal(model.Score(features), loaded.Score(features));
        }
    }

    [Fact]
    public void Explains_a_score_by_feature_name_largest_effect_first()
    {
        var features = new float[] { 0.95f, 0.9f, 0.5f, 0.5f, 0.5f, 0 };

        var explanation = SyntheticRanking.Model.Explain(features);

        Assert.Equal(SyntheticRanking.Model.Score(features), explanation.Score);
        Assert.Equal("skill_match", explanation.Contributions[0].Feature);
        Assert.DoesNotContain(explanation.Contributions, c => c.Feature == "always_zero");
        Assert.Equal(explanation.Score, explanation.BaseValue + explanation.Contributions.Sum(c => c.Contribution), 1e-5);
    }

    [Fact]
    public void Refuses_a_zip_that_is_not_a_ranking_model()
    {
        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            archive.CreateEntry("something/else.txt");
        }

        Assert.Throws<InvalidDataException>(() => RankingModel.Load(new MemoryStream(zip.ToArray())));
    }

    [Fact]
    public void Refuses_queries_whose_rows_are_not_contiguous()
    {
        var train = SyntheticRanking.Examples(groups: 3, perGroup: 4, seed: 1).ToList();
        (train[0], train[^1]) = (train[^1], train[0]);

        Assert.Throws<ArgumentException>(() => LambdaMartTrainer.Train(train, SyntheticRanking.FeatureNames, SyntheticRanking.Settings));
    }

    [Theory]
    [InlineData(5f)]
    [InlineData(-1f)]
    [InlineData(0.5f)]
    public void Refuses_labels_FastTree_has_no_gain_for(float label)
    {
        var train = SyntheticRanking.Examples(groups: 3, perGroup: 4, seed: 1);
        train[2] = train[2] with { Label = label };

        Assert.Throws<ArgumentException>(() => LambdaMartTrainer.Train(train, SyntheticRanking.FeatureNames, SyntheticRanking.Settings));
    }

    [Fact]
    public void Refuses_examples_that_do_not_match_the_feature_names()
    {
        var train = SyntheticRanking.Examples(groups: 3, perGroup: 4, seed: 1);

        Assert.Throws<ArgumentException>(() => LambdaMartTrainer.Train(train, SyntheticRanking.FeatureNames[..^1], SyntheticRanking.Settings));
    }
}
