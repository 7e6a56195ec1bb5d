using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.OpenApi;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Qxm.Engine.Diagnostics;
using Qxm.Engine.Api;
using Qxm.Engine.Security;
using Qxm.Engine.Vendors;
using Qxm.Server.Composition;
using Qxm.Server.Dashboard;
using Qxm.Server.Endpoints;
using Qxm.Server.Guards;
using Qxm.Server.Hosting;
using Qxm.Server.Json;
using Qxm.Server.Problems;
using Qxm.Server.Telemetry;
using Qxm.Server.Security;
using Qxm.Simulation.Diagnostics;

namespace Qxm.Server;

/// <summary>The composition root of <c>qxm serve</c>: the REST API, problem details, OpenAPI and the hosted workers
/// over one <see cref="QxmRuntime"/>.</summary>
public static partial class QxmServer
{
    /// <summary>Opens the runtime (creating the data directory and database) and builds the application; start it
    /// with <c>StartAsync</c> or <c>RunAsync</c>. Disposing the application disposes the runtime.</summary>
    public static async Task<WebApplication> BuildAsync(ServerOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();

        // The content root is the install directory, not the working directory, so the server behaves the same wherever it starts.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ContentRootPath = AppContext.BaseDirectory,
            ApplicationName = typeof(QxmServer).Assembly.GetName().Name,
        });
        builder.WebHost.UseUrls(options.Urls);

        // Every body is small unless its endpoint says otherwise (BodySizeLimit); Kestrel refuses the excess as it arrives.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = options.Limits.MaxSmallBodyBytes);
        builder.Logging.SetMinimumLevel(options.MinimumLogLevel);

        // ASP.NET Core logs every request at Information; an operator wants the lifetime messages and problems only.
        builder.Logging.AddFilter("Microsoft.AspNetCore", (LogLevel)Math.Max((int)options.MinimumLogLevel, (int)LogLevel.Warning));

        ConfigureLogging(builder.Logging, options);
        var engineLogs = new DeferredLoggerFactory();
        var audit = new AccessAuditLog();
        var runtime = await QxmRuntime.OpenAsync(
            options.Home, options.ToEngineOptions(), cancellationToken, options.Store, options.TenantsFile, options.Audit, audit, options.KeyCacheFor,
            engineLogs, options.BackendsFile, options.Artifacts, options.Archive);
        try
        {
            var services = builder.Services;
            services.AddSingleton(_ => runtime);
            services.AddSingleton(audit);
            services.AddSingleton<IAccessAudit>(runtime.Access);
            services.AddSingleton(options);
            services.AddSingleton(TimeProvider.System);
            AddOpenTelemetry(services, options);
            if (options.Metrics)
            {
                services.AddHostedService<QueueSampler>();
            }

            if (options.DeliverWebhooks)
            {
                services.AddHostedService<Webhooks.WebhookDeliverer>();
            }

            // Every request acts as the caller the access middleware admitted, in that caller's tenant.
            services.AddHttpContextAccessor();
            services.AddScoped(sp => sp.GetRequiredService<IHttpContextAccessor>().HttpContext!.Caller());
            services.AddScoped<IRunService>(sp => new AuthorizedRunService(
                runtime.Service, sp.GetRequiredService<Caller>(), runtime.Engine.Ownership, runtime.Access, TimeProvider.System));
            // Per request, so that reservations are audited as the caller who made them, named as run transitions name it.
            services.AddScoped<IQueueService>(sp =>
            {
                var caller = sp.GetRequiredService<Caller>();
                return new AuthorizedQueueService(runtime.QueueFor(caller.Name, caller.Name), caller, runtime.Access, TimeProvider.System);
            });
            services.AddScoped<IKeyAdministration>(sp => new AuthorizedKeyAdministration(runtime.Keys, sp.GetRequiredService<Caller>(), runtime.Access, TimeProvider.System));
            services.AddScoped<ITenantCredentials>(sp =>
            {
                var caller = sp.GetRequiredService<Caller>();
                return new AuthorizedTenantCredentials(runtime.CredentialsFor("api", caller.Name), caller, runtime.Access, TimeProvider.System);
            });
            services.AddSingleton(_ => runtime.Audit);
            AddAuthentication(services, options);
            services.AddSingleton<ICalibrationService>(_ => runtime.Engine.Calibration);
            services.AddScoped(sp => runtime.Engine.ReproduceFor(sp.GetRequiredService<IRunService>()));
            services.AddScoped(sp => runtime.Engine.ProvenanceFor(sp.GetRequiredService<IRunService>(), sp.GetRequiredService<Caller>().Tenant));
            if (options.RunWorkers)
            {
                services.AddHostedService<EngineWorkerService>();
            }

            services.AddSingleton(options.ToEngineOptions());
            services.AddHostedService<RetentionService>();
            services.AddSingleton<LoopLatencies>();
            services.AddSingleton<LoopService>();
            services.AddHostedService(sp => sp.GetRequiredService<LoopService>());
            services.AddHostedService<AuditCheckpointService>();
            services.AddHostedService<VendorSessionService>();

            services.ConfigureHttpJsonOptions(json => ApiJson.Configure(json.SerializerOptions));
            services.AddProblemDetails(problems => problems.CustomizeProblemDetails = ProblemDefaults.Fill);

            // Requests the framework refuses while binding (unreadable JSON, a missing body) reach the problem handler
            // as exceptions carrying the reason, instead of a bare 400.
            services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(routes => routes.ThrowOnBadRequest = true);
            services.AddExceptionHandler<ProblemExceptionHandler>();
            services.AddSingleton(options.Limits);
            services.AddRequestGuards(options.Limits);
            services.AddOpenApi("v1", openApi =>
            {
                SecurityOpenApi.Configure(openApi);
                openApi.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "qxm",
                    Version = "v1",
                    Description = "Submit quantum experiments, follow their runs and read their results.",
                };

                // The servers list would echo the request's host and port, which differ per instance and per test.
                document.Servers = null;
                return Task.CompletedTask;
            });
            });

            var app = builder.Build();
            engineLogs.Attach(app.Services.GetRequiredService<ILoggerFactory>());
            audit.Attach(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Qxm.Security"));
            if (options.NoAuth)
            {
                LogNoAuth(app.Logger, options.Urls);
            }

            if (options.Tracing)
            {
                app.UseHttpServerSpans(MetricsPath);
            }

            app.UseExceptionHandler();
            app.UseStatusCodePages();
            // The Host check first; then authentication, so that rate limits count principals; then access; then the form rule.
            app.UseRequestGuards(options.Limits.HostsFor(options.Urls));
            app.UseAuthentication();
            app.UseRequestBudgets();
            app.UseMiddleware<AccessMiddleware>();
            app.UseStateChangeRule();
            app.MapOpenApi();
            app.MapHealthEndpoints();
            app.MapRunEndpoints(options.Limits);
            app.MapBackendEndpoints(options.Limits);
            app.MapCalibrationEndpoints();
            app.MapProvenanceEndpoints();
            app.MapReproduceEndpoints();
            app.MapQueueEndpoints();
            app.MapSessionEndpoints();
            app.MapLoopEndpoints(options.Limits);
            app.MapValidateEndpoints(options.Limits);
            app.MapCostEndpoints(runtime.Engine);
            app.MapAuditEndpoints();
            app.MapRetentionEndpoints();
            app.MapKeyEndpoints();
            app.MapCredentialEndpoints();
            app.MapEventEndpoints();
            app.MapSloEndpoints();
            app.MapWebhookEndpoints();
            app.MapDashboard();
            if (options.Metrics)
            {
                app.MapPrometheusScrapingEndpoint(MetricsPath);
            }

            return app;
        }
        catch
        {
            await runtime.DisposeAsync();
            throw;
        }
    }

    /// <summary>Where Prometheus scrapes; its requests are not traced.</summary>
    private const string MetricsPath = "/metrics";

    private static void ConfigureLogging(ILoggingBuilder logging, ServerOptions options)
    {
        // Every line logged inside an activity carries its trace and span ids, so logs and traces correlate.
        logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
        if (options.LogFormat == LogFormat.Json)
        {
            logging.ClearProviders();
            logging.AddJsonConsole(json =>
            {
                json.IncludeScopes = true;
                json.UseUtcTimestamp = true;
                json.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }
    }

    /// <summary>Metrics on <c>/metrics</c> and traces, each optional, with the qxm components' meters and sources, ASP.NET
    /// Core's and the runtime's; OTLP export when an endpoint is given.</summary>
    private static void AddOpenTelemetry(IServiceCollection services, ServerOptions options)
    {
        if (!options.Metrics && !options.Tracing)
        {
            return;
        }

        var telemetry = services.AddOpenTelemetry().ConfigureResource(resource => resource.AddService(
            "qxm", serviceVersion: typeof(QxmServer).Assembly.GetName().Version?.ToString(), serviceInstanceId: $"{Environment.MachineName}:{Environment.ProcessId}"));
        if (options.Metrics)
        {
            telemetry.WithMetrics(metrics =>
            {
                // ASP.NET Core's request and connection meters by name: the instrumentation package would add the routing,
                // authentication, authorization and rate-limiting meters too, each recording on every request.
                metrics.AddMeter([.. QxmTelemetry.Components, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel"])
                    .AddRuntimeInstrumentation().AddPrometheusExporter();
                if (options.OtlpEndpoint is { } otlp)
                {
                    metrics.AddOtlpExporter(o =>
                    {
                        o.Endpoint = new Uri(otlp, "v1/metrics");
                        o.Protocol = OtlpExportProtocol.HttpProtobuf;
                    });
                }
            });
        }

        if (options.Tracing)
        {
            telemetry.WithTracing(tracing =>
            {
                // System.Net.Http: outgoing calls (vendor adapters, webhooks) as client spans; the traceparent they carry is
                // the current span's either way. The simulator's phases (plan, passes, sampling...) nest under a run's span.
                // ASP.NET Core's request spans come from its own activity source, named and tagged by HttpServerSpans.
                tracing.AddSource([.. QxmTelemetry.Components, SimulationActivities.SourceName, "System.Net.Http", HttpServerSpans.SourceName]);
                if (options.OtlpEndpoint is { } otlp)
                {
                    tracing.AddOtlpExporter(o =>
                    {
                        o.Endpoint = new Uri(otlp, "v1/traces");
                        o.Protocol = OtlpExportProtocol.HttpProtobuf;
                    });
                }

                options.ConfigureTracing?.Invoke(tracing);
            });
        }
    }

    /// <summary>API keys always; JWT bearer tokens too when configured, chosen by the token's shape (an API key starts
    /// with its prefix, a JWT never does).</summary>
    private static void AddAuthentication(IServiceCollection services, ServerOptions options)
    {
        const string Selector = "qxm";
        const string Jwt = "Jwt";
        var authentication = services.AddAuthentication(Selector)
            .AddPolicyScheme(Selector, "API key or bearer token", policy => policy.ForwardDefaultSelector = context =>
                options.Jwt is null || (BearerToken.Of(context.Request)?.StartsWith(ApiKeyFormat.Prefix, StringComparison.Ordinal) ?? true)
                    ? ApiKeyAuthenticationHandler.SchemeName
                    : Jwt)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        if (options.Jwt is { } jwt)
        {
            authentication.AddJwtBearer(Jwt, bearer => JwtClaims.Configure(bearer, jwt));
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Authentication is OFF (--no-auth): every caller on {Urls} acts as the local admin")]
    private static partial void LogNoAuth(ILogger logger, string urls);


    /// <summary>Serves until <paramref name="cancellationToken"/> fires or the host is told to stop (SIGTERM, Ctrl+C);
    /// <paramref name="listening"/> hears the actual address once the server listens.</summary>
    public static async Task RunAsync(ServerOptions options, Action<Uri> listening, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(listening);
        await using var app = await BuildAsync(options, cancellationToken);
        await app.StartAsync(cancellationToken);
        try
        {
            listening(ListeningUrl(app));
            await app.WaitForShutdownAsync(cancellationToken);
        }
        finally
        {
            await app.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>The first address a started application listens on, with the actual port when port 0 was asked for.</summary>
    public static Uri ListeningUrl(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        var first = addresses?.FirstOrDefault() ?? throw new InvalidOperationException("the server is not listening; start it first");
        return new Uri(first);
    }
}
