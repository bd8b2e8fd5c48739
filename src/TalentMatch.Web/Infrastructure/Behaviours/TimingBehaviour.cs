using System.Diagnostics;
using System.Diagnostics.Metrics;
using Mediator;

namespace TalentMatch.Web.Infrastructure.Behaviours;

/// <summary>
/// Measures every use case into the <c>talentmatch.usecase.duration</c> histogram (readable with
/// dotnet-counters or any OpenTelemetry exporter) and warns about slow ones in the log.
/// </summary>
public sealed class TimingBehaviour<TMessage, TResponse>(ILogger<TimingBehaviour<TMessage, TResponse>> logger)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    static readonly TimeSpan SlowThreshold = TimeSpan.FromMilliseconds(500);

    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            return await next(message, cancellationToken);
        }
        finally
        {
            var elapsed = Stopwatch.GetElapsedTime(started);
            UseCaseMetrics.Duration.Record(elapsed.TotalMilliseconds, new KeyValuePair<string, object?>("usecase", MessageNames.Of<TMessage>()));
            if (elapsed > SlowThreshold)
            {
                logger.LogWarning("{Message} took {Milliseconds:F0} ms", MessageNames.Of<TMessage>(), elapsed.TotalMilliseconds);
            }
        }
    }
}

static class UseCaseMetrics
{
    static readonly Meter Meter = new("TalentMatch");
    public static readonly Histogram<double> Duration = Meter.CreateHistogram<double>("talentmatch.usecase.duration", "ms");
}
