using System.Diagnostics;
using System.Globalization;
using Mediator;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NpgsqlTypes;
using TalentMatch.Evaluation;
using TalentMatch.Web.Features.Matching;
using TalentMatch.Web.Features.Taxonomy;

namespace TalentMatch.Benchmarks;

/// <summary>
/// How long the app takes to load its matching indexes from PostgreSQL at start-up, and how much memory they
/// hold, with a million open vacancies generated from ESCO occupations and bulk-loaded first.
/// </summary>
static class IndexLoadBenchmark
{
    static readonly string[] Education = ["none", "vmbo", "mbo1", "mbo2", "mbo3", "mbo4", "hbo", "wo"];

    /// <param name="keepIn">
    /// A folder whose cluster is kept between runs: the ESCO import and the bulk load are skipped when it already holds
    /// the asked number of open vacancies. For trying changes only; the committed report comes from a fresh cluster.
    /// </param>
    public static async Task RunAsync(int vacancies, string? keepIn = null)
    {
        await using var host = await BenchmarkHost.StartAsync(keepIn);
        var dataSource = host.Services.GetRequiredService<NpgsqlDataSource>();
        if (!host.Reused || await OpenVacanciesAsync(dataSource) != vacancies)
        {
            var sender = host.Services.GetRequiredService<ISender>();
            await sender.Send(new ImportEsco.Command(Machine.SharedData("esco")));
            await BulkLoadAsync(host.ConnectionString, vacancies);
        }

        using var logging = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true));
        var rows = new List<(double Seconds, double Cpu, long Megabytes, string Load)>();
        for (var run = 0; run < 3; run++)
        {
            var (seconds, cpu, megabytes, count) = LoadOnce(dataSource, logging.CreateLogger<MatchingState>());
            var load = Machine.LoadAverage();
            rows.Add((seconds, cpu, megabytes, load));
            Console.WriteLine($"load {run + 1}: {seconds:F2} s, {cpu:F2} s CPU, {megabytes:N0} MB held, {count:N0} openings, load average {load}");
        }

        var peak = PeakWorkingSetMegabytes();
        var report = $"""
            # Matching index load from PostgreSQL

            Target: 1M open vacancies loaded into the matching index in ≤ 5 s and ≤ 500 MB.

            Command: `dotnet run -c Release --project benchmarks/TalentMatch.Benchmarks -- index-load {vacancies}`

            {vacancies:N0} open vacancies generated from ESCO occupations (3–17 skills each, 10,000 employers, one title per
            occupation) bulk-loaded into PostgreSQL (the trigger packing each vacancy's skills into `vacancy.skill_set` running),
            then the app's start-up load (`MatchingState.RebuildAsync`: taxonomy, open vacancies with their packed skills
            streamed by binary COPY over ranges of the table's blocks on one connection per core in one snapshot, index built in
            one pass) timed three times in one process. Memory held is what the managed heap gives back when the loaded state
            (indexes, openings, result cards, taxonomy) is dropped again; peak is the process's highest resident memory over the
            whole run, generated data and bulk load included.
            Measured {DateTime.UtcNow:yyyy-MM-dd} on:
            {Machine.Describe()}

            | run | load time (s) | CPU time of the app process (s) | memory held (MB) | machine load average (1 min) after the run |
            |---:|---:|---:|---:|---:|
            {string.Join("\n", rows.Select((r, i) => string.Create(CultureInfo.InvariantCulture, $"| {i + 1} | {r.Seconds:F2} | {r.Cpu:F2} | {r.Megabytes:N0} | {r.Load} |")))}

            Slowest: {rows.Max(r => r.Seconds):F2} s (target ≤ 5 s: {(rows.Max(r => r.Seconds) <= 5 ? "met" : "NOT met")}); most memory held: {rows.Max(r => r.Megabytes):N0} MB (target ≤ 500 MB: {(rows.Max(r => r.Megabytes) <= 500 ? "met" : "NOT met")}); process peak resident memory: {peak:N0} MB.
            """;
        if (host.Reused)
        {
            // A kept cluster has history (earlier loads, caches) a clean run does not: not a figure to commit.
            Console.WriteLine(report);
            return;
        }

        var path = Path.Combine(Machine.ResultsFolder(), "index-load.md");
        await File.WriteAllTextAsync(path, report + "\n");
        Console.WriteLine(report);
    }

    static async Task<long> OpenVacanciesAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand("select count(*) from vacancy where status = 'open'");
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>
    /// One start-up load. Memory held is what the heap gives back when the loaded state is dropped: measured with the
    /// state alive, then again after the method that held it has returned, so neither a previous run's state nor
    /// load-time garbage counts. CPU is this process's processor time during the load (PostgreSQL's is not in it).
    /// </summary>
    static (double Seconds, double CpuSeconds, long Megabytes, int Openings) LoadOnce(NpgsqlDataSource dataSource, ILogger<MatchingState> logger)
    {
        var (seconds, cpu, loaded, count, weak) = LoadAndKeep(dataSource, logger);
        var released = GC.GetTotalMemory(forceFullCollection: true);
        // The pool thread that completed the load can still hold the state for a moment while it unwinds.
        for (var attempt = 0; weak.IsAlive && attempt < 50; attempt++)
        {
            Thread.Sleep(100);
            released = GC.GetTotalMemory(forceFullCollection: true);
        }

        if (weak.IsAlive)
        {
            throw new InvalidOperationException("The loaded state is still reachable after it was dropped; the memory figure would be wrong.");
        }

        return (seconds, cpu, (loaded - released) / (1024 * 1024), count);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    static (double Seconds, double CpuSeconds, long Loaded, int Openings, WeakReference State) LoadAndKeep(NpgsqlDataSource dataSource, ILogger<MatchingState> logger)
    {
        var state = new MatchingState(logger);
        var process = System.Diagnostics.Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var paused = GC.GetTotalPauseDuration();
        var clock = Stopwatch.StartNew();
        state.RebuildAsync(dataSource, CancellationToken.None).GetAwaiter().GetResult();
        var seconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine($"garbage collection paused the load for {(GC.GetTotalPauseDuration() - paused).TotalSeconds:F2} s");
        process.Refresh();
        var cpuSeconds = (process.TotalProcessorTime - cpu).TotalSeconds;
        var loaded = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(state);
        return (seconds, cpuSeconds, loaded, state.Current.Engine.Openings.Count, new WeakReference(state));
    }

    /// <summary>Generates the openings and COPYs them in; its own method so the generated list is garbage before loads are measured.</summary>
    /// <param name="ownerConnectionString">The tables' owner: the app's own role may not switch triggers off.</param>
    internal static async Task BulkLoadAsync(string ownerConnectionString, int vacancies)
    {
        await using var dataSource = NpgsqlDataSource.Create(ownerConnectionString);
        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            var (space, _, _) = await MatchingSource.LoadSpaceAsync(connection, CancellationToken.None);
            var (openings, _) = new SyntheticMatches(space, 11).Population(vacancies, 0);
            // Ten thousand employers and one title per occupation: names repeat as they do in real postings.
            var employers = Enumerable.Range(0, 10_000).Select(_ => Guid.NewGuid()).ToArray();
            var clock = Stopwatch.StartNew();
            await using (var writer = await connection.BeginBinaryImportAsync("copy employer (employer_id, name) from stdin (format binary)"))
            {
                // A shared, busy machine can take longer than the default 30 s to finish a million-row COPY.
                writer.Timeout = TimeSpan.FromMinutes(30);
                for (var e = 0; e < employers.Length; e++)
                {
                    await writer.WriteRowAsync(CancellationToken.None, employers[e], $"Werkgever {e}");
                }

                await writer.CompleteAsync();
            }

            var random = new Random(5);
            // Only the change notifications are switched off (a million of them would only flood the queue); the
            // trigger that packs each vacancy's skills into vacancy.skill_set runs, as it does for every writer.
            await using (var setup = new NpgsqlCommand("""
                alter table vacancy disable trigger vacancy_changed;
                alter table vacancy_skill disable trigger vacancy_skill_changed;
                """, connection))
            {
                await setup.ExecuteNonQueryAsync();
            }

            await using (var writer = await connection.BeginBinaryImportAsync(
                "copy vacancy (vacancy_id, kind, employer_id, title, education_level, postcode, hours_per_week, contract_type, occupation_id) from stdin (format binary)"))
            {
                // A shared, busy machine can take longer than the default 30 s to finish a million-row COPY.
                writer.Timeout = TimeSpan.FromMinutes(30);
                foreach (var o in openings)
                {
                    await writer.StartRowAsync();
                    await writer.WriteAsync(o.Id, NpgsqlDbType.Uuid);
                    await writer.WriteAsync("job", NpgsqlDbType.Text);
                    await writer.WriteAsync(employers[random.Next(employers.Length)], NpgsqlDbType.Uuid);
                    await writer.WriteAsync($"Vacature beroep {o.Occupation}", NpgsqlDbType.Text);
                    await writer.WriteAsync(Education[o.Education], NpgsqlDbType.Text);
                    await writer.WriteAsync(o.Postcode.ToString(CultureInfo.InvariantCulture), NpgsqlDbType.Text);
                    await writer.WriteAsync((int)o.HoursPerWeek, NpgsqlDbType.Integer);
                    await writer.WriteAsync("permanent", NpgsqlDbType.Text);
                    await writer.WriteAsync(space.OccupationIds[o.Occupation], NpgsqlDbType.Uuid);
                }

                await writer.CompleteAsync();
            }

            await using (var writer = await connection.BeginBinaryImportAsync("copy vacancy_skill (vacancy_id, skill_id, importance, min_level) from stdin (format binary)"))
            {
                // A shared, busy machine can take longer than the default 30 s to finish a million-row COPY.
                writer.Timeout = TimeSpan.FromMinutes(30);
                foreach (var o in openings)
                {
                    for (var i = 0; i < o.Skills.Length; i++)
                    {
                        await writer.StartRowAsync();
                        await writer.WriteAsync(o.Id, NpgsqlDbType.Uuid);
                        await writer.WriteAsync(space.SkillIds[o.Skills[i]], NpgsqlDbType.Uuid);
                        await writer.WriteAsync(o.Essential[i] ? "essential" : "optional", NpgsqlDbType.Text);
                        await writer.WriteAsync((short)o.MinLevels[i], NpgsqlDbType.Smallint);
                    }
                }

                await writer.CompleteAsync();
            }

            await using (var done = new NpgsqlCommand("alter table vacancy enable trigger vacancy_changed; alter table vacancy_skill enable trigger vacancy_skill_changed;", connection))
            {
                await done.ExecuteNonQueryAsync();
            }

            // VACUUM refuses to run inside a multi-statement batch.
            await using (var vacuum = new NpgsqlCommand("vacuum analyze vacancy, vacancy_skill", connection) { CommandTimeout = 0 })
            {
                await vacuum.ExecuteNonQueryAsync();
            }

            Console.WriteLine($"bulk-loaded {openings.Count:N0} vacancies in {clock.Elapsed.TotalSeconds:F1} s");
        }
    }

    /// <summary>The process's peak resident memory, generated data and PostgreSQL client buffers included.</summary>
    static long PeakWorkingSetMegabytes()
    {
        var line = File.Exists("/proc/self/status") ? File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal)) : null;
        return line is null ? -1 : long.Parse(line.Split(':', 2)[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024;
    }
}
