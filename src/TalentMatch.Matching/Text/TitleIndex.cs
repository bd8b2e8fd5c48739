namespace TalentMatch.Matching.Text;

/// <summary>
/// Job titles as people write them: character n-gram TF-IDF cosine over every occupation label, so Dutch and
/// Flemish variants, gendered forms ("verpleger" / "verpleegkundige", "kok" / "kokkin"), compounds written
/// apart and typos still share most of their n-grams with the right label. Whole words count too, so a title
/// that names the right words in another order still ranks. Immutable once built.
/// </summary>
public sealed class TitleIndex
{
    const int MinGram = 2;
    const int MaxGram = 5;

    readonly LabelEntry[] _entries;
    readonly Dictionary<string, (int[] Entries, float[] Weights)> _postings;
    readonly Dictionary<string, float> _idf;

    public TitleIndex(IEnumerable<LabelEntry> entries)
    {
        _entries = entries.ToArray();
        var features = _entries.Select(e => Features(e.Label)).ToArray();
        var df = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var f in features)
        {
            foreach (var key in f.Keys)
            {
                df[key] = df.GetValueOrDefault(key) + 1;
            }
        }

        _idf = df.ToDictionary(d => d.Key, d => (float)Math.Log((1.0 + _entries.Length) / (1.0 + d.Value)) + 1f, StringComparer.Ordinal);
        var postings = new Dictionary<string, List<(int, float)>>(StringComparer.Ordinal);
        for (var e = 0; e < features.Length; e++)
        {
            var vector = Weigh(features[e]);
            foreach (var (key, weight) in vector)
            {
                if (!postings.TryGetValue(key, out var list))
                {
                    postings[key] = list = [];
                }

                list.Add((e, weight));
            }
        }

        _postings = postings.ToDictionary(p => p.Key, p => (p.Value.Select(x => x.Item1).ToArray(), p.Value.Select(x => x.Item2).ToArray()), StringComparer.Ordinal);
    }

    public int Count => _entries.Length;

    public LabelEntry Entry(int index) => _entries[index];

    /// <summary>Cosine similarity of the query to labels, best labels first (label positions and scores).</summary>
    public List<(int Entry, float Score)> Search(string query, int take)
    {
        var vector = Weigh(Features(query));
        // One score slot per label, reused by the thread: common n-grams touch thousands of labels per query.
        var scores = t_scores is { } existing && existing.Length == _entries.Length ? existing : t_scores = new float[_entries.Length];
        var touched = new List<int>();
        foreach (var (key, weight) in vector)
        {
            if (!_postings.TryGetValue(key, out var posting))
            {
                continue;
            }

            var entries = posting.Entries;
            var weights = posting.Weights;
            for (var i = 0; i < entries.Length; i++)
            {
                if (scores[entries[i]] == 0)
                {
                    touched.Add(entries[i]);
                }

                scores[entries[i]] += weight * weights[i];
            }
        }

        // Best first, ties by label position, keeping only the best take.
        var best = new PriorityQueue<int, (float Score, int Entry)>(take + 1, WorstFirst);
        foreach (var entry in touched)
        {
            var key = (scores[entry], entry);
            if (best.Count < take)
            {
                best.Enqueue(entry, key);
            }
            else if (best.TryPeek(out _, out var worst) && WorstFirst.Compare(key, worst) > 0)
            {
                best.DequeueEnqueue(entry, key);
            }
        }

        foreach (var entry in touched)
        {
            scores[entry] = 0;
        }

        var result = new List<(int, float)>(best.Count);
        while (best.TryDequeue(out var entry, out var key))
        {
            result.Add((entry, key.Score));
        }

        result.Reverse();
        return result;
    }

    [ThreadStatic] static float[]? t_scores;

    /// <summary>Orders (score, position) pairs from the worst match to the best: lower score, then later position.</summary>
    static readonly Comparer<(float Score, int Entry)> WorstFirst = Comparer<(float Score, int Entry)>.Create((a, b) =>
        a.Score != b.Score ? a.Score.CompareTo(b.Score) : b.Entry.CompareTo(a.Entry));

    /// <summary>L2-normalised TF-IDF weights; features the index never saw carry no weight but do lengthen the query.</summary>
    Dictionary<string, float> Weigh(Dictionary<string, int> features)
    {
        var vector = new Dictionary<string, float>(features.Count, StringComparer.Ordinal);
        double norm = 0;
        foreach (var (key, count) in features)
        {
            // Unknown features get the rarest weight: a typo should cost similarity, not be ignored.
            var idf = _idf?.GetValueOrDefault(key, (float)Math.Log(1.0 + _entries.Length) + 1f) ?? 1f;
            var weight = (float)(1 + Math.Log(count)) * idf * (key[0] == '#' ? WordWeight : 1f);
            vector[key] = weight;
            norm += weight * weight;
        }

        var scale = norm > 0 ? (float)(1 / Math.Sqrt(norm)) : 0f;
        foreach (var key in vector.Keys.ToList())
        {
            vector[key] *= scale;
        }

        return vector;
    }

    /// <summary>How much a whole word counts against its n-grams.</summary>
    const float WordWeight = 2f;

    static Dictionary<string, int> Features(string text)
    {
        var features = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var word in SearchText.Normalise(text).Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            features["#" + word] = features.GetValueOrDefault("#" + word) + 1;
            var padded = $" {word} ";
            for (var n = MinGram; n <= MaxGram; n++)
            {
                for (var i = 0; i + n <= padded.Length; i++)
                {
                    var gram = padded.Substring(i, n);
                    if (gram.Trim().Length == 0)
                    {
                        continue;
                    }

                    features[gram] = features.GetValueOrDefault(gram) + 1;
                }
            }
        }

        return features;
    }
}
