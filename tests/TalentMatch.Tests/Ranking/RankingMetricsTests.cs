using TalentMatch.Matching.Ranking;

namespace TalentMatch.Tests.Ranking;

public sealed class RankingMetricsTests
{
    // Scores rank the candidates 1, 2, 0; their labels in that order are 0, 1, 2 (the worst possible order).
    static readonly float[] Labels = [2, 0, 1];
    static readonly float[] Scores = [0.1f, 0.9f, 0.5f];

    [Fact]
    public void NDCG_uses_exponential_gain_and_a_log2_rank_plus_one_discount()
    {
        var dcg = 0 + (1 / Math.Log2(3)) + (3 / Math.Log2(4));
        var ideal = 3 + (1 / Math.Log2(3)) + 0;
        Assert.Equal(dcg / ideal, RankingMetrics.NdcgAt(3, Labels, Scores), 12);
    }

    [Fact]
    public void NDCG_at_k_counts_only_the_top_k_against_the_ideal_top_k()
    {
        Assert.Equal(0, RankingMetrics.NdcgAt(1, Labels, Scores), 12);
        Assert.Equal((1 / Math.Log2(3)) / (3 + (1 / Math.Log2(3))), RankingMetrics.NdcgAt(2, Labels, Scores), 12);
    }

    [Fact]
    public void NDCG_of_the_ideal_order_is_one_even_when_k_exceeds_the_list()
    {
        Assert.Equal(1, RankingMetrics.NdcgAt(10, Labels, [3f, 1f, 2f]), 12);
    }

    [Fact]
    public void Average_precision_averages_precision_at_each_relevant_rank()
    {
        Assert.Equal(((1.0 / 2) + (2.0 / 3)) / 2, RankingMetrics.AveragePrecision(Labels, Scores), 12);
    }

    [Theory]
    [InlineData(1, 0.0)]
    [InlineData(2, 0.5)]
    [InlineData(3, 1.0)]
    public void Recall_at_k_is_the_share_of_relevant_candidates_in_the_top_k(int k, double expected)
    {
        Assert.Equal(expected, RankingMetrics.RecallAt(k, Labels, Scores), 12);
    }

    [Fact]
    public void A_query_without_relevant_candidates_scores_zero_on_every_measure()
    {
        float[] labels = [0, 0, 0];
        float[] scores = [1, 2, 3];
        Assert.Equal(0, RankingMetrics.NdcgAt(10, labels, scores));
        Assert.Equal(0, RankingMetrics.AveragePrecision(labels, scores));
        Assert.Equal(0, RankingMetrics.RecallAt(10, labels, scores));
    }

    [Fact]
    public void Equal_scores_keep_input_order_and_NaN_ranks_last()
    {
        Assert.Equal(0, RankingMetrics.NdcgAt(1, [0f, 1f], [0.5f, 0.5f]));
        Assert.Equal(1, RankingMetrics.NdcgAt(1, [1f, 0f], [0.5f, 0.5f]));
        Assert.Equal(0, RankingMetrics.NdcgAt(1, [1f, 0f], [float.NaN, -100f]));
    }

    [Fact]
    public void Per_group_values_follow_the_queries_in_order()
    {
        RankingExample[] examples =
        [
            new(7, 1, []), new(7, 0, []),
            new(3, 0, []), new(3, 0, []),
            new(9, 0, []), new(9, 2, []),
        ];
        float[] scores = [2, 1, 5, 4, 2, 1];

        var ndcg = RankingMetrics.PerGroup(examples, scores, (labels, s) => RankingMetrics.NdcgAt(1, labels, s));

        Assert.Equal([1.0, 0.0, 0.0], ndcg);
    }

    [Fact]
    public void Evaluate_reports_the_means_over_queries()
    {
        RankingExample[] examples = [new(1, 1, []), new(1, 0, []), new(2, 1, []), new(2, 0, [])];

        var evaluation = RankingMetrics.Evaluate(examples, [1f, 0f, 0f, 1f], k: 1);

        Assert.Equal(2, evaluation.Groups);
        Assert.Equal(0.5, evaluation.Ndcg.Estimate, 12);
        Assert.Equal((1 + 0.5) / 2, evaluation.MeanAveragePrecision.Estimate, 12);
        Assert.Equal(0.5, evaluation.Recall.Estimate, 12);
    }

    [Fact]
    public void Bootstrap_interval_of_constant_values_is_that_value()
    {
        var interval = RankingMetrics.Bootstrap(Enumerable.Repeat(0.25, 50).ToArray(), seed: 3);

        Assert.Equal(new ConfidenceInterval(0.25, 0.25, 0.25), interval);
    }

    [Fact]
    public void Bootstrap_interval_matches_the_normal_approximation_for_a_fair_coin()
    {
        // 100 queries scoring 0 or 1: mean 0.5, standard error 0.05, so the 95% interval is about 0.40 to 0.60.
        var values = Enumerable.Range(0, 100).Select(i => i % 2 * 1.0).ToArray();

        var interval = RankingMetrics.Bootstrap(values, seed: 11);

        Assert.Equal(0.5, interval.Estimate, 12);
        Assert.InRange(interval.Lower, 0.38, 0.43);
        Assert.InRange(interval.Upper, 0.57, 0.62);
    }

    [Fact]
    public void Bootstrap_is_repeatable_for_a_seed()
    {
        var values = Enumerable.Range(0, 40).Select(i => Math.Sin(i) * Math.Sin(i)).ToArray();

        Assert.Equal(RankingMetrics.Bootstrap(values, seed: 5), RankingMetrics.Bootstrap(values, seed: 5));
        Assert.NotEqual(RankingMetrics.Bootstrap(values, seed: 5), RankingMetrics.Bootstrap(values, seed: 6));
    }
}
