using System.Diagnostics;
using System.Globalization;
using System.Text;
using Mediator;
using TalentMatch.Web.Features.Taxonomy;

namespace TalentMatch.Benchmarks;

/// <summary>
/// Wall-clock time of the ESCO import use case (read CSVs, binary COPY, merge) into an empty database,
/// then of a second, no-op import. Each run gets a fresh cluster so nothing is cached between runs.
/// </summary>
static class EscoImportBenchmark
{
    public static async Task RunAsync(int runs)
    {
        var folder = Machine.SharedData("esco");
        var rows = new List<(double First, double Second, long Changed, long SecondChanged, long PeakMb)>();
        for (var run = 1; run <= runs; run++)
        {
            await using var host = await BenchmarkHost.StartAsync();
            var sender = host.Services.GetRequiredService<ISender>();
            var process = Process.GetCurrentProcess();
            var clock = Stopwatch.StartNew();
            var first = await sender.Send(new ImportEsco.Command(folder));
            var firstSeconds = clock.Elapsed.TotalSeconds;
            clock.Restart();
            var second = await sender.Send(new ImportEsco.Command(folder));
            var secondSeconds = clock.Elapsed.TotalSeconds;
            process.Refresh();
            rows.Add((firstSeconds, secondSeconds, first.RowsChanged, second.RowsChanged, process.PeakWorkingSet64 / (1024 * 1024)));
            Console.WriteLine($"run {run}: first import {firstSeconds:F1} s ({first.RowsChanged:N0} rows), second import {secondSeconds:F1} s ({second.RowsChanged:N0} rows changed)");
        }

        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"""
            # ESCO import

            Target: import all of ESCO v1.1.1 (with the Dutch v1.2.x files) in under 60 s.

            Command: `dotnet run -c Release --project benchmarks/TalentMatch.Benchmarks -- esco-import {runs}`
            (measures the same use case as `dotnet run --project src/TalentMatch.Web -- import-esco ../shared/data/esco`)

            Measured {DateTime.UtcNow:yyyy-MM-dd} on:
            {Machine.Describe()}

            | run | first import (s) | rows written | second import (s) | rows changed by second | peak working set (MB) |
            |---:|---:|---:|---:|---:|---:|
            """);
        for (var i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            report.AppendLine(CultureInfo.InvariantCulture, $"| {i + 1} | {r.First:F1} | {r.Changed:N0} | {r.Second:F1} | {r.SecondChanged:N0} | {r.PeakMb:N0} |");
        }

        var worst = rows.Max(r => r.First);
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"Slowest first import: **{worst:F1} s** (target < 60 s: {(worst < 60 ? "met" : "NOT met")}). A second import changes {rows.Max(r => r.SecondChanged)} rows.");
        var path = Path.Combine(Machine.ResultsFolder(), "esco-import.md");
        await File.WriteAllTextAsync(path, report.ToString());
        Console.WriteLine($"wrote {path}");
    }
}
