using System.Diagnostics;
using System.Globalization;
using System.Text;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Lucene.Net.Util;
using Npgsql;
using NpgsqlTypes;
using TalentMatch.Evaluation;
using TalentMatch.Matching.Matching;
using TalentMatch.Matching.Model;
using TalentMatch.Matching.Ranking;
using TalentMatch.Matching.Retrieval;
using TalentMatch.Web.Features.Matching;
using TalentMatch.Web.Features.Taxonomy;

namespace TalentMatch.Benchmarks;

/// <summary>
/// The same openings and the same profiles, one run: retrieval done by PostgreSQL alone (skill arrays with a GIN
/// index, overlap and our retrieval score in SQL), by Lucene.NET (skill ids as terms, weighted query), and by our
/// in-process index, alone and with the full re-ranking and explanations. Reported as latencies and as ratios to ours.
/// </summary>
static class MatchingCompareBenchmark
{
    const int Take = 20;

    public static async Task RunAsync(int[] sizes, int requests)
    {
        var space = Machine.EscoSpace();
        var model = Machine.CommittedModel();
        var scorer = new LearnedScorer(model);
        await using var host = await BenchmarkHost.StartAsync();
        // The comparison table is the benchmark's own scratch table, created as the database's owner: the app's login may not create tables.
        await using var dataSource = NpgsqlDataSource.Create(host.ConnectionString);
        var rows = new StringBuilder();
        var notes = new StringBuilder();
        foreach (var size in sizes)
        {
            var (openings, people) = new SyntheticMatches(space, 7).Population(size, 20_000);
            var index = new SkillIndex<Opening>(space, openings);
            var engine = new MatchEngine(space, index, new SkillIndex<Candidate>(space), () => scorer);
            // PostgreSQL and Lucene.NET score skills and related skills only; this index scores exactly that, so their
            // answers can be checked against it, while the index as served also follows skills of the same occupations.
            var sameScoring = new SkillIndex<Opening>(space, openings) { OccupationWeight = 0 };
            var byRarity = people.OrderBy(p => p.Skills.Average(s => space.Rarity[s])).ToList();
            var groups = new[] { ("very common skills", byRarity.Take(requests).ToList()), ("rare skills", byRarity.TakeLast(requests).ToList()) };

            var clock = Stopwatch.StartNew();
            await LoadPostgresAsync(dataSource, space, openings);
            var postgresBuild = clock.Elapsed.TotalSeconds;
            clock.Restart();
            using var lucene = LuceneIndex.Build(openings);
            var luceneBuild = clock.Elapsed.TotalSeconds;
            notes.AppendLine(CultureInfo.InvariantCulture, $"- {size:N0} openings: PostgreSQL table, COPY and GIN index built in {postgresBuild:F1} s; Lucene index in {luceneBuild:F1} s.");
            Console.WriteLine(notes.ToString());

            await using var connection = await dataSource.OpenConnectionAsync();
            foreach (var (label, group) in groups)
            {
                var ours = Measure(group, p => index.Retrieve(p.Skills, Take).Count);
                var oursSameScoring = Measure(group, p => sameScoring.Retrieve(p.Skills, Take).Count);
                var full = Measure(group, p => engine.OpeningsFor(p, Take, 0).Count);
                var postgres = Measure(group, p => PostgresTop(connection, space, p.Skills));
                var luceneTimes = Measure(group, p => lucene.Top(space, p.Skills));
                var agreement = group.Take(50).Average(p => Agreement(sameScoring, openings, connection, space, p.Skills));
                notes.AppendLine(CultureInfo.InvariantCulture, $"- {size:N0}, {label}: PostgreSQL's top {Take} shares {agreement:P0} of its openings with our retrieval's top {Take} scored the same way, without skills of the same occupations (ties can order differently).");
                foreach (var (method, timings) in new[] { ("ours: retrieval only", ours), ("ours: retrieval only, without skills of the same occupations (the score the others compute)", oursSameScoring), ("ours: retrieval + LambdaMART re-rank of 400 + explanations", full),
                             ("PostgreSQL only: GIN on skill arrays, score in SQL", postgres), ("Lucene.NET: skill-id terms, weighted query", luceneTimes) })
                {
                    rows.AppendLine(CultureInfo.InvariantCulture,
                        $"| {size:N0} | {label} | {method} | {P(timings, 50):F2} | {P(timings, 99):F2} | {P(timings, 50) / P(ours, 50):F1} × | {P(timings, 99) / P(ours, 99):F1} × |");
                }

                Console.WriteLine(rows.ToString());
            }
        }

        var report = $"""
            # Retrieval compared: PostgreSQL only, Lucene.NET, ours

            Issue 4 asks to measure the in-process index against a PostgreSQL-only query and choose by the numbers; Lucene.NET
            is the library alternative. Same run, same data, same profiles.

            Command: `dotnet run -c Release --project benchmarks/TalentMatch.Benchmarks -- matching-compare {string.Join(",", sizes)}`

            Openings generated from ESCO v1.1.1 occupations as in the other benchmarks (3–17 skills each); profiles ranked by the
            average rarity of their skills, the {requests} with the most common skills and the {requests} with the rarest.
            Every method returns the top {Take} for the profile's skills, warm, one request at a time:
            - **ours**: `SkillIndex.Retrieve` as served (share of the opening's rarity mass covered; related skills at half
              weight; up to 36 skills of the same occupations at 0.1), the same without those occupation skills (the score
              the other two compute), and the whole `MatchEngine.OpeningsFor` (retrieve 400, LambdaMART re-rank, explanations);
            - **PostgreSQL only**: table `(slot int, skills int[], mass real)` with a GIN index on `skills`; one query filters by
              overlap (`skills && query`), computes the same score as ours (`sum(weight) / mass` over matched and related
              skills) and sorts for the top {Take}; dense skill numbers instead of uuids, which favours PostgreSQL;
            - **Lucene.NET** 4.8: one document per opening with its skill numbers as terms; a boolean query of the profile's
              skills and related skills boosted by the same weights, BM25 scoring, top {Take}.
            Ratios are to ours (retrieval only, as served) at the same percentile.
            Measured {DateTime.UtcNow:yyyy-MM-dd} on:
            {Machine.Describe()}

            | openings | profiles | method | p50 (ms) | p99 (ms) | p50 / ours | p99 / ours |
            |---:|---|---|---:|---:|---:|---:|
            {rows.ToString().TrimEnd()}

            {notes.ToString().TrimEnd()}
            """;
        var path = Path.Combine(Machine.ResultsFolder(), "matching-compare.md");
        await File.WriteAllTextAsync(path, report + "\n");
        Console.WriteLine(report);
    }

    /// <summary>The retrieval weights: each query skill at its rarity, each related skill at half its rarity per query skill it hangs off.</summary>
    static (int[] Skills, float[] Weights) Weights(SkillSpace space, int[] query)
    {
        var weights = new Dictionary<int, float>();
        foreach (var skill in query)
        {
            weights[skill] = space.Rarity[skill];
        }

        foreach (var skill in query)
        {
            foreach (var related in space.Related[skill])
            {
                if (Array.BinarySearch(query, related) < 0)
                {
                    weights[related] = weights.GetValueOrDefault(related) + space.Rarity[related] * SkillIndex<Opening>.RelatedWeight;
                }
            }
        }

        return (weights.Keys.ToArray(), weights.Values.ToArray());
    }

    static async Task LoadPostgresAsync(NpgsqlDataSource dataSource, SkillSpace space, List<Opening> openings)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using (var create = new NpgsqlCommand("""
            drop table if exists compare_opening;
            create table compare_opening (slot integer primary key, skills integer[] not null, mass real not null);
            """, connection))
        {
            await create.ExecuteNonQueryAsync();
        }

        await using (var writer = await connection.BeginBinaryImportAsync("copy compare_opening (slot, skills, mass) from stdin (format binary)"))
        {
            for (var slot = 0; slot < openings.Count; slot++)
            {
                var skills = openings[slot].Skills;
                await writer.WriteRowAsync(CancellationToken.None, slot, skills, skills.Sum(s => space.Rarity[s]));
            }

            await writer.CompleteAsync();
        }

        await using (var index = new NpgsqlCommand("create index compare_opening_skills on compare_opening using gin (skills)", connection))
        {
            index.CommandTimeout = 0;
            await index.ExecuteNonQueryAsync();
        }

        await using var analyze = new NpgsqlCommand("vacuum analyze compare_opening", connection);
        analyze.CommandTimeout = 0;
        await analyze.ExecuteNonQueryAsync();
    }

    const string PostgresTopSql = """
        select o.slot
        from compare_opening o
        cross join lateral unnest(o.skills) s(skill)
        join unnest(@skills, @weights) q(skill, weight) on q.skill = s.skill
        where o.skills && @skills
        group by o.slot, o.mass
        order by sum(q.weight) / o.mass desc, o.slot
        limit @take
        """;

    static List<int> PostgresSlots(NpgsqlConnection connection, SkillSpace space, int[] query)
    {
        var (skills, weights) = Weights(space, query);
        using var command = new NpgsqlCommand(PostgresTopSql, connection);
        command.Parameters.AddWithValue("skills", NpgsqlDbType.Array | NpgsqlDbType.Integer, skills);
        command.Parameters.AddWithValue("weights", NpgsqlDbType.Array | NpgsqlDbType.Real, weights);
        command.Parameters.AddWithValue("take", Take);
        command.CommandTimeout = 0;
        using var reader = command.ExecuteReader();
        var slots = new List<int>(Take);
        while (reader.Read())
        {
            slots.Add(reader.GetInt32(0));
        }

        return slots;
    }

    static int PostgresTop(NpgsqlConnection connection, SkillSpace space, int[] query) => PostgresSlots(connection, space, query).Count;

    /// <summary>Share of our top openings that PostgreSQL's top also holds (its slots are positions in <paramref name="openings"/>).</summary>
    static double Agreement(SkillIndex<Opening> index, List<Opening> openings, NpgsqlConnection connection, SkillSpace space, int[] query)
    {
        var ours = index.Retrieve(query, Take).Select(r => r.Item.Id).ToHashSet();
        var theirs = PostgresSlots(connection, space, query);
        return ours.Count == 0 ? 1 : theirs.Count(slot => ours.Contains(openings[slot].Id)) / (double)ours.Count;
    }

    static List<double> Measure<T>(List<T> requests, Func<T, int> request)
    {
        foreach (var r in requests.Take(20))
        {
            request(r);
        }

        var timings = new List<double>(requests.Count);
        foreach (var r in requests)
        {
            var started = Stopwatch.GetTimestamp();
            request(r);
            timings.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        timings.Sort();
        return timings;
    }

    static double P(List<double> sorted, double p) => Percentiles.Of(sorted, p);

    /// <summary>Lucene.NET over the openings' skill numbers, on disk in a temporary folder (memory-mapped).</summary>
    sealed class LuceneIndex : IDisposable
    {
        const string SkillField = "skill";
        readonly string _folder;
        readonly FSDirectory _directory;
        readonly DirectoryReader _reader;
        readonly IndexSearcher _searcher;

        LuceneIndex(string folder, FSDirectory directory)
        {
            _folder = folder;
            _directory = directory;
            _reader = DirectoryReader.Open(directory);
            _searcher = new IndexSearcher(_reader);
        }

        public static LuceneIndex Build(List<Opening> openings)
        {
            var folder = System.IO.Directory.CreateTempSubdirectory("talentmatch-lucene-").FullName;
            var directory = FSDirectory.Open(folder);
            var config = new IndexWriterConfig(LuceneVersion.LUCENE_48, new Lucene.Net.Analysis.Core.KeywordAnalyzer())
            {
                OpenMode = OpenMode.CREATE,
                RAMBufferSizeMB = 256,
                Similarity = new Lucene.Net.Search.Similarities.BM25Similarity(),
            };
            using (var writer = new IndexWriter(directory, config))
            {
                foreach (var opening in openings)
                {
                    var document = new Document();
                    foreach (var skill in opening.Skills)
                    {
                        document.Add(new StringField(SkillField, skill.ToString(CultureInfo.InvariantCulture), Field.Store.NO));
                    }

                    writer.AddDocument(document);
                }

                writer.ForceMerge(1);
                writer.Commit();
            }

            var index = new LuceneIndex(folder, directory);
            index._searcher.Similarity = new Lucene.Net.Search.Similarities.BM25Similarity();
            return index;
        }

        public int Top(SkillSpace space, int[] query)
        {
            var (skills, weights) = Weights(space, query);
            BooleanQuery.MaxClauseCount = Math.Max(BooleanQuery.MaxClauseCount, skills.Length);
            var boolean = new BooleanQuery();
            for (var i = 0; i < skills.Length; i++)
            {
                boolean.Add(new TermQuery(new Term(SkillField, skills[i].ToString(CultureInfo.InvariantCulture))) { Boost = weights[i] }, Occur.SHOULD);
            }

            return _searcher.Search(boolean, Take).ScoreDocs.Length;
        }

        public void Dispose()
        {
            _reader.Dispose();
            _directory.Dispose();
            System.IO.Directory.Delete(_folder, recursive: true);
        }
    }
}
