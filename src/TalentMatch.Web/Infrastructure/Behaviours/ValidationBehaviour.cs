using FluentValidation;
using FluentValidation.Results;
using Mediator;
using TalentMatch.Web.Infrastructure.Validation;

namespace TalentMatch.Web.Infrastructure.Behaviours;

/// <summary>
/// Runs the message's validators before its handler, so no handler ever sees input that could leave
/// partial data behind. Every message is also checked for NUL and other control characters, which
/// PostgreSQL would reject mid-transaction.
/// </summary>
public sealed class ValidationBehaviour<TMessage, TResponse>(IEnumerable<IValidator<TMessage>> validators)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    readonly IValidator<TMessage>[] _validators = validators.ToArray();

    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var failures = new List<ValidationFailure>(ControlCharacters.Find(message));
        if (failures.Count == 0)
        {
            foreach (var validator in _validators)
            {
                var result = await validator.ValidateAsync(message, cancellationToken);
                failures.AddRange(result.Errors);
            }
        }

        if (failures.Count > 0)
        {
            throw new ValidationException(failures);
        }

        return await next(message, cancellationToken);
    }
}
