using Lucene.Net.Analysis;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Lucene.Net.Util;
using TalentMatch.Matching.Model;

namespace TalentMatch.Evaluation;

/// <summary>
/// BM25 over skill labels, the classic lexical baseline: each opening is a document made of its skills' labels,
/// each person a query made of theirs.
/// </summary>
/// <remarks>
/// EnglishAnalyzer rather than StandardAnalyzer: the labels are English ESCO preferred labels, and the analyzer's
/// Porter stemming lets "manage staff" meet "managing staff" while its stop words drop the "and"/"of" glue that
/// fills those labels (the words that would otherwise make nearly every opening match with a tiny IDF).
/// Scores depend only on the index and the query, so they are deterministic.
/// </remarks>
public sealed class Bm25Baseline : IDisposable
{
    const LuceneVersion Version = LuceneVersion.LUCENE_48;
    const string IdField = "id";
    const string SkillsField = "skills";

    readonly IReadOnlyList<string> skillLabels;
    readonly EnglishAnalyzer analyzer = new(Version);
    readonly BM25Similarity similarity = new(k1: 1.2f, b: 0.75f);
    readonly RAMDirectory directory = new();
    readonly Dictionary<Guid, int> docOf = [];
    DirectoryReader? reader;
    IndexSearcher? searcher;

    /// <param name="skillLabels">Label text per dense skill index (English preferred labels).</param>
    public Bm25Baseline(IReadOnlyList<string> skillLabels) => this.skillLabels = skillLabels;

    /// <summary>Builds the in-memory index, one document per opening. Call once.</summary>
    public void Index(IEnumerable<Opening> openings)
    {
        if (reader is not null) throw new InvalidOperationException("The index is already built.");
        using (var writer = new IndexWriter(directory, new IndexWriterConfig(Version, analyzer) { Similarity = similarity }))
        {
            foreach (var opening in openings)
            {
                writer.AddDocument(new Document
                {
                    new StringField(IdField, opening.Id.ToString("N"), Field.Store.YES),
                    new TextField(SkillsField, LabelText(opening.Skills), Field.Store.NO),
                });
            }
            writer.Commit();
        }
        reader = DirectoryReader.Open(directory);
        searcher = new IndexSearcher(reader) { Similarity = similarity };

        // Merges may reorder documents, so map ids to doc numbers from the reader itself, not from insertion order.
        var idOnly = new HashSet<string> { IdField };
        for (var doc = 0; doc < reader.MaxDoc; doc++)
            docOf[Guid.ParseExact(reader.Document(doc, idOnly).Get(IdField), "N")] = doc;
    }

    /// <summary>BM25 score of each item for the person's skills query, aligned with <paramref name="items"/>; items that match no term (or are not indexed) score 0.</summary>
    public float[] Score(Candidate person, IReadOnlyList<Opening> items)
    {
        var search = searcher ?? throw new InvalidOperationException("Call Index first.");
        var scores = new float[items.Count];
        var wanted = new List<int>(items.Count);
        foreach (var item in items)
            if (docOf.TryGetValue(item.Id, out var doc)) wanted.Add(doc);
        var query = QueryFor(person.Skills);
        if (wanted.Count == 0 || query is null) return scores;

        var found = new Dictionary<int, float>(wanted.Count);
        search.Search(query, new DocSetFilter(wanted), new ScoreCollector(found));
        for (var i = 0; i < items.Count; i++)
            if (docOf.TryGetValue(items[i].Id, out var doc) && found.TryGetValue(doc, out var score)) scores[i] = score;
        return scores;
    }

    public void Dispose()
    {
        reader?.Dispose();
        directory.Dispose();
        analyzer.Dispose();
    }

    string LabelText(int[] skills) => string.Join(" \n ", skills.Where(s => s >= 0 && s < skillLabels.Count).Select(s => skillLabels[s]));

    /// <summary>
    /// One SHOULD term clause per distinct analyzed token. A word repeated across the person's labels becomes one
    /// clause boosted by its count — the same score as repeated clauses under BM25 (coord and query norm are 1),
    /// with fewer clauses.
    /// </summary>
    BooleanQuery? QueryFor(int[] skills)
    {
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        using (var stream = analyzer.GetTokenStream(SkillsField, LabelText(skills)))
        {
            var term = stream.AddAttribute<ICharTermAttribute>();
            stream.Reset();
            while (stream.IncrementToken())
            {
                var text = term.ToString();
                counts[text] = counts.GetValueOrDefault(text) + 1;
            }
            stream.End();
        }
        if (counts.Count == 0) return null;

        if (counts.Count > BooleanQuery.MaxClauseCount) BooleanQuery.MaxClauseCount = counts.Count;
        var query = new BooleanQuery();
        foreach (var (text, count) in counts)
            query.Add(new TermQuery(new Term(SkillsField, text)) { Boost = count }, Occur.SHOULD);
        return query;
    }

    /// <summary>Restricts a search to a known set of top-level doc numbers.</summary>
    sealed class DocSetFilter(List<int> docs) : Filter
    {
        public override DocIdSet? GetDocIdSet(AtomicReaderContext context, IBits? acceptDocs)
        {
            var reader = context.AtomicReader;
            var bits = new FixedBitSet(reader.MaxDoc);
            var any = false;
            foreach (var doc in docs)
            {
                var local = doc - context.DocBase;
                if (local < 0 || local >= reader.MaxDoc) continue;
                bits.Set(local);
                any = true;
            }
            return any ? BitsFilteredDocIdSet.Wrap(bits, acceptDocs) : null;
        }
    }

    /// <summary>Records the score of every hit by top-level doc number.</summary>
    sealed class ScoreCollector(Dictionary<int, float> scores) : ICollector
    {
        Scorer? scorer;
        int docBase;

        public bool AcceptsDocsOutOfOrder => true;

        public void SetScorer(Scorer scorer) => this.scorer = scorer;

        public void SetNextReader(AtomicReaderContext context) => docBase = context.DocBase;

        public void Collect(int doc) => scores[docBase + doc] = scorer!.GetScore();
    }
}
