using TalentMatch.Database;

namespace TalentMatch.Web.Infrastructure.Startup;

/// <summary>
/// Where the database is: the server named by <c>ConnectionStrings:TalentMatch</c>, or, when that is not set,
/// a private cluster in <c>.talentmatch/postgres</c> that this process starts (or attaches to) and stops.
/// </summary>
public sealed class DatabaseConnection : IAsyncDisposable
{
    DatabaseConnection(string connectionString, string? applicationConnectionString, LocalCluster? cluster)
    {
        ConnectionString = connectionString;
        ApplicationConnectionString = applicationConnectionString;
        Cluster = cluster;
    }

    /// <summary>The tables' owner: migrations and bulk loads.</summary>
    public string ConnectionString { get; }

    /// <summary>
    /// The app's own login for serving requests (<c>ConnectionStrings:TalentMatchApp</c>, or the private cluster's);
    /// null when only the owner's connection string is configured.
    /// </summary>
    public string? ApplicationConnectionString { get; }

    public LocalCluster? Cluster { get; }

    /// <summary>True when we run our own cluster: the demo mode, with seed data.</summary>
    public bool IsEmbedded => Cluster is not null;

    public static async Task<DatabaseConnection> OpenAsync(IConfiguration configuration, ILogger logger, CancellationToken cancellationToken = default)
    {
        var configured = configuration.GetConnectionString("TalentMatch");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            logger.LogInformation("Using the PostgreSQL server from ConnectionStrings:TalentMatch");
            var application = configuration.GetConnectionString("TalentMatchApp");
            return new DatabaseConnection(configured, string.IsNullOrWhiteSpace(application) ? null : application, null);
        }

        var folder = configuration["TalentMatch:DataFolder"] ?? Path.Combine(RepositoryRoot(), ".talentmatch", "postgres");
        var cluster = await LocalCluster.StartAsync(folder, logger, cancellationToken: cancellationToken);
        logger.LogInformation("ConnectionStrings:TalentMatch is not set; the private PostgreSQL cluster lives in {Folder}", cluster.Folder);
        return new DatabaseConnection(cluster.ConnectionString(), cluster.ApplicationConnectionString(), cluster);
    }

    /// <summary>The checkout's root (where TalentMatch.sln is), so the data folder does not depend on the working directory.</summary>
    static string RepositoryRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "TalentMatch.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        return Directory.GetCurrentDirectory();
    }

    public async ValueTask DisposeAsync()
    {
        if (Cluster is not null)
        {
            await Cluster.StopAsync();
        }
    }
}
