using Microsoft.Extensions.DependencyInjection;
using Qxm.Backends.Contract;
using Qxm.Backends.Vendors;
using Qxm.Engine.Vendors;

namespace Qxm.Server.Composition;

/// <summary>The remote backends of <c>backends.yaml</c>, each over its own named client from IHttpClientFactory (pooled,
/// rotated handlers). Retries, the breaker, rate limiting and per-attempt timeouts are the engine's resilience pipeline,
/// keyed on the error kinds the adapters report; the client's own timeout only bounds a call the pipeline forgot.</summary>
internal sealed class VendorClients : IDisposable
{
    private static readonly TimeSpan ClientTimeout = TimeSpan.FromMinutes(2);

    private readonly ServiceProvider _services;
    private readonly TimeProvider _time;

    private VendorClients(ServiceProvider services, IReadOnlyList<RemoteBackendOptions> declared, TimeProvider time)
    {
        _services = services;
        Declared = declared;
        _time = time;
        Backends = [.. declared.Select(Create)];
    }

    public IReadOnlyList<IBackend> Backends { get; }

    /// <summary>The backends as the file declares them.</summary>
    public IReadOnlyList<RemoteBackendOptions> Declared { get; }

    /// <summary>An adapter over the backend's own named client: a tenant's adapter (decision 0026) shares its backend's pool.</summary>
    public IBackend Create(RemoteBackendOptions options) =>
        VendorBackends.Create(options, _services.GetRequiredService<IHttpClientFactory>().CreateClient("qxm.vendor." + options.Id), _time);

    /// <summary>The backends the file declares; none when <paramref name="path"/> is the default and absent. Any error in
    /// the file stops the start with every error at its line and column.</summary>
    public static VendorClients Load(string path, bool explicitFile, TimeProvider time)
    {
        var services = new ServiceCollection();
        services.AddHttpClient();
        services.ConfigureHttpClientDefaults(b => b.ConfigureHttpClient(c => c.Timeout = ClientTimeout));
        var provider = services.BuildServiceProvider();
        if (!explicitFile && !File.Exists(path))
        {
            return new VendorClients(provider, [], time);
        }

        var (declared, diagnostics) = RemoteBackendsFile.Load(path);
        var errors = diagnostics.Where(d => d.IsError).ToList();
        if (errors.Count > 0)
        {
            provider.Dispose();
            throw new InvalidOperationException(string.Join(Environment.NewLine, errors));
        }

        return new VendorClients(provider, declared, time);
    }

    public void Dispose() => _services.Dispose();
}
