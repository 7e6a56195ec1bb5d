using Microsoft.Extensions.Logging;
using System.Net;
using Qxm.Engine;
using Qxm.Server.Guards;
using Qxm.Engine.Audit;
using Qxm.Engine.Security;
using Qxm.Server.Security;

namespace Qxm.Server;

/// <summary>How <c>qxm serve</c> runs; <see cref="Validate"/> runs at start-up.</summary>
public sealed record ServerOptions
{
    public const string DefaultUrls = "http://127.0.0.1:5080";

    /// <summary>Where Kestrel listens; semicolon-separated. Port 0 picks a free port (see <see cref="QxmServer.ListeningUrl"/>).</summary>
    public string Urls { get; init; } = DefaultUrls;

    /// <summary>The data directory; null means <c>$QXM_HOME</c>, else <c>~/.qxm</c>.</summary>
    public string? Home { get; init; }

    /// <summary>A PostgreSQL connection string shared by several instances; null means <c>$QXM_STORE</c>, else the embedded SQLite store.</summary>
    public string? Store { get; init; }

    /// <summary>Where artifacts live: <c>s3://bucket/prefix</c> for an S3-compatible store shared by instances without a
    /// shared file system; null means <c>$QXM_ARTIFACTS</c>, else the data directory's <c>artifacts/</c>.</summary>
    public string? Artifacts { get; init; }

    /// <summary>The archive tier retention moves expired results to: <c>s3://bucket/prefix</c> or a directory; null means
    /// <c>$QXM_ARCHIVE</c>, else none (results due for the archive stay where they are).</summary>
    public string? Archive { get; init; }

    /// <summary>The tenants' YAML file; null means <c>tenants.yaml</c> in the data directory when there is one.</summary>
    public string? TenantsFile { get; init; }

    /// <summary>The remote backends' YAML file; null means <c>backends.yaml</c> in the data directory when there is one.</summary>
    public string? BackendsFile { get; init; }

    /// <summary>Concurrent runs this instance executes (1..256).</summary>
    public int Workers { get; init; } = 2;

    /// <summary>How long a worker's claim on a run lasts without a heartbeat; a crashed instance's runs are requeued after it (1 s..1 h).</summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>False serves the API without executing runs (another instance executes them, or a test holds runs queued).</summary>
    public bool RunWorkers { get; init; } = true;

    /// <summary>The least severe log level written for the host and ASP.NET Core.</summary>
    public LogLevel MinimumLogLevel { get; init; } = LogLevel.Information;

    /// <summary>Text lines, or JSON objects with scopes (run id, trace id) for log collectors.</summary>
    public LogFormat LogFormat { get; init; } = LogFormat.Text;

    /// <summary>Collect metrics and serve them on <c>/metrics</c> (Prometheus text format).</summary>
    public bool Metrics { get; init; } = true;

    /// <summary>Record traces (exported by OTLP when <see cref="OtlpEndpoint"/> is set, else only correlated in logs).</summary>
    public bool Tracing { get; init; } = true;

    /// <summary>An OTLP/HTTP collector's base address (e.g. http://127.0.0.1:4318) to export traces and metrics to; null exports nothing by OTLP.</summary>
    public Uri? OtlpEndpoint { get; init; }

    /// <summary>How often the queue gauges are read from the store (100 ms..5 min).</summary>
    public TimeSpan QueueSampleInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The objective hooks loops may run in this server (<see cref="Engine.Hooks.HookAllowlist"/>): each entry a program
    /// with its leading arguments, or a URL prefix. Empty (the default): the server runs no hooks, and a loop whose
    /// objective is one is refused.</summary>
    public IReadOnlyList<string> AllowedHooks { get; init; } = [];

    /// <summary>Deliver tenants' webhooks from this instance.</summary>
    public bool DeliverWebhooks { get; init; } = true;

    /// <summary>The first retry delay of a failed webhook delivery; each further retry doubles it, up to 5 min (10 ms..1 min).</summary>
    public TimeSpan WebhookRetryBase { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Extra trace configuration (a test adds an in-memory exporter); null adds nothing.</summary>
    public Action<OpenTelemetry.Trace.TracerProviderBuilder>? ConfigureTracing { get; init; }

    /// <summary>The audit key, checkpoint log and checkpoint interval.</summary>
    public AuditOptions Audit { get; init; } = new();
    /// <summary>Serve without authentication, every caller acting as the local admin: allowed only when every URL is a
    /// loopback address, and announced at start.</summary>
    public bool NoAuth { get; init; }

    /// <summary>Also accept bearer tokens from an identity provider; null accepts API keys only.</summary>
    public JwtSettings? Jwt { get; init; }

    /// <summary>How long a verified API key is trusted without asking the store again (0..5 min): the longest another
    /// instance accepts a key revoked elsewhere.</summary>
    public TimeSpan KeyCacheFor { get; init; } = ApiKeyService.DefaultCacheFor;

    /// <summary>What one request may cost: body sizes, time budget, hosts, rate limits (docs/limits.md).</summary>
    public RequestLimits Limits { get; init; } = new();

    /// <summary>The engine's settings beyond workers and lease (run deadline, idempotency key lifetime, retention...).</summary>
    public EngineOptions Engine { get; init; } = new();

    public EngineOptions ToEngineOptions() => Engine with { Workers = Workers, Lease = Lease };

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Urls))
        {
            throw new ArgumentException("at least one URL to listen on is required", nameof(Urls));
        }

        foreach (var url in Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                throw new ArgumentException($"'{url}' is not an http or https URL", nameof(Urls));
            }
        }

        if (QueueSampleInterval < TimeSpan.FromMilliseconds(100) || QueueSampleInterval > TimeSpan.FromMinutes(5))
        {
            throw new ArgumentOutOfRangeException(nameof(QueueSampleInterval), QueueSampleInterval, "the queue sample interval must be between 100 ms and 5 min");
        }

        if (OtlpEndpoint is { } otlp && (!otlp.IsAbsoluteUri || (otlp.Scheme != Uri.UriSchemeHttp && otlp.Scheme != Uri.UriSchemeHttps)))
        {
            throw new ArgumentException($"'{otlp}' is not an http or https URL", nameof(OtlpEndpoint));
        }

        if (AllowedHooks.FirstOrDefault(string.IsNullOrWhiteSpace) is not null)
        {
            throw new ArgumentException("an allowed hook is empty: give a program with its leading arguments, or a URL prefix", nameof(AllowedHooks));
        }

        if (WebhookRetryBase < TimeSpan.FromMilliseconds(10) || WebhookRetryBase > TimeSpan.FromMinutes(1))
        {
            throw new ArgumentOutOfRangeException(nameof(WebhookRetryBase), WebhookRetryBase, "the webhook retry base must be between 10 ms and 1 min");
        }

        if (NoAuth)
        {
            var exposed = Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Where(url => !IsLoopback(new Uri(url))).ToList();
            if (exposed.Count > 0)
            {
                throw new ArgumentException($"--no-auth is allowed on loopback addresses only, not {string.Join(", ", exposed)}", nameof(NoAuth));
            }
        }

        if (KeyCacheFor < TimeSpan.Zero || KeyCacheFor > ApiKeyService.MaxCacheFor)
        {
            throw new ArgumentOutOfRangeException(nameof(KeyCacheFor), KeyCacheFor, "the key cache lasts between 0 and 5 minutes");
        }

        Jwt?.Validate();
        ToEngineOptions().Validate();
        Limits.Validate();
        Audit.Validate();
    }

    private static bool IsLoopback(Uri url) =>
        url.IsLoopback || (IPAddress.TryParse(url.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
}
