using Mediator;
using TalentMatch.Database;
using TalentMatch.Web.Features.Demo;

namespace TalentMatch.Web.Infrastructure.Startup;

/// <summary>
/// Brings the schema up to date before the server takes requests, loads the demo data once in the
/// embedded demo mode, and stops the private cluster when the host shuts down (Ctrl+C included).
/// </summary>
public sealed class DatabaseStartup(DatabaseConnection database, IServiceProvider services, IConfiguration configuration, ILogger<DatabaseStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var applied = Migrator.Migrate(database.ConnectionString, logger);
        if (applied.Count > 0)
        {
            logger.LogInformation("Applied {Count} migrations: {Scripts}", applied.Count, string.Join(", ", applied));
        }

        if (configuration.GetValue("TalentMatch:SeedDemoData", database.IsEmbedded))
        {
            var sender = services.GetRequiredService<ISender>();
            var seeded = await sender.Send(new SeedDemoData.Command(SeedDemoData.DefaultFolder(), WithPlanning: false), cancellationToken);
            logger.LogInformation("{Seeded}", seeded.Summary);
        }

        // Accounts with published passwords exist only in the private demo database, whatever else is configured.
        if (database.IsEmbedded)
        {
            var accounts = await services.GetRequiredService<ISender>().Send(new SeedDemoAccounts.Command(), cancellationToken);
            logger.LogInformation("Demo mode: {Created} demo accounts created; their passwords are in seed-data/README.md", accounts.Created);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await database.DisposeAsync();
}
