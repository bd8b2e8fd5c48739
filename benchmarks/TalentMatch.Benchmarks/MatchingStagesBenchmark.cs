using System.Diagnostics;
using System.Globalization;
using TalentMatch.Evaluation;
using TalentMatch.Matching.Features;
using TalentMatch.Matching.Matching;
using TalentMatch.Matching.Model;
using TalentMatch.Matching.Ranking;
using TalentMatch.Matching.Retrieval;
using TalentMatch.Web.Features.Matching;
using TalentMatch.Web.Features.Taxonomy;

namespace TalentMatch.Benchmarks;

/// <summary>
/// Where one matching request spends its time: retrieval alone against the whole request (re-ranking and
/// explanations), for the expensive cases of the latency benchmark. Prints only; a diagnostic, not a target.
/// </summary>
static class MatchingStagesBenchmark
{
    public static void Run(int size, int requests)
    {
        var space = Machine.EscoSpace();
        var model = Machine.CommittedModel();
        var scorer = new LearnedScorer(model);
        var (openings, people) = new SyntheticMatches(space, 7).Population(size, size);
        var openingIndex = new SkillIndex<Opening>(space, openings);
        var peopleIndex = new SkillIndex<Candidate>(space, people);
        var engine = new MatchEngine(space, openingIndex, peopleIndex, () => scorer);
        var common = people.Take(Math.Min(people.Count, 20_000)).OrderBy(p => p.Skills.Average(s => space.Rarity[s])).Take(requests).ToList();
        var vacancies = openings.Take(requests).ToList();
        var postings = new int[space.SkillCount];
        foreach (var opening in openings)
        {
            foreach (var skill in opening.Skills)
            {
                postings[skill]++;
            }
        }

        var direct = common.Average(p => p.Skills.Sum(s => (double)postings[s]));
        var related = common.Average(p => p.Skills.Sum(s => space.Related[s].Where(r => Array.BinarySearch(p.Skills, r) < 0).Sum(r => (double)postings[r])));
        var relatedSkills = common.Average(p => p.Skills.Sum(s => space.Related[s].Count(r => Array.BinarySearch(p.Skills, r) < 0)));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"common-skill profiles: {common.Average(p => p.Skills.Length):F1} skills, {direct:N0} direct postings, {relatedSkills:F1} related skills with {related:N0} postings"));
        var sameOccupation = common.Average(p => p.Skills.Sum(s => space.SameOccupation[s].Take(SkillIndex<Opening>.DefaultOccupationBudget / p.Skills.Length)
            .Where(r => Array.BinarySearch(p.Skills, r) < 0).Sum(r => (double)postings[r])));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"skills of the same occupations (budget {SkillIndex<Opening>.DefaultOccupationBudget} a query) add {sameOccupation:N0} postings"));
        Report("profile → openings, retrieval only", common, p => openingIndex.Retrieve(p.Skills, MatchEngine.RerankDepth, o => o.ClosesOn == 0 || o.ClosesOn >= 0));
        Report("profile → openings, retrieval only, not through occupations", common, p => openingIndex.Retrieve(p.Skills, MatchEngine.RerankDepth, o => o.ClosesOn == 0 || o.ClosesOn >= 0, throughOccupations: false));
        Report("profile → openings, whole request", common, p => engine.OpeningsFor(p, 20, 0));
        // A first profile of three common skills: the most each skill follows through occupations.
        var threeSkills = common.Select(p => p with { Skills = p.Skills[..Math.Min(3, p.Skills.Length)], Levels = p.Levels[..Math.Min(3, p.Levels.Length)] }).ToList();
        Report("three-skill profile → openings, retrieval only", threeSkills, p => openingIndex.Retrieve(p.Skills, MatchEngine.RerankDepth));
        Report("three-skill profile → openings, retrieval only, not through occupations", threeSkills, p => openingIndex.Retrieve(p.Skills, MatchEngine.RerankDepth, throughOccupations: false));
        Report("three-skill profile → openings, whole request", threeSkills, p => engine.OpeningsFor(p, 20, 0));
        var retrieved = common.Select(p => (p, openingIndex.Retrieve(p.Skills, MatchEngine.RerankDepth).Select(r => r.Item).ToArray())).ToList();
        var rows = new float[MatchEngine.RerankDepth * MatchFeatures.Count];
        var scores = new float[MatchEngine.RerankDepth];
        Report("profile → openings, features of the re-ranked", retrieved, r =>
        {
            using var held = PersonSkills.For(space, r.p);
            for (var i = 0; i < r.Item2.Length; i++)
            {
                MatchFeatures.Compute(held, r.Item2[i], rows.AsSpan(i * MatchFeatures.Count, MatchFeatures.Count));
            }
        });
        // Each profile's own rows, worked out before timing, so scoring and explaining read that profile's features
        // rather than whatever the last features request left in the shared buffer.
        var featured = retrieved.Select(r =>
        {
            var own = new float[r.Item2.Length * MatchFeatures.Count];
            using var held = PersonSkills.For(space, r.p);
            for (var i = 0; i < r.Item2.Length; i++)
            {
                MatchFeatures.Compute(held, r.Item2[i], own.AsSpan(i * MatchFeatures.Count, MatchFeatures.Count));
            }

            return own;
        }).ToList();
        Report("profile → openings, scoring the re-ranked", featured, own => scorer.ScoreAll(own, scores.AsSpan(0, own.Length / MatchFeatures.Count)));
        var contributions = new float[MatchFeatures.Count];
        Report("profile → openings, contributions for 20", featured, own =>
        {
            for (var i = 0; i < Math.Min(20, own.Length / MatchFeatures.Count); i++)
            {
                scorer.Explain(own.AsSpan(i * MatchFeatures.Count, MatchFeatures.Count), contributions);
            }
        });
        Report("vacancy → people, retrieval only (as served: not through occupations)", vacancies, o => peopleIndex.Retrieve(o.Skills, MatchEngine.RerankDepth, throughOccupations: false));
        Report("vacancy → people, retrieval only, through occupations (not served)", vacancies, o => peopleIndex.Retrieve(o.Skills, MatchEngine.RerankDepth));
        Report("vacancy → people, whole request", vacancies, o => engine.CandidatesFor(o, 50));
    }

    static void Report<T>(string label, List<T> requests, Action<T> request)
    {
        foreach (var r in requests.Take(50))
        {
            request(r);
        }

        var timings = new List<double>(requests.Count);
        var gcs = GC.CollectionCount(0);
        var cpu = Environment.CpuUsage.TotalTime;
        foreach (var r in requests)
        {
            var started = Stopwatch.GetTimestamp();
            request(r);
            timings.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        var cpuPerRequest = (Environment.CpuUsage.TotalTime - cpu).TotalMilliseconds / requests.Count;
        timings.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{label}: p50 {Percentiles.Of(timings, 50):F2} ms, p99 {Percentiles.Of(timings, 99):F2} ms, process CPU {cpuPerRequest:F2} ms a request, {GC.CollectionCount(0) - gcs} collections"));
    }
}
