namespace TalentMatch.Web.Infrastructure.Security;

/// <summary>
/// Every mediator message carries exactly one of these; <see cref="Behaviours.AuthorisationBehaviour{TMessage,TResponse}"/>
/// refuses a message without one, so a new use case cannot be reachable by accident.
/// </summary>
public abstract class AccessAttribute : Attribute;

/// <summary>Signed-in people with one of these roles may send the message (the handler still checks which objects).</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class AllowedForAttribute(params Role[] roles) : AccessAttribute
{
    public IReadOnlyList<Role> Roles { get; } = roles;
}

/// <summary>Anyone, signed in or not, may send the message (public taxonomy, public vacancies, signing in).</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class AnonymousAttribute : AccessAttribute;

/// <summary>Only the system itself: command-line verbs, seeding, imports; never sent on behalf of an HTTP request.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class SystemOnlyAttribute : AccessAttribute;
