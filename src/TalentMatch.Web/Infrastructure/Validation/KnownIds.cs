using Dapper;
using FluentValidation;
using Npgsql;

namespace TalentMatch.Web.Infrastructure.Validation;

public static class KnownIds
{
    /// <summary>
    /// Every id in the list names an existing row, checked with one count query. The query binds <c>@ids</c>
    /// (distinct) and <c>@scope</c> (e.g. the pact or event the rows must belong to).
    /// </summary>
    public static IRuleBuilderOptions<T, IReadOnlyList<Guid>?> AllKnown<T>(this IRuleBuilder<T, IReadOnlyList<Guid>?> rule, NpgsqlDataSource dataSource, Func<T, Guid> scope,
        string countSql, string message) =>
        rule.MustAsync(async (command, ids, ct) =>
        {
            if (ids is null || ids.Count == 0)
            {
                return true;
            }

            await using var connection = await dataSource.OpenConnectionAsync(ct);
            var distinct = ids.Distinct().ToArray();
            return await connection.ExecuteScalarAsync<int>(new CommandDefinition(countSql, new { ids = distinct, scope = scope(command) }, cancellationToken: ct)) == distinct.Length;
        }).WithMessage(message);

    /// <summary>An export as a CSV download, for the export endpoints.</summary>
    public static IResult CsvFile(string fileName, string csv) =>
        TypedResults.File(System.Text.Encoding.UTF8.GetBytes(csv), "text/csv; charset=utf-8", fileName);

    /// <summary>Export routes accept the table with or without ".csv".</summary>
    public static string TableName(string table) => table.EndsWith(".csv", StringComparison.Ordinal) ? table[..^4] : table;
}
