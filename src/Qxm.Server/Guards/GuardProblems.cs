using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Qxm.Server.Problems;

namespace Qxm.Server.Guards;

/// <summary>The problems the request guards answer with, before any endpoint runs.</summary>
internal static class GuardProblems
{
    public static Task WriteAsync(HttpContext context, int status, string title, string type, string detail, TimeSpan? retryAfter = null)
    {
        if (retryAfter is { } wait)
        {
            context.Response.Headers.RetryAfter = Seconds(wait).ToString(CultureInfo.InvariantCulture);
        }

        context.Response.StatusCode = status;
        var problem = new ProblemDetails { Status = status, Title = title, Type = type, Detail = detail };
        if (retryAfter is { } delay)
        {
            problem.Extensions["retryAfterSeconds"] = Seconds(delay);
        }

        var problems = context.RequestServices.GetService(typeof(IProblemDetailsService)) as IProblemDetailsService;
        return problems is null
            ? context.Response.WriteAsJsonAsync(problem, (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json", context.RequestAborted)
            : problems.WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem }).AsTask();
    }

    public static long Seconds(TimeSpan wait) => (long)Math.Ceiling(Math.Max(1, wait.TotalSeconds));

    public static Task HostNotAllowedAsync(HttpContext context) => WriteAsync(context, StatusCodes.Status400BadRequest, "Host not allowed",
        ProblemTypes.HostNotAllowed, $"this server does not answer for host '{Printable(context.Request.Host.Value)}'; configure its allowed hosts (docs/limits.md)");

    public static Task StateChangeRefusedAsync(HttpContext context, string reason) => WriteAsync(context, StatusCodes.Status415UnsupportedMediaType,
        "Unsupported media type", ProblemTypes.UnsupportedMediaType, reason);

    public static Task RateLimitedAsync(HttpContext context, TimeSpan retryAfter, string detail) => WriteAsync(context, StatusCodes.Status429TooManyRequests,
        "Too many requests", ProblemTypes.RateLimited, detail, retryAfter);

    public static Task TimedOutAsync(HttpContext context, TimeSpan budget) => WriteAsync(context, StatusCodes.Status503ServiceUnavailable,
        "Request took too long", ProblemTypes.RequestTimeout,
        $"the request did not finish within its {budget.TotalSeconds:0.#} s budget and was cancelled; retry later or send less", TimeSpan.FromSeconds(1));

    /// <summary>A header value as a diagnostic may echo it: short, without control characters.</summary>
    private static string Printable(string? value)
    {
        var text = new string((value ?? "").Where(c => c >= ' ' && c < 0x7f).Take(100).ToArray());
        return text.Length == 0 ? "(none)" : text;
    }
}
