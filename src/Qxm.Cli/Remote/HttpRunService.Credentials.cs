using System.Net;
using System.Net.Http.Json;
using Qxm.Domain.Tenancy;
using Qxm.Engine.Vendors;
using Qxm.Server.Json;

namespace Qxm.Cli.Remote;

/// <summary><see cref="ITenantCredentials"/> over <c>/api/v1/credentials</c>.</summary>
internal sealed partial class HttpRunService : ITenantCredentials
{
    private const string CredentialsPath = "api/v1/credentials";

    public async Task<TenantCredentialOutcome> SetAsync(TenantCredentialRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = new { env = request.Env, file = request.File, clientId = request.ClientId };
        using var response = await SendAsync(
            () => new HttpRequestMessage(HttpMethod.Put, $"{CredentialsPath}/{Uri.EscapeDataString(request.Tenant)}/{Uri.EscapeDataString(request.Backend)}")
            {
                Content = JsonContent.Create(body, options: ApiJson.Options),
            },
            cancellationToken);
        if (response.StatusCode == HttpStatusCode.BadRequest)
        {
            var problem = await ReadProblemAsync(response, cancellationToken);
            return new TenantCredentialOutcome(null, problem.DiagnosticsOr("credentials.refused"));
        }

        return new TenantCredentialOutcome(await ReadAsync<TenantCredential>(response, cancellationToken), []);
    }

    public async Task<IReadOnlyList<TenantCredential>> ListAsync(string? tenant, CancellationToken cancellationToken)
    {
        var path = tenant is null ? CredentialsPath : $"{CredentialsPath}?tenant={Uri.EscapeDataString(tenant)}";
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, path), cancellationToken);
        return await ReadAsync<List<TenantCredential>>(response, cancellationToken);
    }

    /// <remarks>The API's DELETE is idempotent, so over HTTP "there was none" reads as removed.</remarks>
    public async Task<bool> RemoveAsync(string tenant, string backend, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(
            () => new HttpRequestMessage(HttpMethod.Delete, $"{CredentialsPath}/{Uri.EscapeDataString(tenant)}/{Uri.EscapeDataString(backend)}"), cancellationToken);
        await ThrowUnlessSuccessAsync(response, cancellationToken);
        return true;
    }
}
