using Dapper;
using Npgsql;
using TalentMatch.Matching.Text;

namespace TalentMatch.Web.Features.Taxonomy;

/// <summary>
/// Skill and occupation search runs on in-memory <see cref="LabelIndex"/>es built from the label tables.
/// Each search first compares the taxonomy version in the database with the one the indexes were built
/// from (one primary-key read) and rebuilds when another process imported a new taxonomy, so a search never
/// answers from an older taxonomy than the database holds.
/// </summary>
public sealed class LabelSearch(ILogger<LabelSearch> logger)
{
    /// <summary>Queries shorter than this (after normalising) would match most of the taxonomy.</summary>
    public const int MinimumQueryLength = 2;

    public sealed record Indexes(string Version, LabelIndex Skills, Guid[] SkillIds, OccupationTitleSearch Occupations, Guid[] OccupationIds);

    readonly SemaphoreSlim _rebuild = new(1, 1);
    volatile Indexes? _current;

    public async Task<Indexes> CurrentAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        var version = await VersionAsync(connection, ct);
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

    /// <summary>The taxonomy version the database holds now (one primary-key read).</summary>
    internal static async Task<string> VersionAsync(NpgsqlConnection connection, CancellationToken ct) =>
        await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "select value from app_state where key = 'taxonomy_version'", cancellationToken: ct)) ?? "";

    async Task<Indexes> BuildAsync(NpgsqlConnection connection, string version, CancellationToken ct)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (skills, skillIds) = await LoadAsync(connection, "skill_label", "skill_id", ct);
        var (occupationLabels, occupationIds) = await LoadLabelsAsync(connection, "occupation_label", "occupation_id", ct);
        var occupations = new OccupationTitleSearch(occupationLabels);
        logger.LogInformation("Label search indexes built in {Ms} ms: {Skills:N0} skill labels, {Occupations:N0} occupation labels",
            clock.ElapsedMilliseconds, skills.Count, occupations.Count);
        return new Indexes(version, skills, skillIds, occupations, occupationIds);
    }

    static async Task<(LabelIndex Index, Guid[] Ids)> LoadAsync(NpgsqlConnection connection, string table, string idColumn, CancellationToken ct)
    {
        var (entries, ids) = await LoadLabelsAsync(connection, table, idColumn, ct);
        return (new LabelIndex(entries), ids);
    }

    /// <summary>Every label of a concept table, each concept numbered by its position in the returned ids.</summary>
    internal static async Task<(List<LabelEntry> Entries, Guid[] Ids)> LoadLabelsAsync(NpgsqlConnection connection, string table, string idColumn, CancellationToken ct)
    {
        var rows = (await connection.QueryAsync<(Guid Id, string Lang, string Label, string Kind)>(new CommandDefinition(
            $"select {idColumn}, lang, label, kind from {table} order by {idColumn}, lang, label", cancellationToken: ct))).AsList();
        var ids = rows.Select(r => r.Id).Distinct().ToArray();
        var position = new Dictionary<Guid, int>(ids.Length);
        for (var i = 0; i < ids.Length; i++)
        {
            position[ids[i]] = i;
        }

        var entries = rows.Select(r => new LabelEntry(position[r.Id], r.Label, r.Lang == "nl", r.Kind switch
        {
            "preferred" => LabelKind.Preferred,
            "alternative" => LabelKind.Alternative,
            _ => LabelKind.Hidden,
        })).ToList();
        return (entries, ids);
    }
}
