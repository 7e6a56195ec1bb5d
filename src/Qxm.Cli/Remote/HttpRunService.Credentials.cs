using Qxm.Client.Errors;
using Qxm.Domain.Tenancy;
using Qxm.Engine.Vendors;

namespace Qxm.Cli.Remote;

/// <summary><see cref="ITenantCredentials"/> over <c>/api/v1/credentials</c>.</summary>
internal sealed partial class HttpRunService : ITenantCredentials
{
    private const string CredentialsPath = "api/v1/credentials";

    public async Task<TenantCredentialOutcome> SetAsync(TenantCredentialRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = new { env = request.Env, file = request.File, clientId = request.ClientId };
        try
        {
            var path = $"{CredentialsPath}/{Uri.EscapeDataString(request.Tenant)}/{Uri.EscapeDataString(request.Backend)}";
            return new TenantCredentialOutcome(await _client.SendAsync<TenantCredential>(HttpMethod.Put, path, body, cancellationToken), []);
        }
        catch (QxmApiException e) when (e.Kind == ApiErrorKind.Invalid)
        {
            return new TenantCredentialOutcome(null, DiagnosticsOr(e.Problem, "credentials.refused"));
        }
    }

    public async Task<IReadOnlyList<TenantCredential>> ListAsync(string? tenant, CancellationToken cancellationToken) =>
        await _client.SendAsync<List<TenantCredential>>(HttpMethod.Get, tenant is null ? CredentialsPath : $"{CredentialsPath}?tenant={Uri.EscapeDataString(tenant)}", null, cancellationToken);

    /// <remarks>The API's DELETE is idempotent, so over HTTP "there was none" reads as removed.</remarks>
    public async Task<bool> RemoveAsync(string tenant, string backend, CancellationToken cancellationToken)
    {
        await _client.SendAsync(HttpMethod.Delete, $"{CredentialsPath}/{Uri.EscapeDataString(tenant)}/{Uri.EscapeDataString(backend)}", null, cancellationToken);
        return true;
    }
}
