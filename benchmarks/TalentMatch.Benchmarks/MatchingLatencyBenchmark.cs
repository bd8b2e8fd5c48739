using System.Diagnostics;
using System.Globalization;
using System.Text;
using TalentMatch.Evaluation;
using TalentMatch.Matching.Matching;
using TalentMatch.Matching.Model;
using TalentMatch.Matching.Ranking;
using TalentMatch.Matching.Retrieval;
using TalentMatch.Web.Features.Matching;
using TalentMatch.Web.Features.Taxonomy;

namespace TalentMatch.Benchmarks;

/// <summary>
/// In-process matching latency over the full ESCO skill space: retrieval, LambdaMART re-ranking of the top
/// 400 and explanations of the results, warm, one request at a time. Openings and people are generated from
/// ESCO occupations the same way as the training data. Reported separately for people whose skills are rare
/// and people whose skills are very common (the expensive case: long posting lists).
/// </summary>
static class MatchingLatencyBenchmark
{
    public static async Task RunAsync(int[] sizes, int requests)
    {
        var space = Machine.EscoSpace();
        var model = Machine.CommittedModel();
        var scorer = new LearnedScorer(model);
        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"""
            # Matching latency, in process

            Targets: profile → top 20 of 100k open vacancies p50 ≤ 2 ms, p99 ≤ 5 ms; of 1M p50 ≤ 5 ms, p99 ≤ 15 ms;
            vacancy → top 50 of 1M profiles the same as 1M. Index build ≤ 5 s and ≤ 500 MB for 1M.

            Command: `dotnet run -c Release --project benchmarks/TalentMatch.Benchmarks -- matching-latency`

            Full ESCO v1.1.1 skill space ({space.SkillCount:N0} skills); generated openings and people; model {scorer.Version};
            retrieval, re-ranking of the best {MatchEngine.RerankDepth} and explanations included; warm; one request at a time;
            {requests} requests per row. Index build is from memory (the PostgreSQL load is measured separately).
            Measured {DateTime.UtcNow:yyyy-MM-dd} on:
            {Machine.Describe()}

            Process CPU is this process's processor time over the timed requests divided by their number: unlike wall
            time, it does not grow when other work on the machine takes the cores away.

            | direction | index size | people | p50 (ms) | p95 (ms) | p99 (ms) | process CPU a request (ms) | index build (s) | postings memory (MB, items excluded) |
            |---|---:|---|---:|---:|---:|---:|---:|---:|
            """);
        var loads = new List<string>();
        foreach (var size in sizes)
        {
            var generator = new SyntheticMatches(space, 7);
            var (openings, people) = generator.Population(size, size);
            var (openingIndex, openingSeconds, openingMb) = Build(space, openings);
            var (peopleIndex, peopleSeconds, peopleMb) = Build(space, people);
            var engine = new MatchEngine(space, openingIndex, peopleIndex, () => scorer);
            var queries = people.Take(Math.Min(people.Count, 20_000)).ToList();
            var byRarity = queries.OrderBy(p => p.Skills.Average(s => space.Rarity[s])).ToList();
            var common = byRarity.Take(requests).ToList();
            var rare = byRarity.TakeLast(requests).ToList();
            foreach (var (label, group) in new[] { ("very common skills", common), ("rare skills", rare) })
            {
                var (timings, cpu) = Measure(group, p => engine.OpeningsFor(p, 20, 0));
                report.AppendLine(CultureInfo.InvariantCulture, $"| profile → top 20 openings | {size:N0} | {label} | {P(timings, 50)} | {P(timings, 95)} | {P(timings, 99)} | {cpu:F2} | {openingSeconds:F1} | {openingMb:N0} |");
            }

            var vacancies = openings.Take(requests).ToList();
            var (candidateTimings, candidateCpu) = Measure(vacancies, o => engine.CandidatesFor(o, 50));
            report.AppendLine(CultureInfo.InvariantCulture, $"| vacancy → top 50 people | {size:N0} | all | {P(candidateTimings, 50)} | {P(candidateTimings, 95)} | {P(candidateTimings, 99)} | {candidateCpu:F2} | {peopleSeconds:F1} | {peopleMb:N0} |");
            var load = Machine.LoadAverage();
            loads.Add($"{size:N0}: {load}");
            Console.WriteLine(report);
        }

        report.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"Machine load average (1 min) after each size (2 cores; above 2 means other work waited for the cores): {string.Join("; ", loads)}.");
        var path = Path.Combine(Machine.ResultsFolder(), "matching-latency.md");
        await File.WriteAllTextAsync(path, report.ToString());
        Console.WriteLine($"wrote {path}");
    }

    static (SkillIndex<T> Index, double Seconds, long Megabytes) Build<T>(SkillSpace space, List<T> items) where T : class, ISkillDescribed
    {
        GC.Collect();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var clock = Stopwatch.StartNew();
        var index = new SkillIndex<T>(space);
        foreach (var item in items)
        {
            index.Upsert(item);
        }

        var seconds = clock.Elapsed.TotalSeconds;
        // The items themselves are part of what the index holds in memory.
        var megabytes = (GC.GetTotalMemory(forceFullCollection: true) - before) / (1024 * 1024);
        return (index, seconds, megabytes);
    }

    static (List<double> Sorted, double CpuMilliseconds) Measure<T>(List<T> requests, Action<T> request)
    {
        foreach (var r in requests.Take(50))
        {
            request(r);
        }

        var timings = new List<double>(requests.Count);
        var cpu = Environment.CpuUsage.TotalTime;
        foreach (var r in requests)
        {
            var started = Stopwatch.GetTimestamp();
            request(r);
            timings.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        var cpuPerRequest = (Environment.CpuUsage.TotalTime - cpu).TotalMilliseconds / requests.Count;
        timings.Sort();
        return (timings, cpuPerRequest);
    }

    static string P(List<double> sorted, double p) => Percentiles.Of(sorted, p).ToString("F2", CultureInfo.InvariantCulture);
}
