using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;

namespace Qxm.Server.Telemetry;

/// <summary>Names and tags ASP.NET Core's own request span (the <c>Microsoft.AspNetCore</c> activity source, which
/// already continues the caller's W3C <c>traceparent</c>) with the HTTP semantic conventions a trace reader uses: the
/// method, the route, the status code, and an error status for 5xx. The OpenTelemetry ASP.NET Core instrumentation does
/// the same through a diagnostic listener per request, re-reading the trace context and copying a dozen request
/// properties, which was the largest part of tracing's cost on a submission (docs/decisions/0040).</summary>
internal static class HttpServerSpans
{
    /// <summary>The activity source ASP.NET Core creates its request spans from.</summary>
    public const string SourceName = "Microsoft.AspNetCore";

    /// <summary>"POST /api/v1/runs" per endpoint and method, built once: the route table is fixed.</summary>
    private static readonly ConcurrentDictionary<(Endpoint, string), string> Names = new();

    /// <summary>Boxed once: a tag value is an object.</summary>
    private static readonly ConcurrentDictionary<int, object> StatusCodes = new();

    /// <summary>Tags each recorded request span once the response is decided; requests to
    /// <paramref name="untraced"/> (the Prometheus scrape) are not recorded at all.</summary>
    public static IApplicationBuilder UseHttpServerSpans(this IApplicationBuilder app, PathString untraced) =>
        app.Use(async (context, next) =>
        {
            var activity = context.Features.Get<IHttpActivityFeature>()?.Activity;
            if (activity is not { IsAllDataRequested: true })
            {
                await next(context);
                return;
            }

            if (context.Request.Path.StartsWithSegments(untraced, StringComparison.Ordinal))
            {
                activity.IsAllDataRequested = false;
                activity.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
                await next(context);
                return;
            }

            try
            {
                await next(context);
            }
            finally
            {
                Tag(activity, context);
            }
        });

    private static void Tag(Activity activity, HttpContext context)
    {
        var method = context.Request.Method;
        activity.SetTag("http.request.method", method);
        if (context.GetEndpoint() is RouteEndpoint { RoutePattern.RawText: { } route } endpoint)
        {
            activity.DisplayName = Names.GetOrAdd((endpoint, method), static (key, route) => $"{key.Item2} {route}", route);
            activity.SetTag("http.route", route);
        }
        else
        {
            activity.DisplayName = method;
        }

        var status = context.Response.StatusCode;
        activity.SetTag("http.response.status_code", StatusCodes.GetOrAdd(status, static code => code));
        if (status >= 500)
        {
            activity.SetStatus(ActivityStatusCode.Error);
        }
    }
}
