using Dapper;
using Npgsql;

namespace TalentMatch.IntegrationTests.Infrastructure;

/// <summary>
/// A fingerprint of every application table (row count and an md5 over the rows), to prove that a
/// rejected request left the database exactly as it was.
/// </summary>
public static class DatabaseSnapshot
{
    /// <summary>
    /// Tables every request may write by design: signing in records the time and resets the lockout counter, and
    /// test clients sign in (creating their account) on their first request.
    /// </summary>
    static readonly string[] Bookkeeping = ["account"];

    public static async Task<IReadOnlyDictionary<string, string>> TakeAsync(NpgsqlDataSource dataSource)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var tables = (await connection.QueryAsync<string>(
            "select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' and table_name <> all (@bookkeeping) order by table_name",
            new { bookkeeping = Bookkeeping })).AsList();
        var fingerprint = new Dictionary<string, string>();
        foreach (var table in tables)
        {
            fingerprint[table] = await connection.ExecuteScalarAsync<string>(
                $"select count(*) || ':' || coalesce(md5(string_agg(t::text, '|' order by t::text)), '') from {table} t") ?? "";
        }

        return fingerprint;
    }
}
