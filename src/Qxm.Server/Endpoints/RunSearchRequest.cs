using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Qxm.Engine.Persistence;
using Qxm.Server.Problems;

namespace Qxm.Server.Endpoints;

/// <summary>The search part of <c>GET /api/v1/runs</c>: filters, order and the opaque cursor of the next page.</summary>
internal sealed record RunSearchRequest(
    string? Tag, string? Name, string? Fingerprint, string? Submitter, string? Since, string? Until, string? Order, string? Cursor)
{
    /// <summary>The longest filter value accepted: names, tags and principals are short.</summary>
    public const int MaxValueLength = 256;

    /// <summary>Applies the search to <paramref name="query"/>, or says which parameter is wrong.</summary>
    public (RunQuery? Query, ProblemHttpResult? Problem) Apply(RunQuery query)
    {
        foreach (var (name, value) in new[] { ("tag", Tag), ("name", Name), ("fingerprint", Fingerprint), ("submitter", Submitter) })
        {
            if (value is { Length: > MaxValueLength })
            {
                return (null, RunProblems.InvalidQuery($"{name} must be at most {MaxValueLength} characters"));
            }
        }

        var (since, sinceProblem) = ParseTime("since", Since);
        var (until, untilProblem) = ParseTime("until", Until);
        if ((sinceProblem ?? untilProblem) is { } timeProblem)
        {
            return (null, timeProblem);
        }

        RunOrder order;
        switch (Order?.ToLowerInvariant())
        {
            case null or "" or "newest":
                order = RunOrder.Newest;
                break;
            case "oldest":
                order = RunOrder.Oldest;
                break;
            default:
                return (null, RunProblems.InvalidQuery($"order '{Order}' is not one of newest, oldest"));
        }

        RunCursor? after = null;
        if (!string.IsNullOrEmpty(Cursor) && (after = RunCursor.Decode(Cursor)) is null)
        {
            return (null, RunProblems.InvalidQuery("cursor is not one this server issued; start again without it"));
        }

        return (query with
        {
            Tag = Empty(Tag), Name = Empty(Name), Fingerprint = Empty(Fingerprint), Submitter = Empty(Submitter),
            Since = since, Until = until, Order = order, After = after,
        }, null);
    }

    /// <summary>The <c>Link</c> header value naming the next page: this request's URL with the cursor after the last run.</summary>
    public static string NextLink(HttpRequest request, RunCursor next)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(next);
        var parameters = request.Query.Where(p => !string.Equals(p.Key, "cursor", StringComparison.OrdinalIgnoreCase))
            .SelectMany(p => p.Value.Select(v => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(v ?? "")}"))
            .Append("cursor=" + next.Encode());
        return $"<{request.PathBase}{request.Path}?{string.Join('&', parameters)}>; rel=\"next\"";
    }

    private static string? Empty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static (DateTimeOffset? Time, ProblemHttpResult? Problem) ParseTime(string name, string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return (null, null);
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
            ? (parsed, null)
            : (null, RunProblems.InvalidQuery($"{name} '{text}' is not an ISO 8601 time such as 2025-01-06T08:00:00Z"));
    }
}
