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
        return Rank(retrieved.Select(r => r.Item).ToList(), o => (person, o), take);
    }

    public IReadOnlyList<Match<Candidate>> CandidatesFor(Opening opening, int take, Func<Candidate, bool>? accept = null)
    {
        // Not through occupations: measured, it finds no more of the people who fit a vacancy, only costs work.
        var retrieved = candidates.Retrieve(opening.Skills, RerankDepth, accept, throughOccupations: false);
        return Rank(retrieved.Select(r => r.Item).ToList(), c => (c, opening), take);
    }

    /// <summary>Scores one pair as the ranking would (e.g. to show a person what a training would change).</summary>
    public (float Score, MatchExplanation Explanation) ScorePair(Candidate person, Opening opening)
    {
        var current = scorer();
        Span<float> features = stackalloc float[MatchFeatures.Count];
        MatchFeatures.Compute(space, person, opening, features);
        return (current.Score(features), Explain(current, person, opening, features));
    }

    List<Match<T>> Rank<T>(List<T> items, Func<T, (Candidate Person, Opening Opening)> pair, int take)
    {
        var current = scorer();
        var features = new float[items.Count * MatchFeatures.Count];
        for (var i = 0; i < items.Count; i++)
        {
            var (person, opening) = pair(items[i]);
            MatchFeatures.Compute(space, person, opening, features.AsSpan(i * MatchFeatures.Count, MatchFeatures.Count));
        }

        var scores = new float[items.Count];
        current.ScoreAll(features, scores);
        var scored = new (int Index, float Score)[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            scored[i] = (i, scores[i]);
        }

        // Stable order for equal scores, so the same request always shows the same list.
        Array.Sort(scored, (a, b) => b.Score != a.Score ? b.Score.CompareTo(a.Score) : a.Index.CompareTo(b.Index));
        var result = new List<Match<T>>(Math.Min(take, scored.Length));
        for (var rank = 0; rank < Math.Min(take, scored.Length); rank++)
        {
            var (index, score) = scored[rank];
            var (person, opening) = pair(items[index]);
            result.Add(new Match<T>(items[index], rank + 1, score, Explain(current, person, opening, features.AsSpan(index * MatchFeatures.Count, MatchFeatures.Count))));
        }

        return result;
    }

    static MatchExplanation Explain(IMatchScorer scorer, Candidate person, Opening opening, ReadOnlySpan<float> features)
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

        Span<float> contributions = stackalloc float[MatchFeatures.Count];
        scorer.Explain(features, contributions);
        var reasons = new List<Reason>(MatchFeatures.Count);
        for (var f = 0; f < MatchFeatures.Count; f++)
        {
            if (contributions[f] != 0)
            {
                reasons.Add(new Reason(MatchFeatures.Names[f], features[f], contributions[f]));
            }
        }

        reasons.Sort((a, b) => Math.Abs(b.Contribution).CompareTo(Math.Abs(a.Contribution)));
        return new MatchExplanation(matched, missingEssential, missingOptional, reasons.Take(3).ToList());
    }
}
