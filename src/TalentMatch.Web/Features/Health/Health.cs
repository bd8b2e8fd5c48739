using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using TalentMatch.Database;
using TalentMatch.Web.Infrastructure.Startup;

namespace TalentMatch.Web.Features.Health;

/// <summary>Ready means: the database answers and every migration has been applied.</summary>
public sealed class DatabaseReadyCheck(NpgsqlDataSource dataSource, DatabaseConnection database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var ping = new NpgsqlCommand("select 1", connection);
            await ping.ExecuteScalarAsync(cancellationToken);
        }
        catch (NpgsqlException e)
        {
            return HealthCheckResult.Unhealthy("The database does not answer.", e);
        }

        return Migrator.IsUpToDate(database.ConnectionString)
            ? HealthCheckResult.Healthy("The database answers and all migrations are applied.")
            : HealthCheckResult.Unhealthy("Migrations are pending.");
    }
}

static class HealthResponse
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        return JsonSerializer.SerializeAsync(context.Response.Body, new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        }, cancellationToken: context.RequestAborted);
    }
}
