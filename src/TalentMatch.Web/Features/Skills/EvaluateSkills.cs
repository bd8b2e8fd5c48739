using System.Globalization;
using System.Text;
using TalentMatch.Matching.Text;
using TalentMatch.Web.Features.Taxonomy;
using TalentMatch.Web.Infrastructure;

namespace TalentMatch.Web.Features.Skills;

/// <summary>
/// The <c>evaluate-skills</c> command: skill extraction on the TECH, HOUSE and TECHWOLF job-ad sentences
/// (gold = each sentence's ESCO labels, ranking over all ESCO skills: RP@5, RP@10, MRR) and job-title linking
/// on MELO's Dutch and Flemish titles (MRR over the top 100), printed next to the published reference points.
/// ESCO is read from the CSV files in memory; no database is involved.
/// </summary>
public static class EvaluateSkills
{
    const int Depth = 100;

    sealed record Published(string Name, double? Rp5, double? Rp10, double? Mrr, string Source);

    /// <summary>Published reference points (percentages), quoted in the issue from the papers that introduced the sets.</summary>
    static readonly Dictionary<string, Published[]> ExtractionReferences = new()
    {
        ["TECH"] = [new("zero-shot sentence embeddings", 39.6, null, 38.8, "Decorte et al. 2023"), new("trained model 2022", 31.7, null, null, "Decorte et al. 2022")],
        ["HOUSE"] = [new("zero-shot sentence embeddings", 26.2, null, 26.3, "Decorte et al. 2023"), new("trained model 2022", 30.8, null, null, "Decorte et al. 2022")],
        ["TECHWOLF"] = [new("zero-shot sentence embeddings", 33.5, null, 29.6, "Decorte et al. 2023")],
    };

    static readonly Dictionary<string, (double Lexical, double E5)> LinkingReferences = new()
    {
        ["nld_q_nl_c_nl"] = (0.486, 0.506),
        ["bel_q_nl_c_nl"] = (0.553, 0.568),
    };

    public sealed record ExtractionScore(string Set, int Sentences, double Rp5, double Rp10, double Mrr);

    public sealed record LinkingScore(string Set, int Queries, double Mrr);

    public static Task<int> RunAsync(string[] arguments)
    {
        var data = Option(arguments, "--data") ?? Path.Combine("..", "shared", "data");
        var split = Option(arguments, "--split") ?? "test";
        if (split is not ("test" or "validation"))
        {
            Console.Error.WriteLine("usage: evaluate-skills [--data <shared data folder>] [--split test|validation]");
            return Task.FromResult(2);
        }

        var layout = ImportEsco.Layout.Find(Path.Combine(data, "esco"), null);
        var benchmark = Path.Combine(data, "jobs", "skill-extraction-benchmark-esco");
        var melo = Path.Combine(data, "jobs", "melo-nld-titles");
        if (layout is null || !Directory.Exists(benchmark) || !Directory.Exists(melo))
        {
            Console.Error.WriteLine($"evaluate-skills needs esco/, jobs/skill-extraction-benchmark-esco/ and jobs/melo-nld-titles/ under {data}");
            return Task.FromResult(2);
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var taxonomy = ImportEsco.Read(layout, _ => { });
        var settings = Settings(arguments);
        var (extractor, ids) = SkillExtraction.FromTaxonomy(taxonomy, settings);
        if (settings != ExtractionSettings.Default)
        {
            Console.WriteLine($"settings: {settings}");
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ESCO read and extractor built in {clock.Elapsed.TotalSeconds:F1} s: {ids.Length:N0} skills, {taxonomy.SkillLabels.Count:N0} labels"));

        var extraction = new List<ExtractionScore>();
        foreach (var set in new[] { "tech", "house", "techwolf" })
        {
            var file = Path.Combine(benchmark, $"{set}_{split}_annotations.csv");
            if (File.Exists(file))
            {
                extraction.Add(ScoreExtraction(set.ToUpperInvariant(), file, taxonomy, extractor, ids));
            }
        }

        // MELO has no validation split; nothing was tuned on it, and it is scored only with --split test.
        var linking = new List<LinkingScore>();
        if (split == "test")
        {
            foreach (var set in LinkingReferences.Keys)
            {
                linking.Add(ScoreLinking(set, Path.Combine(melo, set)));
            }
        }

        Console.WriteLine();
        Console.WriteLine(Report(split, extraction, linking));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"done in {clock.Elapsed.TotalSeconds:F1} s"));
        return Task.FromResult(0);
    }

    /// <summary>Per sentence, as the papers compute it: RP@K = relevant in the top K / min(K, gold); MRR over the top 100.</summary>
    public static ExtractionScore ScoreExtraction(string name, string file, Taxonomy.Taxonomy taxonomy, SkillExtractor extractor, Guid[] ids)
    {
        var byLabel = taxonomy.Skills.GroupBy(s => s.LabelEn, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Id, StringComparer.Ordinal);
        var position = ids.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i);
        var gold = new Dictionary<string, HashSet<int>>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var row in Csv.ReadFile(file))
        {
            var sentence = row["sentence"];
            if (!gold.TryGetValue(sentence, out var set))
            {
                gold[sentence] = set = [];
                order.Add(sentence);
            }

            if (byLabel.TryGetValue(row["label"], out var id))
            {
                set.Add(position[id]);
            }
        }

        double rp5 = 0, rp10 = 0, mrr = 0;
        var counted = 0;
        foreach (var sentence in order.Where(s => gold[s].Count > 0))
        {
            var relevant = gold[sentence];
            var ranked = extractor.Extract(sentence, TextLanguage.English, Depth).Skills.Select(s => s.Concept).ToList();
            rp5 += (double)ranked.Take(5).Count(relevant.Contains) / Math.Min(5, relevant.Count);
            rp10 += (double)ranked.Take(10).Count(relevant.Contains) / Math.Min(10, relevant.Count);
            var first = ranked.FindIndex(relevant.Contains);
            mrr += first >= 0 ? 1.0 / (first + 1) : 0;
            counted++;
        }

        return new ExtractionScore(name, counted, 100 * rp5 / counted, 100 * rp10 / counted, 100 * mrr / counted);
    }

    /// <summary>
    /// MELO ranks corpus elements (surface forms of ESCO occupations and ISCO groups); an element is relevant
    /// when the qrels say so. Each concept is listed once, by its best-matching surface form, which is a ranking
    /// of elements like any other and the one that puts a relevant element first soonest.
    /// </summary>
    public static LinkingScore ScoreLinking(string name, string folder)
    {
        var concepts = Tsv(Path.Combine(folder, "concept_mapping.tsv")).ToDictionary(r => r[0], r => r[1], StringComparer.Ordinal);
        var conceptIndex = concepts.Values.Distinct(StringComparer.Ordinal).Select((uri, i) => (uri, i)).ToDictionary(x => x.uri, x => x.i, StringComparer.Ordinal);
        var elements = Tsv(Path.Combine(folder, "corpus_elements.tsv")).ToList();
        var entries = elements.Select(e => new LabelEntry(conceptIndex[concepts[e[0]]], e[1], true, LabelKind.Preferred));
        // The endpoint leaves out titles far below the best; a ranking metric needs the whole top 100.
        var search = new OccupationTitleSearch(entries, TitleSearchSettings.Default with { MinimumShareOfBest = 0 });
        var relevant = new Dictionary<string, HashSet<int>>(StringComparer.Ordinal);
        foreach (var qrel in Tsv(Path.Combine(folder, "annotations.tsv")).Where(r => r[3] != "0"))
        {
            if (!relevant.TryGetValue(qrel[0], out var set))
            {
                relevant[qrel[0]] = set = [];
            }

            set.Add(conceptIndex[concepts[qrel[2]]]);
        }

        double mrr = 0;
        var counted = 0;
        foreach (var query in Tsv(Path.Combine(folder, "queries.tsv")))
        {
            if (!relevant.TryGetValue(query[0], out var gold))
            {
                continue;
            }

            var ranked = search.Search(query[1], preferDutch: true, Depth);
            var first = ranked.FindIndex(h => gold.Contains(h.Concept));
            mrr += first >= 0 ? 1.0 / (first + 1) : 0;
            counted++;
        }

        return new LinkingScore(name, counted, mrr / counted);
    }

    static IEnumerable<string[]> Tsv(string path) =>
        File.ReadLines(path, Encoding.UTF8).Where(l => l.Length > 0).Select(l => l.Split('\t'));

    public static string Report(string split, IReadOnlyList<ExtractionScore> extraction, IReadOnlyList<LinkingScore> linking)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Skill extraction ({split} files; per sentence, ranking over all ESCO skills; percentages)");
        text.AppendLine();
        text.AppendLine("| set | sentences | system | RP@5 | RP@10 | MRR |");
        text.AppendLine("|---|---:|---|---:|---:|---:|");
        foreach (var score in extraction)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {score.Set} | {score.Sentences} | **TalentMatch (this run)** | **{score.Rp5:F1}** | **{score.Rp10:F1}** | **{score.Mrr:F1}** |");
            foreach (var reference in ExtractionReferences.GetValueOrDefault(score.Set, []))
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"| {score.Set} | | {reference.Name} ({reference.Source}) | {Cell(reference.Rp5)} | {Cell(reference.Rp10)} | {Cell(reference.Mrr)} |");
            }
        }

        if (linking.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("Job-title linking (MELO, Dutch titles to ESCO occupations; MRR over the top 100)");
            text.AppendLine();
            text.AppendLine("| set | queries | TalentMatch (this run) | character TF-IDF (published) | multilingual E5 (published) |");
            text.AppendLine("|---|---:|---:|---:|---:|");
            foreach (var score in linking)
            {
                var reference = LinkingReferences[score.Set];
                text.AppendLine(CultureInfo.InvariantCulture, $"| {score.Set} | {score.Queries} | **{score.Mrr:F3}** | {reference.Lexical:F3} | {reference.E5:F3} |");
            }
        }

        return text.ToString();
    }

    static string Cell(double? value) => value is double v ? v.ToString("F1", CultureInfo.InvariantCulture) : "–";

    /// <summary>
    /// <c>--set Name=value</c> (repeatable) changes one <see cref="ExtractionSettings"/> weight, for trying
    /// weights on the validation files; the committed defaults are what the test report uses.
    /// </summary>
    static ExtractionSettings Settings(string[] arguments)
    {
        var settings = ExtractionSettings.Default with { };
        for (var i = 0; i + 1 < arguments.Length; i++)
        {
            if (arguments[i] != "--set")
            {
                continue;
            }

            var (name, value) = (arguments[i + 1].Split('=')[0], arguments[i + 1].Split('=')[1]);
            var property = typeof(ExtractionSettings).GetProperty(name) ?? throw new ArgumentException($"no setting {name}");
            property.SetValue(settings, Convert.ChangeType(value, property.PropertyType, CultureInfo.InvariantCulture));
        }

        return settings;
    }

    static string? Option(string[] arguments, string name)
    {
        var index = Array.IndexOf(arguments, name);
        return index >= 0 && index + 1 < arguments.Length ? arguments[index + 1] : null;
    }
}
