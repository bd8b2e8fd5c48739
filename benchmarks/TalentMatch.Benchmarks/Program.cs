using TalentMatch.Benchmarks;

// Each verb writes a markdown report with the machine and the command into benchmarks/results/.
var verb = args.FirstOrDefault() ?? "help";
var count = args.Length > 1 && int.TryParse(args[1], out var n) ? n : 0;
switch (verb)
{
    case "esco-import":
        await EscoImportBenchmark.RunAsync(count > 0 ? count : 3);
        break;
    case "skill-search":
        await SkillSearchBenchmark.RunAsync(count > 0 ? count : 200);
        break;
    case "matching-latency":
        await MatchingLatencyBenchmark.RunAsync(count > 0 ? [count] : [100_000, 1_000_000], 1000);
        break;
    case "matching-stages":
        MatchingStagesBenchmark.Run(count > 0 ? count : 1_000_000, 1000);
        break;
    case "matching-compare":
        await MatchingCompareBenchmark.RunAsync(count > 0 ? [count] : [100_000, 1_000_000], 60);
        break;
    case "retrieval-recall":
        await RetrievalRecallBenchmark.RunAsync(count > 0 ? count : 100_000);
        break;
    case "training-time":
        await TrainingTimeBenchmark.RunAsync(count > 0 ? count : 1_000_000);
        break;
    case "http-matches":
        // The third argument lists the numbers of concurrent clients to try, e.g. 4,8,16,32.
        await HttpMatchesBenchmark.RunAsync(count > 0 ? count : 100_000,
            args.Length > 2 ? args[2].Split(',').Select(c => int.Parse(c, System.Globalization.CultureInfo.InvariantCulture)).ToArray() : [4, 8, 16, 32],
            TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(20));
        break;
    case "skill-extraction":
        await SkillExtractionBenchmark.RunAsync(count > 0 ? count : 200);
        break;
    case "index-load":
        // TALENTMATCH_BENCH_CLUSTER names a folder to keep the loaded cluster in between runs (for experiments; nothing is written to results).
        await IndexLoadBenchmark.RunAsync(count > 0 ? count : 1_000_000, Environment.GetEnvironmentVariable("TALENTMATCH_BENCH_CLUSTER"));
        break;
    case "pact-allocation":
        await PlanningBenchmarks.PactAllocationAsync(5_000, 2_000, count > 0 ? count : 3);
        break;
    case "team-formation":
        await PlanningBenchmarks.TeamFormationAsync(200, 12, count > 0 ? count : 3);
        break;
    default:
        Console.WriteLine("usage: esco-import [runs] | skill-search [queries per kind] | matching-latency [size] | matching-stages [size] | index-load [vacancies] | matching-compare [size] | retrieval-recall [openings] | training-time [rows] | http-matches [vacancies] [clients,clients,...] | skill-extraction [texts per kind] | pact-allocation [runs] | team-formation [runs]");
        return 2;
}

return 0;
