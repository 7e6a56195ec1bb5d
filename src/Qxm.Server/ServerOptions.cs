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
