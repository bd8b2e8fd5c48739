using Dapper;
using Npgsql;

namespace TalentMatch.Web.Features.Taxonomy;

/// <summary>Validator helpers: which of the given ids the taxonomy does not know, by position in the request.</summary>
static class TaxonomyChecks
{
    public static Task<IReadOnlyList<int>> UnknownSkillIndexesAsync(NpgsqlDataSource dataSource, IReadOnlyList<Guid> ids, CancellationToken ct) =>
        UnknownIndexesAsync(dataSource, "select skill_id from skill where skill_id = any(@ids)", ids, ct);

    public static Task<IReadOnlyList<int>> UnknownOccupationIndexesAsync(NpgsqlDataSource dataSource, IReadOnlyList<Guid> ids, CancellationToken ct) =>
        UnknownIndexesAsync(dataSource, "select occupation_id from occupation where occupation_id = any(@ids)", ids, ct);

    static async Task<IReadOnlyList<int>> UnknownIndexesAsync(NpgsqlDataSource dataSource, string sql, IReadOnlyList<Guid> ids, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            return [];
        }

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var known = (await connection.QueryAsync<Guid>(new CommandDefinition(sql, new { ids = ids.ToArray() }, cancellationToken: ct))).ToHashSet();
        return Enumerable.Range(0, ids.Count).Where(i => !known.Contains(ids[i])).ToList();
    }
}
