using TalentMatch.Matching.Text;

namespace TalentMatch.Web.Features.Taxonomy;

/// <summary>
/// A whole taxonomy as read from one source (our seed files or an ESCO download), ready for
/// <see cref="TaxonomyWriter"/> to merge into the database.
/// </summary>
public sealed class Taxonomy(string source)
{
    /// <summary>'seed' or 'esco': each source owns its labels and, on re-import, only its own.</summary>
    public string Source { get; } = source;

    public List<SkillRow> Skills { get; } = [];
    public List<LabelRow> SkillLabels { get; } = [];
    public List<SkillGroupRow> SkillGroups { get; } = [];
    public List<(Guid Group, Guid Broader)> GroupBroader { get; } = [];
    public List<(Guid Skill, Guid Group)> SkillInGroup { get; } = [];
    public List<(Guid Skill, Guid Broader)> SkillBroader { get; } = [];
    public List<(Guid Skill, Guid Related, string Relation)> SkillRelations { get; } = [];
    public List<OccupationRow> Occupations { get; } = [];
    public List<LabelRow> OccupationLabels { get; } = [];
    public List<(Guid Occupation, Guid Skill, string Relation)> OccupationSkills { get; } = [];

    /// <summary>Rows a source referred to but could not be linked (e.g. a relation to an unknown concept).</summary>
    public List<string> Skipped { get; } = [];

    readonly HashSet<(Guid, string, string)> _skillLabelKeys = [];
    readonly HashSet<(Guid, string, string)> _occupationLabelKeys = [];

    public void AddSkillLabel(Guid skill, string lang, string? label, string kind) =>
        AddLabel(SkillLabels, _skillLabelKeys, skill, lang, label, kind);

    public void AddOccupationLabel(Guid occupation, string lang, string? label, string kind) =>
        AddLabel(OccupationLabels, _occupationLabelKeys, occupation, lang, label, kind);

    /// <summary>Keeps the first (most preferred) kind when a label repeats, e.g. a preferred label also listed as alternative.</summary>
    static void AddLabel(List<LabelRow> labels, HashSet<(Guid, string, string)> keys, Guid concept, string lang, string? label, string kind)
    {
        var text = label?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return;
        }

        // A label of punctuation only could never be found by a search.
        if (SearchText.Normalise(text).Length == 0 || !keys.Add((concept, lang, text)))
        {
            return;
        }

        labels.Add(new LabelRow(concept, lang, text, kind));
    }
}

public sealed record SkillRow(Guid Id, string? EscoUri, string? Code, string? SkillType, string? ReuseLevel, string LabelEn, string? LabelNl, string? DescriptionEn, string? DescriptionNl);

public sealed record SkillGroupRow(Guid Id, string Uri, string? Code, string LabelEn, string? LabelNl);

public sealed record OccupationRow(Guid Id, string? EscoUri, string? Code, string? IscoCode, string? LabelEn, string? LabelNl, string? DescriptionEn, string? Sector);

public sealed record LabelRow(Guid ConceptId, string Lang, string Label, string Kind);

public sealed record TaxonomyChanges(string Source, int Skills, int Occupations, int OccupationSkills, long RowsChanged, IReadOnlyList<string> Skipped)
{
    public override string ToString() =>
        $"{Source}: {Skills:N0} skills, {Occupations:N0} occupations, {OccupationSkills:N0} occupation-skill links; {RowsChanged:N0} rows changed" +
        (Skipped.Count > 0 ? $"; skipped {Skipped.Count}: {string.Join("; ", Skipped.Take(5))}" : "");
}

static class EscoAttribution
{
    /// <summary>The attribution the ESCO reuse policy asks for, shown wherever ESCO data is served.</summary>
    public const string Text = "This service uses the ESCO classification of the European Commission.";

    public static string? For(IEnumerable<string?> escoUris) => escoUris.Any(u => u is not null) ? Text : null;
}
