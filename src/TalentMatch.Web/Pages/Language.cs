using System.Globalization;
using Microsoft.AspNetCore.Localization;

namespace TalentMatch.Web.Pages;

/// <summary>
/// Dutch first, English second. Each page keeps its own words next to its markup as nl/en pairs, which is
/// easier to keep complete than a resource file per page for a two-language site.
/// </summary>
public static class Language
{
    public const string Dutch = "nl";
    public const string English = "en";

    /// <summary>The language of the current request: "nl" or "en" (the API's lang parameter takes the same words).</summary>
    public static string Current => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == English ? English : Dutch;

    public static string T(string nl, string en) => Current == English ? en : nl;

    /// <summary>Lists kept in both languages, such as skill labels stored in English with their Dutch labels beside them.</summary>
    public static IReadOnlyList<string> T(IReadOnlyList<string> nl, IReadOnlyList<string> en) => Current == English ? en : nl;

    public static RequestLocalizationOptions Options()
    {
        string[] cultures = [Dutch, English];
        var options = new RequestLocalizationOptions().SetDefaultCulture(Dutch).AddSupportedCultures(cultures).AddSupportedUICultures(cultures);
        // Dutch public-sector sites open in Dutch whatever the browser says; the visible switch (a cookie) or
        // ?culture=en is the only way to English, so a page never changes language unasked.
        options.RequestCultureProviders = [new QueryStringRequestCultureProvider(), new CookieRequestCultureProvider()];
        return options;
    }

    /// <summary>The language switch: remembers the choice for a year and returns to the page it came from.</summary>
    public static void Map(WebApplication app) =>
        app.MapGet("/language/{code}", (string code, string? returnUrl, HttpContext context) =>
            {
                if (code is not (Dutch or English))
                {
                    return Results.NotFound();
                }

                context.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                    CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(code)),
                    new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = true });
                return Results.LocalRedirect(returnUrl is { Length: > 0 } && Uri.IsWellFormedUriString(returnUrl, UriKind.Relative) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal) ? returnUrl : "/");
            })
            .ExcludeFromDescription();
}
