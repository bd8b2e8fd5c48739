using System.Diagnostics;
using System.Globalization;
using TalentMatch.Evaluation;
using TalentMatch.Matching.Features;
using TalentMatch.Matching.Ranking;
using TalentMatch.Web.Features.Matching;
using TalentMatch.Web.Features.Taxonomy;

namespace TalentMatch.Benchmarks;

/// <summary>
/// LambdaMART training time on about a million labelled rows, generated the way `train` generates them (people and
/// vacancies from the training occupations, 100 openings per person), with the settings the committed model was
/// trained with, read from the model file itself.
/// </summary>
static class TrainingTimeBenchmark
{
    public static async Task RunAsync(int rows)
    {
        var space = Machine.EscoSpace();
        var committed = Machine.CommittedModel();
        var plan = new TrainingPlan();
        var settings = committed.Settings;
        var clock = Stopwatch.StartNew();
        var generator = new SyntheticMatches(space, plan.Seed);
        var queries = generator.Generate(SyntheticMatches.Split.Train, (rows + SyntheticMatches.OpeningsPerQuery - 1) / SyntheticMatches.OpeningsPerQuery);
        var examples = generator.Examples(queries);
        var generating = clock.Elapsed.TotalSeconds;
        Console.WriteLine($"generated {examples.Count:N0} rows in {generating:F1} s; training with {settings}");

        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        clock.Restart();
        var model = LambdaMartTrainer.Train(examples, MatchFeatures.Names, settings);
        var training = clock.Elapsed.TotalSeconds;
        process.Refresh();
        var cpuSeconds = (process.TotalProcessorTime - cpu).TotalSeconds;
        var load = Machine.LoadAverage();
        Console.WriteLine($"trained in {training:F1} s ({cpuSeconds:F1} s CPU), model {model.Version}");

        var report = string.Create(CultureInfo.InvariantCulture, $"""
            # LambdaMART training time at a million rows

            Target: training on 1M rows ≤ 60 s.

            Command: `dotnet run -c Release --project benchmarks/TalentMatch.Benchmarks -- training-time {rows}`

            {examples.Count:N0} labelled rows ({queries.Count:N0} people from the ESCO v1.1.1 training occupations, {SyntheticMatches.OpeningsPerQuery}
            openings each, {MatchFeatures.Count} features), generated as `train` does (`SyntheticMatches`, seed {plan.Seed}). Trained with
            `LambdaMartTrainer.Train` and the settings stored in the committed `models/match-ranker.zip` ({settings}), which
            include ML.NET FastTree's single thread (kept for reproducible models).
            Measured {DateTime.UtcNow:yyyy-MM-dd} on:
            {Machine.Describe()}

            | step | wall time (s) | CPU time (s) |
            |---|---:|---:|
            | generate rows and features | {generating:F1} | |
            | train LambdaMART | {training:F1} | {cpuSeconds:F1} |

            Training: {training:F1} s (target ≤ 60 s: {(training <= 60 ? "met" : "NOT met")}). Machine load average (1 min) at the end: {load}.
            """);
        var path = Path.Combine(Machine.ResultsFolder(), "training-time.md");
        await File.WriteAllTextAsync(path, report + "\n");
        Console.WriteLine(report);
    }
}
