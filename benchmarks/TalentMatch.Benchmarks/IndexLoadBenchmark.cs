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

    public static async Task RunAsync(int vacancies)
    {
        await using var host = await BenchmarkHost.StartAsync();
        var sender = host.Services.GetRequiredService<ISender>();
        await sender.Send(new ImportEsco.Command(Machine.SharedData("esco")));
        var dataSource = host.Services.GetRequiredService<NpgsqlDataSource>();
        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            var (space, _, _) = await MatchingSource.LoadSpaceAsync(connection, CancellationToken.None);
            var (openings, _) = new SyntheticMatches(space, 11).Population(vacancies, 0);
            var employer = Guid.NewGuid();
            var clock = Stopwatch.StartNew();
            await using (var setup = new NpgsqlCommand($"""
                insert into employer (employer_id, name) values ('{employer}', 'Benchmark employer');
                alter table vacancy disable trigger user;
                alter table vacancy_skill disable trigger user;
                """, connection))
            {
                await setup.ExecuteNonQueryAsync();
            }

            await using (var writer = await connection.BeginBinaryImportAsync(
                "copy vacancy (vacancy_id, kind, employer_id, title, education_level, postcode, hours_per_week, contract_type) from stdin (format binary)"))
            {
                foreach (var o in openings)
                {
                    await writer.StartRowAsync();
                    await writer.WriteAsync(o.Id, NpgsqlDbType.Uuid);
                    await writer.WriteAsync("job", NpgsqlDbType.Text);
                    await writer.WriteAsync(employer, NpgsqlDbType.Uuid);
                    await writer.WriteAsync("Vacancy", NpgsqlDbType.Text);
                    await writer.WriteAsync(Education[o.Education], NpgsqlDbType.Text);
                    await writer.WriteAsync(o.Postcode.ToString(CultureInfo.InvariantCulture), NpgsqlDbType.Text);
                    await writer.WriteAsync((int)o.HoursPerWeek, NpgsqlDbType.Integer);
                    await writer.WriteAsync("permanent", NpgsqlDbType.Text);
                }

                await writer.CompleteAsync();
            }

            await using (var writer = await connection.BeginBinaryImportAsync("copy vacancy_skill (vacancy_id, skill_id, importance, min_level) from stdin (format binary)"))
            {
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

            await using (var done = new NpgsqlCommand("alter table vacancy enable trigger user; alter table vacancy_skill enable trigger user;", connection))
            {
                await done.ExecuteNonQueryAsync();
            }

            // VACUUM refuses to run inside a multi-statement batch.
            await using (var vacuum = new NpgsqlCommand("vacuum analyze vacancy, vacancy_skill", connection))
            {
                await vacuum.ExecuteNonQueryAsync();
            }

            Console.WriteLine($"bulk-loaded {openings.Count:N0} vacancies in {clock.Elapsed.TotalSeconds:F1} s");
        }

        var rows = new List<(double Seconds, long Megabytes)>();
        for (var run = 0; run < 3; run++)
        {
            GC.Collect();
            var before = GC.GetTotalMemory(forceFullCollection: true);
            var state = new MatchingState(NullLogger<MatchingState>.Instance);
            var clock = Stopwatch.StartNew();
            await state.RebuildAsync(dataSource, CancellationToken.None);
            var seconds = clock.Elapsed.TotalSeconds;
            var megabytes = (GC.GetTotalMemory(forceFullCollection: true) - before) / (1024 * 1024);
            GC.KeepAlive(state);
            rows.Add((seconds, megabytes));
            Console.WriteLine($"load {run + 1}: {seconds:F1} s, {megabytes:N0} MB");
        }

        var report = $"""
            # Matching index load from PostgreSQL

            Target: 1M open vacancies loaded into the matching index in ≤ 5 s and ≤ 500 MB.

            Command: `dotnet run -c Release --project benchmarks/TalentMatch.Benchmarks -- index-load {vacancies}`

            {vacancies:N0} open vacancies generated from ESCO occupations (3–17 skills each) bulk-loaded into PostgreSQL, then the
            app's start-up load (`MatchingState.RebuildAsync`: taxonomy, streamed vacancies with their skills, index build) timed
            three times. Memory is the managed heap the loaded state holds (indexes, items and result cards).
            Measured {DateTime.UtcNow:yyyy-MM-dd} on:
            {Machine.Describe()}

            | run | load time (s) | memory held (MB) |
            |---:|---:|---:|
            {string.Join("\n", rows.Select((r, i) => string.Create(CultureInfo.InvariantCulture, $"| {i + 1} | {r.Seconds:F1} | {r.Megabytes:N0} |")))}

            Slowest: {rows.Max(r => r.Seconds):F1} s (target ≤ 5 s: {(rows.Max(r => r.Seconds) <= 5 ? "met" : "NOT met")}); most memory: {rows.Max(r => r.Megabytes):N0} MB (target ≤ 500 MB: {(rows.Max(r => r.Megabytes) <= 500 ? "met" : "NOT met")}).
            """;
        var path = Path.Combine(Machine.ResultsFolder(), "index-load.md");
        await File.WriteAllTextAsync(path, report + "\n");
        Console.WriteLine(report);
    }
}
