using System.Text.Json;
using Dapper;
using Npgsql;
using NpgsqlTypes;
using TalentMatch.Web.Infrastructure.Security;

namespace TalentMatch.Web.Features.Matching;

/// <summary>
/// Records each ranked list shown to a coach or an employer in the append-only ranking log (the application's
/// database role cannot change or delete it). People appear only as pseudonyms, which erasure cuts loose.
/// </summary>
public static class RankingLog
{
    public sealed record Entry(int Rank, Guid SubjectId, float Score, ExplanationView Explanation);

    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Lists shown to people who judge others are logged; a person looking at their own matches is not.</summary>
    public static bool MustRecord(ICurrentUser user) =>
        !user.IsSystem && (user.IsIn(Role.Coach) || user.IsIn(Role.Employer) || user.IsIn(Role.Admin) || user.IsIn(Role.Coordinator));

    /// <param name="peopleRanked">True when the subjects are profiles (their ids are replaced by pseudonyms).</param>
    public static async Task RecordAsync(NpgsqlDataSource dataSource, ICurrentUser user, string listKind, Guid? vacancyId, Guid? profileId, string modelVersion,
        IReadOnlyList<Entry> entries, bool peopleRanked, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var profiles = peopleRanked ? entries.Select(e => e.SubjectId).ToList() : [];
        if (profileId is { } subject)
        {
            profiles.Add(subject);
        }

        var pseudonyms = await PseudonymsAsync(connection, transaction, "profile_id", profiles, ct);
        var viewer = user.AccountId is { } account ? (await PseudonymsAsync(connection, transaction, "account_id", [account], ct))[account] : (Guid?)null;
        var role = Roles.All.Where(user.IsIn).Select(Roles.Name).FirstOrDefault() ?? "system";
        var logId = await connection.ExecuteScalarAsync<long>(new CommandDefinition("""
            insert into ranking_log (shown_to_pseudonym_id, shown_to_role, shown_to_employer_id, list_kind, vacancy_id, profile_pseudonym_id, model_version, item_count)
            values (@viewer, @role, @employer, @listKind, @vacancyId, @profile, @modelVersion, @count)
            returning ranking_log_id
            """, new
        {
            viewer, role, employer = user.EmployerId, listKind, vacancyId, profile = profileId is { } p ? pseudonyms[p] : (Guid?)null, modelVersion, count = entries.Count,
        }, transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition("""
            insert into ranking_log_item (ranking_log_id, rank, subject_id, score, explanation)
            select @logId, e.rank, e.subject, e.score, e.explanation
            from unnest(@ranks, @subjects, @scores, @explanations) as e(rank, subject, score, explanation)
            """, new
        {
            logId,
            ranks = entries.Select(e => e.Rank).ToArray(),
            subjects = entries.Select(e => peopleRanked ? pseudonyms[e.SubjectId] : e.SubjectId).ToArray(),
            scores = entries.Select(e => e.Score).ToArray(),
            explanations = new JsonbArray(entries.Select(e => JsonSerializer.Serialize(e.Explanation, Json)).ToArray()),
        }, transaction, cancellationToken: ct));
        await transaction.CommitAsync(ct);
    }

    /// <summary>The stable pseudonym of each profile or account, made on first use.</summary>
    static async Task<Dictionary<Guid, Guid>> PseudonymsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string column, IReadOnlyList<Guid> ids, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            return [];
        }

        var rows = await connection.QueryAsync<(Guid Id, Guid Pseudonym)>(new CommandDefinition($"""
            insert into pseudonym (pseudonym_id, {column}) select gen_random_uuid(), id from unnest(@ids) as id
            on conflict ({column}) do nothing;
            select {column}, pseudonym_id from pseudonym where {column} = any(@ids);
            """, new { ids = ids.Distinct().ToArray() }, transaction, cancellationToken: ct));
        return rows.ToDictionary(r => r.Id, r => r.Pseudonym);
    }

    /// <summary>Sends text[] as jsonb[] so PostgreSQL parses each explanation.</summary>
    sealed class JsonbArray(string[] values) : SqlMapper.ICustomQueryParameter
    {
        public void AddParameter(System.Data.IDbCommand command, string name) =>
            command.Parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Array | NpgsqlDbType.Jsonb) { Value = values });
    }
}
