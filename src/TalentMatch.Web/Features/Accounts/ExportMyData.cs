using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Mediator;
using Npgsql;
using TalentMatch.Web.Infrastructure.Security;

namespace TalentMatch.Web.Features.Accounts;

/// <summary>
/// The right of access (GDPR art. 15 and 20): everything stored about the signed-in person, as JSON, table by table.
/// Only the password hash is left out. Ranking-log entries about the person are included through their pseudonym;
/// after erasure that pseudonym is gone, so the same entries can no longer be found for, or exported about, them.
/// </summary>
public static class ExportMyData
{
    [AllowedFor(Role.JobSeeker, Role.Coach, Role.Employer, Role.Coordinator, Role.Organiser, Role.Admin)]
    public sealed record Query : IQuery<JsonObject>;

    public sealed class Handler(NpgsqlDataSource dataSource, ICurrentUser user) : IQueryHandler<Query, JsonObject>
    {
        public async ValueTask<JsonObject> Handle(Query query, CancellationToken cancellationToken)
        {
            var account = user.RequireAccountId();
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
            var profiles = await PersonalData.ProfilesAsync(connection, transaction, account, cancellationToken);
            var export = new JsonObject
            {
                ["exportedAt"] = DateTimeOffset.UtcNow,
                ["account"] = await RowsAsync(connection, transaction, "select to_jsonb(t) - 'password_hash' from account t where account_id = @account", new { account }, cancellationToken),
                ["profile"] = await RowsAsync(connection, transaction, "select to_jsonb(t) from profile t where profile_id = any(@profiles)", new { profiles }, cancellationToken),
            };
            foreach (var reference in await PersonalData.ReferencesAsync(connection, transaction, cancellationToken))
            {
                var ids = reference.Refers == "account" ? [account] : profiles;
                var rows = await RowsAsync(connection, transaction,
                    $"select to_jsonb(t) from {PersonalData.Quote(reference.Table)} t where {PersonalData.Quote(reference.Column)} = any(@ids)", new { ids }, cancellationToken);
                var key = reference.Table == "pseudonym" ? "pseudonym" : reference.Table;
                export[key] = export[key] is JsonArray existing ? Merge(existing, rows) : rows;
            }

            export["ranking_log"] = await RowsAsync(connection, transaction, """
                select jsonb_build_object('shown_at', l.shown_at, 'shown_to_role', l.shown_to_role, 'list_kind', l.list_kind, 'vacancy_id', l.vacancy_id,
                    'model_version', l.model_version, 'rank', i.rank, 'out_of', l.item_count, 'score', i.score, 'explanation', i.explanation)
                from pseudonym p join ranking_log_item i on i.subject_id = p.pseudonym_id join ranking_log l on l.ranking_log_id = i.ranking_log_id
                where p.profile_id = any(@profiles)
                order by l.shown_at
                """, new { profiles }, cancellationToken);
            return export;
        }

        static JsonArray Merge(JsonArray a, JsonArray b)
        {
            foreach (var node in b.ToList())
            {
                b.Remove(node);
                a.Add(node);
            }

            return a;
        }

        static async Task<JsonArray> RowsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, object parameters, CancellationToken ct)
        {
            var rows = await connection.QueryAsync<string>(new CommandDefinition(sql, parameters, transaction, cancellationToken: ct));
            return new JsonArray(rows.Select(r => JsonNode.Parse(r)).ToArray());
        }
    }

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/me/export", async (ISender sender, CancellationToken ct) => TypedResults.Json(await sender.Send(new Query(), ct)))
            .WithName("ExportMyData")
            .WithSummary("Everything stored about you, as JSON.");
}
