using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;
using TalentMatch.Matching.Ranking;

namespace TalentMatch.Tests.Ranking;

public sealed class TreeEnsembleScorerTests
{
    static readonly RankingModel Model = SyntheticRanking.Model;
    static readonly TreeEnsembleScorer Scorer = Model.Scorer;

    [Fact]
    public void Scores_exactly_as_MLNET_does_on_unseen_vectors()
    {
        var (engine, _) = MlNet();
        var probes = SyntheticRanking.Probes(2000, seed: 21);

        foreach (var features in probes)
        {
            Assert.Equal(engine.Predict(new Candidate { Features = features }).Score, Scorer.Score(features));
        }
    }

    [Fact]
    public void Sends_a_value_equal_to_a_threshold_left_as_MLNET_does()
    {
        var (engine, ensemble) = MlNet();
        var random = new Random(4);
        var thresholds = ensemble.Trees.SelectMany(t => t.NumericalSplitFeatureIndexes.Zip(t.NumericalSplitThresholds)).ToArray();

        foreach (var (feature, threshold) in thresholds)
        {
            var features = SyntheticRanking.FeatureNames.Select(_ => random.NextSingle()).ToArray();
            features[feature] = threshold;
            Assert.Equal(engine.Predict(new Candidate { Features = features }).Score, Scorer.Score(features));
        }
    }

    [Fact]
    public void Scores_a_batch_as_it_scores_each_candidate_with_or_without_SIMD()
    {
        var probes = SyntheticRanking.Probes(301, seed: 8);
        var rows = probes.SelectMany(p => p).ToArray();
        var vectorised = new float[probes.Length];
        var scalar = new float[probes.Length];

        Scorer.Score(rows, vectorised, vectorised: true);
        Scorer.Score(rows, scalar, vectorised: false);

        var one = probes.Select(p => Scorer.Score(p)).ToArray();
        Assert.Equal(one, vectorised);
        Assert.Equal(one, scalar);
    }

    [Fact]
    public void Every_SIMD_path_gives_the_floats_of_one_by_one_scoring_for_small_and_large_trees()
    {
        var probes = SyntheticRanking.Probes(333, seed: 9);
        var rows = probes.SelectMany(p => p).ToArray();
        var large = LambdaMartTrainer.Train(SyntheticRanking.Train, SyntheticRanking.FeatureNames,
            SyntheticRanking.Settings with { NumberOfTrees = 6, NumberOfLeaves = 48, MinimumExamplesPerLeaf = 2 }).Scorer;
        Assert.True(large.LeafCount > 32 * 5, "the large model must have trees of more than 32 leaves");
        Assert.True(Scorer.HasNarrowTrees);
        Assert.False(large.HasNarrowTrees);

        foreach (var (scorer, paths) in new[]
        {
            (Scorer, new[] { ScoringPath.Eight, ScoringPath.SixteenNarrow }),
            (large, new[] { ScoringPath.Eight }),
        })
        {
            var expected = new float[probes.Length];
            scorer.Score(rows, expected, ScoringPath.OneByOne);
            foreach (var path in paths)
            {
                var actual = new float[probes.Length];
                scorer.Score(rows, actual, path);
                Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), actual.Select(BitConverter.SingleToInt32Bits));
            }
        }
    }

    [Fact]
    public void Scoring_a_batch_allocates_nothing()
    {
        var rows = SyntheticRanking.Probes(300, seed: 2).SelectMany(p => p).ToArray();
        var scores = new float[300];
        var contributions = new double[Scorer.FeatureCount];
        Scorer.Score(rows, scores);
        Scorer.Explain(rows.AsSpan(0, Scorer.FeatureCount), contributions);

        var before = GC.GetAllocatedBytesForCurrentThread();
        Scorer.Score(rows, scores);
        Scorer.Score(rows.AsSpan(0, Scorer.FeatureCount));
        Scorer.Explain(rows.AsSpan(0, Scorer.FeatureCount), contributions);

        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    [Fact]
    public void Gives_the_same_scores_from_many_threads_at_once()
    {
        var probes = SyntheticRanking.Probes(4000, seed: 13);
        var expected = probes.Select(p => Scorer.Score(p)).ToArray();
        var actual = new float[probes.Length];

        Parallel.For(0, probes.Length, i => actual[i] = Scorer.Score(probes[i]));

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Contributions_and_the_base_value_add_up_to_the_score()
    {
        var contributions = new double[Scorer.FeatureCount];
        foreach (var features in SyntheticRanking.Probes(500, seed: 17))
        {
            var score = Scorer.Explain(features, contributions);

            Assert.Equal(Scorer.Score(features), score);
            Assert.Equal(score, Scorer.BaseValue + contributions.Sum(), 1e-5 * Math.Max(1, Math.Abs(score)));
        }
    }

    [Fact]
    public void The_base_value_is_the_mean_training_score_because_leaves_are_weighted_by_training_examples()
    {
        var mean = SyntheticRanking.Train.Average(e => (double)Scorer.Score(e.Features));

        Assert.True(Scorer.HasLeafCoverage);
        Assert.Equal(mean, Scorer.BaseValue, 1e-5);
    }

    [Fact]
    public void Credits_the_features_relevance_depends_on_and_never_a_feature_no_tree_splits_on()
    {
        var contributions = new double[Scorer.FeatureCount];
        var creditedMost = new int[Scorer.FeatureCount];
        foreach (var features in SyntheticRanking.Probes(300, seed: 5))
        {
            Scorer.Explain(features, contributions);
            Assert.Equal(0, contributions[SyntheticRanking.AlwaysZero]);
            creditedMost[Array.IndexOf(contributions, contributions.MaxBy(Math.Abs))]++;
        }

        // Relevance follows skill match (0) most, then experience fit (1); the rest are noise.
        Assert.True(creditedMost[0] + creditedMost[1] > 250, string.Join(", ", creditedMost));
    }

    [Fact]
    public void Refuses_a_vector_of_the_wrong_length()
    {
        Assert.Throws<ArgumentException>(() => Scorer.Score(new float[Scorer.FeatureCount + 1]));
        Assert.Throws<ArgumentException>(() => Scorer.Score(new float[(2 * Scorer.FeatureCount) + 1], new float[2]));
    }

    static (PredictionEngine<Candidate, Prediction> Engine, RegressionTreeEnsemble Ensemble) MlNet()
    {
        using var zip = new MemoryStream();
        Model.Save(zip);
        zip.Position = 0;
        var mlContext = new MLContext();
        var transformer = mlContext.Model.Load(zip, out _);
        var input = SchemaDefinition.Create(typeof(Candidate));
        input[nameof(Candidate.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, SyntheticRanking.FeatureNames.Length);
        var engine = mlContext.Model.CreatePredictionEngine<Candidate, Prediction>(transformer, inputSchemaDefinition: input);
        var ensemble = ((RankingPredictionTransformer<FastTreeRankingModelParameters>)transformer).Model.TrainedTreeEnsemble;
        return (engine, ensemble);
    }

    sealed class Candidate
    {
        public float[] Features { get; set; } = [];
    }

    sealed class Prediction
    {
        public float Score { get; set; }
    }
}
