using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
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
    int TrainRows, int TestQueries, double Seconds, OutcomeReport? Outcomes = null, RegionCheck? Region = null);

/// <summary>What recorded coach outcomes added to a run: rows and groups trained on, and scores on the held-out groups when there were enough.</summary>
public sealed record OutcomeReport(int Rows, int Groups, int TrainRows, int TrainGroups, int HeldOutRows, int HeldOutGroups, IReadOnlyList<RankerScores> HeldOut);

/// <summary>
/// The `train` command's work: generate labelled matches, train LambdaMART on the training occupations, pick
/// settings on the validation occupations, and score the model and three baselines side by side on the held-out
/// test occupations, with 95% bootstrap intervals. With recorded coach outcomes, each outcome vacancy joins the
/// training data as a query of its own, and a fifth of them (when there are enough) are held out and scored too.
/// </summary>
public static class RankerTraining
{
    public static TrainingReport Run(SkillSpace space, IReadOnlyList<string> skillLabels, string source, TrainingPlan plan, TextWriter log, OutcomeSet? outcomes = null)
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
        IReadOnlyList<RankingExample> heldOutRows = [];
        float[] heldOutJaccard = [];
        var (trainGroups, heldOutGroups) = (0, 0);
        if (outcomes is not null)
        {
            // Kept as separate queries, not merged into ESCO ones: a ranker learns from the order within a query,
            // and an outcome group's order was judged by people, on real vacancies.
            var holdOut = outcomes.Groups.Count >= OutcomeGrades.MinimumGroupsForHeldOut;
            var training = outcomes.Groups.Where(g => !holdOut || !OutcomeGrades.IsHeldOut(g.VacancyId)).ToList();
            var heldOut = outcomes.Groups.Where(g => holdOut && OutcomeGrades.IsHeldOut(g.VacancyId)).ToList();
            (trainGroups, heldOutGroups) = (training.Count, heldOut.Count);
            trainRows = [.. trainRows, .. OutcomeGrades.Examples(training, trainRows.Count == 0 ? 0 : trainRows.Max(r => r.GroupId) + 1)];
            heldOutRows = OutcomeGrades.Examples(heldOut, 0);
            heldOutJaccard = heldOut.SelectMany(g => g.Rows).Select(r => r.Jaccard).ToArray();
            log.WriteLine($"added {training.Sum(g => g.Rows.Count):N0} outcome rows in {training.Count} vacancies to training; {heldOutRows.Count:N0} rows in {heldOut.Count} vacancies held out");
        }

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
        var results = rankers.Select(r => Scores(r.Name, testRows, r.Scores, plan.Seed)).ToList();
        OutcomeReport? outcomeReport = null;
        if (outcomes is not null)
        {
            var heldOutScores = heldOutRows.Count == 0 ? [] : new (string Name, float[] Scores)[]
            {
                ("LambdaMART (ours)", ScoreAll(heldOutRows, best!.Score)),
                ("Jaccard overlap", heldOutJaccard),
            }.Select(r => Scores(r.Name, heldOutRows, r.Scores, plan.Seed)).ToList();
            outcomeReport = new OutcomeReport(outcomes.RowCount, outcomes.Groups.Count, outcomes.RowCount - heldOutRows.Count, trainGroups,
                heldOutRows.Count, heldOutGroups, heldOutScores);
        }

        var region = RegionCheck.Measure(test, testRows, best!, plan.Seed);
        return new TrainingReport(best, DataHash(trainRows), source, chosen!, results, trainRows.Count, test.Count, clock.Elapsed.TotalSeconds, outcomeReport, region);
    }

    static RankerScores Scores(string ranker, IReadOnlyList<RankingExample> rows, float[] scores, int seed) => new(ranker,
        Interval(rows, scores, (l, s) => RankingMetrics.NdcgAt(5, l, s), seed),
        Interval(rows, scores, (l, s) => RankingMetrics.NdcgAt(10, l, s), seed),
        Interval(rows, scores, RankingMetrics.AveragePrecision, seed),
        Interval(rows, scores, (l, s) => RankingMetrics.RecallAt(50, l, s), seed));

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
        test = report.Test.Select(Rounded),
        regionFit = report.Region is not { } r ? null : new
        {
            ndcg10ByRegion = r.Groups.Select(g => new { region = g.Region, queries = g.Queries, ndcg10 = Round(g.Ndcg10) }),
            ndcg10 = Round(r.Ndcg10),
            ndcg10WithRegionUnknown = Round(r.NeutralNdcg10),
            scoreShift = new { mean = Math.Round(r.MeanShift, 4), p95 = Math.Round(r.P95Shift, 4), max = Math.Round(r.MaxShift, 4) },
            medianScoreSpreadPerQuery = Math.Round(r.MedianSpread, 4),
        },
        // Present only when coach outcomes were used, so a plain run writes the same file as before they existed.
        outcomes = report.Outcomes is not { } o ? null : new
        {
            grades = "hired 4, interview 3, proposed or accepted 2, shortlisted 1, rejected 0; declined left out",
            rows = o.Rows,
            groups = o.Groups,
            trainingRows = o.TrainRows,
            trainingGroups = o.TrainGroups,
            heldOutRows = o.HeldOutRows,
            heldOutGroups = o.HeldOutGroups,
            heldOut = o.HeldOut.Select(Rounded),
        },
    }, new JsonSerializerOptions { WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull });

    static object Rounded(RankerScores r) => new
    {
        ranker = r.Ranker,
        ndcg5 = Round(r.Ndcg5),
        ndcg10 = Round(r.Ndcg10),
        map = Round(r.Map),
        recall50 = Round(r.Recall50),
    };

    static object Round(ConfidenceInterval c) => new { estimate = Math.Round(c.Estimate, 4), lower = Math.Round(c.Lower, 4), upper = Math.Round(c.Upper, 4) };

    public static string Table(TrainingReport report) => Table(report.Test);

    public static string Table(IReadOnlyList<RankerScores> scores)
    {
        var table = new StringBuilder();
        table.AppendLine("| ranker | NDCG@5 | NDCG@10 | MAP | Recall@50 |");
        table.AppendLine("|---|---|---|---|---|");
        foreach (var r in scores)
        {
            table.AppendLine(CultureInfo.InvariantCulture, $"| {r.Ranker} | {r.Ndcg5} | {r.Ndcg10} | {r.Map} | {r.Recall50} |");
        }

        return table.ToString();
    }
}
