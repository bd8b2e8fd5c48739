using System.Diagnostics;
using System.Globalization;
using System.Text;
using TalentMatch.Evaluation;
using TalentMatch.Matching.Matching;
using TalentMatch.Matching.Model;
using TalentMatch.Matching.Retrieval;

namespace TalentMatch.Benchmarks;

/// <summary>
/// Whether following occupations in retrieval finds more of the relevant openings (and people) within the
/// re-rank depth, and which number of skills per skill and which weight to use: chosen on the validation
/// occupations, reported on the test occupations, against retrieval without occupations.
/// </summary>
static class RetrievalRecallBenchmark
{
    const int Seed = 20261123;

    static readonly int[] Skills = [0, 2, 4, 6, 8, 12];
    static readonly float[] Weights = [0.1f, 0.25f, 0.4f];

    public static async Task RunAsync(int poolSize)
    {
        var clock = Stopwatch.StartNew();
        var space = Machine.EscoSpace();
        var generator = new SyntheticMatches(space, Seed);
        var depth = MatchEngine.RerankDepth;
        var pool = generator.Openings(null, poolSize, stream: 1);
        var validation = RetrievalRecall.OpeningsForPeople(space, pool, generator.People(SyntheticMatches.Split.Validation, 400, stream: 2));
        var test = RetrievalRecall.OpeningsForPeople(space, pool, generator.People(SyntheticMatches.Split.Test, 800, stream: 3));
        Console.WriteLine($"pool and relevance in {clock.Elapsed.TotalSeconds:F1} s");

        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"""
            # Retrieval recall through occupations

            Does retrieval find more of the openings (and people) that really fit when it also follows skills that the
            same occupations need (`SkillSpace.SameOccupation`, at most k per skill, each at a weight of the skill's
            rarity), and at what cost?

            Command: `dotnet run -c Release --project benchmarks/TalentMatch.Benchmarks -- retrieval-recall {poolSize}`

            Full ESCO v1.1.1 skill space ({space.SkillCount:N0} skills). A pool of {poolSize:N0} generated openings from every
            occupation; queries are generated people of the validation occupations (settings chosen here) and of the test
            occupations (reported), generated as for training: they list 70% of their real skills, a fifth of those under a
            neighbouring skill, and carry part of an earlier occupation's skills. An opening is relevant to a person when
            their real skills give it grade {RetrievalRecall.RelevantGrade} or 4 (three quarters of its essential skills or more, less for a practical
            mismatch). Recall is the share of a person's relevant openings among the {depth} that retrieval hands to the
            re-ranker, averaged over people with at least one, with 95% bootstrap intervals. A skill is followed only to
            skills at least {SkillSpace.MinimumSameOccupationShare:0%} of its occupations need. Extra postings: how many posting entries the occupation
            skills add to a query, on average (the work retrieval adds). Measured {DateTime.UtcNow:yyyy-MM-dd} on:
            {Machine.Describe()}

            ## Validation occupations: profile → openings ({validation.Queries} people, {validation.RelevantPerQuery:F1} relevant openings each on average)

            | setting | recall@{depth} | gain over no occupations (paired) | extra postings a query |
            |---|---|---|---:|
            """);

        var none = validation.Measure(RetrievalSetting.None, depth, Seed);
        report.AppendLine(CultureInfo.InvariantCulture, $"| {none.Setting} | {none.Recall} | | 0 |");
        var best = none;
        foreach (var k in Skills.Where(k => k > 0))
        {
            foreach (var weight in Weights)
            {
                var result = validation.Measure(new RetrievalSetting(k, weight), depth, Seed);
                report.AppendLine(CultureInfo.InvariantCulture, $"| {result.Setting} | {result.Recall} | {RetrievalRecall.Gain(result, none, Seed)} | {result.ExtraPostings:N0} |");
                Console.WriteLine($"{result.Setting}: {result.Recall} ({clock.Elapsed.TotalSeconds:F0} s)");
                // Only a clear gain justifies more work per request: at least half a point of recall.
                if (result.Recall.Estimate > best.Recall.Estimate + (best == none ? 0.005 : 0))
                {
                    best = result;
                }
            }
        }

        report.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"Chosen on validation: **{best.Setting}**.").AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"""
            ## Test occupations ({test.Queries} people, {test.RelevantPerQuery:F1} relevant openings each on average)

            | direction | setting | recall@{depth} | gain over no occupations (paired) | extra postings a query |
            |---|---|---|---|---:|
            """);
        var testNone = test.Measure(RetrievalSetting.None, depth, Seed);
        var testBest = test.Measure(best.Setting, depth, Seed);
        report.AppendLine(CultureInfo.InvariantCulture, $"| profile → openings | {testNone.Setting} | {testNone.Recall} | | 0 |");
        report.AppendLine(CultureInfo.InvariantCulture, $"| profile → openings | {testBest.Setting} | {testBest.Recall} | {RetrievalRecall.Gain(testBest, testNone, Seed)} | {testBest.ExtraPostings:N0} |");

        // The other direction with the same setting: a person pool is heavier to grade (real skill sets), so at most 100k.
        var people = generator.People(null, Math.Min(poolSize, 100_000), stream: 4);
        foreach (var (label, split, stream) in new[] { ("validation", SyntheticMatches.Split.Validation, 5), ("test", SyntheticMatches.Split.Test, 6) })
        {
            var vacancies = RetrievalRecall.PeopleForOpenings(space, people, generator.Openings(split, split == SyntheticMatches.Split.Test ? 800 : 400, stream));
            var plain = vacancies.Measure(RetrievalSetting.None, depth, Seed);
            var expanded = vacancies.Measure(best.Setting, depth, Seed);
            var direction = $"vacancy → people ({label} occupations, {people.Count:N0} people, {vacancies.Queries} vacancies, {vacancies.RelevantPerQuery:F1} relevant people each)";
            report.AppendLine(CultureInfo.InvariantCulture, $"| {direction} | {plain.Setting} | {plain.Recall} | | 0 |");
            report.AppendLine(CultureInfo.InvariantCulture, $"| {direction} | {expanded.Setting} | {expanded.Recall} | {RetrievalRecall.Gain(expanded, plain, Seed)} | {expanded.ExtraPostings:N0} |");
        }

        var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
        report.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"Ran in {clock.Elapsed.TotalSeconds:F0} s; machine load average (1 min) at the end: {load} (recall does not depend on load).");
        Console.WriteLine(report);
        var path = Path.Combine(Machine.ResultsFolder(), poolSize == 100_000 ? "retrieval-recall.md" : $"retrieval-recall-{poolSize}.md");
        await File.WriteAllTextAsync(path, report.ToString());
        Console.WriteLine($"wrote {path}");
    }
}
