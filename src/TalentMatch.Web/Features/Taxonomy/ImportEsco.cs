using System.Diagnostics;
using FluentValidation;
using Mediator;
using Npgsql;
using TalentMatch.Web.Infrastructure;
using TalentMatch.Web.Infrastructure.Security;

namespace TalentMatch.Web.Features.Taxonomy;

/// <summary>
/// Loads an official ESCO CSV download (English classification plus relation files, and optionally the
/// Dutch label files) into the taxonomy tables. Idempotent: a second run changes no row.
/// </summary>
public static class ImportEsco
{
    /// <param name="Folder">Either the folder holding <c>en/</c> and <c>relations/</c>, or one above it with <c>v1.1.1/</c> (and <c>v1.2.x-nl/</c>).</param>
    /// <param name="DutchFolder">The folder with the <c>*_nl.csv</c> files; found next to <paramref name="Folder"/> when not given.</param>
    [SystemOnly]
    public sealed record Command(string Folder, string? DutchFolder = null) : ICommand<TaxonomyChanges>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Folder).NotEmpty()
                .Must(folder => Layout.Find(folder, null) is not null)
                .WithMessage("Must be an ESCO CSV download: a folder with en/skills_en.csv, en/occupations_en.csv and relations/occupationSkillRelations.csv (or a folder containing v1.1.1/).");
            RuleFor(c => c.DutchFolder)
                .Must(folder => folder is null || File.Exists(Path.Combine(folder, "occupations_nl.csv")))
                .WithMessage("Must be a folder holding occupations_nl.csv.");
        }
    }

    public sealed class Handler(NpgsqlDataSource dataSource, ILogger<Handler> logger) : ICommandHandler<Command, TaxonomyChanges>
    {
        public async ValueTask<TaxonomyChanges> Handle(Command command, CancellationToken cancellationToken)
        {
            var layout = Layout.Find(command.Folder, command.DutchFolder)!;
            var clock = Stopwatch.StartNew();
            void Progress(string step) => logger.LogInformation("[{Elapsed:F1}s] {Step}", clock.Elapsed.TotalSeconds, step);

            var taxonomy = Read(layout, Progress);
            Progress($"read {taxonomy.Skills.Count:N0} skills ({taxonomy.SkillLabels.Count:N0} labels), {taxonomy.Occupations.Count:N0} occupations, {taxonomy.OccupationSkills.Count:N0} occupation-skill links");
            var changes = await TaxonomyWriter.WriteAsync(dataSource, taxonomy, step => Progress($"merging {step}"), cancellationToken);
            Progress($"done: {changes}");
            return changes;
        }
    }

    public sealed record Layout(string English, string Relations, string? Dutch)
    {
        public static Layout? Find(string folder, string? dutch)
        {
            if (string.IsNullOrWhiteSpace(folder) || !Directory.Exists(folder))
            {
                return null;
            }

            var root = Directory.Exists(Path.Combine(folder, "v1.1.1")) ? Path.Combine(folder, "v1.1.1") : folder;
            var english = Path.Combine(root, "en");
            var relations = Path.Combine(root, "relations");
            if (!File.Exists(Path.Combine(english, "skills_en.csv")) || !File.Exists(Path.Combine(english, "occupations_en.csv"))
                || !File.Exists(Path.Combine(relations, "occupationSkillRelations.csv")))
            {
                return null;
            }

            dutch ??= new[] { Path.Combine(folder, "v1.2.x-nl", "nl"), Path.Combine(folder, "nl"), Path.Combine(root, "..", "v1.2.x-nl", "nl") }
                .FirstOrDefault(d => File.Exists(Path.Combine(d, "occupations_nl.csv")));
            return new Layout(english, relations, dutch);
        }
    }

    internal static Taxonomy Read(Layout layout, Action<string> progress)
    {
        var taxonomy = new Taxonomy("esco");
        progress("reading skills");
        var dutchSkills = layout.Dutch is null ? [] : ReadDutchSkillLabels(layout.Dutch);
        var skillIds = new Dictionary<string, Guid>(StringComparer.Ordinal);
        foreach (var row in Csv.ReadFile(Path.Combine(layout.English, "skills_en.csv")))
        {
            var uri = row["conceptUri"];
            var id = ConceptIds.ForSkill(uri, null);
            skillIds[uri] = id;
            dutchSkills.TryGetValue(uri, out var dutch);
            taxonomy.Skills.Add(new SkillRow(id, uri, null, SkillType(row["skillType"]), Csv.NullIfEmpty(row["reuseLevel"]),
                row["preferredLabel"], dutch?.Preferred, Csv.NullIfEmpty(row["description"]), dutch?.Description));
            taxonomy.AddSkillLabel(id, "en", row["preferredLabel"], "preferred");
            foreach (var label in Csv.Values(row["altLabels"]))
            {
                taxonomy.AddSkillLabel(id, "en", label, "alternative");
            }

            foreach (var label in Csv.Values(row["hiddenLabels"]))
            {
                taxonomy.AddSkillLabel(id, "en", label, "hidden");
            }

            if (dutch is not null)
            {
                taxonomy.AddSkillLabel(id, "nl", dutch.Preferred, "preferred");
                foreach (var label in dutch.Alternatives)
                {
                    taxonomy.AddSkillLabel(id, "nl", label, "alternative");
                }
            }
        }

        progress("reading the skill hierarchy");
        var dutchGroups = layout.Dutch is null ? [] : Csv.ReadFile(Path.Combine(layout.Dutch, "skillGroups_nl.csv"))
            .GroupBy(r => r["conceptUri"]).ToDictionary(g => g.Key, g => g.First()["preferredLabel"], StringComparer.Ordinal);
        var groupIds = new Dictionary<string, Guid>(StringComparer.Ordinal);
        foreach (var row in Csv.ReadFile(Path.Combine(layout.English, "skillGroups_en.csv")))
        {
            var uri = row["conceptUri"];
            var id = ConceptIds.ForSkillGroup(uri);
            groupIds[uri] = id;
            taxonomy.SkillGroups.Add(new SkillGroupRow(id, uri, Csv.NullIfEmpty(row["code"]), row["preferredLabel"], dutchGroups.GetValueOrDefault(uri)));
        }

        foreach (var row in Csv.ReadFile(Path.Combine(layout.Relations, "broaderRelationsSkillPillar.csv")))
        {
            var (narrower, broader) = (row["conceptUri"], row["broaderUri"]);
            if (groupIds.TryGetValue(narrower, out var narrowerGroup) && groupIds.TryGetValue(broader, out var broaderGroup))
            {
                taxonomy.GroupBroader.Add((narrowerGroup, broaderGroup));
            }
            else if (skillIds.TryGetValue(narrower, out var skill) && groupIds.TryGetValue(broader, out var group))
            {
                taxonomy.SkillInGroup.Add((skill, group));
            }
            else if (skillIds.TryGetValue(narrower, out var narrowerSkill) && skillIds.TryGetValue(broader, out var broaderSkill))
            {
                taxonomy.SkillBroader.Add((narrowerSkill, broaderSkill));
            }
            else
            {
                taxonomy.Skipped.Add($"broader link {narrower} -> {broader} names a concept the label files do not have");
            }
        }

        foreach (var row in Csv.ReadFile(Path.Combine(layout.Relations, "skillSkillRelations.csv")))
        {
            if (skillIds.TryGetValue(row["originalSkillUri"], out var skill) && skillIds.TryGetValue(row["relatedSkillUri"], out var related))
            {
                taxonomy.SkillRelations.Add((skill, related, row["relationType"]));
            }
            else
            {
                taxonomy.Skipped.Add($"skill relation {row["originalSkillUri"]} -> {row["relatedSkillUri"]} names an unknown skill");
            }
        }

        progress("reading occupations");
        var dutchOccupations = layout.Dutch is null ? [] : Csv.ReadFile(Path.Combine(layout.Dutch, "occupations_nl.csv"))
            .GroupBy(r => r["conceptUri"]).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var occupationIds = new Dictionary<string, Guid>(StringComparer.Ordinal);
        foreach (var row in Csv.ReadFile(Path.Combine(layout.English, "occupations_en.csv")))
        {
            var uri = row["conceptUri"];
            var id = ConceptIds.ForOccupation(uri, null);
            occupationIds[uri] = id;
            dutchOccupations.TryGetValue(uri, out var dutch);
            taxonomy.Occupations.Add(new OccupationRow(id, uri, null, Csv.NullIfEmpty(row["iscoGroup"]), row["preferredLabel"],
                Csv.NullIfEmpty(dutch?["preferredLabel"]), Csv.NullIfEmpty(row["description"]), null));
            taxonomy.AddOccupationLabel(id, "en", row["preferredLabel"], "preferred");
            foreach (var label in Csv.Values(row["altLabels"]))
            {
                taxonomy.AddOccupationLabel(id, "en", label, "alternative");
            }

            foreach (var label in Csv.Values(row["hiddenLabels"]))
            {
                taxonomy.AddOccupationLabel(id, "en", label, "hidden");
            }

            if (dutch is not null)
            {
                taxonomy.AddOccupationLabel(id, "nl", dutch["preferredLabel"], "preferred");
                foreach (var label in Csv.Values(dutch["altLabels"]))
                {
                    taxonomy.AddOccupationLabel(id, "nl", label, "alternative");
                }

                foreach (var label in Csv.Values(dutch["hiddenLabels"]))
                {
                    taxonomy.AddOccupationLabel(id, "nl", label, "hidden");
                }
            }
        }

        progress("reading occupation-skill links");
        foreach (var row in Csv.ReadFile(Path.Combine(layout.Relations, "occupationSkillRelations.csv")))
        {
            var occupationUri = row["occupationUri"];
            if (!occupationIds.TryGetValue(occupationUri, out var occupation))
            {
                // ESCO v1.1.1 links skills to one occupation its label files leave out. The links are
                // published data, so keep them, with the occupation known by its URI only (never searched).
                occupation = ConceptIds.ForOccupation(occupationUri, null);
                occupationIds[occupationUri] = occupation;
                taxonomy.Occupations.Add(new OccupationRow(occupation, occupationUri, null, null, null, null, null, null));
                taxonomy.Skipped.Add($"occupation {occupationUri} is linked to skills but has no labels; kept by URI only");
            }

            if (skillIds.TryGetValue(row["skillUri"], out var skill))
            {
                taxonomy.OccupationSkills.Add((occupation, skill, row["relationType"]));
            }
            else
            {
                taxonomy.Skipped.Add($"occupation-skill link to unknown skill {row["skillUri"]}");
            }
        }

        return taxonomy;
    }

    static string? SkillType(string value) => value switch
    {
        "skill/competence" => "skill",
        "knowledge" => "knowledge",
        _ => null,
    };

    sealed record DutchSkill(string Preferred, IReadOnlyList<string> Alternatives, string? Description);

    /// <summary>
    /// The Dutch download has no complete skills file; the thematic collections carry Dutch labels for
    /// the skills they hold, so those are gathered from every collection file present.
    /// </summary>
    static Dictionary<string, DutchSkill> ReadDutchSkillLabels(string folder)
    {
        var skills = new Dictionary<string, DutchSkill>(StringComparer.Ordinal);
        var full = Path.Combine(folder, "skills_nl.csv");
        var files = File.Exists(full) ? [full] : Directory.GetFiles(folder, "*SkillsCollection_nl.csv").Order(StringComparer.Ordinal).ToArray();
        foreach (var file in files)
        {
            foreach (var row in Csv.ReadFile(file))
            {
                var uri = row["conceptUri"];
                if (row.GetValueOrDefault("conceptType") is not (null or "KnowledgeSkillCompetence") || skills.ContainsKey(uri))
                {
                    continue;
                }

                skills[uri] = new DutchSkill(row["preferredLabel"], Csv.Values(row.GetValueOrDefault("altLabels")).ToList(), Csv.NullIfEmpty(row.GetValueOrDefault("description")));
            }
        }

        return skills;
    }
}
