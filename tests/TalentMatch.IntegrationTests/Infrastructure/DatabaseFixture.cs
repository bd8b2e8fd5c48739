using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using TalentMatch.Database;

namespace TalentMatch.IntegrationTests.Infrastructure;

/// <summary>
/// One throwaway PostgreSQL cluster for the whole test run, started the same way the app starts its own,
/// in a temporary folder that is removed afterwards. Tests get the app over real HTTP against it.
/// </summary>
public sealed class DatabaseFixture : IAsyncLifetime
{
    string _folder = "";
    LocalCluster? _cluster;

    public LocalCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster has not started.");

    public TestApp App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _folder = Directory.CreateTempSubdirectory("talentmatch-tests-").FullName;
        // The server runs as the postgres OS user when we are root, so it must be able to enter the folder.
        File.SetUnixFileMode(_folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        _cluster = await LocalCluster.StartAsync(Path.Combine(_folder, "cluster"), NullLogger.Instance, new LocalClusterOptions { Throwaway = true });
        App = await CreateAppAsync("api_tests");
    }

    /// <summary>A fresh, migrated database of its own and the app serving it.</summary>
    public async Task<TestApp> CreateAppAsync(string database, IReadOnlyDictionary<string, string>? settings = null)
    {
        await using (var admin = new NpgsqlConnection(Cluster.ConnectionString("postgres")))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"create database {database}", admin);
            await create.ExecuteNonQueryAsync();
        }

        return new TestApp(Cluster.ConnectionString(database), settings, Cluster.ApplicationConnectionString(database));
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        if (_cluster is not null)
        {
            await _cluster.StopAsync();
        }

        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless; never fail a green run over it.
        }
    }
}

/// <summary>The real app (routing, mediator pipeline, SQL) against one test database.</summary>
public sealed class TestApp : WebApplicationFactory<Program>
{
    readonly IReadOnlyDictionary<string, string> _settings;

    public TestApp(string connectionString, IReadOnlyDictionary<string, string>? settings = null, string? applicationConnectionString = null)
    {
        _settings = settings ?? new Dictionary<string, string>();
        ConnectionString = connectionString;
        ApplicationConnectionString = applicationConnectionString;
        DataSource = NpgsqlDataSource.Create(connectionString);
    }

    /// <summary>The owner's: tests set up and inspect data with it, past the app's own rights.</summary>
    public string ConnectionString { get; }

    /// <summary>The app's own login, as in production; null tests the owner-only fallback.</summary>
    public string? ApplicationConnectionString { get; }

    public NpgsqlDataSource DataSource { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:TalentMatch", ConnectionString);
        builder.UseSetting("ConnectionStrings:TalentMatchApp", ApplicationConnectionString ?? "");
        builder.UseSetting("TalentMatch:SeedDemoData", "false");
        builder.UseEnvironment("Testing");
        // Test classes share one address and run many requests; the limits have tests of their own.
        builder.UseSetting("TalentMatch:RateLimits:AnonymousPerMinute", "100000");
        builder.UseSetting("TalentMatch:RateLimits:PerAccountPerMinute", "100000");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        await base.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class DatabaseCollection : ICollectionFixture<DatabaseFixture>
{
    public const string Name = "database";
}
