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

    private VendorClients(ServiceProvider services, IReadOnlyList<IBackend> backends)
    {
        _services = services;
        Backends = backends;
    }

    public IReadOnlyList<IBackend> Backends { get; }

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
            return new VendorClients(provider, []);
        }

        var (declared, diagnostics) = RemoteBackendsFile.Load(path);
        var errors = diagnostics.Where(d => d.IsError).ToList();
        if (errors.Count > 0)
        {
            provider.Dispose();
            throw new InvalidOperationException(string.Join(Environment.NewLine, errors));
        }

        var factory = provider.GetRequiredService<IHttpClientFactory>();
        return new VendorClients(provider, [.. declared.Select(b => VendorBackends.Create(b, factory.CreateClient("qxm.vendor." + b.Id), time))]);
    }

    public void Dispose() => _services.Dispose();
}
