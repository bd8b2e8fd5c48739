using System.Collections.Concurrent;
using System.Security.Claims;
using Dapper;
using Microsoft.AspNetCore.Authentication;
using Npgsql;

namespace TalentMatch.Web.Infrastructure.Security;

/// <summary>
/// Bearer tokens and cookies are self-contained: without a check, one issued to an account that has since been
/// erased keeps working until it expires. Every signed-in request is therefore checked against the account
/// table, right after authentication; for an account that no longer exists authentication fails, so the request
/// is anonymous (pages send the person to sign in, the API answers 401) and a cookie is removed.
/// <para>
/// Checking the database on every request would add a round trip to each call, so an account seen to exist is
/// trusted for <see cref="TrustFor"/>. Erasure in this process takes effect at once, because it records the
/// erased account here and that record is read before the trust (account ids are never reused); an account
/// removed any other way is noticed when its trust runs out.
/// </para>
/// </summary>
public sealed class SignedInAccounts(NpgsqlDataSource dataSource) : IMiddleware
{
    public static readonly TimeSpan TrustFor = TimeSpan.FromSeconds(30);

    readonly ConcurrentDictionary<Guid, DateTimeOffset> _existsUntil = new();
    readonly ConcurrentDictionary<Guid, byte> _erased = new();

    /// <summary>Called by erasure once the account's rows are gone.</summary>
    public void Erased(Guid account)
    {
        _erased[account] = 0;
        _existsUntil.TryRemove(account, out _);
    }

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (context.User.Identity?.IsAuthenticated == true && Guid.TryParse(context.User.FindFirstValue(ClaimTypes.NameIdentifier), out var account)
            && !await ExistsAsync(account, context.RequestAborted))
        {
            // Authorization reads this result, not just the user: a successful result with an empty user would be
            // treated as signed in without the role (403) rather than not signed in (401, or the sign-in page).
            if (context.Features.Get<IAuthenticateResultFeature>() is { } authenticated)
            {
                authenticated.AuthenticateResult = AuthenticateResult.Fail("The account no longer exists.");
            }

            context.User = new ClaimsPrincipal(new ClaimsIdentity());
            if (context.Request.Cookies.ContainsKey(Authentication.CookieName))
            {
                context.Response.Cookies.Delete(Authentication.CookieName);
            }
        }

        await next(context);
    }

    async Task<bool> ExistsAsync(Guid account, CancellationToken ct)
    {
        if (_erased.ContainsKey(account))
        {
            return false;
        }

        var now = DateTimeOffset.UtcNow;
        if (_existsUntil.TryGetValue(account, out var until) && until > now)
        {
            return true;
        }

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        if (!await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                "select exists (select 1 from account where account_id = @account)", new { account }, cancellationToken: ct)))
        {
            return false;
        }

        // Erasure may have finished while we asked; its record wins over what we just read.
        _existsUntil[account] = now + TrustFor;
        return !_erased.ContainsKey(account);
    }
}
