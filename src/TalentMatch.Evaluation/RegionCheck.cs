using TalentMatch.Matching.Features;
using TalentMatch.Matching.Ranking;

namespace TalentMatch.Evaluation;

/// <summary>NDCG@10 of the trained ranker for the test people living in one part of the country (first postcode digit).</summary>
public sealed record RegionGroup(string Region, int Queries, ConfidenceInterval Ndcg10);

/// <summary>
/// How much <c>region_fit</c> moves the trained ranker on the held-out test occupations. The postcode region
/// is there because people travel to their work and say where they live; in the Netherlands it also correlates with
/// migration background, so the card shows, measured rather than argued, that quality does not differ much by
/// region and how far the region alone can shift a score.
/// </summary>
/// <param name="Groups">NDCG@10 per part of the country the person lives in.</param>
/// <param name="NeutralNdcg10">NDCG@10 with every pair's region_fit set to 0.5, the value for an unknown postcode.</param>
/// <param name="MeanShift">Mean absolute score change from setting region_fit to 0.5.</param>
/// <param name="P95Shift">95th percentile of that change.</param>
/// <param name="MaxShift">Largest change.</param>
/// <param name="MedianSpread">Median, over queries, of the distance between a query's highest and lowest score.</param>
public sealed record RegionCheck(IReadOnlyList<RegionGroup> Groups, ConfidenceInterval Ndcg10, ConfidenceInterval NeutralNdcg10,
    double MeanShift, double P95Shift, double MaxShift, double MedianSpread)
{
    static readonly int RegionFit = Array.IndexOf(MatchFeatures.Names, "region_fit");

    public static RegionCheck Measure(IReadOnlyList<MatchQuery> queries, IReadOnlyList<RankingExample> rows, RankingModel model, int seed)
    {
        var scores = rows.Select(r => model.Score(r.Features)).ToArray();
        var neutral = rows.Select(r =>
        {
            var features = (float[])r.Features.Clone();
            features[RegionFit] = 0.5f;
            return model.Score(features);
        }).ToArray();
        GroupMetric ndcg10 = (labels, s) => RankingMetrics.NdcgAt(10, labels, s);
        var perQuery = RankingMetrics.PerGroup(rows, scores, ndcg10);
        var groups = queries.Select((q, i) => (Region: $"{q.Person.Postcode / 1000}xxx", Ndcg: perQuery[i]))
            .GroupBy(q => q.Region)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new RegionGroup(g.Key, g.Count(), RankingMetrics.Bootstrap(g.Select(q => q.Ndcg).ToList(), seed)))
            .ToList();
        var shifts = scores.Zip(neutral, (a, b) => (double)Math.Abs(a - b)).Order().ToArray();
        var spreads = RankingMetrics.PerGroup(rows, scores, (_, s) =>
        {
            float low = float.MaxValue, high = float.MinValue;
            foreach (var score in s)
            {
                (low, high) = (Math.Min(low, score), Math.Max(high, score));
            }

            return high - low;
        }).Order().ToArray();
        return new RegionCheck(groups, RankingMetrics.Bootstrap(perQuery, seed),
            RankingMetrics.Bootstrap(RankingMetrics.PerGroup(rows, neutral, ndcg10), seed),
            shifts.Average(), shifts[(int)(0.95 * (shifts.Length - 1))], shifts[^1], spreads[spreads.Length / 2]);
    }
}
