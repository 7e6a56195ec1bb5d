using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;

namespace Qxm.Server.Guards;

/// <summary>Wires the checks every request passes before an endpoint runs: host allow-list, no state change from forms
/// or simple cross-site requests, per-principal rate limits, a bound on experiment requests in flight, and the time budget.</summary>
internal static class RequestGuards
{
    /// <summary>The rate-limiting policy of endpoints that read an experiment.</summary>
    public const string ExperimentPolicy = "experiments";

    public static IServiceCollection AddRequestGuards(this IServiceCollection services, RequestLimits limits)
    {
        services.AddRequestTimeouts(timeouts => timeouts.DefaultPolicy = new RequestTimeoutPolicy
        {
            Timeout = limits.RequestTimeout,
            WriteTimeoutResponse = context => GuardProblems.TimedOutAsync(context, limits.RequestTimeout),
        });
        services.AddRateLimiter(rates =>
        {
            rates.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                if (limits.RequestsPerSecond == 0 || !context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
                {
                    return RateLimitPartition.GetNoLimiter("");
                }

                return RateLimitPartition.GetTokenBucketLimiter(Principal(context), _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = limits.Burst,
                    TokensPerPeriod = limits.RequestsPerSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
            });
            rates.AddConcurrencyLimiter(ExperimentPolicy, concurrency =>
            {
                concurrency.PermitLimit = limits.ConcurrentExperiments;
                concurrency.QueueLimit = limits.ExperimentQueue;
                concurrency.QueueProcessingOrder = QueueProcessingOrder.OldestFirst;
            });
            rates.OnRejected = (rejected, _) =>
            {
                // Only the token buckets say when a permit comes back; a full concurrency queue frees up within a request's time.
                var rateLimited = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait);
                var retryAfter = rateLimited ? wait : TimeSpan.FromSeconds(1);
                var detail = !rateLimited
                    ? "the server is reading as many experiments as it can at once; retry shortly"
                    : $"more than {limits.RequestsPerSecond.ToString(CultureInfo.InvariantCulture)} requests per second (burst {limits.Burst.ToString(CultureInfo.InvariantCulture)}) from {Principal(rejected.HttpContext)}";
                return new ValueTask(GuardProblems.RateLimitedAsync(rejected.HttpContext, retryAfter, detail));
            };
        });
        return services;
    }

    /// <summary>The Host check first (it costs nothing and refuses foreign traffic before it is counted), then routing,
    /// which the later guards and access checks need.</summary>
    public static WebApplication UseRequestGuards(this WebApplication app, IReadOnlyList<string> hosts)
    {
        var allowList = new HostAllowList(hosts);
        app.Use(async (context, next) =>
        {
            if (!allowList.Allows(context.Request.Host))
            {
                await GuardProblems.HostNotAllowedAsync(context);
                return;
            }

            await next(context);
        });
        app.UseRouting();
        return app;
    }

    /// <summary>After access checks, so that an unauthenticated request is told 401 first: refuses state changes a
    /// cross-site form or simple request could make (what matters most with <c>--no-auth</c>).</summary>
    public static WebApplication UseStateChangeRule(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase) && StateChangeRule.Refusal(context.Request) is { } reason)
            {
                await GuardProblems.StateChangeRefusedAsync(context, reason);
                return;
            }

            await next(context);
        });
        return app;
    }

    /// <summary>Rate limits and the time budget: after authentication, so that limits count principals, not addresses.</summary>
    public static WebApplication UseRequestBudgets(this WebApplication app)
    {
        app.UseRateLimiter();
        app.UseRequestTimeouts();
        return app;
    }

    /// <summary>Whom a request is counted against: its authenticated principal, else its remote address.</summary>
    private static string Principal(HttpContext context) =>
        context.User.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name }
            ? "principal " + name
            : "address " + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
}
