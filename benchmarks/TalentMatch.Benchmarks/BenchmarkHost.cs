using Microsoft.Extensions.Logging.Abstractions;
using TalentMatch.Database;
using TalentMatch.Web;
using TalentMatch.Web.Infrastructure.Startup;

namespace TalentMatch.Benchmarks;

/// <summary>
/// The app's real services (mediator pipeline, SQL, data source) over a private cluster in a temporary
/// folder, without the HTTP server: benchmarks measure the use cases, not Kestrel.
/// </summary>
sealed class BenchmarkHost : IAsyncDisposable
{
    readonly string _folder;
    readonly bool _keep;
    readonly DatabaseConnection _database;

    BenchmarkHost(string folder, bool keep, DatabaseConnection database, IServiceProvider services)
    {
        _folder = folder;
        _keep = keep;
        _database = database;
        Services = services;
    }

    /// <summary>True when the cluster lives in a folder kept between runs, so data loaded by an earlier run may already be there.</summary>
    public bool Reused => _keep;

    public IServiceProvider Services { get; }

    public string ConnectionString => _database.ConnectionString;

    /// <param name="keepIn">
    /// A folder to keep the cluster in between runs (it is made on first use and never deleted), so experiments can
    /// skip a long data load; null for a fresh cluster in a temporary folder, which committed figures come from.
    /// </param>
    public static async Task<BenchmarkHost> StartAsync(string? keepIn = null)
    {
        var folder = keepIn is null ? Directory.CreateTempSubdirectory("talentmatch-bench-").FullName : Directory.CreateDirectory(Path.GetFullPath(keepIn)).FullName;
        File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.OtherExecute | UnixFileMode.GroupExecute);
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration["TalentMatch:DataFolder"] = Path.Combine(folder, "postgres");
        var database = await DatabaseConnection.OpenAsync(builder.Configuration, NullLogger.Instance);
        builder.Services.AddTalentMatch(builder.Configuration, database);
        var app = builder.Build();
        Migrator.Migrate(database.ConnectionString, NullLogger.Instance);
        return new BenchmarkHost(folder, keepIn is not null, database, app.Services);
    }

    public async ValueTask DisposeAsync()
    {
        await _database.DisposeAsync();
        if (_keep)
        {
            return;
        }

        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
