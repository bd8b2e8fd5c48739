using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using TalentMatch.Matching.Features;
using TalentMatch.Matching.Model;
using TalentMatch.Matching.Ranking;

namespace TalentMatch.Evaluation;

/// <summary>How big the generated sets are and which settings validation chooses among.</summary>
public sealed record TrainingPlan(int Seed = 20261123, int TrainQueries = 3000, int ValidationQueries = 400, int TestQueries = 800)
{
    public IReadOnlyList<LambdaMartSettings> Grid { get; init; } =
    [
        new() { NumberOfTrees = 100, NumberOfLeaves = 20, LearningRate = 0.1, MinimumExamplesPerLeaf = 20 },
        new() { NumberOfTrees = 200, NumberOfLeaves = 32, LearningRate = 0.1, MinimumExamplesPerLeaf = 20 },
    ];
}

public sealed record RankerScores(string Ranker, ConfidenceInterval Ndcg5, ConfidenceInterval Ndcg10, ConfidenceInterval Map, ConfidenceInterval Recall50);

public sealed record TrainingReport(RankingModel Model, string DataHash, string Source, LambdaMartSettings Chosen, IReadOnlyList<RankerScores> Test,
    int TrainRows, int TestQueries, double Seconds);

/// <summary>
/// The `train` command's work: generate labelled matches, train LambdaMART on the training occupations, pick
/// settings on the validation occupations, and score the model and three baselines side by side on the held-out
/// test occupations, with 95% bootstrap intervals.
/// </summary>
public static class RankerTraining
{
    public static TrainingReport Run(SkillSpace space, IReadOnlyList<string> skillLabels, string source, TrainingPlan plan, TextWriter log)
    {
        var clock = Stopwatch.StartNew();
        var generator = new SyntheticMatches(space, plan.Seed);
        var train = generator.Generate(SyntheticMatches.Split.Train, plan.TrainQueries);
        var validation = generator.Generate(SyntheticMatches.Split.Validation, plan.ValidationQueries);
        var test = generator.Generate(SyntheticMatches.Split.Test, plan.TestQueries);
        var trainRows = generator.Examples(train);
        var validationRows = generator.Examples(validation);
        var testRows = generator.Examples(test);
        log.WriteLine($"generated {trainRows.Count:N0} training rows ({generator.Occupations(SyntheticMatches.Split.Train).Count} occupations), " +
                      $"{validationRows.Count:N0} validation rows, {testRows.Count:N0} test rows ({generator.Occupations(SyntheticMatches.Split.Test).Count} occupations) in {clock.Elapsed.TotalSeconds:F1} s");

        RankingModel? best = null;
        LambdaMartSettings? chosen = null;
        var bestScore = double.MinValue;
        foreach (var settings in plan.Grid)
        {
            var candidate = LambdaMartTrainer.Train(trainRows, MatchFeatures.Names, settings with { Seed = plan.Seed });
            var score = RankingMetrics.Evaluate(validationRows, ScoreAll(validationRows, candidate.Score), 10, plan.Seed).Ndcg.Estimate;
            log.WriteLine($"  {settings}: validation NDCG@10 {score:F4} ({clock.Elapsed.TotalSeconds:F1} s)");
            if (score > bestScore)
            {
                (best, chosen, bestScore) = (candidate, settings, score);
            }
        }

        var bm25 = new Bm25Baseline(skillLabels);
        bm25.Index(test.SelectMany(q => q.Openings));
        var bm25Scores = test.SelectMany(q => bm25.Score(q.Person, q.Openings)).ToArray();
        bm25.Dispose();

        var rankers = new (string Name, float[] Scores)[]
        {
            ("LambdaMART (ours)", ScoreAll(testRows, best!.Score)),
            ("Jaccard overlap", PairScores(test, (p, o) => BaselineScores.Jaccard(p, o))),
            ("rarity-weighted overlap", PairScores(test, (p, o) => BaselineScores.RarityWeightedOverlap(space, p, o))),
            ("BM25 over skill labels (Lucene.NET)", bm25Scores),
        };
        var results = rankers.Select(r => new RankerScores(r.Name,
            Interval(testRows, r.Scores, (l, s) => RankingMetrics.NdcgAt(5, l, s), plan.Seed),
            Interval(testRows, r.Scores, (l, s) => RankingMetrics.NdcgAt(10, l, s), plan.Seed),
            Interval(testRows, r.Scores, RankingMetrics.AveragePrecision, plan.Seed),
            Interval(testRows, r.Scores, (l, s) => RankingMetrics.RecallAt(50, l, s), plan.Seed))).ToList();
        return new TrainingReport(best, DataHash(trainRows), source, chosen!, results, trainRows.Count, test.Count, clock.Elapsed.TotalSeconds);
    }

    static ConfidenceInterval Interval(IReadOnlyList<RankingExample> rows, float[] scores, GroupMetric metric, int seed) =>
        RankingMetrics.Bootstrap(RankingMetrics.PerGroup(rows, scores, metric), seed);

    static float[] ScoreAll(IReadOnlyList<RankingExample> rows, Func<ReadOnlySpan<float>, float> score) =>
        rows.Select(r => score(r.Features)).ToArray();

    static float[] PairScores(IReadOnlyList<MatchQuery> queries, Func<Candidate, Opening, float> score) =>
        queries.SelectMany(q => q.Openings.Select(o => score(q.Person, o))).ToArray();

    /// <summary>SHA-256 over every training row, so the metrics file says exactly which data made the model.</summary>
    static string DataHash(IReadOnlyList<RankingExample> rows)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> buffer = stackalloc byte[4];
        foreach (var row in rows)
        {
            BitConverter.TryWriteBytes(buffer, row.GroupId);
            hash.AppendData(buffer);
            BitConverter.TryWriteBytes(buffer, row.Label);
            hash.AppendData(buffer);
            foreach (var value in row.Features)
            {
                BitConverter.TryWriteBytes(buffer, value);
                hash.AppendData(buffer);
            }
        }

        return Convert.ToHexString(hash.GetHashAndReset()).ToLowerInvariant();
    }

    /// <summary>The metrics file committed next to the model.</summary>
    public static string MetricsJson(TrainingReport report, TrainingPlan plan) => JsonSerializer.Serialize(new
    {
        model = "match-ranker.zip",
        version = report.Model.Version,
        trainer = "ML.NET FastTree LambdaMART",
        settings = report.Chosen.ToString(),
        seed = plan.Seed,
        labels = report.Source,
        features = MatchFeatures.Names,
        dataHash = report.DataHash,
        trainingRows = report.TrainRows,
        testQueries = report.TestQueries,
        test = report.Test.Select(r => new
        {
            ranker = r.Ranker,
            ndcg5 = Round(r.Ndcg5),
            ndcg10 = Round(r.Ndcg10),
            map = Round(r.Map),
            recall50 = Round(r.Recall50),
        }),
    }, new JsonSerializerOptions { WriteIndented = true });

    static object Round(ConfidenceInterval c) => new { estimate = Math.Round(c.Estimate, 4), lower = Math.Round(c.Lower, 4), upper = Math.Round(c.Upper, 4) };

    public static string Table(TrainingReport report)
    {
        var table = new StringBuilder();
        table.AppendLine("| ranker | NDCG@5 | NDCG@10 | MAP | Recall@50 |");
        table.AppendLine("|---|---|---|---|---|");
        foreach (var r in report.Test)
        {
            table.AppendLine(CultureInfo.InvariantCulture, $"| {r.Ranker} | {r.Ndcg5} | {r.Ndcg10} | {r.Map} | {r.Recall50} |");
        }

        return table.ToString();
    }
}
