using TalentMatch.Web.Infrastructure;

namespace TalentMatch.Web.Features.Taxonomy;

/// <summary>
/// Reads our own compact taxonomy from <c>seed-data/taxonomy/</c>. It names no ESCO URIs (ESCO data stays
/// outside the repository), so its concepts are keyed by our own codes and sit beside an ESCO import.
/// </summary>
static class SeedTaxonomy
{
    public static Taxonomy Read(string folder)
    {
        var taxonomy = new Taxonomy("seed");
        var groupLabels = File.Exists(Path.Combine(folder, "skill_groups.csv"))
            ? Csv.ReadFile(Path.Combine(folder, "skill_groups.csv")).ToDictionary(r => r["code"], r => (En: r["label_en"], Nl: Csv.NullIfEmpty(r["label_nl"])))
            : [];
        var groups = new Dictionary<string, Guid>(StringComparer.Ordinal);
        var skills = new Dictionary<string, Guid>(StringComparer.Ordinal);
        foreach (var row in Csv.ReadFile(Path.Combine(folder, "skills.csv")))
        {
            var code = row["code"];
            var id = ConceptIds.ForSkill(null, code);
            skills[code] = id;
            taxonomy.Skills.Add(new SkillRow(id, null, code, Csv.NullIfEmpty(row["skill_type"]), Csv.NullIfEmpty(row["reuse_level"]), row["label_en"], Csv.NullIfEmpty(row["label_nl"]), null, null));
            taxonomy.AddSkillLabel(id, "en", row["label_en"], "preferred");
            taxonomy.AddSkillLabel(id, "nl", row["label_nl"], "preferred");
            foreach (var label in Csv.Values(row["alt_labels_en"]))
            {
                taxonomy.AddSkillLabel(id, "en", label, "alternative");
            }

            foreach (var label in Csv.Values(row["alt_labels_nl"]))
            {
                taxonomy.AddSkillLabel(id, "nl", label, "alternative");
            }

            if (Csv.NullIfEmpty(row["group"]) is { } groupCode)
            {
                if (!groups.TryGetValue(groupCode, out var groupId))
                {
                    var uri2 = $"talentmatch:skill-group:{groupCode}";
                    groupId = ConceptIds.ForSkillGroup(uri2);
                    groups[groupCode] = groupId;
                    var (en, nl) = groupLabels.TryGetValue(groupCode, out var labels) ? labels : (groupCode, null);
                    taxonomy.SkillGroups.Add(new SkillGroupRow(groupId, uri2, groupCode, en, nl));
                }

                taxonomy.SkillInGroup.Add((id, groupId));
            }
        }

        var occupations = new Dictionary<string, Guid>(StringComparer.Ordinal);
        foreach (var row in Csv.ReadFile(Path.Combine(folder, "occupations.csv")))
        {
            var code = row["code"];
            var id = ConceptIds.ForOccupation(null, code);
            occupations[code] = id;
            taxonomy.Occupations.Add(new OccupationRow(id, null, code, Csv.NullIfEmpty(row["isco_code"]), row["label_en"], Csv.NullIfEmpty(row["label_nl"]), null, Csv.NullIfEmpty(row["sector"])));
            taxonomy.AddOccupationLabel(id, "en", row["label_en"], "preferred");
            taxonomy.AddOccupationLabel(id, "nl", row["label_nl"], "preferred");
            foreach (var label in Csv.Values(row["alt_labels_en"]))
            {
                taxonomy.AddOccupationLabel(id, "en", label, "alternative");
            }

            foreach (var label in Csv.Values(row["alt_labels_nl"]))
            {
                taxonomy.AddOccupationLabel(id, "nl", label, "alternative");
            }
        }

        foreach (var row in Csv.ReadFile(Path.Combine(folder, "occupation_skills.csv")))
        {
            if (occupations.TryGetValue(row["occupation_code"], out var occupation) && skills.TryGetValue(row["skill_code"], out var skill))
            {
                taxonomy.OccupationSkills.Add((occupation, skill, row["relation"]));
            }
            else
            {
                taxonomy.Skipped.Add($"seed link {row["occupation_code"]} -> {row["skill_code"]} names an unknown code");
            }
        }

        return taxonomy;
    }
}
