using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using TalentMatch.Web.Features.Taxonomy;
using TalentMatch.Web.Infrastructure;

namespace TalentMatch.IntegrationTests.Infrastructure;

/// <summary>
/// A small taxonomy each test class writes for itself, with codes made unique per call so tests never
/// see each other's concepts.
/// </summary>
public sealed class TestTaxonomy
{
    readonly Taxonomy _taxonomy = new("seed");
    readonly string _suffix = Guid.NewGuid().ToString("N")[..8];

    public Guid Skill(string labelEn, string labelNl, params string[] alternativesNl)
    {
        var code = $"{Slug(labelEn)}-{_suffix}";
        var id = ConceptIds.ForSkill(null, code);
        _taxonomy.Skills.Add(new SkillRow(id, null, code, "skill", "sector-specific", labelEn, labelNl, null, null));
        _taxonomy.AddSkillLabel(id, "en", labelEn, "preferred");
        _taxonomy.AddSkillLabel(id, "nl", labelNl, "preferred");
        foreach (var alternative in alternativesNl)
        {
            _taxonomy.AddSkillLabel(id, "nl", alternative, "alternative");
        }

        return id;
    }

    public Guid Occupation(string labelEn, string labelNl, Guid[] essential, Guid[] optional, params string[] alternativesNl)
    {
        var code = $"{Slug(labelEn)}-{_suffix}";
        var id = ConceptIds.ForOccupation(null, code);
        _taxonomy.Occupations.Add(new OccupationRow(id, null, code, "7212", labelEn, labelNl, null, "technology"));
        _taxonomy.AddOccupationLabel(id, "en", labelEn, "preferred");
        _taxonomy.AddOccupationLabel(id, "nl", labelNl, "preferred");
        foreach (var alternative in alternativesNl)
        {
            _taxonomy.AddOccupationLabel(id, "nl", alternative, "alternative");
        }

        _taxonomy.OccupationSkills.AddRange(essential.Select(s => (id, s, "essential")));
        _taxonomy.OccupationSkills.AddRange(optional.Select(s => (id, s, "optional")));
        return id;
    }

    public async Task SaveAsync(TestApp app)
    {
        var dataSource = app.Services.GetRequiredService<NpgsqlDataSource>();
        await TaxonomyWriter.WriteAsync(dataSource, _taxonomy, null, CancellationToken.None);
    }

    static string Slug(string text) => string.Concat(text.ToLowerInvariant().Select(c => char.IsLetterOrDigit(c) ? c : '-'));
}
