using System.Collections.Concurrent;
using System.Diagnostics;
using Npgsql;
using TalentMatch.Matching.Matching;
using TalentMatch.Matching.Model;
using TalentMatch.Matching.Retrieval;

namespace TalentMatch.Web.Features.Matching;

/// <summary>
/// The in-process matching indexes and the scorer, as one replaceable snapshot: a taxonomy change builds a
/// new snapshot and swaps it in, while item changes update the current one in place.
/// </summary>
public sealed class MatchingState(ILogger<MatchingState> logger)
{
    volatile Snapshot? _current;
    volatile IMatchScorer _scorer = BaselineScorer.Instance;
    readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public sealed record Snapshot(MatchEngine Engine, ConcurrentDictionary<Guid, OpeningCard> Cards, string[] LabelsNl, string[] LabelsEn);

    public bool IsReady => _current is not null;

    /// <summary>Profiles as matching reads them, private ones included, dropped as they change.</summary>
    public ProfileCache Profiles { get; } = new();

    /// <summary>The training catalogue, read again after it changes.</summary>
    public TrainingCatalogue Training { get; } = new();

    long _openingsGeneration;

    /// <summary>
    /// Counts changes to the openings index and its cards; it moves after each change is complete, so a result
    /// computed after reading one value reflects at least every change counted up to it.
    /// </summary>
    public long OpeningsGeneration => Interlocked.Read(ref _openingsGeneration);

    public Snapshot Current => _current ?? throw new InvalidOperationException("Matching is still loading its indexes.");

    /// <summary>The current snapshot, waiting for the first load when a request arrives during start-up.</summary>
    public async Task<Snapshot> CurrentAsync(CancellationToken ct)
    {
        await _ready.Task.WaitAsync(ct);
        return Current;
    }

    public IMatchScorer Scorer
    {
        get => _scorer;
        set => _scorer = value;
    }

    public async Task RebuildAsync(NpgsqlDataSource dataSource, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var (space, labelsNl, labelsEn) = await MatchingSource.LoadSpaceAsync(connection, ct);
        var taxonomyRead = clock.Elapsed;
        var (loaded, loadedCards) = await MatchingSource.LoadOpeningsAsync(dataSource, space, ct, logger);
        var openingsRead = clock.Elapsed;
        // The index and the result cards are independent: build them on both cores.
        TimeSpan cardsDone = default;
        var cardsFilled = Task.Run(() =>
        {
            var filled = new ConcurrentDictionary<Guid, OpeningCard>(Environment.ProcessorCount, loadedCards.Count);
            foreach (var card in loadedCards)
            {
                filled[card.Id] = card;
            }

            cardsDone = clock.Elapsed;
            return filled;
        }, ct);
        var openings = new SkillIndex<Opening>(space, loaded);
        var indexDone = clock.Elapsed;
        var cards = await cardsFilled;
        logger.LogInformation("Openings index built by {Index:F2} s, result cards by {Cards:F2} s", indexDone.TotalSeconds, cardsDone.TotalSeconds);

        var candidates = new SkillIndex<Candidate>(space);
        await foreach (var candidate in MatchingSource.ReadCandidatesAsync(connection, space, null, includePrivate: false, ct))
        {
            candidates.Upsert(candidate);
        }

        _current = new Snapshot(new MatchEngine(space, openings, candidates, () => _scorer), cards, labelsNl, labelsEn);
        // A rebuild follows a taxonomy change or a lost change feed: whatever was held may be stale.
        Profiles.ForgetAll();
        Training.Forget();
        Interlocked.Increment(ref _openingsGeneration);
        _ready.TrySetResult();
        logger.LogInformation("Matching indexes loaded in {Seconds:F2} s (taxonomy {Taxonomy:F2} s, openings read by {OpeningsRead:F2} s): {Skills:N0} skills, {Openings:N0} open openings, {Candidates:N0} matchable profiles",
            clock.Elapsed.TotalSeconds, taxonomyRead.TotalSeconds, openingsRead.TotalSeconds, space.SkillCount, openings.Count, candidates.Count);
    }

    /// <summary>Re-reads one opening; a closed or deleted one leaves the index.</summary>
    public async Task RefreshOpeningAsync(NpgsqlDataSource dataSource, Guid id, CancellationToken ct)
    {
        var snapshot = _current;
        if (snapshot is null)
        {
            return;
        }

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var found = false;
        await foreach (var (opening, card) in MatchingSource.ReadOpeningsAsync(connection, snapshot.Engine.Space, id, ct))
        {
            snapshot.Engine.Openings.Upsert(opening);
            snapshot.Cards[id] = card;
            found = true;
        }

        if (!found)
        {
            snapshot.Engine.Openings.Remove(id);
            snapshot.Cards.TryRemove(id, out _);
        }

        Interlocked.Increment(ref _openingsGeneration);
    }

    /// <summary>Re-reads one person; a private or deleted profile leaves the index.</summary>
    public async Task RefreshCandidateAsync(NpgsqlDataSource dataSource, Guid id, CancellationToken ct)
    {
        Profiles.Forget(id);
        var snapshot = _current;
        if (snapshot is null)
        {
            return;
        }

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var found = false;
        await foreach (var candidate in MatchingSource.ReadCandidatesAsync(connection, snapshot.Engine.Space, id, includePrivate: false, ct))
        {
            snapshot.Engine.Candidates.Upsert(candidate);
            found = true;
        }

        if (!found)
        {
            snapshot.Engine.Candidates.Remove(id);
        }
    }
}

/// <summary>
/// Loads the indexes at start-up and then follows PostgreSQL's change notifications, so a change made by
/// any process (this app, another instance, a command) reaches matching within a second.
/// </summary>
public sealed class MatchingIndexFollower(MatchingState state, NpgsqlDataSource dataSource, ILogger<MatchingIndexFollower> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
                var changes = System.Threading.Channels.Channel.CreateUnbounded<string>();
                connection.Notification += (_, e) => changes.Writer.TryWrite(e.Payload);
                await using (var listen = new NpgsqlCommand("listen talentmatch_changes", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                // Listen first, then load: a change committed during the load is applied again afterwards.
                await state.RebuildAsync(dataSource, stoppingToken);
                var apply = ApplyAsync(changes.Reader, stoppingToken);
                while (!stoppingToken.IsCancellationRequested)
                {
                    await connection.WaitAsync(stoppingToken);
                }

                await apply;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
            {
                logger.LogWarning(e, "Lost the change feed; reloading matching in 2 s");
                await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken);
            }
        }
    }

    async Task ApplyAsync(System.Threading.Channels.ChannelReader<string> changes, CancellationToken ct)
    {
        await foreach (var change in changes.ReadAllAsync(ct))
        {
            try
            {
                var (kind, id) = change.Split(':', 2) is [var k, var v] && Guid.TryParse(v, out var g) ? (k, g) : (change, Guid.Empty);
                switch (kind)
                {
                    case "vacancy":
                        await state.RefreshOpeningAsync(dataSource, id, ct);
                        break;
                    case "profile":
                        await state.RefreshCandidateAsync(dataSource, id, ct);
                        break;
                    case "training":
                        state.Training.Forget();
                        break;
                    case "taxonomy":
                        await state.RebuildAsync(dataSource, ct);
                        break;
                }
            }
            catch (NpgsqlException e)
            {
                logger.LogWarning(e, "Could not apply change {Change} to matching", change);
            }
        }
    }
}

/// <summary>Ready once the indexes are loaded; says which scorer ranks (the learned model or the baseline).</summary>
public sealed class MatchingReadyCheck(MatchingState state) : Microsoft.Extensions.Diagnostics.HealthChecks.IHealthCheck
{
    public Task<Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult> CheckHealthAsync(
        Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(state.IsReady
            ? Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Healthy(state.Scorer.IsLearned
                ? $"Indexes loaded; ranking with model {state.Scorer.Version}."
                : $"Indexes loaded; no trained model found, so the baseline ranks ({state.Scorer.Version}).")
            : Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Unhealthy("Matching indexes are still loading."));
}
