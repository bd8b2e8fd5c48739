using System.Globalization;
using TalentMatch.Evaluation;
using TalentMatch.Matching.Model;
using TalentMatch.Web.Features.Taxonomy;

namespace TalentMatch.Web.Features.Matching;

/// <summary>
/// The <c>train</c> command: builds labelled matches from ESCO (or, without it, the seed taxonomy), trains the
/// LambdaMART ranker, evaluates it against the baselines on held-out occupations, and writes the model, its
/// metrics and its model card to <c>models/</c>. Same data and seed give the same model, bit for bit.
/// </summary>
public static class TrainRanker
{
    public static async Task<int> RunAsync(string[] arguments)
    {
        var root = RepositoryRoot();
        var esco = Option(arguments, "--esco") ?? Path.Combine(root, "..", "shared", "data", "esco");
        var output = Option(arguments, "--output") ?? Path.Combine(root, "models");
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
        var plan = new TrainingPlan();
        var report = RankerTraining.Run(space, labels, source, plan, Console.Out);

        Directory.CreateDirectory(output);
        report.Model.Save(Path.Combine(output, "match-ranker.zip"));
        await File.WriteAllTextAsync(Path.Combine(output, "match-ranker.metrics.json"), RankerTraining.MetricsJson(report, plan) + "\n");
        await File.WriteAllTextAsync(Path.Combine(output, "README.md"), ModelCard.Write(report, plan));
        Console.WriteLine(RankerTraining.Table(report));
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

    static string? Option(string[] arguments, string name)
    {
        var index = Array.IndexOf(arguments, name);
        return index >= 0 && index + 1 < arguments.Length ? arguments[index + 1] : null;
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
