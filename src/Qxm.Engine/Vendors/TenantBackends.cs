using System.Collections.Concurrent;
using Qxm.Backends.Contract;
using Qxm.Backends.Vendors;
using Qxm.Domain.Tenancy;
using Qxm.Engine.Persistence;

namespace Qxm.Engine.Vendors;

/// <summary>The adapter a tenant's run on a vendor backend talks through: the backend's own, or, when an admin set the
/// tenant a credential for it, an adapter of the same backend over the tenant's credential. Each tenant's adapter is its
/// own instance with its own token cache, so no token signed in with one tenant's secret serves another's run; a changed
/// reference makes a new one.</summary>
public sealed class TenantBackends(
    ITenantCredentialStore store, IEnumerable<RemoteBackendOptions> declared, string credentialsDirectory, Func<RemoteBackendOptions, IBackend> create,
    Func<string, string?>? environment = null)
{
    private readonly Dictionary<string, RemoteBackendOptions> _declared = declared.ToDictionary(o => o.Id, StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Tenant, string Backend), (TenantCredential Credential, IBackend Adapter)> _adapters = new();

    /// <summary>Where file references are: the server's credentials directory.</summary>
    public string CredentialsDirectory => credentialsDirectory;

    public async Task<IBackend> ForAsync(IBackend backend, string tenant, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(backend);
        if (backend is not IRemoteBackend || !_declared.TryGetValue(backend.Info.Id, out var options))
        {
            return backend;
        }

        var credential = await store.GetTenantCredentialAsync(tenant, backend.Info.Id, cancellationToken);
        if (credential is null)
        {
            return backend;
        }

        var key = (tenant, backend.Info.Id);
        if (_adapters.TryGetValue(key, out var known) && Same(known.Credential, credential))
        {
            return known.Adapter;
        }

        var reference = credential.Source == TenantCredential.Environment
            ? VendorCredential.FromEnvironment(credential.Reference, environment)
            : VendorCredential.FromFile(Path.Combine(credentialsDirectory, credential.Reference));
        var adapter = create(options with { Credential = reference, ClientId = credential.ClientId ?? options.ClientId });
        _adapters[key] = (credential, adapter);
        return adapter;
    }

    private static bool Same(TenantCredential a, TenantCredential b) =>
        a.Source == b.Source && a.Reference == b.Reference && a.ClientId == b.ClientId;
}
