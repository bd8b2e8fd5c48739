namespace TalentMatch.Matching.Text;

/// <summary>One label of a concept (skill or occupation) as the index holds it.</summary>
public sealed record LabelEntry(int Concept, string Label, bool IsDutch, LabelKind Kind);

public enum LabelKind : byte
{
    Preferred,
    Alternative,
    Hidden,
}

public sealed record LabelHit(int Concept, string Label, double Score);

/// <summary>
/// In-memory search over every label of a taxonomy, the way people type: whole labels, half-typed last
/// words, one or two typos per word, no accents. Words are looked up in a sorted vocabulary (exact and
/// prefix by binary search) and, for typos, through a trigram index over the vocabulary (tens of thousands
/// of words, not a hundred thousand labels), then every query word must be found in a label.
/// Immutable once built, so any number of threads can search it.
/// </summary>
public sealed class LabelIndex
{
    const int MaxPrefixExpansion = 400;
    const int MaxFuzzyCandidates = 2_000;

    readonly LabelEntry[] _entries;
    readonly int[][] _entryWords;
    readonly int[] _entryLength;
    readonly string[] _vocabulary;
    readonly int[][] _postings;
    readonly Dictionary<string, int[]> _trigrams;

    public LabelIndex(IEnumerable<LabelEntry> entries)
    {
        _entries = entries.ToArray();
        var normalised = _entries.Select(e => SearchText.Normalise(e.Label)).ToArray();
        _vocabulary = normalised.SelectMany(n => n.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Distinct().Order(StringComparer.Ordinal).ToArray();
        var wordId = new Dictionary<string, int>(_vocabulary.Length, StringComparer.Ordinal);
        for (var i = 0; i < _vocabulary.Length; i++)
        {
            wordId[_vocabulary[i]] = i;
        }

        _entryWords = normalised.Select(n => n.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(w => wordId[w]).ToArray()).ToArray();
        _entryLength = normalised.Select(n => n.Length).ToArray();
        var postings = new List<int>[_vocabulary.Length];
        for (var e = 0; e < _entryWords.Length; e++)
        {
            foreach (var w in _entryWords[e].Distinct())
            {
                (postings[w] ??= []).Add(e);
            }
        }

        _postings = postings.Select(p => p?.ToArray() ?? []).ToArray();
        var trigrams = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var w = 0; w < _vocabulary.Length; w++)
        {
            foreach (var trigram in Trigrams(_vocabulary[w]))
            {
                if (!trigrams.TryGetValue(trigram, out var list))
                {
                    trigrams[trigram] = list = [];
                }

                if (list.Count == 0 || list[^1] != w)
                {
                    list.Add(w);
                }
            }
        }

        _trigrams = trigrams.ToDictionary(t => t.Key, t => t.Value.ToArray(), StringComparer.Ordinal);
    }

    public int Count => _entries.Length;

    /// <summary>The best label per concept, best concepts first.</summary>
    public List<LabelHit> Search(string query, bool preferDutch, int take)
    {
        var q = SearchText.Normalise(query);
        var words = q.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0)
        {
            return [];
        }

        // For each query word, the vocabulary words it may stand for, with how sure we are.
        var expansions = new Dictionary<int, double>[words.Length];
        for (var i = 0; i < words.Length; i++)
        {
            expansions[i] = Expand(words[i]);
            // A word of one or two letters that matches nothing ("of" typed as "fo") may be left out;
            // any longer word must be found.
            if (expansions[i].Count == 0 && words[i].Length > 2)
            {
                return [];
            }
        }

        if (expansions.All(e => e.Count == 0))
        {
            return [];
        }

        // Candidate labels: those holding a word for the query word with the fewest postings; then every
        // other query word must be found in them too.
        var rarest = Enumerable.Range(0, words.Length).Where(i => expansions[i].Count > 0).MinBy(i => expansions[i].Keys.Sum(w => _postings[w].Length));
        var best = new Dictionary<int, (int Entry, double Score)>();
        var seen = new HashSet<int>();
        foreach (var word in expansions[rarest].Keys)
        {
            foreach (var entry in _postings[word])
            {
                if (!seen.Add(entry))
                {
                    continue;
                }

                var score = Score(entry, q, words, expansions, preferDutch);
                if (score is double s)
                {
                    var concept = _entries[entry].Concept;
                    if (!best.TryGetValue(concept, out var current) || s > current.Score)
                    {
                        best[concept] = (entry, s);
                    }
                }
            }
        }

        return best.Values
            .OrderByDescending(b => b.Score).ThenBy(b => _entries[b.Entry].Label, StringComparer.Ordinal)
            .Take(take)
            .Select(b => new LabelHit(_entries[b.Entry].Concept, _entries[b.Entry].Label, b.Score))
            .ToList();
    }

    double? Score(int entry, string q, string[] words, Dictionary<int, double>[] expansions, bool preferDutch)
    {
        var labelWords = _entryWords[entry];
        double sum = 0;
        for (var i = 0; i < words.Length; i++)
        {
            double bestWord = 0;
            foreach (var w in labelWords)
            {
                if (expansions[i].TryGetValue(w, out var weight) && weight > bestWord)
                {
                    bestWord = weight;
                }
            }

            if (bestWord == 0 && expansions[i].Count > 0)
            {
                return null;
            }

            sum += bestWord;
        }

        var text = string.Join(' ', labelWords.Select(w => _vocabulary[w]));
        var shape = text == q ? 3.0 : text.StartsWith(q, StringComparison.Ordinal) ? 2.0 : text.Contains(q, StringComparison.Ordinal) ? 1.5 : 1.0;
        var entryInfo = _entries[entry];
        return shape
            + sum / words.Length                                  // how exactly the words matched (typos count less)
            + (double)words.Length / Math.Max(words.Length, labelWords.Length) // how much of the label the query covers
            + (entryInfo.IsDutch == preferDutch ? 0.25 : 0)
            + entryInfo.Kind switch { LabelKind.Preferred => 0.2, LabelKind.Alternative => 0.1, _ => 0 }
            - Math.Min(_entryLength[entry], 120) / 1200.0;
    }

    /// <summary>Vocabulary words a query word may mean: itself (1.0), words it begins (0.9), near spellings (0.8 / 0.7).</summary>
    Dictionary<int, double> Expand(string word)
    {
        var result = new Dictionary<int, double>();
        var start = LowerBound(word);
        for (var w = start; w < _vocabulary.Length && w - start < MaxPrefixExpansion && _vocabulary[w].StartsWith(word, StringComparison.Ordinal); w++)
        {
            result[w] = _vocabulary[w].Length == word.Length ? 1.0 : 0.9;
        }

        if (word.Length < 3)
        {
            return result;
        }

        // One edit for ordinary words, two for long ones: "verpleegkundge", "wondverzroging".
        var maxEdits = word.Length >= 8 ? 2 : 1;
        var counts = new Dictionary<int, int>();
        foreach (var trigram in Trigrams(word))
        {
            if (_trigrams.TryGetValue(trigram, out var ids))
            {
                foreach (var id in ids)
                {
                    counts[id] = counts.GetValueOrDefault(id) + 1;
                }
            }
        }

        // A word has length + 1 padded trigrams; one edit destroys at most three of them, swapping two
        // neighbouring letters at most four.
        var needed = Math.Max(1, word.Length + 1 - 4 * maxEdits);
        foreach (var (id, shared) in counts.Where(c => c.Value >= needed).OrderByDescending(c => c.Value).Take(MaxFuzzyCandidates))
        {
            if (result.ContainsKey(id) || Math.Abs(_vocabulary[id].Length - word.Length) > maxEdits)
            {
                continue;
            }

            var distance = Distance(word, _vocabulary[id], maxEdits);
            if (distance <= maxEdits)
            {
                result[id] = distance == 1 ? 0.8 : 0.7;
            }
        }

        return result;
    }

    int LowerBound(string word)
    {
        int lo = 0, hi = _vocabulary.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (string.CompareOrdinal(_vocabulary[mid], word) < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    static IEnumerable<string> Trigrams(string word)
    {
        var padded = $"  {word} ";
        for (var i = 0; i + 3 <= padded.Length; i++)
        {
            yield return padded.Substring(i, 3);
        }
    }

    /// <summary>Optimal string alignment distance (adjacent swaps count once), stopping early past <paramref name="limit"/>.</summary>
    public static int Distance(string a, string b, int limit)
    {
        var previous2 = new int[b.Length + 1];
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var rowMin = current[0];
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    current[j] = Math.Min(current[j], previous2[j - 2] + 1);
                }

                rowMin = Math.Min(rowMin, current[j]);
            }

            if (rowMin > limit)
            {
                return limit + 1;
            }

            (previous2, previous, current) = (previous, current, previous2);
        }

        return previous[b.Length];
    }
}
