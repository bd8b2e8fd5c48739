using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace TalentMatch.Web.Infrastructure.Security;

/// <summary>How many API calls one account (or, when not signed in, one address) may make per minute (<c>TalentMatch:RateLimits</c>).</summary>
public sealed class RateLimitSettings
{
    public int PerAccountPerMinute { get; set; } = 300;

    public int AnonymousPerMinute { get; set; } = 120;

    /// <summary>How many distinct candidate cards one employer account may open per day (UTC).</summary>
    public int CandidateCardsPerDay { get; set; } = 100;
}

/// <summary>
/// Abuse limits: API calls per account per minute, so one account (or a stolen token) cannot scrape the talent
/// pool. Refusals are 429 problem details with Retry-After.
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
                if (!context.Request.Path.StartsWithSegments("/api"))
                {
                    return RateLimitPartition.GetNoLimiter("pages and health");
                }

                var account = context.User.FindFirstValue(ClaimTypes.NameIdentifier);
                return account is not null
                    ? RateLimitPartition.GetFixedWindowLimiter("account:" + account, _ => Window(settings.PerAccountPerMinute))
                    : RateLimitPartition.GetFixedWindowLimiter("address:" + context.Connection.RemoteIpAddress, _ => Window(settings.AnonymousPerMinute));
            });
            o.OnRejected = async (context, ct) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
                await WriteTooManyAsync(context.HttpContext, retryAfter, "Too many requests from this account; slow down and try again after the Retry-After time.");
            };
        });
        return services;
    }

    static FixedWindowRateLimiterOptions Window(int permits) => new() { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 };

    public static async Task WriteTooManyAsync(HttpContext context, TimeSpan retryAfter, string detail)
    {
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = StatusCodes.Status429TooManyRequests, Title = "Too many requests.", Detail = detail },
        });
    }
}

/// <summary>A daily allowance is used up; the answer says when it renews.</summary>
public sealed class DailyCapReachedException(string message, TimeSpan retryAfter) : Exception(message)
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}
