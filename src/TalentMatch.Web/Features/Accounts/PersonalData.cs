using Dapper;
using Npgsql;

namespace TalentMatch.Web.Features.Accounts;

/// <summary>
/// Where a person's data lives, found from the schema itself: the account, the profiles it owns, and every table
/// with a foreign key to either. Export and erasure read the same map, so a table added later is covered by both.
/// </summary>
static class PersonalData
{
    /// <param name="KeepsRow">The foreign key sets null on delete: the row is someone else's record (e.g. a coach's shortlist) and only loses the name.</param>
    public sealed record Reference(string Table, string Column, string Refers, bool KeepsRow);

    const string ReferencesSql = """
        select cl.relname as table, a.attname as column, ref.relname as refers, c.confdeltype = 'n' as keeps_row
        from pg_constraint c
        join pg_class cl on cl.oid = c.conrelid
        join pg_class ref on ref.oid = c.confrelid
        join pg_namespace n on n.oid = cl.relnamespace
        join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
        where c.contype = 'f' and n.nspname = 'public' and ref.relname in ('account', 'profile') and cardinality(c.conkey) = 1
        order by cl.relname, a.attname
        """;

    public static async Task<IReadOnlyList<Reference>> ReferencesAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken ct) =>
        (await connection.QueryAsync<Reference>(new CommandDefinition(ReferencesSql, transaction: transaction, cancellationToken: ct))).AsList();

    public static async Task<Guid[]> ProfilesAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid account, CancellationToken ct) =>
        (await connection.QueryAsync<Guid>(new CommandDefinition(
            "select profile_id from profile where owner_account_id = @account", new { account }, transaction, cancellationToken: ct))).ToArray();

    /// <summary>Identifiers come from the catalogue, never from input; quoted all the same.</summary>
    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
