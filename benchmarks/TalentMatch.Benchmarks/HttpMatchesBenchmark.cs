using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Dapper;
using Mediator;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NpgsqlTypes;
using TalentMatch.Evaluation;
using System.Net.Http.Json;
using TalentMatch.Web;
using TalentMatch.Web.Features.Accounts;
using TalentMatch.Web.Infrastructure.Security;
using TalentMatch.Web.Features.Matching;
using TalentMatch.Web.Features.Taxonomy;
using TalentMatch.Web.Infrastructure.Startup;

namespace TalentMatch.Benchmarks;

/// <summary>
/// `GET /api/profiles/{id}/matches` over real HTTP: the whole app (Kestrel, mediator pipeline, profile read, matching,
/// training suggestions, JSON) in this process against a private cluster with generated open vacancies, driven by
/// concurrent HttpClient loops on the same machine for a fixed time after a warm-up.
/// </summary>
static class HttpMatchesBenchmark
{
    static readonly string[] Education = ["none", "vmbo", "mbo1", "mbo2", "mbo3", "mbo4", "hbo", "wo"];

    public static async Task RunAsync(int vacancies, int concurrency, TimeSpan warmUp, TimeSpan duration)
    {
        var folder = Directory.CreateTempSubdirectory("talentmatch-http-").FullName;
        File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.OtherExecute | UnixFileMode.GroupExecute);
        var port = FreePort();
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration["TalentMatch:DataFolder"] = Path.Combine(folder, "postgres");
        builder.Configuration["TalentMatch:SeedDemoData"] = "false";
        builder.Configuration["TalentMatch:ModelPath"] = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Machine.ResultsFolder())!, "..", "models", "match-ranker.zip"));
        builder.Configuration["Urls"] = $"http://127.0.0.1:{port}";
        // Set-up signs in two thousand generated people from this one address; the per-address limit for strangers
        // is for the open internet. The per-account limit stays as configured: every request below is signed in.
        builder.Configuration["TalentMatch:RateLimits:AnonymousPerMinute"] = "1000000";
        var database = await DatabaseConnection.OpenAsync(builder.Configuration, NullLogger.Instance);
        builder.Services.AddTalentMatch(builder.Configuration, database);
        var app = builder.Build();
        app.UseTalentMatch();
        await app.StartAsync();
        try
        {
            var sender = app.Services.GetRequiredService<ISender>();
            await sender.Send(new ImportEsco.Command(Machine.SharedData("esco")));
            var dataSource = app.Services.GetRequiredService<NpgsqlDataSource>();
            await IndexLoadBenchmark.BulkLoadAsync(database.ConnectionString, vacancies);
            var profiles = await InsertProfilesAsync(dataSource, 2_000);
            var state = app.Services.GetRequiredService<MatchingState>();
            await state.RebuildAsync(dataSource, CancellationToken.None);
            Console.WriteLine($"serving {state.Current.Engine.Openings.Count:N0} open openings with {state.Scorer.Version} on port {port}");

            using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
            {
                BaseAddress = new Uri($"http://127.0.0.1:{port}"),
            };
            // Job seekers reading their own matches, the request this target is about. Each profile belongs to its own
            // account, as in production, so the per-account rate limit (an abuse control) is not what gets measured,
            // and no ranking is logged (only lists shown to coaches and employers are).
            var seekers = await SignInOwnersAsync(client, dataSource, profiles);
            await DriveAsync(client, seekers, concurrency, warmUp);
            var process = Process.GetCurrentProcess();
            var cpu = process.TotalProcessorTime;
            var (timings, failures, seconds) = await DriveAsync(client, seekers, concurrency, duration);
            process.Refresh();
            var cpuSeconds = (process.TotalProcessorTime - cpu).TotalSeconds;
            var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
            var perSecond = timings.Count / seconds;
            string P(double p) => Percentiles.Of(timings, p).ToString("F1", CultureInfo.InvariantCulture);
            var report = string.Create(CultureInfo.InvariantCulture, $"""
                # HTTP: profile → matches

                Target: `GET /api/profiles/{"{id}"}/matches` ≥ 2,000 requests/s at 100k vacancies with p99 ≤ 40 ms, load generator on
                the same machine.

                Command: `dotnet run -c Release --project benchmarks/TalentMatch.Benchmarks -- http-matches {vacancies}`

                The app as it runs in production (Kestrel, the mediator pipeline with validation, the profile read from PostgreSQL,
                retrieval, LambdaMART re-ranking and explanations, training suggestions, JSON), Release build, in the benchmark's
                process against a private PostgreSQL cluster holding the full ESCO v1.1.1 taxonomy, {vacancies:N0} generated open
                vacancies and {profiles.Length:N0} generated profiles, each read by its owner: a job seeker signed in with a bearer token. {concurrency} concurrent HttpClient loops on the same machine
                request `?take=20` for the profiles in turn: {warmUp.TotalSeconds:F0} s warm-up, then {duration.TotalSeconds:F0} s measured.
                Measured {DateTime.UtcNow:yyyy-MM-dd} on:
                {Machine.Describe()}

                | requests | failed | requests/s | p50 (ms) | p95 (ms) | p99 (ms) | CPU time of app + load generator (s) |
                |---:|---:|---:|---:|---:|---:|---:|
                | {timings.Count:N0} | {failures} | {perSecond:F0} | {P(50)} | {P(95)} | {P(99)} | {cpuSeconds:F1} |

                Throughput {(perSecond >= 2000 ? "meets" : "does NOT meet")} the 2,000 requests/s target; p99 {(Percentiles.Of(timings, 99) <= 40 ? "meets" : "does NOT meet")}
                the 40 ms target. Machine load average (1 min) at the end of the run: {load} on {Environment.ProcessorCount} cores.
                """);
            await File.WriteAllTextAsync(Path.Combine(Machine.ResultsFolder(), "http-matches.md"), report + "\n");
            Console.WriteLine(report);
        }
        finally
        {
            await app.StopAsync();
            await database.DisposeAsync();
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    static async Task<(List<double> Timings, int Failures, double Seconds)> DriveAsync(HttpClient client, (Guid Profile, string Token)[] seekers, int concurrency, TimeSpan duration)
    {
        var next = -1;
        var failures = 0;
        var clock = Stopwatch.StartNew();
        var loops = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            var timings = new List<double>(1 << 16);
            while (clock.Elapsed < duration)
            {
                var (profile, token) = seekers[(int)((uint)Interlocked.Increment(ref next) % (uint)seekers.Length)];
                using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/profiles/{profile}/matches?take=20");
                request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
                var started = Stopwatch.GetTimestamp();
                using var response = await client.SendAsync(request);
                await response.Content.LoadIntoBufferAsync();
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    if (Interlocked.Increment(ref failures) == 1)
                    {
                        Console.WriteLine($"first failure: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                    }

                    continue;
                }

                timings.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            return timings;
        })).ToList();
        var all = (await Task.WhenAll(loops)).SelectMany(t => t).ToList();
        var seconds = clock.Elapsed.TotalSeconds;
        all.Sort();
        return (all, failures, seconds);
    }

    /// <summary>People generated from ESCO occupations like the openings, private (only their owners see them), COPYed in.</summary>
    static async Task<Guid[]> InsertProfilesAsync(NpgsqlDataSource dataSource, int count)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var (space, _, _) = await MatchingSource.LoadSpaceAsync(connection, CancellationToken.None);
        var (_, people) = new SyntheticMatches(space, 13).Population(0, count);
        await using (var writer = await connection.BeginBinaryImportAsync(
            "copy profile (profile_id, education_level, postcode, hours_per_week, visibility) from stdin (format binary)"))
        {
            foreach (var person in people)
            {
                await writer.StartRowAsync();
                await writer.WriteAsync(person.Id, NpgsqlDbType.Uuid);
                await writer.WriteAsync(Education[person.Education], NpgsqlDbType.Text);
                await writer.WriteAsync(person.Postcode >= 1000 ? person.Postcode.ToString(CultureInfo.InvariantCulture) : "2311", NpgsqlDbType.Text);
                await writer.WriteAsync(person.HoursPerWeek is >= 1 and <= 60 ? (int)person.HoursPerWeek : 32, NpgsqlDbType.Integer);
                await writer.WriteAsync("private", NpgsqlDbType.Text);
            }

            await writer.CompleteAsync();
        }

        await using (var writer = await connection.BeginBinaryImportAsync("copy profile_skill (profile_id, skill_id, level) from stdin (format binary)"))
        {
            foreach (var person in people)
            {
                for (var i = 0; i < person.Skills.Length; i++)
                {
                    await writer.WriteRowAsync(CancellationToken.None, person.Id, space.SkillIds[person.Skills[i]], (short)person.Levels[i]);
                }
            }

            await writer.CompleteAsync();
        }

        return people.Select(p => p.Id).ToArray();
    }

    /// <summary>
    /// One job-seeker account per generated profile, made owner of it, each signed in once for a bearer token.
    /// All share one password hash (the salt is inside it), so setting them up costs one hash, not thousands.
    /// </summary>
    static async Task<(Guid Profile, string Token)[]> SignInOwnersAsync(HttpClient client, NpgsqlDataSource dataSource, Guid[] profiles)
    {
        const string password = "benchmark password 1234";
        var hash = AccountRules.Hasher.HashPassword(new Account(), password);
        var emails = profiles.Select(p => $"seeker-{p:N}@example.test").ToArray();
        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync("""
                with owner as (
                    insert into account (account_id, email, password_hash, roles)
                    -- each account takes its profile's id, which makes the owner link a plain join
                    select p, e, @hash, array['job-seeker'] from unnest(@profiles, @emails) as t(p, e)
                    returning account_id)
                update profile set owner_account_id = owner.account_id from owner where profile.profile_id = owner.account_id
                """, new { hash, profiles, emails });
        }

        var tokens = new string[profiles.Length];
        await Parallel.ForAsync(0, profiles.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            using var login = await client.PostAsJsonAsync("/api/auth/login", new { email = emails[i], password }, ct);
            login.EnsureSuccessStatusCode();
            tokens[i] = (await login.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(ct)).GetProperty("accessToken").GetString()!;
        });
        return profiles.Zip(tokens).ToArray();
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
