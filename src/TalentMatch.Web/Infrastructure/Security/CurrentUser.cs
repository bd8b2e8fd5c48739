using System.Security.Claims;

namespace TalentMatch.Web.Infrastructure.Security;

/// <summary>
/// Who is asking. Handlers take this instead of an HttpContext, so pages, the API and tests send the same messages.
/// Outside an HTTP request (command-line verbs, seeding, hosted services) the asker is the system itself.
/// </summary>
public interface ICurrentUser
{
    bool IsSystem { get; }

    bool IsAuthenticated { get; }

    /// <summary>The signed-in account; null for the system and for anonymous callers.</summary>
    Guid? AccountId { get; }

    /// <summary>The organisation an employer account belongs to.</summary>
    Guid? EmployerId { get; }

    bool IsIn(Role role);
}

public static class CurrentUserExtensions
{
    /// <summary>The signed-in account, for handlers whose access attribute already guarantees one.</summary>
    public static Guid RequireAccountId(this ICurrentUser user) =>
        user.AccountId ?? throw new NotAuthenticatedException();
}

/// <summary>Reads the signed-in principal that authentication (bearer token or cookie) put on the request.</summary>
public sealed class HttpCurrentUser(IHttpContextAccessor accessor) : ICurrentUser
{
    public const string EmployerClaim = "talentmatch:employer";

    ClaimsPrincipal? Principal => accessor.HttpContext?.User;

    public bool IsSystem => accessor.HttpContext is null;

    public bool IsAuthenticated => Principal?.Identity?.IsAuthenticated == true && AccountId is not null;

    public Guid? AccountId => Guid.TryParse(Principal?.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    public Guid? EmployerId => Guid.TryParse(Principal?.FindFirstValue(EmployerClaim), out var id) ? id : null;

    public bool IsIn(Role role) => Principal?.IsInRole(Roles.Name(role)) == true;
}

/// <summary>Nobody is signed in but the message needs someone.</summary>
public sealed class NotAuthenticatedException() : Exception("Sign in first: send a bearer token from POST /api/auth/login, or sign in on the website.");

/// <summary>The signed-in person's roles do not allow the message.</summary>
public sealed class ForbiddenException(string message) : Exception(message);
