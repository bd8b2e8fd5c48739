using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace TalentMatch.Database;

/// <summary>
/// A private PostgreSQL cluster run from the machine's server binaries in a folder we own.
/// It lets a newcomer (and CI) run the app and its tests without installing or configuring a
/// database server by hand. A cluster left running by an earlier process is attached to, not
/// started twice, so a second command (e.g. <c>import-esco</c> next to a running app) works.
/// </summary>
public sealed class LocalCluster : IAsyncDisposable
{
    public const string DatabaseName = "talentmatch";
    const string SuperUser = "talentmatch";

    /// <summary>
    /// The role the app serves requests as (the migrations grant it everything except changing the ranking log).
    /// It logs in itself, so there is no owner session underneath that <c>reset role</c> could return to.
    /// </summary>
    public const string ApplicationRole = "talentmatch_app";

    readonly string _binDirectory;
    readonly string _dataDirectory;
    readonly bool _asPostgresUser;
    readonly ILogger _logger;
    bool _ownsProcess;

    LocalCluster(string binDirectory, string folder, bool asPostgresUser, ILogger logger)
    {
        _binDirectory = binDirectory;
        Folder = folder;
        _dataDirectory = Path.Combine(folder, "data");
        _asPostgresUser = asPostgresUser;
        _logger = logger;
    }

    /// <summary>The folder holding the cluster's data, log and credentials.</summary>
    public string Folder { get; }

    public int Port { get; private set; }

    string Password { get; set; } = "";

    /// <summary>Derived from the cluster's own generated password, so it survives restarts without a second secret on disk.</summary>
    string ApplicationPassword => Convert.ToHexString(HMACSHA256.HashData(
        System.Text.Encoding.UTF8.GetBytes(Password), System.Text.Encoding.UTF8.GetBytes(ApplicationRole + " login")));

    /// <summary>The app's own login: for serving requests. <see cref="ConnectionString"/> (the owner) is for migrations and bulk loads.</summary>
    public string ApplicationConnectionString(string database = DatabaseName) => new NpgsqlConnectionStringBuilder(ConnectionString(database))
    {
        Username = ApplicationRole,
        Password = ApplicationPassword,
    }.ConnectionString;

    public string ConnectionString(string database = DatabaseName) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = SuperUser,
        Password = Password,
        Database = database,
        // Binary COPY of a full ESCO import and the test suite's template clones need headroom.
        CommandTimeout = 300,
        MaxPoolSize = 50,
    }.ConnectionString;

    /// <summary>
    /// Creates the cluster on first use, then starts it (or attaches to the one already running there)
    /// and makes sure the application database exists.
    /// </summary>
    public static async Task<LocalCluster> StartAsync(string folder, ILogger logger, LocalClusterOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new LocalClusterOptions();
        var binDirectory = FindServerBinaries() ?? throw new PostgresNotInstalledException();
        var asPostgresUser = Environment.UserName == "root";
        var cluster = new LocalCluster(binDirectory, Path.GetFullPath(folder), asPostgresUser, logger);
        await cluster.InitialiseAsync(options, cancellationToken);
        await cluster.StartOrAttachAsync(options, cancellationToken);
        await cluster.EnsureDatabaseAsync(cancellationToken);
        await cluster.EnsureApplicationLoginAsync(cancellationToken);
        return cluster;
    }

    /// <summary>
    /// Looks for <c>initdb</c>, <c>pg_ctl</c> and <c>postgres</c>: first where <c>TALENTMATCH_PG_BIN</c> or
    /// <c>pg_config --bindir</c> points, then the newest Debian-style <c>/usr/lib/postgresql/N/bin</c>.
    /// </summary>
    public static string? FindServerBinaries()
    {
        static bool HasServer(string? dir) =>
            dir is not null && File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl")) && File.Exists(Path.Combine(dir, "postgres"));

        var fromEnvironment = Environment.GetEnvironmentVariable("TALENTMATCH_PG_BIN");
        if (HasServer(fromEnvironment))
        {
            return fromEnvironment;
        }

        try
        {
            var pgConfig = Process.Start(new ProcessStartInfo("pg_config", "--bindir") { RedirectStandardOutput = true, RedirectStandardError = true });
            if (pgConfig is not null)
            {
                var dir = pgConfig.StandardOutput.ReadToEnd().Trim();
                pgConfig.WaitForExit();
                if (HasServer(dir))
                {
                    return dir;
                }
            }
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // pg_config is not installed; fall through to the well-known locations.
        }

        const string debianRoot = "/usr/lib/postgresql";
        if (!Directory.Exists(debianRoot))
        {
            return null;
        }

        return Directory.GetDirectories(debianRoot)
            .Select(dir => (Version: int.TryParse(Path.GetFileName(dir), out var v) ? v : 0, Bin: Path.Combine(dir, "bin")))
            .Where(x => HasServer(x.Bin))
            .OrderByDescending(x => x.Version)
            .Select(x => x.Bin)
            .FirstOrDefault();
    }

    async Task InitialiseAsync(LocalClusterOptions options, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Folder);
        var passwordFile = Path.Combine(Folder, "password");
        if (File.Exists(Path.Combine(_dataDirectory, "PG_VERSION")))
        {
            Password = (await File.ReadAllTextAsync(passwordFile, cancellationToken)).Trim();
            return;
        }

        _logger.LogInformation("Creating a private PostgreSQL cluster in {Folder}", Folder);
        Password = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
        await File.WriteAllTextAsync(passwordFile, Password, cancellationToken);
        File.SetUnixFileMode(passwordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        Directory.CreateDirectory(_dataDirectory);
        await HandToPostgresUserAsync(Folder, cancellationToken);

        await RunAsync("initdb", ["-D", _dataDirectory, "-U", SuperUser, "--pwfile", passwordFile, "--auth", "scram-sha-256", "-E", "UTF8", "--no-locale", "--no-instructions"], cancellationToken);

        var settings = new List<string>
        {
            "listen_addresses = '127.0.0.1'",
            // No Unix socket: the default socket folder may not exist or be writable, and TCP on loopback is enough.
            "unix_socket_directories = ''",
            "max_connections = 200",
            "shared_buffers = 256MB",
            "work_mem = 16MB",
            "maintenance_work_mem = 256MB",
        };
        if (options.Throwaway)
        {
            // A test cluster is deleted afterwards, so crash safety buys nothing and costs seconds.
            settings.AddRange(["fsync = off", "synchronous_commit = off", "full_page_writes = off"]);
        }

        await File.AppendAllLinesAsync(Path.Combine(_dataDirectory, "postgresql.conf"), settings, cancellationToken);
    }

    async Task StartOrAttachAsync(LocalClusterOptions options, CancellationToken cancellationToken)
    {
        var runningPort = ReadRunningPort();
        if (runningPort is int port && await CanConnectAsync(port, cancellationToken))
        {
            Port = port;
            _ownsProcess = false;
            _logger.LogInformation("Using the private PostgreSQL cluster already running in {Folder} on port {Port}", Folder, Port);
            return;
        }

        Port = options.Port ?? FreeLoopbackPort();
        var log = Path.Combine(Folder, "postgres.log");
        await RunAsync("pg_ctl", ["-D", _dataDirectory, "-l", log, "-w", "-t", "60", "-o", $"-p {Port}", "start"], cancellationToken);
        _ownsProcess = true;
        _logger.LogInformation("Started a private PostgreSQL cluster in {Folder} on 127.0.0.1:{Port}", Folder, Port);
    }

    int? ReadRunningPort()
    {
        // postmaster.pid: line 1 is the pid, line 4 the port (PostgreSQL's documented layout).
        var pidFile = Path.Combine(_dataDirectory, "postmaster.pid");
        if (!File.Exists(pidFile))
        {
            return null;
        }

        try
        {
            var lines = File.ReadAllLines(pidFile);
            if (lines.Length < 4 || !int.TryParse(lines[0], out var pid) || !int.TryParse(lines[3], out var port))
            {
                return null;
            }

            using var process = Process.GetProcessById(pid);
            return process.HasExited ? null : port;
        }
        catch (Exception e) when (e is ArgumentException or IOException or InvalidOperationException)
        {
            return null;
        }
    }

    async Task<bool> CanConnectAsync(int port, CancellationToken cancellationToken)
    {
        Port = port;
        try
        {
            await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
            await connection.OpenAsync(cancellationToken);
            return true;
        }
        catch (Exception e) when (e is NpgsqlException or SocketException or TimeoutException)
        {
            return false;
        }
    }

    async Task EnsureDatabaseAsync(CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("select 1 from pg_database where datname = @name", connection);
        exists.Parameters.AddWithValue("name", DatabaseName);
        if (await exists.ExecuteScalarAsync(cancellationToken) is null)
        {
            await using var create = new NpgsqlCommand($"create database {DatabaseName}", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Makes the app's role a login with the derived password. Created here, before the migrations run, so the
    /// migration that grants it its rights finds it; it never becomes superuser or owner of anything.
    /// </summary>
    async Task EnsureApplicationLoginAsync(CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync(cancellationToken);
        // The password is hex from the HMAC above, so it is safe inside the literal (ALTER ROLE takes no parameters).
        await using var command = new NpgsqlCommand($"""
            do $$
            begin
                if not exists (select 1 from pg_roles where rolname = '{ApplicationRole}') then
                    create role {ApplicationRole} nologin;
                end if;
            exception when duplicate_object then
                null;
            end $$;
            alter role {ApplicationRole} with login nosuperuser nocreatedb nocreaterole nobypassrls password '{ApplicationPassword}';
            """, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Stops the server if this process started it; a cluster we only attached to keeps running.</summary>
    public async Task StopAsync()
    {
        if (!_ownsProcess)
        {
            return;
        }

        _ownsProcess = false;
        NpgsqlConnection.ClearAllPools();
        try
        {
            await RunAsync("pg_ctl", ["-D", _dataDirectory, "-m", "fast", "-w", "-t", "60", "stop"], CancellationToken.None);
            _logger.LogInformation("Stopped the private PostgreSQL cluster in {Folder}", Folder);
        }
        catch (InvalidOperationException e) when (ReadRunningPort() is null)
        {
            // Ctrl+C reaches the server too and it shuts itself down; that is the outcome we wanted.
            _logger.LogDebug(e, "PostgreSQL had already stopped");
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    async Task HandToPostgresUserAsync(string path, CancellationToken cancellationToken)
    {
        if (!_asPostgresUser)
        {
            return;
        }

        // PostgreSQL refuses to run as root, so the cluster belongs to the postgres OS user.
        await RunProcessAsync("chown", ["-R", "postgres:postgres", path], cancellationToken);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    async Task RunAsync(string tool, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var executable = Path.Combine(_binDirectory, tool);
        if (_asPostgresUser)
        {
            await RunProcessAsync("runuser", ["-u", "postgres", "--", executable, .. arguments], cancellationToken);
        }
        else
        {
            await RunProcessAsync(executable, arguments, cancellationToken);
        }
    }

    static async Task RunProcessAsync(string fileName, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = "/",
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}");
        // pg_ctl's server inherits our pipes; read them asynchronously and stop reading once pg_ctl exits.
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            var text = await Task.WhenAny(Task.WhenAll(output, error), Task.Delay(1000, cancellationToken)) is Task<string[]> both
                ? string.Join(Environment.NewLine, both.Result)
                : "";
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"{Path.GetFileName(fileName)} {string.Join(' ', arguments)} failed with exit code {process.ExitCode}: {text}"));
        }
    }
}

public sealed record LocalClusterOptions
{
    /// <summary>A cluster deleted after use (tests, benchmarks): no fsync.</summary>
    public bool Throwaway { get; init; }

    /// <summary>A fixed port; a free one is picked when not set.</summary>
    public int? Port { get; init; }
}

public sealed class PostgresNotInstalledException() : Exception(
    "TalentMatch needs the PostgreSQL server binaries to run its own database, and none were found " +
    "(looked at TALENTMATCH_PG_BIN, pg_config --bindir and /usr/lib/postgresql/*/bin). " +
    "Install them with 'apt-get install postgresql-15', or set ConnectionStrings:TalentMatch to use an existing server.");
