using Mediator;
using Npgsql;
using TalentMatch.Web.Features.Taxonomy;
using TalentMatch.Web.Features.Matching;
using TalentMatch.Web.Infrastructure.Startup;

namespace TalentMatch.Web.Features.Demo;

/// <summary>
/// In the embedded demo mode, adds the demo pact and hackathon once the matching index is ready: their allocation
/// and team runs score with it, and start-up cannot wait for it (the index is built by a service that starts later).
/// </summary>
public sealed class DemoPlanningSeeder(DatabaseConnection database, NpgsqlDataSource dataSource, MatchingState matching, ISender sender,
    IConfiguration configuration, ILogger<DemoPlanningSeeder> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!configuration.GetValue("TalentMatch:SeedDemoData", database.IsEmbedded))
        {
            return;
        }

        try
        {
            await matching.CurrentAsync(stoppingToken);
            // Start-up has just written the seed taxonomy and the rest of the demo data; only the codes are needed here.
            var folder = SeedDemoData.DefaultFolder();
            var skills = SeedTaxonomy.Read(Path.Combine(folder, "taxonomy")).Skills.ToDictionary(s => s.Code!, s => s.Id);
            logger.LogInformation("{Seeded}", await SeedDemoPlanning.LoadAsync(dataSource, sender, folder, skills, stoppingToken));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Demo figures are a convenience: the app serves everything else without them.
            logger.LogError(e, "The demo pact and hackathon could not be seeded");
        }
    }
}
