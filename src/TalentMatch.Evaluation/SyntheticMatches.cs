using TalentMatch.Matching.Features;
using TalentMatch.Matching.Model;
using TalentMatch.Matching.Ranking;

namespace TalentMatch.Evaluation;

/// <summary>A generated person with the skills they really have, of which <see cref="Candidate.Skills"/> lists only part.</summary>
public sealed record RealPerson(Candidate Person, HashSet<int> Skills, Dictionary<int, byte> Levels);

/// <summary>One query: a person and the openings to rank for them, each with its true relevance grade 0–4.</summary>
public sealed record MatchQuery(int GroupId, Candidate Person, IReadOnlyList<Opening> Openings, IReadOnlyList<int> Grades);

/// <summary>
/// Labelled matches generated from a taxonomy's occupations, in a documented way, because there are no recorded
/// outcomes yet at the start of a pilot:
/// <list type="bullet">
/// <item>A person has a real skill set: the essential and half the optional skills of their occupation, and often
/// part of an earlier occupation's. Their profile lists only part of it (70%), and a fifth of what they list is
/// named as a neighbouring skill (broader, narrower or related), the way people describe a skill in their own words.</item>
/// <item>A vacancy asks for 60–100% of an occupation's essential skills (3–12) and up to five of its optional skills.</item>
/// <item>The grade measures how well the person's <em>real</em> skills cover the vacancy: essential coverage
/// ≥ 0.9 → 4, ≥ 0.75 → 3, ≥ 0.5 → 2, ≥ 0.25 → 1, else 0; one step less for a clear practical mismatch
/// (education two or more steps short, under half the hours, or another part of the country).</item>
/// </list>
/// The ranker sees only the listed skills, so it has to learn what predicts real coverage. Splits are by
/// occupation: the people and vacancies of test occupations never appear in training.
/// </summary>
public sealed class SyntheticMatches(SkillSpace space, int seed)
{
    public const int OpeningsPerQuery = 100;

    readonly Dictionary<int, List<int>> _neighbours = [];

    static readonly short[] Regions = [2311, 2333, 2405, 2201, 1951, 1971, 1012, 3011, 3511, 5611, 9711];

    public enum Split
    {
        Train,
        Validation,
        Test,
    }

    /// <summary>Occupations usable for generation (at least six essential skills), by split.</summary>
    public IReadOnlyList<int> Occupations(Split split) =>
        Enumerable.Range(0, space.OccupationIds.Length)
            .Where(o => space.OccupationEssential[o].Length >= 6)
            .Where(o => SplitOf(space.OccupationIds[o]) == split)
            .ToList();

    /// <summary>70% train, 10% validation, 20% test, by a hash of the occupation id, so the split never depends on order.</summary>
    public static Split SplitOf(Guid occupation)
    {
        var bucket = (occupation.ToByteArray()[15] * 256 + occupation.ToByteArray()[14]) % 10;
        return bucket switch { < 7 => Split.Train, 7 => Split.Validation, _ => Split.Test };
    }

    public List<MatchQuery> Generate(Split split, int queries)
    {
        // Not HashCode.Combine: it is randomised per process, and the data must be the same in every run.
        var random = new Random(seed * 31 + (int)split);
        var occupations = Occupations(split);
        var result = new List<MatchQuery>(queries);
        for (var q = 0; q < queries; q++)
        {
            var occupation = occupations[random.Next(occupations.Count)];
            var (person, realSkills, realLevels) = Person(random, q, occupation, occupations);
            var neighbours = Neighbours(occupation, occupations);
            var openings = new List<Opening>(OpeningsPerQuery);
            var grades = new List<int>(OpeningsPerQuery);
            for (var i = 0; i < OpeningsPerQuery; i++)
            {
                // A realistic pool: some openings in the person's own occupation, many in neighbouring ones, the rest anywhere.
                var source = i < 5 ? occupation
                    : i < 50 && neighbours.Count > 0 ? neighbours[random.Next(neighbours.Count)]
                    : occupations[random.Next(occupations.Count)];
                var opening = Vacancy(random, source);
                openings.Add(opening);
                grades.Add(Grade(person, realSkills, realLevels, opening));
            }

            result.Add(new MatchQuery(q, person, openings, grades));
        }

        return result;
    }

    /// <summary>Openings and people drawn from every occupation, for load and latency benchmarks (no grades).</summary>
    public (List<Opening> Openings, List<Candidate> People) Population(int openings, int people)
    {
        var random = new Random(seed);
        var occupations = Enumerable.Range(0, space.OccupationIds.Length).Where(o => space.OccupationEssential[o].Length >= 3).ToList();
        var generatedOpenings = new List<Opening>(openings);
        for (var i = 0; i < openings; i++)
        {
            generatedOpenings.Add(Vacancy(random, occupations[random.Next(occupations.Count)]));
        }

        var generatedPeople = new List<Candidate>(people);
        for (var i = 0; i < people; i++)
        {
            var (person, _, _) = Person(random, i, occupations[random.Next(occupations.Count)], occupations);
            generatedPeople.Add(person with { Id = Guid.NewGuid() });
        }

        return (generatedOpenings, generatedPeople);
    }

    /// <summary>
    /// People with their real skills, drawn from one split's occupations (or from every occupation when
    /// <paramref name="split"/> is null), for measuring retrieval. A random stream of its own per
    /// <paramref name="stream"/>, so it never changes what <see cref="Generate"/> gives.
    /// </summary>
    public List<RealPerson> People(Split? split, int count, int stream)
    {
        var random = new Random(seed * 97 + stream);
        var all = AllOccupations();
        var from = split is { } s ? Occupations(s) : all;
        var result = new List<RealPerson>(count);
        for (var i = 0; i < count; i++)
        {
            var (person, real, levels) = Person(random, i, from[random.Next(from.Count)], all);
            result.Add(new RealPerson(person, real, levels));
        }

        return result;
    }

    /// <summary>Openings drawn like <see cref="People"/>: from one split's occupations or from every occupation.</summary>
    public List<Opening> Openings(Split? split, int count, int stream)
    {
        var random = new Random(seed * 97 + stream);
        var from = split is { } s ? Occupations(s) : AllOccupations();
        var result = new List<Opening>(count);
        for (var i = 0; i < count; i++)
        {
            result.Add(Vacancy(random, from[random.Next(from.Count)]));
        }

        return result;
    }

    /// <summary>The relevance grade the labelled matches use: how well the person's real skills cover the opening.</summary>
    public static int Grade(RealPerson person, Opening opening) => Grade(person.Person, person.Skills, person.Levels, opening);

    List<int> AllOccupations() => Enumerable.Range(0, space.OccupationIds.Length).Where(o => space.OccupationEssential[o].Length >= 3).ToList();

    /// <summary>Rows for the ranker: one group per query, in query order, features computed from what the system sees.</summary>
    public IReadOnlyList<RankingExample> Examples(IReadOnlyList<MatchQuery> queries)
    {
        var examples = new List<RankingExample>(queries.Count * OpeningsPerQuery);
        foreach (var query in queries)
        {
            for (var i = 0; i < query.Openings.Count; i++)
            {
                var features = new float[MatchFeatures.Count];
                MatchFeatures.Compute(space, query.Person, query.Openings[i], features);
                examples.Add(new RankingExample(query.GroupId, query.Grades[i], features));
            }
        }

        return examples;
    }

    (Candidate Person, HashSet<int> RealSkills, Dictionary<int, byte> RealLevels) Person(Random random, int index, int occupation, IReadOnlyList<int> occupations)
    {
        var real = new HashSet<int>(space.OccupationEssential[occupation]);
        foreach (var skill in space.OccupationOptional[occupation])
        {
            if (random.NextDouble() < 0.5)
            {
                real.Add(skill);
            }
        }

        if (random.NextDouble() < 0.5)
        {
            // An earlier job leaves part of its skills behind.
            var earlier = occupations[random.Next(occupations.Count)];
            foreach (var skill in space.OccupationEssential[earlier])
            {
                if (random.NextDouble() < 0.4)
                {
                    real.Add(skill);
                }
            }
        }

        var levels = real.ToDictionary(s => s, _ => (byte)random.Next(1, 5));
        var listed = new SortedDictionary<int, byte>();
        foreach (var skill in real.Order())
        {
            if (random.NextDouble() >= 0.7)
            {
                continue;
            }

            var named = skill;
            var related = space.Related[skill];
            if (related.Length > 0 && random.NextDouble() < 0.2)
            {
                named = related[random.Next(related.Length)];
            }

            listed[named] = levels[skill];
        }

        if (listed.Count == 0)
        {
            var first = real.Order().First();
            listed[first] = levels[first];
        }

        var person = new Candidate(new Guid(index, 0, 0, new byte[8]), listed.Keys.ToArray(), listed.Values.ToArray(),
            (byte)random.Next(2, 8), Regions[random.Next(Regions.Length)], (byte)(8 * random.Next(2, 6)), 0, random.NextDouble() < 0.5 ? [occupation] : []);
        return (person, real, levels);
    }

    Opening Vacancy(Random random, int occupation)
    {
        var essential = space.OccupationEssential[occupation];
        var take = Math.Clamp((int)Math.Round(essential.Length * (0.6 + 0.4 * random.NextDouble())), 3, 12);
        var chosen = essential.OrderBy(_ => random.Next()).Take(take).Select(s => (Skill: s, Essential: true)).ToList();
        chosen.AddRange(space.OccupationOptional[occupation].OrderBy(_ => random.Next()).Take(random.Next(0, 6)).Select(s => (Skill: s, Essential: false)));
        var sorted = chosen.DistinctBy(c => c.Skill).OrderBy(c => c.Skill).ToList();
        var id = new byte[16];
        random.NextBytes(id);
        return new Opening(new Guid(id), false, sorted.Select(c => c.Skill).ToArray(), sorted.Select(_ => (byte)random.Next(1, 4)).ToArray(),
            sorted.Select(c => c.Essential).ToArray(), (byte)random.Next(1, 7), Regions[random.Next(Regions.Length)], (byte)(8 * random.Next(2, 6)), occupation, 0);
    }

    static int Grade(Candidate person, HashSet<int> real, Dictionary<int, byte> levels, Opening opening)
    {
        int essential = 0, held = 0, belowLevel = 0;
        for (var i = 0; i < opening.Skills.Length; i++)
        {
            if (!opening.Essential[i])
            {
                continue;
            }

            essential++;
            if (real.Contains(opening.Skills[i]))
            {
                held++;
                if (levels[opening.Skills[i]] < opening.MinLevels[i])
                {
                    belowLevel++;
                }
            }
        }

        var coverage = essential == 0 ? 0 : (double)held / essential;
        var grade = coverage >= 0.9 ? 4 : coverage >= 0.75 ? 3 : coverage >= 0.5 ? 2 : coverage >= 0.25 ? 1 : 0;
        if (held > 0 && belowLevel * 2 > held)
        {
            grade--;
        }

        if (person.Education - opening.Education <= -2)
        {
            grade--;
        }

        if (Math.Min(person.HoursPerWeek, opening.HoursPerWeek) * 2 < Math.Max(person.HoursPerWeek, opening.HoursPerWeek))
        {
            grade--;
        }

        if (MatchFeatures.RegionFit(person.Postcode, opening.Postcode) == 0)
        {
            grade--;
        }

        return Math.Clamp(grade, 0, 4);
    }

    /// <summary>Occupations sharing at least three essential skills with this one: where career switches happen.</summary>
    List<int> Neighbours(int occupation, IReadOnlyList<int> occupations)
    {
        if (_neighbours.TryGetValue(occupation, out var known))
        {
            return known;
        }

        var own = space.OccupationEssential[occupation];
        return _neighbours[occupation] = occupations.Where(o => o != occupation && space.OccupationEssential[o].Count(s => Array.BinarySearch(own, s) >= 0) >= 3).ToList();
    }
}
