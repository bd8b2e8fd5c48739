using Mediator;

namespace TalentMatch.Web.Infrastructure.Behaviours;

/// <summary>One log line per use case with its outcome, so a request can be followed without a debugger.</summary>
public sealed class LoggingBehaviour<TMessage, TResponse>(ILogger<LoggingBehaviour<TMessage, TResponse>> logger)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var name = MessageNames.Of<TMessage>();
        try
        {
            var response = await next(message, cancellationToken);
            // Checked first: the call would box its arguments even with debug logging off, on every request.
            if (logger.IsEnabled(LogLevel.Debug))
            {
                logger.LogDebug("{Message} handled", name);
            }

            return response;
        }
        catch (Exception e) when (e is FluentValidation.ValidationException or Errors.NotFoundException or Errors.ConflictException)
        {
            logger.LogInformation("{Message} refused: {Reason}", name, e.Message);
            throw;
        }
        catch (Exception e)
        {
            logger.LogError(e, "{Message} failed", name);
            throw;
        }
    }
}

static class MessageNames
{
    /// <summary>"Features.Profiles.CreateProfile+Command" reads better as "CreateProfile.Command"; worked out once per type.</summary>
    public static string Of<T>() => Name<T>.Value;

    static class Name<T>
    {
        public static readonly string Value = typeof(T).FullName is { } full
            ? full[(full.LastIndexOf('.') + 1)..].Replace('+', '.')
            : typeof(T).Name;
    }
}
