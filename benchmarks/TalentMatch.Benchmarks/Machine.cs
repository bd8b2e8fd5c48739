using TalentMatch.Matching.Model;
using TalentMatch.Matching.Ranking;
using TalentMatch.Web.Features.Matching;
using TalentMatch.Web.Features.Taxonomy;
using System.Runtime.InteropServices;

namespace TalentMatch.Benchmarks;

/// <summary>What a result was measured on, written at the top of every results file.</summary>
static class Machine
{
    public static string Describe()
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        var memory = File.Exists("/proc/meminfo")
            ? File.ReadLines("/proc/meminfo").First().Split(':', 2)[1].Trim()
            : "unknown";
        return $"""
            - CPU: {cpu ?? RuntimeInformation.ProcessArchitecture.ToString()}, {Environment.ProcessorCount} cores
            - Memory: {memory}
            - OS: {RuntimeInformation.OSDescription}
            - .NET: {RuntimeInformation.FrameworkDescription}
            - PostgreSQL: 15 (private cluster started by the benchmark, default durability settings)
            """;
    }

    public static string ResultsFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TalentMatch.sln")))
            {
                return Directory.CreateDirectory(Path.Combine(dir.FullName, "benchmarks", "results")).FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }

    /// <summary>The skill space of the full ESCO import in ../shared/data, as `train` builds it.</summary>
    public static SkillSpace EscoSpace() =>
        TrainRanker.SpaceOf(ImportEsco.Read(ImportEsco.Layout.Find(SharedData("esco"), null)!, _ => { }));

    /// <summary>The one-minute load average (2 cores: above 2, other work waited for them), or "?" where the system does not say.</summary>
    public static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

    /// <summary>The committed ranking model, the one the app serves.</summary>
    public static RankingModel CommittedModel() => RankingModel.Load(CommittedModelPath());

    /// <summary>Where the committed ranking model lies: models/match-ranker.zip.</summary>
    public static string CommittedModelPath() =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(ResultsFolder())!, "..", "models", "match-ranker.zip"));

    public static string SharedData(string sub)
    {
        var configured = Environment.GetEnvironmentVariable("TALENTMATCH_SHARED_DATA");
        var root = !string.IsNullOrEmpty(configured) ? configured : Path.Combine(Path.GetDirectoryName(ResultsFolder())!, "..", "..", "shared", "data");
        var folder = Path.GetFullPath(Path.Combine(root, sub));
        return Directory.Exists(folder) ? folder : throw new DirectoryNotFoundException($"The benchmark needs ../shared/data/{sub} beside the checkout.");
    }
}

static class Percentiles
{
    public static double Of(IReadOnlyList<double> sorted, double p)
    {
        if (sorted.Count == 0)
        {
            return double.NaN;
        }

        var rank = p / 100 * (sorted.Count - 1);
        var lower = (int)Math.Floor(rank);
        var upper = (int)Math.Ceiling(rank);
        return sorted[lower] + (sorted[upper] - sorted[lower]) * (rank - lower);
    }
}
