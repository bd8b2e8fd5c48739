namespace TalentMatch.Matching.Ranking;

/// <summary>
/// NDCG@k exactly as LETOR 4.0's official Eval-Score-4.0.pl computes it, used only to set our numbers beside the
/// published baselines, which all came from that script. It differs from <see cref="RankingMetrics.NdcgAt"/> in
/// two ways: ranks 1 and 2 are both undiscounted (rank r ≥ 3 is divided by log2 r), and a query with fewer than
/// k candidates scores 0 at k, because the script only computes NDCG up to the list length and adds the missing
/// positions as 0. On MQ2008, where about half the queries have fewer than ten documents, the second quirk is
/// why published NDCG@10 (about 0.23) sits far below published NDCG@5. Gains (2^label − 1), ties (input order)
/// and queries without relevant documents (0) match <see cref="RankingMetrics"/>.
/// </summary>
public static class LetorEvalScript
{
    public static double NdcgAt(int k, ReadOnlySpan<float> labels, ReadOnlySpan<float> scores)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        if (labels.Length < k)
        {
            return 0;
        }

        var order = RankingMetrics.Rank(labels, scores);
        var ideal = labels.ToArray();
        Array.Sort(ideal, (a, b) => b.CompareTo(a));
        double dcg = 0, idealDcg = 0;
        for (var rank = 1; rank <= k; rank++)
        {
            var discount = rank <= 2 ? 1 : Math.Log2(rank);
            dcg += RankingMetrics.Gain(labels[order[rank - 1]]) / discount;
            idealDcg += RankingMetrics.Gain(ideal[rank - 1]) / discount;
        }

        return idealDcg > 0 ? dcg / idealDcg : 0;
    }
}
