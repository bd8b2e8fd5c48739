using Dapper;
using FluentValidation;
using Npgsql;
using TalentMatch.Web.Infrastructure.Errors;

namespace TalentMatch.Web.Features.Pact;

/// <summary>The pact's word lists and the checks several slices share, kept in step with migration 0020.</summary>
public static class PactRules
{
    public static readonly string[] PartnerKinds = ["employer", "school", "municipality", "government", "other"];
    public static readonly string[] Levels = ["mbo2", "mbo3", "mbo4", "hbo", "wo"];
    public static readonly string[] PlacementStatuses = ["proposed", "accepted", "started", "completed", "cancelled"];
    public static readonly string[] AllocationModes = ["optimal", "stable"];

    /// <summary>Where a placement may go next; completed and cancelled are final.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> NextStatuses = new Dictionary<string, string[]>
    {
        ["proposed"] = ["accepted", "cancelled"],
        ["accepted"] = ["started", "cancelled"],
        ["started"] = ["completed", "cancelled"],
        ["completed"] = [],
        ["cancelled"] = [],
    };

    /// <summary>Statuses that hold a place: a cancelled placement frees it.</summary>
    public const string LiveStatus = "status <> 'cancelled'";

    public static async Task EnsurePactAsync(NpgsqlConnection connection, Guid pactId, CancellationToken ct, NpgsqlTransaction? transaction = null)
    {
        if (!await connection.ExecuteScalarAsync<bool>(new CommandDefinition("select exists (select 1 from pact where pact_id = @pactId)", new { pactId }, transaction, cancellationToken: ct)))
        {
            throw new NotFoundException("Pact", pactId);
        }
    }

    /// <summary>A rule that the id names a row of this pact, checked against the database.</summary>
    public static IRuleBuilderOptions<T, Guid> BelongsToPact<T>(this IRuleBuilder<T, Guid> rule, NpgsqlDataSource dataSource, Func<T, Guid> pactId, string sql, string message) =>
        rule.MustAsync(async (command, id, ct) =>
        {
            await using var connection = await dataSource.OpenConnectionAsync(ct);
            return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(sql, new { id, pactId = pactId(command) }, cancellationToken: ct));
        }).WithMessage(message);

    /// <summary>SBB-style five-point chance of an internship from places offered per student searching.</summary>
    public static (int Points, string Label) Chance(long offered, long searching)
    {
        if (searching == 0)
        {
            return (5, "very-good");
        }

        var ratio = (double)offered / searching;
        return ratio switch
        {
            >= 1.5 => (5, "very-good"),
            >= 1.0 => (4, "good"),
            >= 0.75 => (3, "fair"),
            >= 0.5 => (2, "moderate"),
            _ => (1, "low"),
        };
    }
}
