using Microsoft.AspNetCore.Mvc.Filters;

namespace TalentMatch.Web.Pages;

/// <summary>
/// Pages load nothing from elsewhere (no fonts, scripts or styles from other hosts), and the browser is told
/// so: anything injected that tries to reach out is blocked rather than trusted.
/// </summary>
public sealed class PageSecurityHeaders : IResultFilter
{
    public void OnResultExecuting(ResultExecutingContext context)
    {
        var headers = context.HttpContext.Response.Headers;
        headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "same-origin";
    }

    public void OnResultExecuted(ResultExecutedContext context)
    {
    }
}
