using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Qxm.Domain.Security;
using Qxm.Domain.Tenancy;
using Qxm.Engine.Vendors;
using Qxm.Server.Problems;
using Qxm.Server.Security;

namespace Qxm.Server.Endpoints;

/// <summary><c>/api/v1/credentials</c>, for admins: where a tenant's secret for a vendor backend is (decision 0026). Answers
/// name the reference, never the secret.</summary>
internal static class CredentialEndpoints
{
    public const string Prefix = "/api/v1/credentials";

    public static IEndpointRouteBuilder MapCredentialEndpoints(this IEndpointRouteBuilder app)
    {
        var credentials = app.MapGroup(Prefix).WithTags("credentials");
        credentials.MapPut("/{tenant}/{backend}", SetAsync)
            .WithName("setCredential")
            .WithSummary("Set where a tenant's secret for a vendor backend is (env: a QXM_TENANT_ variable, or file: a name in the credentials directory); that tenant's runs on the backend then sign in with it.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .RequirePermission(Permission.ManageKeys);
        credentials.MapGet("", ListAsync)
            .WithName("listCredentials")
            .WithSummary("Every tenant's credential references, or one tenant's (?tenant=); never a secret.")
            .RequirePermission(Permission.ManageKeys);
        credentials.MapDelete("/{tenant}/{backend}", RemoveAsync)
            .WithName("removeCredential")
            .WithSummary("Remove a tenant's credential for a backend (if any): its runs sign in with the backend's own again.")
            .RequirePermission(Permission.ManageKeys);
        return app;
    }

    private static async Task<Results<Ok<TenantCredential>, ProblemHttpResult>> SetAsync(
        string tenant, string backend, CredentialBody body, ITenantCredentials credentials, CancellationToken cancellationToken)
    {
        var outcome = await credentials.SetAsync(new TenantCredentialRequest(tenant, backend, body.Env, body.File, body.ClientId), cancellationToken);
        return outcome.Credential is { } set
            ? TypedResults.Ok(set)
            : TypedResults.Problem(
                detail: outcome.Diagnostics[0].Message,
                statusCode: StatusCodes.Status400BadRequest,
                title: "The credential reference is refused",
                type: ProblemTypes.InvalidCredential,
                extensions: new Dictionary<string, object?>(StringComparer.Ordinal)
                {
                    [ProblemTypes.DiagnosticsExtension] = outcome.Diagnostics.Select(ProblemDiagnostic.From).ToList(),
                });
    }

    private static async Task<Ok<IReadOnlyList<TenantCredential>>> ListAsync(string? tenant, ITenantCredentials credentials, CancellationToken cancellationToken) =>
        TypedResults.Ok(await credentials.ListAsync(tenant, cancellationToken));

    private static async Task<NoContent> RemoveAsync(string tenant, string backend, ITenantCredentials credentials, CancellationToken cancellationToken)
    {
        // Idempotent, as DELETE is: removing what is not there leaves the same state; the audit records only real removals.
        await credentials.RemoveAsync(tenant, backend, cancellationToken);
        return TypedResults.NoContent();
    }
}
