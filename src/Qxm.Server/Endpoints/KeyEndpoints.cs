using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Qxm.Domain.Security;
using Qxm.Engine.Security;
using Qxm.Server.Problems;
using Qxm.Server.Security;

namespace Qxm.Server.Endpoints;

/// <summary><c>/api/v1/keys</c>, for admins: create (the secret is in that response only), list, rotate, revoke.</summary>
internal static class KeyEndpoints
{
    public const string Prefix = "/api/v1/keys";

    /// <summary>How long a rotated key keeps working when the request does not say.</summary>
    public static readonly TimeSpan DefaultOverlap = TimeSpan.FromHours(1);

    public static IEndpointRouteBuilder MapKeyEndpoints(this IEndpointRouteBuilder app)
    {
        var keys = app.MapGroup(Prefix).WithTags("keys");
        keys.MapPost("", CreateAsync)
            .WithName("createKey")
            .WithSummary("Create an API key for a principal, its role and tenants. The response holds the secret; nothing shows it again.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .RequirePermission(Permission.ManageKeys);
        keys.MapGet("", ListAsync)
            .WithName("listKeys")
            .WithSummary("Every key's id, principal, role, tenants, expiry, revocation and rotation; never a secret.")
            .RequirePermission(Permission.ManageKeys);
        keys.MapPost("/{id}/rotate", RotateAsync)
            .WithName("rotateKey")
            .WithSummary("Replace a key with a new one for the same principal; the old key keeps working for overlapSeconds (default 3600).")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequirePermission(Permission.ManageKeys);
        keys.MapDelete("/{id}", RevokeAsync)
            .WithName("revokeKey")
            .WithSummary("Revoke a key: refused at once by this instance, by the others within their key cache time.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequirePermission(Permission.ManageKeys);
        return app;
    }

    private static async Task<Results<Created<IssuedKey>, ProblemHttpResult>> CreateAsync(
        NewKeyRequest request, IKeyAdministration keys, CancellationToken cancellationToken)
    {
        var outcome = await keys.CreateKeyAsync(request, cancellationToken);
        return outcome.Issued is { } issued
            ? TypedResults.Created($"{Prefix}/{issued.Key.Id}", issued)
            : Invalid(outcome);
    }

    private static async Task<Ok<IReadOnlyList<ApiKey>>> ListAsync(IKeyAdministration keys, CancellationToken cancellationToken) =>
        TypedResults.Ok(await keys.ListKeysAsync(cancellationToken));

    private static async Task<Results<Created<IssuedKey>, ProblemHttpResult>> RotateAsync(
        string id, double? overlapSeconds, IKeyAdministration keys, CancellationToken cancellationToken)
    {
        var overlap = overlapSeconds is { } seconds
            ? double.IsFinite(seconds) && seconds >= 0 && seconds <= ApiKeyService.MaxOverlap.TotalSeconds ? TimeSpan.FromSeconds(seconds) : TimeSpan.MinValue
            : DefaultOverlap;
        var outcome = await keys.RotateKeyAsync(id, overlap, cancellationToken);
        if (outcome.Issued is { } issued)
        {
            return TypedResults.Created($"{Prefix}/{issued.Key.Id}", issued);
        }

        return outcome.NotFound ? NotFound(id) : Invalid(outcome);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(string id, IKeyAdministration keys, CancellationToken cancellationToken) =>
        await keys.RevokeKeyAsync(id, cancellationToken) ? TypedResults.NoContent() : NotFound(id);

    private static ProblemHttpResult NotFound(string id) => TypedResults.Problem(
        detail: $"no valid key with id '{id}'", statusCode: StatusCodes.Status404NotFound, title: "Key not found", type: ProblemTypes.KeyNotFound);

    private static ProblemHttpResult Invalid(KeyOutcome outcome) => TypedResults.Problem(
        detail: outcome.Diagnostics.Count > 0 ? outcome.Diagnostics[0].Message : "the key request is invalid",
        statusCode: StatusCodes.Status400BadRequest,
        title: "The key request is invalid",
        type: ProblemTypes.InvalidKey,
        extensions: new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            [ProblemTypes.DiagnosticsExtension] = outcome.Diagnostics.Select(ProblemDiagnostic.From).ToList(),
        });
}
