using System.Diagnostics;

namespace TalentMatch.Matching.Ranking;

/// <summary>
/// Checks our LambdaMART against the public LETOR 4.0 MQ2008 benchmark, following LETOR's protocol: for each of
/// the five folds, train on the fold's training partitions, use the validation partition only to choose among
/// a small grid of settings, and report NDCG@10 on the untouched test partition. Two figures are reported: our
/// <see cref="RankingMetrics.NdcgAt"/>, and the same ranking as LETOR's own script scores it
/// (<see cref="LetorEvalScript"/>), which is the one to set beside the published baselines. One difference from
/// those baselines remains: most of them chose their settings by validation MAP, we choose by validation NDCG@10.
/// </summary>
public static class LetorCheck
{
    /// <summary>MQ2008 has 46 features, all already normalised per query.</summary>
    public const int FeatureCount = 46;

    public const int CutOff = 10;

    /// <summary>
    /// Published LETOR 4.0 MQ2008 baselines (RankSVM-Struct, ListNet, AdaRank-MAP, AdaRank-NDCG, RankBoost) all
    /// reach NDCG@10 of roughly 0.22–0.23 as Eval-Score-4.0.pl measures it (T. Qin and T.-Y. Liu, "Introducing
    /// LETOR 4.0 Datasets", 2013, and the LETOR 4.0 baseline page). Only the rounded figure is kept here, so the
    /// comparison is a sanity check of the training code, not a ranking against each published algorithm.
    /// </summary>
    public const double PublishedBaselineNdcgAt10 = 0.23;

    /// <summary>Eight settings: 100 or 300 trees, 10 or 20 leaves, learning rate 0.05 or 0.1.</summary>
    public static IReadOnlyList<LambdaMartSettings> DefaultGrid { get; } =
    [
        .. from trees in new[] { 100, 300 }
           from leaves in new[] { 10, 20 }
           from rate in new[] { 0.05, 0.1 }
           select new LambdaMartSettings { NumberOfTrees = trees, NumberOfLeaves = leaves, LearningRate = rate },
    ];

    /// <summary>Runs all five folds over <see cref="DefaultGrid"/>.</summary>
    /// <param name="folder">The MQ2008 folder holding the partitions S1 to S5 (<c>S1.txt</c> or <c>S1.txt.gz</c>).</param>
    public static Task<LetorCheckResult> RunAsync(string folder, TextWriter output, CancellationToken cancellationToken = default) =>
        RunAsync(folder, output, LetorCheckOptions.AllFolds, cancellationToken);

    public static async Task<LetorCheckResult> RunAsync(string folder, TextWriter output, LetorCheckOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var clock = Stopwatch.StartNew();
        var partitions = new IReadOnlyList<RankingExample>[5];
        for (var s = 0; s < 5; s++)
        {
            partitions[s] = await Letor.ReadFileAsync(PartitionPath(folder, s + 1), FeatureCount, cancellationToken);
        }

        await output.WriteLineAsync($"LETOR 4.0 MQ2008, {partitions.Sum(p => p.Count)} rows; grid of {options.Grid.Count} settings chosen by validation NDCG@{CutOff}");
        await output.WriteLineAsync("fold  chosen settings                                          vali NDCG@10  test NDCG@10 [95% CI]     test NDCG@10 (LETOR script)  seconds");
        var folds = new List<LetorFoldResult>();
        foreach (var fold in options.Folds)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var foldResult = RunFold(fold, partitions, options.Grid);
            folds.Add(foldResult);
            await output.WriteLineAsync(
                $"{fold,4}  {foldResult.Settings,-55}  {foldResult.ValidationNdcg,12:0.0000}  {foldResult.Test.Ndcg,-25}  {foldResult.TestNdcgLetorScript,27:0.0000}  {foldResult.Elapsed.TotalSeconds,7:0.0}");
        }

        var pooled = RankingMetrics.Bootstrap([.. folds.SelectMany(f => f.Test.NdcgPerGroup)], seed: 1);
        var result = new LetorCheckResult(
            folds,
            folds.Average(f => f.Test.Ndcg.Estimate),
            folds.Average(f => f.TestNdcgLetorScript),
            pooled,
            clock.Elapsed);
        await output.WriteLineAsync($"mean  NDCG@10 {result.MeanNdcg:0.0000} (all test queries pooled: {pooled}); as the LETOR script measures it {result.MeanNdcgLetorScript:0.0000}");
        await output.WriteLineAsync($"      published LETOR 4.0 baselines (RankSVM, ListNet, AdaRank, RankBoost), LETOR script: about {PublishedBaselineNdcgAt10:0.00} (rounded; Qin and Liu 2013)");
        await output.WriteLineAsync($"      {result.Elapsed.TotalSeconds:0} s in all");
        return result;
    }

    static LetorFoldResult RunFold(int fold, IReadOnlyList<RankingExample>[] partitions, IReadOnlyList<LambdaMartSettings> grid)
    {
        var clock = Stopwatch.StartNew();

        // Fold 1 trains on S1–S3, validates on S4 and tests on S5; each later fold shifts every role by one.
        IReadOnlyList<RankingExample> Partition(int offset) => partitions[(fold - 1 + offset) % 5];
        RankingExample[] train = [.. Partition(0), .. Partition(1), .. Partition(2)];
        var validation = Partition(3);
        var test = Partition(4);

        RankingModel? best = null;
        var bestValidation = double.NegativeInfinity;
        foreach (var settings in grid)
        {
            var model = LambdaMartTrainer.Train(train, FeatureNames, settings);
            var ndcg = RankingMetrics.PerGroup(validation, ScoreAll(model, validation), NdcgAtCutOff).Average();
            if (ndcg > bestValidation)
            {
                (best, bestValidation) = (model, ndcg);
            }
        }

        var scores = ScoreAll(best!, test);
        return new LetorFoldResult(
            fold,
            best!.Settings,
            bestValidation,
            RankingMetrics.Evaluate(test, scores, CutOff, seed: fold),
            RankingMetrics.PerGroup(test, scores, (labels, s) => LetorEvalScript.NdcgAt(CutOff, labels, s)).Average(),
            clock.Elapsed);
    }

    static double NdcgAtCutOff(ReadOnlySpan<float> labels, ReadOnlySpan<float> scores) => RankingMetrics.NdcgAt(CutOff, labels, scores);

    static float[] ScoreAll(RankingModel model, IReadOnlyList<RankingExample> examples) =>
        [.. examples.Select(e => model.Score(e.Features))];

    static IReadOnlyList<string> FeatureNames { get; } = [.. Enumerable.Range(1, FeatureCount).Select(i => $"letor_{i}")];

    static string PartitionPath(string folder, int partition)
    {
        foreach (var name in new[] { $"S{partition}.txt.gz", $"S{partition}.txt" })
        {
            var path = Path.Combine(folder, name);
            if (File.Exists(path))
            {
                return path;
            }
        }

        throw new FileNotFoundException($"MQ2008 partition S{partition} (S{partition}.txt.gz or S{partition}.txt) is not in {folder}.");
    }
}

/// <summary>Which folds to run and which settings validation chooses from.</summary>
public sealed record LetorCheckOptions(IReadOnlyList<int> Folds, IReadOnlyList<LambdaMartSettings> Grid)
{
    public static LetorCheckOptions AllFolds { get; } = new([1, 2, 3, 4, 5], LetorCheck.DefaultGrid);

    internal void Validate()
    {
        if (Folds.Count == 0 || Folds.Any(f => f is < 1 or > 5))
        {
            throw new ArgumentException("Folds are numbered 1 to 5.", nameof(Folds));
        }

        if (Grid.Count == 0)
        {
            throw new ArgumentException("The grid needs at least one setting.", nameof(Grid));
        }
    }
}

/// <param name="TestNdcgLetorScript">Test NDCG@10 as Eval-Score-4.0.pl would report it (see <see cref="LetorEvalScript"/>).</param>
public sealed record LetorFoldResult(
    int Fold,
    LambdaMartSettings Settings,
    double ValidationNdcg,
    RankingEvaluation Test,
    double TestNdcgLetorScript,
    TimeSpan Elapsed);

/// <param name="MeanNdcg">Mean over the folds of test NDCG@10.</param>
/// <param name="PooledNdcg">Test NDCG@10 over every fold's test queries together (each MQ2008 query is tested in
/// exactly one fold), with its bootstrap interval.</param>
public sealed record LetorCheckResult(
    IReadOnlyList<LetorFoldResult> Folds,
    double MeanNdcg,
    double MeanNdcgLetorScript,
    ConfidenceInterval PooledNdcg,
    TimeSpan Elapsed);
