using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace TalentMatch.Web.Infrastructure.Security;

/// <summary>
/// How many requests one account (API calls and web pages together) or, for API calls when not signed in, one address
/// may make per minute (<c>TalentMatch:RateLimits</c>).
/// </summary>
public sealed class RateLimitSettings
{
    public int PerAccountPerMinute { get; set; } = 300;

    public int AnonymousPerMinute { get; set; } = 120;

    /// <summary>How many distinct candidate cards one employer account may open per day (UTC).</summary>
    public int CandidateCardsPerDay { get; set; } = 100;
}

/// <summary>
/// Abuse limits: requests per account per minute, so one account (or a stolen token or cookie) cannot scrape the
/// talent pool through the API or through the pages that show it. Refusals are 429 with Retry-After: problem details
/// for the API, a short page for people in a browser.
/// </summary>
public static class RateLimits
{
    public static IServiceCollection AddTalentMatchRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = configuration.GetSection("TalentMatch:RateLimits").Get<RateLimitSettings>() ?? new RateLimitSettings();
        services.Configure<RateLimitSettings>(configuration.GetSection("TalentMatch:RateLimits"));
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                // Static files are served before this runs; health checks must answer however busy an account is.
                if (context.Request.Path.StartsWithSegments("/health"))
                {
                    return RateLimitPartition.GetNoLimiter("health");
                }

                // Signed-in pages share the account's allowance with its API calls: the talent pool and candidate pages
                // show what the API shows. Anonymous pages (home, sign-in, public vacancies) stay open.
                var account = context.User.FindFirstValue(ClaimTypes.NameIdentifier);
                if (account is null && !context.Request.Path.StartsWithSegments("/api"))
                {
                    return RateLimitPartition.GetNoLimiter("anonymous pages");
                }

                return account is not null
                    ? RateLimitPartition.GetFixedWindowLimiter("account:" + account, _ => Window(settings.PerAccountPerMinute))
                    : RateLimitPartition.GetFixedWindowLimiter("address:" + context.Connection.RemoteIpAddress, _ => Window(settings.AnonymousPerMinute));
            });
            o.OnRejected = async (context, ct) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
                if (context.HttpContext.Request.Path.StartsWithSegments("/api"))
                {
                    var signedIn = context.HttpContext.User.FindFirstValue(ClaimTypes.NameIdentifier) is not null;
                    await WriteTooManyAsync(context.HttpContext, retryAfter, "Too many requests from this account; slow down and try again after the Retry-After time.",
                        signedIn ? "perAccountPerMinute" : "anonymousPerMinute");
                }
                else
                {
                    await WriteTooManyPageAsync(context.HttpContext, retryAfter);
                }
            };
        });
        return services;
    }

    static FixedWindowRateLimiterOptions Window(int permits) => new() { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 };

    /// <summary>A Retry-After header value: whole seconds, at least one.</summary>
    internal static string Seconds(TimeSpan retryAfter) => Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// A plain page rather than the site layout: the limiter answers before any page runs, and a refusal should cost
    /// as little as possible. Dutch first, English below, as on the rest of the site.
    /// </summary>
    static async Task WriteTooManyPageAsync(HttpContext context, TimeSpan retryAfter)
    {
        var seconds = Seconds(retryAfter);
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = seconds;
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync($"""
            <!DOCTYPE html>
            <html lang="nl">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Even rustig aan - Talent op Maat</title>
            <link rel="stylesheet" href="/css/site.css"></head>
            <body><main>
            <h1>Even rustig aan</h1>
            <p>Je account heeft de afgelopen minuut erg veel pagina's opgevraagd. Probeer het over {seconds} seconden opnieuw.</p>
            <h2 lang="en">Slow down a little</h2>
            <p lang="en">Your account asked for a great many pages in the last minute. Try again in {seconds} seconds.</p>
            <p><a href="/">Naar de startpagina / To the home page</a></p>
            </main></body>
            </html>
            """);
    }

    /// <param name="limit">The setting that ran out, so a client can tell a daily cap from the per-minute limit.</param>
    public static async Task WriteTooManyAsync(HttpContext context, TimeSpan retryAfter, string detail, string limit = "perAccountPerMinute")
    {
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = Seconds(retryAfter);
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status429TooManyRequests, Title = "Too many requests.", Detail = detail, Extensions = { ["limit"] = limit },
            },
        });
    }
}

/// <summary>A daily allowance is used up; the answer says when it renews.</summary>
public sealed class DailyCapReachedException(string message, TimeSpan retryAfter, string limit = "candidateCardsPerDay") : Exception(message)
{
    public string Limit { get; } = limit;

    public TimeSpan RetryAfter { get; } = retryAfter;
}
