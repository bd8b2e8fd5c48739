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
    readonly DatabaseConnection _database;

    BenchmarkHost(string folder, DatabaseConnection database, IServiceProvider services)
    {
        _folder = folder;
        _database = database;
        Services = services;
    }

    public IServiceProvider Services { get; }

    public string ConnectionString => _database.ConnectionString;

    public static async Task<BenchmarkHost> StartAsync()
    {
        var folder = Directory.CreateTempSubdirectory("talentmatch-bench-").FullName;
        File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.OtherExecute | UnixFileMode.GroupExecute);
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration["TalentMatch:DataFolder"] = Path.Combine(folder, "postgres");
        var database = await DatabaseConnection.OpenAsync(builder.Configuration, NullLogger.Instance);
        builder.Services.AddTalentMatch(builder.Configuration, database);
        var app = builder.Build();
        Migrator.Migrate(database.ConnectionString, NullLogger.Instance);
        return new BenchmarkHost(folder, database, app.Services);
    }

    public async ValueTask DisposeAsync()
    {
        await _database.DisposeAsync();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
