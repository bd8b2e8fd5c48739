using TalentMatch.Matching.Ranking;

namespace TalentMatch.Tests.Ranking;

public sealed class LetorEvalScriptTests
{
    [Fact]
    public void Does_not_discount_the_second_rank()
    {
        float[] labels = [0, 1, 0];
        float[] scores = [3, 2, 1];

        Assert.Equal(1, LetorEvalScript.NdcgAt(2, labels, scores), 12);
        Assert.Equal(1 / Math.Log2(3), RankingMetrics.NdcgAt(2, labels, scores), 12);
    }

    [Fact]
    public void Discounts_rank_r_from_three_on_by_log2_r()
    {
        float[] labels = [0, 0, 1];
        float[] scores = [3, 2, 1];

        Assert.Equal(1 / Math.Log2(3), LetorEvalScript.NdcgAt(3, labels, scores), 12);
    }

    [Fact]
    public void Scores_a_query_shorter_than_k_as_zero()
    {
        Assert.Equal(0, LetorEvalScript.NdcgAt(10, [1f, 0f], [2f, 1f]));
        Assert.Equal(1, RankingMetrics.NdcgAt(10, [1f, 0f], [2f, 1f]));
    }
}
