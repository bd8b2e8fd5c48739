namespace TalentMatch.Matching.Text;

/// <summary>A text about a concept (its description, or a label) in one language, for <see cref="DescriptionIndex"/>.</summary>
public sealed record ConceptText(int Concept, string Text, TextLanguage Language);

/// <summary>
/// Okapi BM25 over every skill's labels and description, for sentences that describe a skill without naming
/// it ("you keep the books of small firms" → bookkeeping). Terms are Snowball stems of their own language;
/// term weights are computed once at build, so scoring a sentence is one addition per posting.
/// </summary>
public sealed class DescriptionIndex
{
    const float K1 = 1.2f;
    const float B = 0.75f;
    const int MinimumSkippedTermCount = 100;

    readonly Dictionary<string, (int[] Docs, float[] Weights)> _postings;

    public DescriptionIndex(IEnumerable<ConceptText> texts, int conceptCount)
    {
        ConceptCount = conceptCount;
        var termCounts = new Dictionary<string, Dictionary<int, int>>(StringComparer.Ordinal);
        var length = new int[conceptCount];
        foreach (var text in texts)
        {
            foreach (var token in TextTokens.Tokenise(text.Text))
            {
                if (Languages.IsStopWord(token.Text, text.Language))
                {
                    continue;
                }

                var stem = Languages.Stem(token.Text, text.Language);
                if (!termCounts.TryGetValue(stem, out var perDoc))
                {
                    termCounts[stem] = perDoc = [];
                }

                perDoc[text.Concept] = perDoc.GetValueOrDefault(text.Concept) + 1;
                length[text.Concept]++;
            }
        }

        var averageLength = Math.Max(1f, (float)length.Average());
        _postings = new Dictionary<string, (int[], float[])>(termCounts.Count, StringComparer.Ordinal);
        foreach (var (term, perDoc) in termCounts)
        {
            var idf = (float)Math.Log(1 + (conceptCount - perDoc.Count + 0.5) / (perDoc.Count + 0.5));
            var docs = perDoc.Keys.Order().ToArray();
            var weights = docs.Select(d =>
            {
                var tf = perDoc[d];
                return idf * tf * (K1 + 1) / (tf + K1 * (1 - B + B * length[d] / averageLength));
            }).ToArray();
            _postings[term] = (docs, weights);
        }
    }

    public int ConceptCount { get; }

    /// <summary>How many concepts' texts hold the term: the more, the less a word says on its own.</summary>
    public int DocumentCount(string term) => _postings.TryGetValue(term, out var p) ? p.Docs.Length : 0;

    public bool Contains(int concept, string term) => _postings.TryGetValue(term, out var p) && Array.BinarySearch(p.Docs, concept) >= 0;

    /// <summary>
    /// The best <paramref name="take"/> concepts for a bag of stems, using <paramref name="scores"/> (one slot per concept,
    /// all zero) as scratch; terms held by more than <paramref name="maxTermShare"/> of the concepts are skipped.
    /// </summary>
    public List<(int Concept, float Score)> Search(IEnumerable<string> terms, int take, float[] scores, double maxTermShare = 1.0)
    {
        var touched = new List<int>();
        // The floor keeps small taxonomies (the seed, tests) from losing words that are merely frequent among a few skills.
        var maxDocs = Math.Max(maxTermShare * ConceptCount, MinimumSkippedTermCount);
        foreach (var term in terms)
        {
            // A word in a large share of all skills ("work", "use") barely moves the ranking but costs the most.
            if (!_postings.TryGetValue(term, out var posting) || posting.Docs.Length > maxDocs)
            {
                continue;
            }

            var docs = posting.Docs;
            var weights = posting.Weights;
            for (var i = 0; i < docs.Length; i++)
            {
                if (scores[docs[i]] == 0)
                {
                    touched.Add(docs[i]);
                }

                scores[docs[i]] += weights[i];
            }
        }

        var best = new PriorityQueue<int, float>(take + 1);
        foreach (var doc in touched)
        {
            var score = scores[doc];
            if (best.Count < take)
            {
                best.Enqueue(doc, score);
            }
            else if (best.TryPeek(out _, out var lowest) && score > lowest)
            {
                best.DequeueEnqueue(doc, score);
            }
        }

        var result = new List<(int, float)>(best.Count);
        while (best.TryDequeue(out var doc, out var score))
        {
            result.Add((doc, score));
        }

        foreach (var doc in touched)
        {
            scores[doc] = 0;
        }

        result.Reverse();
        return result;
    }
}
