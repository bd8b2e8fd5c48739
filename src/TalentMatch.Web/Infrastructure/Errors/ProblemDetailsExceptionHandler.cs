using System.Text.Json;
using FluentValidation;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using TalentMatch.Web.Features.Accounts;
using TalentMatch.Web.Infrastructure.Security;

namespace TalentMatch.Web.Infrastructure.Errors;

/// <summary>
/// Turns every expected failure into RFC 9457 problem details that name the field at fault, so a client
/// never has to parse prose and never sees a 500 for its own mistake.
/// </summary>
public sealed class ProblemDetailsExceptionHandler(IProblemDetailsService problemDetails, ILogger<ProblemDetailsExceptionHandler> logger) : IExceptionHandler
{
    /// <summary>Fields a client might try to send that TalentMatch refuses to store at all.</summary>
    static readonly HashSet<string> ProtectedAttributes = new(StringComparer.OrdinalIgnoreCase)
    {
        "dateOfBirth", "birthDate", "birthday", "age", "gender", "sex", "nationality", "photo", "photoUrl", "picture",
        "bsn", "citizenServiceNumber", "burgerservicenummer", "ethnicity", "religion", "maritalStatus",
    };

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is DailyCapReachedException cap)
        {
            await RateLimits.WriteTooManyAsync(httpContext, cap.RetryAfter, cap.Message, cap.Limit);
            return true;
        }

        // A person on a web page who is not signed in is sent to sign in, and comes back afterwards.
        if (exception is NotAuthenticatedException && !httpContext.Request.Path.StartsWithSegments("/api"))
        {
            httpContext.Response.Redirect($"{Authentication.SignInPath}?ReturnUrl={Uri.EscapeDataString(httpContext.Request.Path + httpContext.Request.QueryString)}");
            return true;
        }

        var (status, title, errors) = exception switch
        {
            ValidationException v => (StatusCodes.Status400BadRequest, "The request is not valid.", Group(v.Errors.Select(e => (Field(e.PropertyName), e.ErrorMessage)))),
            BadHttpRequestException b => (b.StatusCode, "The request could not be read.", FromBadRequest(b)),
            NotFoundException n => (StatusCodes.Status404NotFound, $"{n.What} not found.", null),
            NotAuthenticatedException or SignInFailedException => (StatusCodes.Status401Unauthorized, "Not signed in.", null),
            ForbiddenException => (StatusCodes.Status403Forbidden, "Not allowed.", null),
            ConflictException c => (StatusCodes.Status409Conflict, "The request conflicts with existing data.", Group([(c.Field, c.Message)])),
            _ => (0, "", null),
        };
        if (status == 0)
        {
            return false;
        }

        logger.LogInformation("Rejected {Method} {Path}: {Status} {Message}", httpContext.Request.Method, httpContext.Request.Path, status, exception.Message);
        httpContext.Response.StatusCode = status;
        var problem = errors is null
            ? new ProblemDetails { Status = status, Title = title, Detail = exception.Message }
            : new HttpValidationProblemDetails(errors) { Status = status, Title = title, Detail = Summary(errors) };
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    static Dictionary<string, string[]> FromBadRequest(BadHttpRequestException exception)
    {
        if (exception.InnerException is JsonException json)
        {
            var field = Field(json.Path is { Length: > 2 } path ? path[2..] : "body");
            var name = field.Split('.', '[').Last();
            if (json.Message.Contains("could not be mapped", StringComparison.Ordinal))
            {
                return Group([(field, ProtectedAttributes.Contains(name)
                    ? $"'{name}' is not accepted: TalentMatch never stores or matches on this kind of personal attribute."
                    : $"'{name}' is not a known field.")]);
            }

            return Group([(field, $"The value is not valid here: {json.Message.Split(" Path:")[0]}")]);
        }

        return Group([("body", exception.Message)]);
    }

    static string Summary(Dictionary<string, string[]> errors) =>
        string.Join(" ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"));

    static Dictionary<string, string[]> Group(IEnumerable<(string Field, string Message)> errors) =>
        errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).Distinct().ToArray());

    /// <summary>FluentValidation says "Skills[0].Level"; clients sent "skills[0].level".</summary>
    static string Field(string path) =>
        string.Join('.', path.Split('.').Select(part => part.Length == 0 ? part : char.ToLowerInvariant(part[0]) + part[1..]));
}
