namespace TalentMatch.Matching.Ranking;

/// <summary>A per-query quality measure over the labels of one query's candidates and the scores they got.</summary>
public delegate double GroupMetric(ReadOnlySpan<float> labels, ReadOnlySpan<float> scores);

/// <summary>
/// Offline ranking quality. Within a query, candidates are ranked by score, highest first; equal scores keep
/// their input order (as the LETOR evaluation script does), and NaN ranks last. "Relevant" means label &gt; 0.
/// A query without any relevant candidate scores 0 on every measure and still counts in the mean, which is the
/// LETOR 4.0 convention (Eval-Score-4.0.pl sets NDCG to 0 when the ideal DCG is 0, and average precision to 0
/// when nothing is relevant). It keeps models comparable with the published numbers; the price is a ceiling
/// below 1 on data such as MQ2008, where about a quarter of the queries have nothing relevant.
/// </summary>
public static class RankingMetrics
{
    public const int BootstrapResamples = 1000;

    /// <summary>NDCG@k with gain 2^label − 1 and discount 1 / log2(rank + 1), normalised by the ideal order of the
    /// query's own labels.</summary>
    public static double NdcgAt(int k, ReadOnlySpan<float> labels, ReadOnlySpan<float> scores)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        var order = Rank(labels, scores);
        var ideal = labels.ToArray();
        Array.Sort(ideal, (a, b) => b.CompareTo(a));

        double dcg = 0, idealDcg = 0;
        for (var rank = 1; rank <= Math.Min(k, order.Length); rank++)
        {
            var discount = Math.Log2(rank + 1);
            dcg += Gain(labels[order[rank - 1]]) / discount;
            idealDcg += Gain(ideal[rank - 1]) / discount;
        }

        return idealDcg > 0 ? dcg / idealDcg : 0;
    }

    /// <summary>Average precision over the whole ranked list; its mean over queries is MAP.</summary>
    public static double AveragePrecision(ReadOnlySpan<float> labels, ReadOnlySpan<float> scores)
    {
        var order = Rank(labels, scores);
        double found = 0, precisionSum = 0;
        for (var rank = 1; rank <= order.Length; rank++)
        {
            if (labels[order[rank - 1]] > 0)
            {
                found++;
                precisionSum += found / rank;
            }
        }

        return found > 0 ? precisionSum / found : 0;
    }

    /// <summary>Share of the query's relevant candidates found in the top k.</summary>
    public static double RecallAt(int k, ReadOnlySpan<float> labels, ReadOnlySpan<float> scores)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        var order = Rank(labels, scores);
        double relevant = 0, found = 0;
        for (var i = 0; i < order.Length; i++)
        {
            if (labels[order[i]] > 0)
            {
                relevant++;
                found += i < k ? 1 : 0;
            }
        }

        return relevant > 0 ? found / relevant : 0;
    }

    /// <summary>The metric for every query, in query order.</summary>
    public static double[] PerGroup(IReadOnlyList<RankingExample> examples, ReadOnlySpan<float> scores, GroupMetric metric)
    {
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentNullException.ThrowIfNull(metric);
        if (scores.Length != examples.Count)
        {
            throw new ArgumentException($"{scores.Length} scores for {examples.Count} examples.", nameof(scores));
        }

        var groups = RankingGroups.Of(examples);
        var labels = examples.Select(e => e.Label).ToArray();
        var values = new double[groups.Count];
        for (var g = 0; g < groups.Count; g++)
        {
            var (start, count) = (groups[g].Start, groups[g].Count);
            values[g] = metric(labels.AsSpan(start, count), scores.Slice(start, count));
        }

        return values;
    }

    /// <summary>NDCG@k, MAP and Recall@k over all queries, each with a bootstrap interval.</summary>
    public static RankingEvaluation Evaluate(IReadOnlyList<RankingExample> examples, ReadOnlySpan<float> scores, int k = 10, int seed = 1)
    {
        var ndcg = PerGroup(examples, scores, (labels, s) => NdcgAt(k, labels, s));
        var averagePrecision = PerGroup(examples, scores, AveragePrecision);
        var recall = PerGroup(examples, scores, (labels, s) => RecallAt(k, labels, s));
        return new RankingEvaluation(ndcg.Length, k, Bootstrap(ndcg, seed), Bootstrap(averagePrecision, seed), Bootstrap(recall, seed), ndcg);
    }

    /// <summary>
    /// The mean of per-query values with a 95% percentile-bootstrap interval: resample the queries with
    /// replacement <paramref name="resamples"/> times, take each resample's mean, and read the 2.5th and 97.5th
    /// percentiles (linear interpolation between order statistics). Queries, not candidates, are resampled
    /// because candidates of one query are not independent. The same seed gives the same interval.
    /// </summary>
    public static ConfidenceInterval Bootstrap(IReadOnlyList<double> perGroup, int seed, int resamples = BootstrapResamples)
    {
        ArgumentNullException.ThrowIfNull(perGroup);
        ArgumentOutOfRangeException.ThrowIfLessThan(resamples, 2);
        if (perGroup.Count == 0)
        {
            throw new ArgumentException("There are no queries to bootstrap.", nameof(perGroup));
        }

        var random = new Random(seed);
        var means = new double[resamples];
        for (var r = 0; r < resamples; r++)
        {
            var sum = 0.0;
            for (var i = 0; i < perGroup.Count; i++)
            {
                sum += perGroup[random.Next(perGroup.Count)];
            }

            means[r] = sum / perGroup.Count;
        }

        Array.Sort(means);
        return new ConfidenceInterval(perGroup.Average(), Percentile(means, 0.025), Percentile(means, 0.975));
    }

    internal static double Gain(float label) => Math.Pow(2, label) - 1;

    /// <summary>Indexes of the candidates, best score first, ties in input order, NaN last.</summary>
    internal static int[] Rank(ReadOnlySpan<float> labels, ReadOnlySpan<float> scores)
    {
        if (labels.Length != scores.Length)
        {
            throw new ArgumentException($"{labels.Length} labels but {scores.Length} scores.", nameof(scores));
        }

        var keys = scores.ToArray();
        var order = Enumerable.Range(0, keys.Length).ToArray();
        Array.Sort(order, (a, b) =>
        {
            var byScore = keys[b].CompareTo(keys[a]);
            return byScore != 0 ? byScore : a.CompareTo(b);
        });
        return order;
    }

    static double Percentile(double[] sorted, double p)
    {
        var position = p * (sorted.Length - 1);
        var below = (int)Math.Floor(position);
        var above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }
}

/// <summary>A mean and its 95% bootstrap interval.</summary>
public readonly record struct ConfidenceInterval(double Estimate, double Lower, double Upper)
{
    public override string ToString() => $"{Estimate:0.0000} [{Lower:0.0000}, {Upper:0.0000}]";
}

public sealed record RankingEvaluation(
    int Groups,
    int K,
    ConfidenceInterval Ndcg,
    ConfidenceInterval MeanAveragePrecision,
    ConfidenceInterval Recall,
    IReadOnlyList<double> NdcgPerGroup);
