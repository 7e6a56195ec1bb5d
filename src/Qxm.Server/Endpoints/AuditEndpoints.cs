using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Qxm.Domain.Audit;
using Qxm.Engine.Audit;
using Qxm.Engine.Persistence;
using Qxm.Server.Problems;
using Qxm.Server.Security;
using Qxm.Domain.Security;

namespace Qxm.Server.Endpoints;

/// <summary><c>/api/v1/audit</c>: the audit trail, filtered, and its verification.</summary>
internal static class AuditEndpoints
{
    public static IEndpointRouteBuilder MapAuditEndpoints(this IEndpointRouteBuilder app)
    {
        var audit = app.MapGroup("/api/v1/audit").WithTags("audit");
        audit.MapGet("", ListAsync)
            .WithName("listAuditEvents")
            .WithSummary("The latest audit events matching every filter given (since: ISO 8601 time; run: a run id), oldest first.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .RequirePermission(Permission.ReadAudit);
        audit.MapGet("/verify", VerifyAsync)
            .WithName("verifyAuditChain")
            .WithSummary("Walks the audit chain and its signed checkpoints; intact, or the first broken position and what is wrong there.")
            .RequirePermission(Permission.ReadAudit);
        return app;
    }

    private static async Task<Results<Ok<IReadOnlyList<AuditEvent>>, ProblemHttpResult>> ListAsync(
        IAuditService audit, string? since, string? actor, string? action, string? run, string? limit, CancellationToken cancellationToken)
    {
        DateTimeOffset? from = null;
        if (!string.IsNullOrEmpty(since))
        {
            if (!DateTimeOffset.TryParse(since, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
            {
                return AuditProblems.BadQuery($"since: '{since}' is not a date and time (ISO 8601, e.g. 2026-12-01T09:00Z)");
            }

            from = parsed;
        }

        var count = 100;
        if (!string.IsNullOrEmpty(limit) && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count is < 1 or > 10_000))
        {
            return AuditProblems.BadQuery($"limit: '{limit}' is not a whole number from 1 to 10000");
        }

        return TypedResults.Ok(await audit.ListAsync(
            new AuditQuery(from, NullIfEmpty(actor), NullIfEmpty(action), NullIfEmpty(run), count), cancellationToken));
    }

    private static async Task<Ok<AuditVerification>> VerifyAsync(IAuditService audit, CancellationToken cancellationToken) =>
        TypedResults.Ok(await audit.VerifyAsync(cancellationToken));

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;
}
