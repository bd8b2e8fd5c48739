using System.Globalization;
using TalentMatch.Evaluation;
using TalentMatch.Matching.Model;
using TalentMatch.Web.Features.Taxonomy;

namespace TalentMatch.Web.Features.Matching;

/// <summary>
/// The <c>train</c> command: builds labelled matches from ESCO (or, without it, the seed taxonomy), trains the
/// LambdaMART ranker, evaluates it against the baselines on held-out occupations, and writes the model, its
/// metrics and its model card to <c>models/</c>. Same data and seed give the same model, bit for bit.
/// With <c>--with-outcomes</c> the recorded coach outcomes join the labels (see <see cref="OutcomeGrades"/>);
/// that needs the database, so it runs through <see cref="Infrastructure.Startup.Commands"/>.
/// </summary>
public static class TrainRanker
{
    public const string Usage = "usage: train [--esco <folder>] [--output <folder>] [--queries <training queries>] [--with-outcomes]";

    /// <param name="Output">Null means the default: models/, or .talentmatch/models-with-outcomes with outcomes.</param>
    /// <param name="Queries">Generated training queries; validation and test sets keep the default proportions.</param>
    public sealed record Options(string? Esco, string? Output, int? Queries, bool WithOutcomes)
    {
        /// <summary>The options, or why they are wrong. Every flag is checked before anything runs, so a typo writes nothing.</summary>
        public static (Options? Options, string? Error) Parse(IReadOnlyList<string> arguments)
        {
            string? esco = null, output = null;
            int? queries = null;
            var withOutcomes = false;
            for (var i = 0; i < arguments.Count; i++)
            {
                switch (arguments[i])
                {
                    case "--with-outcomes":
                        withOutcomes = true;
                        continue;
                    case "--esco" or "--output" or "--queries" when i + 1 >= arguments.Count:
                        return (null, $"{arguments[i]} needs a value. {Usage}");
                    case "--esco":
                        esco = arguments[++i];
                        continue;
                    case "--output":
                        output = arguments[++i];
                        continue;
                    case "--queries":
                        if (!int.TryParse(arguments[++i], NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count is < 30 or > 1_000_000)
                        {
                            return (null, $"--queries must be a whole number from 30 to 1000000, not '{arguments[i]}'. {Usage}");
                        }

                        queries = count;
                        continue;
                    default:
                        return (null, $"Unknown option '{arguments[i]}'. {Usage}");
                }
            }

            return (new Options(esco, output, queries, withOutcomes), null);
        }

        /// <summary>The default plan keeps 3000 : 400 : 800 train, validation and test queries; so does a smaller one.</summary>
        public TrainingPlan Plan => Queries is { } n ? new TrainingPlan(TrainQueries: n, ValidationQueries: Math.Max(4, n * 2 / 15), TestQueries: Math.Max(8, n * 4 / 15)) : new TrainingPlan();
    }

    /// <summary>The plain command line: no database, so outcomes cannot be read here.</summary>
    public static async Task<int> RunAsync(string[] arguments)
    {
        var (options, error) = Options.Parse(arguments);
        if (options is null || options.WithOutcomes)
        {
            await Console.Error.WriteLineAsync(error ?? "--with-outcomes reads the database; run it through the app: dotnet run --project src/TalentMatch.Web -- train --with-outcomes");
            return 2;
        }

        return await RunAsync(options, null);
    }

    public static async Task<int> RunAsync(Options options, OutcomeSet? outcomes)
    {
        var root = RepositoryRoot();
        var esco = options.Esco ?? Path.Combine(root, "..", "shared", "data", "esco");
        // Labels from people's outcomes never replace the committed, reproducible model unless asked to.
        var output = options.Output ?? (outcomes is null ? Path.Combine(root, "models") : Path.Combine(root, ".talentmatch", "models-with-outcomes"));
        var layout = ImportEsco.Layout.Find(esco, null);
        Taxonomy.Taxonomy taxonomy;
        string source;
        if (layout is not null)
        {
            taxonomy = ImportEsco.Read(layout, step => Console.WriteLine(step));
            source = "ESCO v1.1.1 occupations and their essential/optional skills (../shared/data/esco)";
        }
        else
        {
            Console.WriteLine($"ESCO not found at {esco}; training on the seed taxonomy instead");
            taxonomy = SeedTaxonomy.Read(Path.Combine(root, "seed-data", "taxonomy"));
            source = "the seed taxonomy (seed-data/taxonomy), because ESCO was not present";
        }

        var space = SpaceOf(taxonomy);
        var labels = LabelsOf(taxonomy, space);
        var plan = options.Plan;
        var report = RankerTraining.Run(space, labels, source, plan, Console.Out, outcomes);

        Directory.CreateDirectory(output);
        report.Model.Save(Path.Combine(output, "match-ranker.zip"));
        await File.WriteAllTextAsync(Path.Combine(output, "match-ranker.metrics.json"), RankerTraining.MetricsJson(report, plan) + "\n");
        await File.WriteAllTextAsync(Path.Combine(output, "README.md"), ModelCard.Write(report, plan));
        Console.WriteLine(RankerTraining.Table(report));
        if (report.Outcomes is { HeldOut.Count: > 0 } scored)
        {
            Console.WriteLine($"held-out outcome vacancies ({scored.HeldOutGroups}):");
            Console.WriteLine(RankerTraining.Table(scored.HeldOut));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"model {report.Model.Version} written to {output} in {report.Seconds:F0} s"));
        return 0;
    }

    internal static SkillSpace SpaceOf(Taxonomy.Taxonomy taxonomy) => new(
        taxonomy.Skills.Select(s => s.Id).OrderBy(id => id).ToList(),
        taxonomy.SkillRelations.Select(r => (r.Skill, r.Related)).Concat(taxonomy.SkillBroader.Select(b => (b.Skill, b.Broader))).ToList(),
        taxonomy.Occupations.Select(o => o.Id).OrderBy(id => id).ToList(),
        taxonomy.OccupationSkills.Select(l => (l.Occupation, l.Skill, l.Relation == "essential")).ToList());

    internal static string[] LabelsOf(Taxonomy.Taxonomy taxonomy, SkillSpace space)
    {
        var labels = new string[space.SkillCount];
        foreach (var skill in taxonomy.Skills)
        {
            labels[space.Skill(skill.Id)!.Value] = skill.LabelEn;
        }

        return labels;
    }

    static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TalentMatch.sln")))
            {
                return dir.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
