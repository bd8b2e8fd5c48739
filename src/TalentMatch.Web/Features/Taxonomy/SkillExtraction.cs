using Dapper;
using Npgsql;
using TalentMatch.Matching.Text;

namespace TalentMatch.Web.Features.Taxonomy;

/// <summary>
/// Holds the <see cref="SkillExtractor"/> built from the taxonomy in the database (every skill label and
/// description), rebuilt like <see cref="LabelSearch"/> when the taxonomy version changes. It is separate from
/// the label search indexes because building it over a full ESCO import takes longer, and skill search should
/// not wait for it.
/// </summary>
public sealed class SkillExtraction(ILogger<SkillExtraction> logger)
{
    public sealed record Current(string Version, SkillExtractor Extractor, Guid[] SkillIds);

    readonly SemaphoreSlim _rebuild = new(1, 1);
    volatile Current? _current;

    public async Task<Current> CurrentAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        var version = await LabelSearch.VersionAsync(connection, ct);
        var current = _current;
        if (current?.Version == version)
        {
            return current;
        }

        await _rebuild.WaitAsync(ct);
        try
        {
            if (_current?.Version != version)
            {
                _current = await BuildAsync(connection, version, ct);
            }

            return _current;
        }
        finally
        {
            _rebuild.Release();
        }
    }

    async Task<Current> BuildAsync(NpgsqlConnection connection, string version, CancellationToken ct)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (labels, ids) = await LabelSearch.LoadLabelsAsync(connection, "skill_label", "skill_id", ct);
        var position = new Dictionary<Guid, int>(ids.Length);
        for (var i = 0; i < ids.Length; i++)
        {
            position[ids[i]] = i;
        }

        var rows = await connection.QueryAsync<(Guid Id, string? DescriptionEn, string? DescriptionNl)>(new CommandDefinition(
            "select skill_id, description_en, description_nl from skill where description_en is not null or description_nl is not null", cancellationToken: ct));
        var descriptions = new List<ConceptText>();
        foreach (var row in rows)
        {
            if (!position.TryGetValue(row.Id, out var concept))
            {
                continue;
            }

            if (row.DescriptionEn is { Length: > 0 } en)
            {
                descriptions.Add(new ConceptText(concept, en, TextLanguage.English));
            }

            if (row.DescriptionNl is { Length: > 0 } nl)
            {
                descriptions.Add(new ConceptText(concept, nl, TextLanguage.Dutch));
            }
        }

        var extractor = new SkillExtractor(labels, descriptions);
        logger.LogInformation("Skill extractor built in {Ms} ms from {Labels:N0} labels and {Descriptions:N0} descriptions",
            clock.ElapsedMilliseconds, labels.Count, descriptions.Count);
        return new Current(version, extractor, ids);
    }

    /// <summary>An extractor over a taxonomy read from files (no database), for evaluation and benchmarks.</summary>
    public static (SkillExtractor Extractor, Guid[] SkillIds) FromTaxonomy(Taxonomy taxonomy, ExtractionSettings? settings = null)
    {
        var ids = taxonomy.Skills.Select(s => s.Id).Order().ToArray();
        var position = new Dictionary<Guid, int>(ids.Length);
        for (var i = 0; i < ids.Length; i++)
        {
            position[ids[i]] = i;
        }

        var labels = taxonomy.SkillLabels.Where(l => position.ContainsKey(l.ConceptId)).Select(l => new LabelEntry(position[l.ConceptId], l.Label, l.Lang == "nl", l.Kind switch
        {
            "preferred" => LabelKind.Preferred,
            "alternative" => LabelKind.Alternative,
            _ => LabelKind.Hidden,
        }));
        var descriptions = taxonomy.Skills.SelectMany(s => new[]
        {
            s.DescriptionEn is { Length: > 0 } en ? new ConceptText(position[s.Id], en, TextLanguage.English) : null,
            s.DescriptionNl is { Length: > 0 } nl ? new ConceptText(position[s.Id], nl, TextLanguage.Dutch) : null,
        }).OfType<ConceptText>();
        return (new SkillExtractor(labels, descriptions, settings), ids);
    }
}
