using Qxm.Storage.Artifacts;
using System.CommandLine;
using Qxm.Engine.Audit;
using Qxm.Server;

namespace Qxm.Cli.Commands;

/// <summary><c>qxm serve</c>: the REST API and the workers, until interrupted.</summary>
internal static class ServeCommand
{
    public static Command Create(GlobalOptions globals, CliConsole console)
    {
        var defaults = new ServerOptions();
        var port = new Option<int?>("--port") { Description = "Listen on 127.0.0.1 at this port (0 picks a free one)", HelpName = "N" };
        var urls = new Option<string?>("--urls")
        {
            Description = $"Listen on these URLs, ';'-separated (default: {ServerOptions.DefaultUrls})",
            HelpName = "URL",
        };
        var workers = new Option<int>("--workers")
        {
            Description = "Runs executed at once by this instance (1-256)",
            DefaultValueFactory = _ => defaults.Workers,
            HelpName = "N",
        };
        var lease = new Option<double>("--lease-seconds")
        {
            Description = "A worker's hold on a run; a crashed instance's runs are requeued after it (1-3600)",
            DefaultValueFactory = _ => defaults.Lease.TotalSeconds,
            HelpName = "S",
        };
        var store = new Option<string?>("--store")
        {
            Description = "PostgreSQL connection string shared by several instances (default: $QXM_STORE, else SQLite in the data directory)",
            HelpName = "CONNECTION",
        };
        var artifacts = new Option<string?>("--artifacts")
        {
            Description = "s3://bucket/prefix: artifacts in S3-compatible storage shared by instances (endpoint, region, keys: QXM_S3_ENDPOINT, "
                + "QXM_S3_REGION, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY; default: $QXM_ARTIFACTS, else the data directory)",
            HelpName = "LOCATION",
        };
        var archive = new Option<string?>("--archive")
        {
            Description = "Archive tier for results past their tenant's retention: a directory or s3://bucket/prefix (default: $QXM_ARCHIVE, else none)",
            HelpName = "LOCATION",
        };
        var tenants = new Option<string?>("--tenants")
        {
            Description = "Tenants file (YAML; default: tenants.yaml in the data directory, if present)",
            HelpName = "FILE",
        };
        var backends = new Option<string?>("--backends")
        {
            Description = "Remote backends file (YAML; default: backends.yaml in the data directory, if present)",
            HelpName = "FILE",
        };
        var noWorkers = new Option<bool>("--no-workers") { Description = "Serve the API only; other instances over the same store execute the runs" };
        var logFormat = new Option<LogFormat>("--log-format")
        {
            Description = "Log as text lines or as JSON objects carrying run id and trace id",
            DefaultValueFactory = _ => LogFormat.Text,
            HelpName = "text|json",
        };
        var noMetrics = new Option<bool>("--no-metrics") { Description = "Collect no metrics and serve no /metrics" };
        var noTracing = new Option<bool>("--no-tracing") { Description = "Record no traces" };
        var otlp = new Option<Uri?>("--otlp-endpoint")
        {
            Description = "Export traces and metrics by OTLP/HTTP to this collector (e.g. http://127.0.0.1:4318)",
            HelpName = "URL",
        };
        var allowedHosts = new Option<string?>("--allowed-hosts")
        {
            Description = "Host header values served, ';'-separated, * for any (default: loopback names when listening on loopback, else any)",
            HelpName = "HOSTS",
        };
        var rate = new Option<int>("--requests-per-second")
        {
            Description = "Requests per second each principal (or client address) may make, sustained; 0 turns the limit off",
            DefaultValueFactory = _ => defaults.Limits.RequestsPerSecond,
            HelpName = "N",
        };
        var deadline = new Option<double>("--run-deadline-seconds")
        {
            Description = "Longest a run may execute before it fails, for tenants that set none",
            DefaultValueFactory = _ => defaults.Engine.RunDeadline.TotalSeconds,
            HelpName = "S",
        };
        var failoverAfter = new Option<double>("--failover-after-seconds")
        {
            Description = "How long a backend must be unavailable before queued runs with approved alternatives fail over to them",
            DefaultValueFactory = _ => defaults.Engine.FailoverAfter.TotalSeconds,
            HelpName = "S",
        };
        var auditKey = new Option<string?>("--audit-key")
        {
            Description = "Audit key file, shared by every instance of one store (default: $QXM_AUDIT_KEY, else audit.key in the data directory)",
            HelpName = "FILE",
        };
        var auditCheckpoints = new Option<string?>("--audit-checkpoints")
        {
            Description = "Signed checkpoint log (default: $QXM_AUDIT_CHECKPOINTS, else audit-checkpoints.log in the data directory)",
            HelpName = "FILE",
        };
        var checkpointSeconds = new Option<double>("--audit-checkpoint-seconds")
        {
            Description = "How often the audit chain's head is signed into the checkpoint log (1-3600)",
            DefaultValueFactory = _ => defaults.Audit.CheckpointInterval.TotalSeconds,
            HelpName = "S",
        };
        var noAuth = new Option<bool>("--no-auth") { Description = "Serve without authentication, every caller an admin (loopback addresses only)" };
        var jwtIssuer = new Option<string?>("--jwt-issuer") { Description = "Also accept bearer tokens (JWT) from this issuer", HelpName = "ISSUER" };
        var jwtAudience = new Option<string?>("--jwt-audience") { Description = "The audience those tokens must name", HelpName = "AUDIENCE" };
        var jwtAuthority = new Option<string?>("--jwt-authority")
        {
            Description = "The identity provider whose OpenID configuration gives the signing keys (default: the issuer)",
            HelpName = "URL",
        };
        var keyCache = new Option<double>("--key-cache-seconds")
        {
            Description = "How long a verified API key is trusted without a store lookup; a key revoked on another instance works here that long (0-300)",
            DefaultValueFactory = _ => defaults.KeyCacheFor.TotalSeconds,
            HelpName = "S",
        };
        var allowHook = new Option<string[]>("--allow-hook")
        {
            Description = "Let loops use this objective hook: a program and its leading arguments (\"python3 /srv/hooks/cost.py\") "
                + "or a URL prefix; repeatable (default: the server runs no hooks)",
            HelpName = "HOOK",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var command = new Command("serve", "Serve the REST API and execute queued runs")
        {
            port, urls, workers, lease, store, artifacts, archive, tenants, backends, noWorkers, auditKey, auditCheckpoints, checkpointSeconds,
            noAuth, jwtIssuer, jwtAudience, jwtAuthority, keyCache, allowedHosts, rate, deadline, failoverAfter, logFormat, noMetrics, noTracing, otlp,
            allowHook,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var context = globals.Read(parseResult, console);
            if (context.Server is not null)
            {
                return context.Fail(ExitCodes.InvalidInput, "serve runs a server; --server does not apply");
            }

            if (parseResult.GetValue(port) is not null && parseResult.GetValue(urls) is not null)
            {
                return context.Fail(ExitCodes.InvalidInput, "give --port or --urls, not both");
            }

            if (parseResult.GetValue(artifacts) is { } location && S3ArtifactOptions.Parse(location, Environment.GetEnvironmentVariable).Error is { } invalid)
            {
                return context.Fail(ExitCodes.InvalidInput, $"--artifacts: {invalid}");
            }

            if (parseResult.GetValue(archive) is { } archiveLocation && archiveLocation.StartsWith("s3://", StringComparison.Ordinal)
                && S3ArtifactOptions.Parse(archiveLocation, Environment.GetEnvironmentVariable).Error is { } badArchive)
            {
                return context.Fail(ExitCodes.InvalidInput, $"--archive: {badArchive}");
            }

            var leaseSeconds = parseResult.GetValue(lease);
            var options = new ServerOptions
            {
                Urls = parseResult.GetValue(urls) ?? (parseResult.GetValue(port) is { } only ? $"http://127.0.0.1:{only}" : ServerOptions.DefaultUrls),
                Home = context.Home,
                Workers = parseResult.GetValue(workers),
                Lease = Seconds(leaseSeconds),
                Store = parseResult.GetValue(store),
                Artifacts = parseResult.GetValue(artifacts),
                Archive = parseResult.GetValue(archive),
                TenantsFile = parseResult.GetValue(tenants),
                BackendsFile = parseResult.GetValue(backends),
                RunWorkers = !parseResult.GetValue(noWorkers),
                LogFormat = parseResult.GetValue(logFormat),
                Metrics = !parseResult.GetValue(noMetrics),
                Tracing = !parseResult.GetValue(noTracing),
                OtlpEndpoint = parseResult.GetValue(otlp),
                Limits = defaults.Limits with
                {
                    AllowedHosts = parseResult.GetValue(allowedHosts)?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                    RequestsPerSecond = parseResult.GetValue(rate),
                },
                Engine = defaults.Engine with
                {
                    RunDeadline = Seconds(parseResult.GetValue(deadline)),
                    FailoverAfter = Seconds(parseResult.GetValue(failoverAfter)),
                },
                Audit = new AuditOptions
                {
                    KeyFile = parseResult.GetValue(auditKey),
                    CheckpointFile = parseResult.GetValue(auditCheckpoints),
                    CheckpointInterval = Seconds(parseResult.GetValue(checkpointSeconds)),
                },
                NoAuth = parseResult.GetValue(noAuth),
                KeyCacheFor = Seconds(parseResult.GetValue(keyCache)),
                AllowedHooks = parseResult.GetValue(allowHook) ?? [],
                Jwt = parseResult.GetValue(jwtIssuer) is { } issuer
                    ? new Qxm.Server.Security.JwtSettings(issuer, parseResult.GetValue(jwtAudience) ?? "", parseResult.GetValue(jwtAuthority) ?? issuer)
                    : null,
            };
            try
            {
                options.Validate();
            }
            catch (ArgumentException e)
            {
                return context.Fail(ExitCodes.InvalidInput, e.Message);
            }

            if (options.NoAuth)
            {
                console.Stderr.WriteLine("qxm: WARNING: authentication is off (--no-auth): every caller on this address acts as admin");
            }

            await QxmServer.RunAsync(
                options,
                url =>
                {
                    console.Stdout.WriteLine($"qxm serve listening on {url}");
                    console.Stdout.Flush();
                },
                cancellationToken);
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Out-of-range numbers become a negative span, which validation then refuses with the option's bounds.</summary>
    private static TimeSpan Seconds(double seconds) =>
        double.IsFinite(seconds) && Math.Abs(seconds) < 1e6 ? TimeSpan.FromSeconds(seconds) : TimeSpan.MinValue;
}
