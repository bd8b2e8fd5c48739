using TalentMatch.Matching.Features;
using TalentMatch.Matching.Matching;
using TalentMatch.Matching.Model;
using TalentMatch.Matching.Ranking;
using TalentMatch.Matching.Retrieval;

namespace TalentMatch.Tests.Matching;

/// <summary>
/// The engine's fast paths (a per-request table of the person's skills, integer-key ordering, the reasons picked
/// without a list sort) against the plain way of computing the same thing, written out here: the same floats,
/// the same order, the same explanations, bit for bit.
/// </summary>
public sealed class MatchEngineReferenceTests
{
    const int SkillCount = 300;

    static readonly Lazy<World> Shared = new(() => new World(seed: 11));

    sealed class World
    {
        public readonly SkillSpace Space;
        public readonly List<Opening> Openings;
        public readonly List<Candidate> People;
        public readonly IMatchScorer Scorer;

        public World(int seed)
        {
            var random = new Random(seed);
            var skillIds = Enumerable.Range(0, SkillCount).Select(i => new Guid(i + 1, 0, 0, new byte[8])).ToArray();
            var occupationIds = Enumerable.Range(0, 30).Select(i => new Guid(0, 0, 0, [2, 0, 0, 0, 0, 0, 0, (byte)i])).ToArray();
            var relations = Enumerable.Range(0, 500).Select(_ => (skillIds[random.Next(SkillCount)], skillIds[random.Next(SkillCount)])).ToList();
            var occupationSkills = occupationIds.SelectMany(o => Enumerable.Range(0, random.Next(0, 15))
                .Select(_ => (o, skillIds[random.Next(SkillCount)], random.Next(3) > 0))).ToList();
            Space = new SkillSpace(skillIds, relations, occupationIds, occupationSkills);
            Openings = Enumerable.Range(0, 3000).Select(_ =>
            {
                var skills = Distinct(random, random.Next(1, 13));
                return new Opening(Guid.NewGuid(), random.Next(4) == 0, skills, skills.Select(_ => (byte)random.Next(1, 5)).ToArray(),
                    skills.Select(_ => random.Next(3) > 0).ToArray(), (byte)random.Next(0, 8), Postcode(random), (byte)(random.Next(3) * 16),
                    random.Next(-1, 30), random.Next(3) == 0 ? 0 : random.Next(9000, 9200))
                { ClosesOn = random.Next(4) == 0 ? random.Next(9000, 9100) : 0 };
            }).ToList();
            People = Enumerable.Range(0, 200).Select(_ =>
            {
                var skills = Distinct(random, random.Next(1, 35));
                return new Candidate(Guid.NewGuid(), skills, skills.Select(_ => (byte)random.Next(1, 5)).ToArray(), (byte)random.Next(0, 8),
                    Postcode(random), (byte)(random.Next(3) * 12), random.Next(3) == 0 ? 0 : random.Next(9000, 9300), []);
            }).ToList();

            // A model trained on these very features, so its splits fall where the values are.
            var examples = new List<RankingExample>();
            for (var p = 0; p < 60; p++)
            {
                for (var o = 0; o < 30; o++)
                {
                    var features = new float[MatchFeatures.Count];
                    Reference.Features(Space, People[p], Openings[(p * 31) + o], features);
                    examples.Add(new RankingExample(p, (int)Math.Round(features[0] * 3 + features[9]), features));
                }
            }

            Scorer = new LearnedScorer(LambdaMartTrainer.Train(examples, MatchFeatures.Names,
                new LambdaMartSettings { NumberOfTrees = 30, NumberOfLeaves = 8, MinimumExamplesPerLeaf = 5 }));
        }

        static int[] Distinct(Random random, int count) =>
            Enumerable.Range(0, count).Select(_ => random.Next(SkillCount)).Distinct().Order().ToArray();

        static short Postcode(Random random) => random.Next(5) == 0 ? (short)0 : (short)random.Next(1000, 9999);
    }

    [Fact]
    public void Features_from_the_person_table_equal_the_searched_ones_bit_for_bit()
    {
        var world = Shared.Value;
        var expected = new float[MatchFeatures.Count];
        var actual = new float[MatchFeatures.Count];
        var differentPairs = 0;
        foreach (var person in world.People)
        {
            using var held = PersonSkills.For(world.Space, person);
            foreach (var opening in world.Openings.Take(300))
            {
                Reference.Features(world.Space, person, opening, expected);
                MatchFeatures.Compute(held, opening, actual);
                Assert.Equal(Bits(expected), Bits(actual));
                MatchFeatures.Compute(world.Space, person, opening, actual);
                Assert.Equal(Bits(expected), Bits(actual));
                differentPairs += expected[5] is > 0 and < 1 ? 1 : 0;
            }
        }

        // The data must exercise related skills, or the table's related marks go untested.
        Assert.True(differentPairs > 100, $"only {differentPairs} pairs with partial related coverage");
    }

    [Fact]
    public void A_person_table_is_clean_for_the_next_person()
    {
        var world = Shared.Value;
        var expected = new float[MatchFeatures.Count];
        var actual = new float[MatchFeatures.Count];
        for (var p = 0; p < 20; p++)
        {
            // Tables are reused per thread: what the previous person held must be gone.
            using var held = PersonSkills.For(world.Space, world.People[p]);
            var opening = world.Openings[p];
            Reference.Features(world.Space, world.People[p], opening, expected);
            MatchFeatures.Compute(held, opening, actual);
            Assert.Equal(Bits(expected), Bits(actual));
        }

        Assert.All(world.Space.SkillIds, (_, skill) => Assert.True(PersonSkillsTableIsClear(world.Space, skill)));
    }

    static bool PersonSkillsTableIsClear(SkillSpace space, int skill)
    {
        using var nobody = PersonSkills.For(space, new Candidate(Guid.NewGuid(), [], [], 0, 0, 0, 0, []));
        return nobody.Table[skill] == 0;
    }

    [Fact]
    public void Openings_for_a_person_equal_the_plain_ranking_scores_order_and_explanations()
    {
        var world = Shared.Value;
        var openings = new SkillIndex<Opening>(world.Space, world.Openings);
        var engine = new MatchEngine(world.Space, openings, new SkillIndex<Candidate>(world.Space), () => world.Scorer);
        var compared = 0;
        foreach (var person in world.People)
        {
            var actual = engine.OpeningsFor(person, 20, today: 9050);
            var retrieved = openings.Retrieve(person.Skills, MatchEngine.RerankDepth, o => o.ClosesOn == 0 || o.ClosesOn >= 9050).Select(r => r.Item).ToList();
            var expected = Reference.Rank(world.Space, world.Scorer, retrieved, o => (person, o), 20);
            AssertSame(expected, actual);
            compared += actual.Count;
        }

        Assert.True(compared > 1000, $"only {compared} matches compared");
    }

    [Fact]
    public void Candidates_for_an_opening_equal_the_plain_ranking_scores_order_and_explanations()
    {
        var world = Shared.Value;
        var people = new SkillIndex<Candidate>(world.Space, world.People);
        var engine = new MatchEngine(world.Space, new SkillIndex<Opening>(world.Space), people, () => world.Scorer);
        foreach (var opening in world.Openings.Take(200))
        {
            var actual = engine.CandidatesFor(opening, 50);
            var retrieved = people.Retrieve(opening.Skills, MatchEngine.RerankDepth, throughOccupations: false).Select(r => r.Item).ToList();
            AssertSame(Reference.Rank(world.Space, world.Scorer, retrieved, c => (c, opening), 50), actual);
        }
    }

    [Fact]
    public void Best_orders_like_the_comparison_sort_ties_zeros_and_negatives_included()
    {
        var random = new Random(5);
        for (var round = 0; round < 200; round++)
        {
            var scores = Enumerable.Range(0, random.Next(0, 500))
                .Select(_ => random.Next(6) switch { 0 => 0f, 1 => -0f, 2 => -random.Next(5) / 4f, _ => random.Next(20) / 8f }).ToArray();
            var take = random.Next(0, 60);
            var expected = scores.Select((score, index) => (Index: index, Score: score)).ToArray();
            Array.Sort(expected, (a, b) => b.Score != a.Score ? b.Score.CompareTo(a.Score) : a.Index.CompareTo(b.Index));
            Assert.Equal(expected.Take(take).Select(e => e.Index), MatchEngine.Best(scores, take));
        }
    }

    static void AssertSame<T>(List<Match<T>> expected, IReadOnlyList<Match<T>> actual)
        where T : class
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Same(expected[i].Item, actual[i].Item);
            Assert.Equal(expected[i].Rank, actual[i].Rank);
            Assert.Equal(BitConverter.SingleToInt32Bits(expected[i].Score), BitConverter.SingleToInt32Bits(actual[i].Score));
            Assert.Equal(expected[i].Explanation.Matched, actual[i].Explanation.Matched);
            Assert.Equal(expected[i].Explanation.MissingEssential, actual[i].Explanation.MissingEssential);
            Assert.Equal(expected[i].Explanation.MissingOptional, actual[i].Explanation.MissingOptional);
            Assert.Equal(expected[i].Explanation.Reasons, actual[i].Explanation.Reasons);
        }
    }

    static int[] Bits(float[] values) => values.Select(BitConverter.SingleToInt32Bits).ToArray();

    /// <summary>The engine as it was first written: binary searches, a comparison sort, a sorted list of reasons.</summary>
    static class Reference
    {
        public static void Features(SkillSpace space, Candidate person, Opening opening, Span<float> features)
        {
            int essential = 0, essentialHeld = 0, essentialAtLevel = 0, optional = 0, optionalHeld = 0, shared = 0, missing = 0, relatedCover = 0;
            float weightTotal = 0, weightHeld = 0, levelGap = 0;
            for (var i = 0; i < opening.Skills.Length; i++)
            {
                var skill = opening.Skills[i];
                var weight = space.Rarity[skill] * (opening.Essential[i] ? 2f : 1f);
                weightTotal += weight;
                var at = Array.BinarySearch(person.Skills, skill);
                if (opening.Essential[i])
                {
                    essential++;
                }
                else
                {
                    optional++;
                }

                if (at >= 0)
                {
                    shared++;
                    weightHeld += weight;
                    var gap = Math.Max(0, opening.MinLevels[i] - person.Levels[at]);
                    levelGap += gap;
                    if (opening.Essential[i])
                    {
                        essentialHeld++;
                        essentialAtLevel += gap == 0 ? 1 : 0;
                    }
                    else
                    {
                        optionalHeld++;
                    }
                }
                else
                {
                    missing++;
                    relatedCover += space.Related[skill].Any(r => Array.BinarySearch(person.Skills, r) >= 0) ? 1 : 0;
                }
            }

            features[0] = essential == 0 ? 1f : (float)essentialHeld / essential;
            features[1] = essential == 0 ? 1f : (float)essentialAtLevel / essential;
            features[2] = optional == 0 ? 1f : (float)optionalHeld / optional;
            features[3] = weightTotal == 0 ? 0f : weightHeld / weightTotal;
            features[4] = shared == 0 ? 0f : levelGap / shared;
            features[5] = missing == 0 ? 1f : (float)relatedCover / missing;
            var occupationSkills = opening.Occupation < 0 ? [] : space.OccupationEssential[opening.Occupation];
            features[6] = occupationSkills.Length == 0 ? 0f : (float)occupationSkills.Count(s => Array.BinarySearch(person.Skills, s) >= 0) / occupationSkills.Length;
            features[7] = Math.Clamp(person.Education - opening.Education, -3, 3);
            features[8] = person.HoursPerWeek == 0 || opening.HoursPerWeek == 0
                ? 0.75f
                : (float)Math.Min(person.HoursPerWeek, opening.HoursPerWeek) / Math.Max(person.HoursPerWeek, opening.HoursPerWeek);
            features[9] = MatchFeatures.RegionFit(person.Postcode, opening.Postcode);
            features[10] = person.AvailableFrom == 0 || opening.StartsOn == 0
                ? 1f
                : Math.Clamp(1f - (person.AvailableFrom - opening.StartsOn) / 90f, 0f, 1f);
            features[11] = essential - essentialHeld;
        }

        public static List<Match<T>> Rank<T>(SkillSpace space, IMatchScorer scorer, List<T> items, Func<T, (Candidate Person, Opening Opening)> pair, int take)
        {
            var features = new float[items.Count * MatchFeatures.Count];
            for (var i = 0; i < items.Count; i++)
            {
                var (person, opening) = pair(items[i]);
                Features(space, person, opening, features.AsSpan(i * MatchFeatures.Count, MatchFeatures.Count));
            }

            var scores = new float[items.Count];
            scorer.ScoreAll(features, scores);
            var scored = scores.Select((score, index) => (Index: index, Score: score)).ToArray();
            Array.Sort(scored, (a, b) => b.Score != a.Score ? b.Score.CompareTo(a.Score) : a.Index.CompareTo(b.Index));
            return scored.Take(take).Select((s, rank) =>
            {
                var (person, opening) = pair(items[s.Index]);
                var row = features.AsSpan(s.Index * MatchFeatures.Count, MatchFeatures.Count).ToArray();
                return new Match<T>(items[s.Index], rank + 1, s.Score, Explain(scorer, person, opening, row));
            }).ToList();
        }

        static MatchExplanation Explain(IMatchScorer scorer, Candidate person, Opening opening, float[] features)
        {
            var matched = new List<MatchedSkill>();
            var missingEssential = new List<int>();
            var missingOptional = new List<int>();
            for (var i = 0; i < opening.Skills.Length; i++)
            {
                var at = Array.BinarySearch(person.Skills, opening.Skills[i]);
                if (at >= 0)
                {
                    matched.Add(new MatchedSkill(opening.Skills[i], person.Levels[at], opening.MinLevels[i], opening.Essential[i]));
                }
                else
                {
                    (opening.Essential[i] ? missingEssential : missingOptional).Add(opening.Skills[i]);
                }
            }

            var contributions = new float[MatchFeatures.Count];
            scorer.Explain(features, contributions);
            var reasons = Enumerable.Range(0, MatchFeatures.Count).Where(f => contributions[f] != 0)
                .Select(f => new Reason(MatchFeatures.Names[f], features[f], contributions[f])).ToList();
            reasons.Sort((a, b) => Math.Abs(b.Contribution).CompareTo(Math.Abs(a.Contribution)));
            return new MatchExplanation(matched, missingEssential, missingOptional, reasons.Take(3).ToList());
        }
    }
}
