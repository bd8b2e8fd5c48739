namespace TalentMatch.Matching.Text;

/// <summary>
/// Occupation search by job title: <see cref="TitleIndex"/> similarity (variants, gendered forms, typos)
/// combined with <see cref="LabelIndex"/> search (whole words, half-typed words), one hit per occupation.
/// </summary>
public sealed class OccupationTitleSearch
{
    readonly LabelIndex _labels;
    readonly TitleIndex _titles;
    readonly TitleSearchSettings _settings;

    public OccupationTitleSearch(IEnumerable<LabelEntry> entries, TitleSearchSettings? settings = null)
    {
        var list = entries.ToList();
        _labels = new LabelIndex(list);
        _titles = new TitleIndex(list);
        _settings = settings ?? TitleSearchSettings.Default;
    }

    public int Count => _titles.Count;

    /// <summary>The best label per occupation, best occupations first.</summary>
    public List<LabelHit> Search(string query, bool preferDutch, int take)
    {
        var best = Score(query, preferDutch);
        // Abbreviations ("vpk", "ped. mdw.") are searched written out too; each occupation keeps its better score.
        if (TitleAbbreviations.Expand(query) is { } expanded)
        {
            foreach (var (concept, hit) in Score(expanded, preferDutch))
            {
                if (!best.TryGetValue(concept, out var current) || hit.Score > current.Score)
                {
                    best[concept] = hit;
                }
            }
        }

        // Every title shares some n-grams with most labels; what is far below the best is noise, not a match.
        var top = best.Count == 0 ? 0 : best.Values.Max(b => b.Score);
        return best
            .Where(b => b.Value.Score >= _settings.MinimumShareOfBest * top)
            .OrderByDescending(b => b.Value.Score).ThenBy(b => b.Value.Label, StringComparer.Ordinal)
            .Take(take)
            .Select(b => new LabelHit(b.Key, b.Value.Label, Math.Round(b.Value.Score, 4)))
            .ToList();
    }

    Dictionary<int, (string Label, double Score)> Score(string query, bool preferDutch)
    {
        var best = new Dictionary<int, (string Label, double Score)>();
        foreach (var (entry, similarity) in _titles.Search(query, _settings.TitleCandidates))
        {
            var label = _titles.Entry(entry);
            var score = similarity * (label.IsDutch == preferDutch ? 1.0 : _settings.OtherLanguageWeight);
            if (!best.TryGetValue(label.Concept, out var current) || score > current.Score)
            {
                best[label.Concept] = (label.Label, score);
            }
        }

        // The word search knows what the n-grams do not: a half-typed last word, every word present.
        foreach (var hit in _labels.Search(query, preferDutch, _settings.LabelCandidates))
        {
            var bonus = _settings.LabelWeight * Math.Min(hit.Score, LabelScoreCeiling) / LabelScoreCeiling;
            best[hit.Concept] = best.TryGetValue(hit.Concept, out var current)
                ? (current.Label, current.Score + bonus)
                : (hit.Label, bonus);
        }

        return best;
    }

    /// <summary>About the highest score <see cref="LabelIndex"/> gives (an exact preferred label in the asked language).</summary>
    const double LabelScoreCeiling = 5.5;
}

/// <summary>Weights of <see cref="OccupationTitleSearch"/>; not tuned on the MELO test queries (MELO has no validation split).</summary>
public sealed record TitleSearchSettings
{
    public static readonly TitleSearchSettings Default = new();

    public int TitleCandidates { get; init; } = 300;
    public int LabelCandidates { get; init; } = 50;
    public double LabelWeight { get; init; } = 0.3;
    public double OtherLanguageWeight { get; init; } = 0.95;
    public double MinimumShareOfBest { get; init; } = 0.6;
}
