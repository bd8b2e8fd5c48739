using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Authentication.Cookies;
using TalentMatch.Web.Features.Accounts;

namespace TalentMatch.Web.Infrastructure.Security;

/// <summary>
/// Two ways to be signed in: a bearer token for API clients and a cookie for the website. One policy scheme
/// picks by the request: an Authorization: Bearer header means the token, anything else the cookie. Either stops
/// working the moment its account is erased (<see cref="SignedInAccounts"/>).
/// </summary>
public static class Authentication
{
    public const string Scheme = "TalentMatch";

    /// <summary>The website's sign-in page, where pages send people who are not signed in.</summary>
    public const string SignInPath = "/account/sign-in";

    public const string CookieName = "talentmatch";

    public static IServiceCollection AddTalentMatchAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<SignInSettings>(configuration.GetSection("TalentMatch:SignIn"));
        services.AddHttpContextAccessor();
        services.AddSingleton<ICurrentUser, HttpCurrentUser>();
        services.AddAuthentication(Scheme)
            .AddPolicyScheme(Scheme, "Bearer token or cookie", o => o.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? BearerTokenDefaults.AuthenticationScheme
                    : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddBearerToken(o => o.BearerTokenExpiration = TimeSpan.FromHours(1))
            .AddCookie(o =>
            {
                o.LoginPath = SignInPath;
                o.Cookie.Name = CookieName;
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.SlidingExpiration = true;
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                // API callers get a status code, never a redirect to a page.
                o.Events.OnRedirectToLogin = context => ApiOrRedirect(context, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = context => ApiOrRedirect(context, StatusCodes.Status403Forbidden);
            });
        services.AddSingleton<SignedInAccounts>();
        services.AddAuthorization();
        return services;
    }

    static Task ApiOrRedirect(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            context.Response.StatusCode = status;
        }
        else
        {
            context.Response.Redirect(context.RedirectUri);
        }

        return Task.CompletedTask;
    }
}

/// <summary>The claims a signed-in account carries, the same for token and cookie.</summary>
public static class AccountPrincipal
{
    public static ClaimsPrincipal Create(SignIn.Response account, string scheme)
    {
        List<Claim> claims =
        [
            new(ClaimTypes.NameIdentifier, account.AccountId.ToString()),
            new(ClaimTypes.Name, account.Email),
            .. account.Roles.Select(r => new Claim(ClaimTypes.Role, r)),
        ];
        if (account.EmployerId is { } employer)
        {
            claims.Add(new Claim(HttpCurrentUser.EmployerClaim, employer.ToString()));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme));
    }
}
