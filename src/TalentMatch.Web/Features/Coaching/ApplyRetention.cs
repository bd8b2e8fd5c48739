using Dapper;
using Mediator;
using Microsoft.Extensions.Options;
using Npgsql;
using TalentMatch.Web.Infrastructure.Security;

namespace TalentMatch.Web.Features.Coaching;

/// <summary>
/// Storage limitation (GDPR art. 5): shortlist data about people who were not hired is removed once it has not
/// changed for the configured number of days, unless the person agreed to keep it longer. Runs daily in the app
/// and as the <c>retention</c> command.
/// </summary>
public static class ApplyRetention
{
    [SystemOnly]
    public sealed record Command : ICommand<Response>;

    public sealed record Response(int RemovedEntries);

    public sealed class Handler(NpgsqlDataSource dataSource, IOptions<RetentionSettings> settings) : ICommandHandler<Command, Response>
    {
        public async ValueTask<Response> Handle(Command command, CancellationToken cancellationToken)
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            var removed = await connection.ExecuteAsync(new CommandDefinition("""
                delete from shortlist_entry
                where status <> 'hired' and updated_at < now() - make_interval(days => @days)
                  and (keep_until is null or keep_until < (now() at time zone 'utc')::date)
                """, new { days = settings.Value.ShortlistDays }, cancellationToken: cancellationToken));
            return new Response(removed);
        }
    }
}

/// <summary><c>TalentMatch:Retention</c>.</summary>
public sealed class RetentionSettings
{
    public int ShortlistDays { get; set; } = 180;
}

/// <summary>Applies retention shortly after start-up and then once a day.</summary>
public sealed class RetentionService(IServiceProvider services, ILogger<RetentionService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromDays(1));
        do
        {
            try
            {
                var result = await services.GetRequiredService<ISender>().Send(new ApplyRetention.Command(), stoppingToken);
                logger.LogInformation("Retention removed {Count} shortlist entries", result.RemovedEntries);
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
            {
                // A database that is briefly away is tried again tomorrow; retention is not urgent to the minute.
                logger.LogWarning(e, "Retention did not run");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
