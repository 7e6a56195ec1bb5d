using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Qxm.Domain.Loops;
using Qxm.Domain.Security;
using Qxm.Engine.Loops;
using Qxm.Engine.Security;
using Qxm.Server.Composition;
using Qxm.Server.Problems;
using Qxm.Server.Security;

namespace Qxm.Server.Endpoints;

/// <summary><c>/api/v1/sessions</c>: a tenant's exclusive hold of a backend, scoped to the acting tenant.</summary>
internal static class SessionEndpoints
{
    public static IEndpointRouteBuilder MapSessionEndpoints(this IEndpointRouteBuilder app)
    {
        var sessions = app.MapGroup("/api/v1/sessions").WithTags("sessions");
        sessions.MapPost("", OpenAsync)
            .WithName("openSession")
            .WithSummary("Hold a backend for the acting tenant: its runs there go first until the session is closed, reaches its maximum or stays idle.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .RequirePermission(Permission.Submit);
        sessions.MapGet("/{id}", GetAsync)
            .WithName("getSession")
            .WithSummary("A session: whether it holds its backend now, until when at the latest, and why it ended.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequirePermission(Permission.Read);
        sessions.MapDelete("/{id}", CloseAsync)
            .WithName("closeSession")
            .WithSummary("Close a session, releasing its backend.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequirePermission(Permission.Submit);
        return app;
    }

    private static async Task<Results<Created<SessionView>, ProblemHttpResult>> OpenAsync(
        SessionBody body, Caller caller, QxmRuntime runtime, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(body.Backend))
        {
            return Invalid("backend is required");
        }

        if (body.MaxSeconds is { } max && !double.IsFinite(max) || body.IdleSeconds is { } idle && !double.IsFinite(idle))
        {
            return Invalid("maxSeconds and idleSeconds must be numbers of seconds");
        }

        var outcome = await Sessions(runtime).OpenAsync(
            caller.Tenant, body.Backend.Trim(),
            body.MaxSeconds is { } m ? TimeSpan.FromSeconds(Math.Clamp(m, 0, 1e7)) : null,
            body.IdleSeconds is { } i ? TimeSpan.FromSeconds(Math.Clamp(i, 0, 1e7)) : null,
            cancellationToken);
        if (outcome.Session is { } session)
        {
            return TypedResults.Created($"/api/v1/sessions/{session.Id}", SessionView.Of(session, session.OpenedAt));
        }

        if (outcome.VendorFailed)
        {
            return TypedResults.Problem(detail: outcome.Problem, statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "The backend's vendor did not open its session", type: ProblemTypes.VendorSessionUnavailable);
        }

        return outcome.HeldBy is not null
            ? TypedResults.Problem(detail: outcome.Problem, statusCode: StatusCodes.Status409Conflict, title: "Backend held by another session", type: ProblemTypes.SessionConflict)
            : Invalid(outcome.Problem!);
    }

    private static async Task<Results<Ok<SessionView>, ProblemHttpResult>> GetAsync(string id, Caller caller, QxmRuntime runtime, CancellationToken cancellationToken) =>
        await Sessions(runtime).GetAsync(id, caller.Tenant, cancellationToken) is { } view ? TypedResults.Ok(view) : SessionNotFound(id);

    private static async Task<Results<Ok<SessionView>, ProblemHttpResult>> CloseAsync(string id, Caller caller, QxmRuntime runtime, CancellationToken cancellationToken) =>
        await Sessions(runtime).CloseAsync(id, caller.Tenant, cancellationToken) is { } view ? TypedResults.Ok(view) : SessionNotFound(id);

    private static SessionService Sessions(QxmRuntime runtime) =>
        runtime.Engine.Sessions ?? throw new Domain.Errors.QxmException("the store keeps no sessions");

    private static ProblemHttpResult Invalid(string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status400BadRequest, title: "Invalid session", type: ProblemTypes.InvalidSession);

    private static ProblemHttpResult SessionNotFound(string id) =>
        TypedResults.Problem(detail: $"no session with id '{id}' in the acting tenant", statusCode: StatusCodes.Status404NotFound,
            title: "Session not found", type: ProblemTypes.SessionNotFound);
}
