using TalentMatch.Matching.Model;
using TalentMatch.Matching.Ranking;
using TalentMatch.Matching.Retrieval;

namespace TalentMatch.Evaluation;

/// <summary>How retrieval follows occupations: skills per query in all (0 = not at all), at most so many per skill, and their weight.</summary>
public sealed record RetrievalSetting(int Budget, float OccupationWeight, int PerSkill = SkillSpace.DefaultSameOccupationSkills)
{
    public static readonly RetrievalSetting None = new(0, 0);

    public override string ToString() => Budget == 0 || OccupationWeight == 0 ? "no occupations"
        : PerSkill == SkillSpace.DefaultSameOccupationSkills ? $"budget {Budget}, weight {OccupationWeight:0.##}"
        : $"budget {Budget} (at most {PerSkill} a skill), weight {OccupationWeight:0.##}";
}

/// <summary>
/// Per query: the share of its relevant items retrieval puts among the <see cref="Depth"/> it hands to the
/// re-ranker, the mean over queries with a 95% bootstrap interval, and how many postings the occupation
/// expansion adds to a query (what it costs).
/// </summary>
public sealed record RecallResult(RetrievalSetting Setting, int Depth, ConfidenceInterval Recall, IReadOnlyList<double> PerQuery, double ExtraPostings);

/// <summary>
/// Retrieval recall on generated data: a pool of openings (or people) from every occupation, and queries from
/// one split's occupations whose relevant items are those their <em>real</em> skills cover well (grade
/// <see cref="RelevantGrade"/> or better, as the labelled matches grade them). Retrieval only sees the listed
/// skills, so this measures what the re-ranker never gets to see.
/// </summary>
public sealed class RetrievalRecall
{
    public const int RelevantGrade = 3;

    readonly SkillSpace _space;
    readonly List<(int[] Query, int[] Relevant)> _queries;
    readonly Func<SkillSpace, RetrievalSetting, Func<int[], int, IEnumerable<int>>> _retriever;
    readonly int[] _postings;
    IReadOnlyList<Opening>? _openings;

    RetrievalRecall(SkillSpace space, List<(int[] Query, int[] Relevant)> queries, Func<SkillSpace, RetrievalSetting, Func<int[], int, IEnumerable<int>>> retriever, int[] postings)
    {
        _space = space;
        _queries = queries;
        _retriever = retriever;
        _postings = postings;
    }

    public int Queries => _queries.Count;

    public double RelevantPerQuery => _queries.Average(q => q.Relevant.Length);

    /// <summary>Profile → openings: <paramref name="people"/> are the queries, <paramref name="pool"/> what is retrieved.</summary>
    public static RetrievalRecall OpeningsForPeople(SkillSpace space, IReadOnlyList<Opening> pool, IReadOnlyList<RealPerson> people)
    {
        // Who needs what as essential, so grading touches only openings that share a real skill.
        var essentialIn = EssentialPostings(space, pool);
        var held = new int[pool.Count];
        var queries = new List<(int[], int[])>(people.Count);
        foreach (var person in people)
        {
            var touched = new List<int>();
            foreach (var skill in person.Skills)
            {
                foreach (var at in essentialIn[skill] ?? [])
                {
                    if (held[at]++ == 0)
                    {
                        touched.Add(at);
                    }
                }
            }

            var relevant = touched.Where(at => SyntheticMatches.Grade(person, pool[at]) >= RelevantGrade).Order().ToArray();
            foreach (var at in touched)
            {
                held[at] = 0;
            }

            if (relevant.Length > 0)
            {
                queries.Add((person.Person.Skills, relevant));
            }
        }

        return new RetrievalRecall(space, queries, (s, setting) => Retriever(s, setting, pool), Counts(space, pool)) { _openings = pool };
    }

    /// <summary>
    /// The other design: infer the person's best-fitting occupations from their listed skills (the rarity-weighted
    /// share of each occupation's essential skills they list, related skills at half) and add
    /// <paramref name="weight"/> × that fit to the score of every opening of one of the <paramref name="occupations"/> best.
    /// Scored over the whole pool, so it shows what the design could reach, not what it would cost.
    /// </summary>
    public RecallResult MeasureInferredOccupations(int occupations, float weight, int depth, int seed)
    {
        var pool = _openings ?? throw new InvalidOperationException("Only for profile → openings.");
        var space = _space;
        var index = new SkillIndex<Opening>(space, pool) { OccupationWeight = 0 };
        var at = new Dictionary<Guid, int>(pool.Count);
        var byOccupation = new Dictionary<int, List<int>>();
        for (var i = 0; i < pool.Count; i++)
        {
            at[pool[i].Id] = i;
            if (pool[i].Occupation >= 0)
            {
                (byOccupation.TryGetValue(pool[i].Occupation, out var list) ? list : byOccupation[pool[i].Occupation] = []).Add(i);
            }
        }

        var perQuery = new double[_queries.Count];
        for (var q = 0; q < _queries.Count; q++)
        {
            var (query, relevant) = _queries[q];
            var scores = index.Retrieve(query, pool.Count).ToDictionary(r => at[r.Item.Id], r => r.Score);
            foreach (var (occupation, fit) in BestOccupations(space, query, occupations))
            {
                foreach (var i in byOccupation.GetValueOrDefault(occupation) ?? [])
                {
                    scores[i] = scores.GetValueOrDefault(i) + weight * fit;
                }
            }

            var top = scores.OrderByDescending(p => p.Value).ThenBy(p => p.Key).Take(depth).Select(p => p.Key);
            perQuery[q] = (double)top.Count(i => Array.BinarySearch(relevant, i) >= 0) / relevant.Length;
        }

        return new RecallResult(RetrievalSetting.None, depth, RankingMetrics.Bootstrap(perQuery, seed), perQuery, 0);
    }

    static IEnumerable<(int Occupation, float Fit)> BestOccupations(SkillSpace space, int[] skills, int take)
    {
        var fits = new List<(int, float)>();
        for (var o = 0; o < space.OccupationIds.Length; o++)
        {
            float have = 0, all = 0;
            foreach (var s in space.OccupationEssential[o])
            {
                all += space.Rarity[s];
                if (Array.BinarySearch(skills, s) >= 0)
                {
                    have += space.Rarity[s];
                }
                else if (space.Related[s].Any(r => Array.BinarySearch(skills, r) >= 0))
                {
                    have += space.Rarity[s] / 2;
                }
            }

            if (have > 0)
            {
                fits.Add((o, have / all));
            }
        }

        return fits.OrderByDescending(f => f.Item2).ThenBy(f => f.Item1).Take(take);
    }

    /// <summary>Vacancy → people: <paramref name="openings"/> are the queries, <paramref name="pool"/> the people retrieved.</summary>
    public static RetrievalRecall PeopleForOpenings(SkillSpace space, IReadOnlyList<RealPerson> pool, IReadOnlyList<Opening> openings)
    {
        var realIn = new List<int>?[space.SkillCount];
        for (var at = 0; at < pool.Count; at++)
        {
            foreach (var skill in pool[at].Skills)
            {
                (realIn[skill] ??= []).Add(at);
            }
        }

        var held = new int[pool.Count];
        var queries = new List<(int[], int[])>(openings.Count);
        foreach (var opening in openings)
        {
            var touched = new List<int>();
            for (var i = 0; i < opening.Skills.Length; i++)
            {
                foreach (var at in opening.Essential[i] ? realIn[opening.Skills[i]] ?? [] : [])
                {
                    if (held[at]++ == 0)
                    {
                        touched.Add(at);
                    }
                }
            }

            var relevant = touched.Where(at => SyntheticMatches.Grade(pool[at], opening) >= RelevantGrade).Order().ToArray();
            foreach (var at in touched)
            {
                held[at] = 0;
            }

            if (relevant.Length > 0)
            {
                queries.Add((opening.Skills, relevant));
            }
        }

        var people = pool.Select(p => p.Person).ToList();
        return new RetrievalRecall(space, queries, (s, setting) => Retriever(s, setting, people), Counts(space, people));
    }

    public RecallResult Measure(RetrievalSetting setting, int depth, int seed)
    {
        var space = _space.WithSameOccupation(setting.PerSkill);
        var retrieve = _retriever(space, setting);
        var perQuery = new double[_queries.Count];
        double extra = 0;
        for (var q = 0; q < _queries.Count; q++)
        {
            var (query, relevant) = _queries[q];
            var hits = retrieve(query, depth).Count(at => Array.BinarySearch(relevant, at) >= 0);
            perQuery[q] = (double)hits / relevant.Length;
            if (setting.OccupationWeight > 0)
            {
                var follow = setting.Budget / query.Length;
                extra += query.Sum(skill => space.SameOccupation[skill].Take(follow).Where(other => Array.BinarySearch(query, other) < 0).Sum(other => (double)_postings[other]));
            }
        }

        return new RecallResult(setting, depth, RankingMetrics.Bootstrap(perQuery, seed), perQuery, extra / _queries.Count);
    }

    /// <summary>The mean per-query difference <paramref name="better"/> − <paramref name="baseline"/> with a 95% bootstrap interval (paired by query).</summary>
    public static ConfidenceInterval Gain(RecallResult better, RecallResult baseline, int seed) =>
        RankingMetrics.Bootstrap(better.PerQuery.Zip(baseline.PerQuery, (a, b) => a - b).ToList(), seed);

    static Func<int[], int, IEnumerable<int>> Retriever<T>(SkillSpace space, RetrievalSetting setting, IReadOnlyList<T> pool) where T : class, ISkillDescribed
    {
        var index = new SkillIndex<T>(space, pool) { OccupationWeight = setting.OccupationWeight, OccupationBudget = setting.Budget };
        var at = new Dictionary<Guid, int>(pool.Count);
        for (var i = 0; i < pool.Count; i++)
        {
            at[pool[i].Id] = i;
        }

        return (query, depth) => index.Retrieve(query, depth).Select(r => at[r.Item.Id]);
    }

    /// <summary>Per skill, the openings of the pool that need it as essential.</summary>
    static List<int>?[] EssentialPostings(SkillSpace space, IReadOnlyList<Opening> pool)
    {
        var postings = new List<int>?[space.SkillCount];
        for (var at = 0; at < pool.Count; at++)
        {
            for (var i = 0; i < pool[at].Skills.Length; i++)
            {
                if (pool[at].Essential[i])
                {
                    (postings[pool[at].Skills[i]] ??= []).Add(at);
                }
            }
        }

        return postings;
    }

    static int[] Counts<T>(SkillSpace space, IReadOnlyList<T> pool) where T : ISkillDescribed
    {
        var counts = new int[space.SkillCount];
        foreach (var item in pool)
        {
            foreach (var skill in item.Skills)
            {
                counts[skill]++;
            }
        }

        return counts;
    }
}
