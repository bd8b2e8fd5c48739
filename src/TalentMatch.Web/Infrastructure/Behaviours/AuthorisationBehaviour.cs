using System.Reflection;
using Mediator;
using TalentMatch.Web.Infrastructure.Security;

namespace TalentMatch.Web.Infrastructure.Behaviours;

/// <summary>
/// Decides by the message's access attribute whether the asker may send it at all, before validation, so a
/// stranger learns nothing from validation messages. A message without an attribute is refused: access is
/// decided per use case, never by default. Which objects the asker may touch is the handler's business.
/// </summary>
public sealed class AuthorisationBehaviour<TMessage, TResponse>(ICurrentUser user) : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    /// <summary>Read once per message type.</summary>
    static readonly AccessAttribute? Rule = AccessRules.For(typeof(TMessage));

    public ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        AccessRules.Check(Rule, typeof(TMessage), user);
        return next(message, cancellationToken);
    }
}

public static class AccessRules
{
    public static AccessAttribute? For(Type message) => message.GetCustomAttributes<AccessAttribute>(inherit: false).SingleOrDefault();

    public static void Check(AccessAttribute? rule, Type message, ICurrentUser user)
    {
        switch (rule)
        {
            case null:
                throw new ForbiddenException($"{message.FullName} has no access rule, so nobody may send it.");
            case AnonymousAttribute:
                return;
            case SystemOnlyAttribute:
                if (!user.IsSystem)
                {
                    throw new ForbiddenException("Only the system itself may do this.");
                }

                return;
            case AllowedForAttribute allowed:
                // The system (seeding, imports, commands) acts for every role; people need one of the listed roles.
                if (user.IsSystem)
                {
                    return;
                }

                if (!user.IsAuthenticated)
                {
                    throw new NotAuthenticatedException();
                }

                if (!allowed.Roles.Any(user.IsIn))
                {
                    throw new ForbiddenException($"This needs one of the roles: {string.Join(", ", allowed.Roles.Select(Roles.Name))}.");
                }

                return;
            default:
                throw new ForbiddenException($"{message.FullName} has an unknown access rule.");
        }
    }
}
