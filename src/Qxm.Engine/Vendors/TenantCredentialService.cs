using System.Text.RegularExpressions;
using Qxm.Backends.Registry;
using Qxm.Backends.Vendors;
using Qxm.Domain.Audit;
using Qxm.Domain.Errors;
using Qxm.Domain.Tenancy;
using Qxm.Engine.Persistence;

namespace Qxm.Engine.Vendors;

/// <summary>Per-tenant vendor credentials (decision 0026): an admin names where a tenant's secret for a vendor backend is,
/// and each change goes on the audit chain (<c>credentials.set</c>, <c>credentials.removed</c>) naming the reference, never
/// a secret. References are confined so that an admin of qxm cannot point a vendor call at another of the server's
/// secrets: an environment variable must be named <c>QXM_TENANT_...</c>, a file is a plain name inside the server's
/// credentials directory.</summary>
public sealed partial class TenantCredentialService(
    ITenantCredentialStore store, IBackendRegistry backends, IAuditTrail? audit, string actor, string? principal, TimeProvider time) : ITenantCredentials
{
    public const string VariablePrefix = "QXM_TENANT_";

    public const string Set = "credentials.set";

    public const string Removed = "credentials.removed";

    public async Task<TenantCredentialOutcome> SetAsync(TenantCredentialRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var problems = Check(request);
        if (problems.Count > 0)
        {
            return new TenantCredentialOutcome(null, problems);
        }

        var (source, reference) = request.Env is { } env ? (TenantCredential.Environment, env) : (TenantCredential.File, request.File!);
        var credential = new TenantCredential(request.Tenant, request.Backend, source, reference, request.ClientId, principal ?? actor, time.GetUtcNow());
        await store.SetTenantCredentialAsync(credential, cancellationToken);
        if (audit is not null)
        {
            await audit.AppendAsync(new AuditEntry(actor, principal, request.Tenant, Set, "credentials", $"{request.Tenant}/{request.Backend}",
                Detail: $"{source} {reference}{(request.ClientId is null ? "" : " client " + request.ClientId)}"), cancellationToken);
        }

        return new TenantCredentialOutcome(credential, []);
    }

    public Task<IReadOnlyList<TenantCredential>> ListAsync(string? tenant, CancellationToken cancellationToken) =>
        store.ListTenantCredentialsAsync(tenant, cancellationToken);

    public async Task<bool> RemoveAsync(string tenant, string backend, CancellationToken cancellationToken)
    {
        if (!await store.RemoveTenantCredentialAsync(tenant, backend, cancellationToken))
        {
            return false;
        }

        if (audit is not null)
        {
            await audit.AppendAsync(new AuditEntry(actor, principal, tenant, Removed, "credentials", $"{tenant}/{backend}"), cancellationToken);
        }

        return true;
    }

    private List<Diagnostic> Check(TenantCredentialRequest request)
    {
        var problems = new List<Diagnostic>();
        if (string.IsNullOrWhiteSpace(request.Tenant) || request.Tenant.Any(char.IsWhiteSpace))
        {
            problems.Add(new Diagnostic("credentials.tenant", "the tenant must be a non-empty name without spaces"));
        }

        if (!backends.TryGet(request.Backend ?? "", out var backend) || backend is not IRemoteBackend)
        {
            problems.Add(new Diagnostic("credentials.backend", $"'{request.Backend}' is not a vendor backend of this instance (backends.yaml)"));
        }

        if ((request.Env is null) == (request.File is null))
        {
            problems.Add(new Diagnostic("credentials.source", "give exactly one of env (a variable's name) or file (a name in the credentials directory), never the secret itself"));
        }
        else if (request.Env is { } env && !Variable().IsMatch(env))
        {
            problems.Add(new Diagnostic("credentials.env", $"env must name a variable {VariablePrefix}<NAME> (capitals, digits, underscores), not '{env}'"));
        }
        else if (request.File is { } file && !FileName().IsMatch(file))
        {
            problems.Add(new Diagnostic("credentials.file", $"file must be a plain name in the server's credentials directory (letters, digits, '.', '-', '_'), not '{file}'"));
        }

        if (request.ClientId is { } client && (client.Length is 0 or > 100 || client.Any(char.IsWhiteSpace)))
        {
            problems.Add(new Diagnostic("credentials.client-id", "clientId must be an application id without spaces"));
        }

        return problems;
    }

    [GeneratedRegex("^QXM_TENANT_[A-Z0-9_]+$")]
    private static partial Regex Variable();

    [GeneratedRegex("^[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}$")]
    private static partial Regex FileName();
}
