using System.Buffers;
using TalentMatch.Matching.Features;
using TalentMatch.Matching.Model;
using TalentMatch.Matching.Retrieval;

namespace TalentMatch.Matching.Matching;

/// <summary>A required skill the person has, with their level against the level asked.</summary>
public sealed record MatchedSkill(int Skill, int PersonLevel, int RequiredLevel, bool Essential);

/// <summary>A feature's share in the score, largest first: the main reasons for a rank.</summary>
public sealed record Reason(string Feature, float Value, float Contribution);

public sealed record MatchExplanation(IReadOnlyList<MatchedSkill> Matched, IReadOnlyList<int> MissingEssential, IReadOnlyList<int> MissingOptional, IReadOnlyList<Reason> Reasons);

public sealed record Match<T>(T Item, int Rank, float Score, MatchExplanation Explanation);

/// <summary>
/// Retrieve, then re-rank with the learned scorer, then explain the top: in both directions (openings for a
/// person, people for an opening). Thread-safe: the indexes take their own locks and the scorer is immutable.
/// </summary>
public sealed class MatchEngine(SkillSpace space, SkillIndex<Opening> openings, SkillIndex<Candidate> candidates, Func<IMatchScorer> scorer)
{
    /// <summary>How many retrieved items the scorer re-ranks; retrieval recall beyond this is not used.</summary>
    public const int RerankDepth = 400;

    public SkillSpace Space => space;

    public SkillIndex<Opening> Openings => openings;

    public SkillIndex<Candidate> Candidates => candidates;

    public IMatchScorer Scorer => scorer();

    public IReadOnlyList<Match<Opening>> OpeningsFor(Candidate person, int take, int today, Func<Opening, bool>? accept = null)
    {
        var retrieved = openings.Retrieve(person.Skills, RerankDepth, o => (o.ClosesOn == 0 || o.ClosesOn >= today) && (accept is null || accept(o)));
        using var held = PersonSkills.For(space, person);
        return Rank(retrieved, take, new OpeningsOfOnePerson(held));
    }

    public IReadOnlyList<Match<Candidate>> CandidatesFor(Opening opening, int take, Func<Candidate, bool>? accept = null)
    {
        // Not through occupations: measured, it finds no more of the people who fit a vacancy, only costs work.
        var retrieved = candidates.Retrieve(opening.Skills, RerankDepth, accept, throughOccupations: false);
        return Rank(retrieved, take, new PeopleForOneOpening(space, opening));
    }

    /// <summary>Features for all retrieved items, one batch through the scorer, the best first, the shown explained.</summary>
    List<Match<T>> Rank<T, TPairs>(List<(T Item, float Score)> retrieved, int take, TPairs pairs)
        where TPairs : struct, IPairs<T>
    {
        var current = scorer();
        var width = MatchFeatures.Count;
        var features = ArrayPool<float>.Shared.Rent(retrieved.Count * width);
        var scores = ArrayPool<float>.Shared.Rent(retrieved.Count);
        try
        {
            for (var i = 0; i < retrieved.Count; i++)
            {
                pairs.Features(retrieved[i].Item, features.AsSpan(i * width, width));
            }

            current.ScoreAll(features.AsSpan(0, retrieved.Count * width), scores.AsSpan(0, retrieved.Count));
            var order = Best(scores.AsSpan(0, retrieved.Count), take);
            var result = new List<Match<T>>(order.Length);
            for (var rank = 0; rank < order.Length; rank++)
            {
                var index = order[rank];
                var item = retrieved[index].Item;
                result.Add(new Match<T>(item, rank + 1, scores[index], pairs.Explain(current, item, features.AsSpan(index * width, width))));
            }

            return result;
        }
        finally
        {
            ArrayPool<float>.Shared.Return(features);
            ArrayPool<float>.Shared.Return(scores);
        }
    }

    /// <summary>How a ranked item pairs with the fixed side of the request.</summary>
    interface IPairs<in T>
    {
        void Features(T item, Span<float> row);

        MatchExplanation Explain(IMatchScorer scorer, T item, ReadOnlySpan<float> row);
    }

    /// <summary>One person against many openings: the person's skills are looked up in a table built once.</summary>
    readonly struct OpeningsOfOnePerson(PersonSkills held) : IPairs<Opening>
    {
        public void Features(Opening item, Span<float> row) => MatchFeatures.Compute(held, item, row);

        public MatchExplanation Explain(IMatchScorer scorer, Opening item, ReadOnlySpan<float> row) =>
            MatchEngine.Explain(scorer, new DenseSkills(held.Table), item, row);
    }

    /// <summary>Many people against one opening: each person's own sorted skills are searched.</summary>
    readonly struct PeopleForOneOpening(SkillSpace space, Opening opening) : IPairs<Candidate>
    {
        public void Features(Candidate item, Span<float> row) => MatchFeatures.Compute(space, item, opening, row);

        public MatchExplanation Explain(IMatchScorer scorer, Candidate item, ReadOnlySpan<float> row) =>
            MatchEngine.Explain(scorer, new SortedSkills(space, item.Skills, item.Levels), opening, row);
    }

    /// <summary>Scores one pair as the ranking would (e.g. to show a person what a training would change).</summary>
    public (float Score, MatchExplanation Explanation) ScorePair(Candidate person, Opening opening)
    {
        var current = scorer();
        Span<float> features = stackalloc float[MatchFeatures.Count];
        MatchFeatures.Compute(space, person, opening, features);
        return (current.Score(features), Explain(current, new SortedSkills(space, person.Skills, person.Levels), opening, features));
    }

    /// <summary>
    /// The indexes of the <paramref name="take"/> highest scores, best first, equal scores in index order, so the
    /// same request always shows the same list. Each (score, index) pair becomes one integer that sorts the same
    /// way, which a plain integer sort orders several times faster than a comparison delegate.
    /// </summary>
    internal static int[] Best(ReadOnlySpan<float> scores, int take)
    {
        var keys = ArrayPool<ulong>.Shared.Rent(scores.Length);
        try
        {
            for (var i = 0; i < scores.Length; i++)
            {
                keys[i] = ((ulong)~OrderedBits(scores[i]) << 32) | (uint)i;
            }

            var sorted = keys.AsSpan(0, scores.Length);
            sorted.Sort();
            var best = new int[Math.Max(0, Math.Min(take, scores.Length))];
            for (var rank = 0; rank < best.Length; rank++)
            {
                best[rank] = (int)(uint)sorted[rank];
            }

            return best;
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(keys);
        }
    }

    /// <summary>
    /// A float's bits turned into an unsigned integer with the order of <see cref="float.CompareTo(float)"/>:
    /// negative and positive zero equal, NaN below everything.
    /// </summary>
    static uint OrderedBits(float score)
    {
        if (float.IsNaN(score))
        {
            return 0;
        }

        var bits = BitConverter.SingleToUInt32Bits(score == 0 ? 0f : score);
        return (bits & 0x8000_0000) != 0 ? ~bits : bits | 0x8000_0000;
    }

    static MatchExplanation Explain<TSkills>(IMatchScorer scorer, TSkills held, Opening opening, ReadOnlySpan<float> features)
        where TSkills : ISkillLookup
    {
        var matched = new List<MatchedSkill>();
        var missingEssential = new List<int>();
        var missingOptional = new List<int>();
        for (var i = 0; i < opening.Skills.Length; i++)
        {
            if (held.TryGetLevel(opening.Skills[i], out var level))
            {
                matched.Add(new MatchedSkill(opening.Skills[i], level, opening.MinLevels[i], opening.Essential[i]));
            }
            else
            {
                (opening.Essential[i] ? missingEssential : missingOptional).Add(opening.Skills[i]);
            }
        }

        Span<float> contributions = stackalloc float[MatchFeatures.Count];
        scorer.Explain(features, contributions);
        return new MatchExplanation(matched, missingEssential, missingOptional, MainReasons(features, contributions));
    }

    /// <summary>
    /// The three largest contributions by size. Sorted with the same comparison and the same sort as the list of
    /// reasons used to be, so ties come out in the same order (that sort is not stable for three items).
    /// </summary>
    static List<Reason> MainReasons(ReadOnlySpan<float> features, ReadOnlySpan<float> contributions)
    {
        Span<(int Feature, float Size)> nonZero = stackalloc (int, float)[contributions.Length];
        var count = 0;
        for (var f = 0; f < contributions.Length; f++)
        {
            if (contributions[f] != 0)
            {
                nonZero[count++] = (f, Math.Abs(contributions[f]));
            }
        }

        nonZero = nonZero[..count];
        nonZero.Sort(LargerFirst);
        var reasons = new List<Reason>(Math.Min(3, count));
        foreach (var (feature, _) in nonZero[..Math.Min(3, count)])
        {
            reasons.Add(new Reason(MatchFeatures.Names[feature], features[feature], contributions[feature]));
        }

        return reasons;
    }

    static readonly Comparison<(int Feature, float Size)> LargerFirst = (a, b) => b.Size.CompareTo(a.Size);
}
