using TalentMatch.Matching.Matching;
using TalentMatch.Matching.Ranking;

namespace TalentMatch.Web.Features.Matching;

/// <summary>
/// Serves the trained ranker from <c>models/match-ranker.zip</c> and picks up a new file without a restart.
/// Without a model, or with one that does not fit the serving features, the baseline ranks and
/// <c>/health/ready</c> says so.
/// </summary>
public sealed class RankingModelWatcher(MatchingState state, IConfiguration configuration, ILogger<RankingModelWatcher> logger) : IHostedService, IDisposable
{
    FileSystemWatcher? _watcher;
    Timer? _debounce;

    public string ModelPath { get; } = configuration["TalentMatch:ModelPath"] ?? DefaultPath();

    public Task StartAsync(CancellationToken cancellationToken)
    {
        Load();
        var folder = Path.GetDirectoryName(ModelPath)!;
        if (Directory.Exists(folder))
        {
            _debounce = new Timer(_ => Load());
            _watcher = new FileSystemWatcher(folder, Path.GetFileName(ModelPath)) { EnableRaisingEvents = true };
            // A copy arrives as several events; load once it has settled.
            FileSystemEventHandler changed = (_, _) => _debounce.Change(TimeSpan.FromMilliseconds(300), Timeout.InfiniteTimeSpan);
            _watcher.Changed += changed;
            _watcher.Created += changed;
            _watcher.Renamed += (_, _) => _debounce.Change(TimeSpan.FromMilliseconds(300), Timeout.InfiniteTimeSpan);
            _watcher.Deleted += changed;
        }

        return Task.CompletedTask;
    }

    void Load()
    {
        if (!File.Exists(ModelPath))
        {
            state.Scorer = BaselineScorer.Instance;
            logger.LogWarning("No ranking model at {Path}; the baseline ranks. Run the train command to make one.", ModelPath);
            return;
        }

        try
        {
            var scorer = new LearnedScorer(RankingModel.Load(ModelPath));
            state.Scorer = scorer;
            logger.LogInformation("Ranking with model {Version} from {Path}", scorer.Version, ModelPath);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or InvalidDataException or FormatException)
        {
            // Keep what ranks now: a half-copied or mismatched file must not take matching down.
            logger.LogError(e, "Could not load the ranking model at {Path}; keeping {Version}", ModelPath, state.Scorer.Version);
        }
    }

    static string DefaultPath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TalentMatch.sln")))
            {
                return Path.Combine(dir.FullName, "models", "match-ranker.zip");
            }
        }

        return Path.Combine(AppContext.BaseDirectory, "models", "match-ranker.zip");
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _watcher?.Dispose();
        _debounce?.Dispose();
        _watcher = null;
        _debounce = null;
    }
}
