using TalentMatch.Matching.Features;

namespace TalentMatch.Matching.Matching;

/// <summary>Turns a pair's features into a score, and says how much each feature contributed.</summary>
public interface IMatchScorer
{
    /// <summary>Logged with every ranking shown, so a ranking can be traced to the model that made it.</summary>
    string Version { get; }

    bool IsLearned { get; }

    float Score(ReadOnlySpan<float> features);

    /// <summary>Scores many pairs at once; <paramref name="rows"/> holds one feature row after another.</summary>
    void ScoreAll(ReadOnlySpan<float> rows, Span<float> scores)
    {
        for (var i = 0; i < scores.Length; i++)
        {
            scores[i] = Score(rows.Slice(i * MatchFeatures.Count, MatchFeatures.Count));
        }
    }

    /// <summary>Per-feature contributions (same order as <see cref="MatchFeatures.Names"/>); they add up to the score minus a constant base.</summary>
    void Explain(ReadOnlySpan<float> features, Span<float> contributions);
}

/// <summary>
/// What ranks when no trained model is present: rarity-weighted coverage of the opening's skills, with
/// essential skills at the required level as tie-breaker. Transparent by construction.
/// </summary>
public sealed class BaselineScorer : IMatchScorer
{
    public static readonly BaselineScorer Instance = new();

    static readonly int Coverage = Array.IndexOf(MatchFeatures.Names, "rarity_weighted_coverage");
    static readonly int AtLevel = Array.IndexOf(MatchFeatures.Names, "essential_coverage_at_level");

    public string Version => "baseline-rarity-weighted-coverage";

    public bool IsLearned => false;

    public float Score(ReadOnlySpan<float> features) => features[Coverage] + 0.1f * features[AtLevel];

    public void Explain(ReadOnlySpan<float> features, Span<float> contributions)
    {
        contributions.Clear();
        contributions[Coverage] = features[Coverage];
        contributions[AtLevel] = 0.1f * features[AtLevel];
    }
}
