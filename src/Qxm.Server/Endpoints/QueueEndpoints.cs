using Qxm.Domain.Security;
using Qxm.Server.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Qxm.Domain.Tenancy;
using Qxm.Engine.Api;
using Qxm.Server.Problems;

namespace Qxm.Server.Endpoints;

/// <summary><c>/api/v1/queue</c> (where queued runs stand and why), <c>/api/v1/tenants</c> and <c>/api/v1/reservations</c>.</summary>
internal static class QueueEndpoints
{
    public static IEndpointRouteBuilder MapQueueEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/queue", GetQueueAsync)
            .WithTags("queue")
            .WithName("getQueue")
            .WithSummary("Queued runs in predicted dispatch order per backend, with position, estimated start and the reason.")
            .RequirePermission(Permission.Read);
        app.MapGet("/api/v1/tenants", ListTenantsAsync)
            .WithTags("tenants")
            .WithName("listTenants")
            .WithSummary("Tenants with their weight, limits, queued runs and recent usage (the tenants file is read at start).")
            .RequirePermission(Permission.Read);
        var reservations = app.MapGroup("/api/v1/reservations").WithTags("reservations");
        reservations.MapPost("", ReserveAsync)
            .WithName("createReservation")
            .WithSummary("Reserve a backend for a tenant during a time window; refused when it overlaps another.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .RequirePermission(Permission.Reserve);
        reservations.MapGet("", ListReservationsAsync)
            .WithName("listReservations")
            .WithSummary("Reservations that have not ended, earliest first.")
            .RequirePermission(Permission.Read);
        reservations.MapGet("/{id}/usage", GetReservationUsageAsync)
            .WithName("getReservationUsage")
            .WithSummary("How much of the window its holder used; the rest is unused reserved time.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequirePermission(Permission.Read);
        reservations.MapDelete("/{id}", CancelReservationAsync)
            .WithName("cancelReservation")
            .WithSummary("Cancel a reservation.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequirePermission(Permission.Reserve);
        return app;
    }

    private static async Task<Ok<IReadOnlyList<QueueEntry>>> GetQueueAsync(IQueueService queue, string? backend, CancellationToken cancellationToken) =>
        TypedResults.Ok(await queue.GetQueueAsync(string.IsNullOrEmpty(backend) ? null : backend, cancellationToken));

    private static async Task<Ok<IReadOnlyList<TenantStatus>>> ListTenantsAsync(IQueueService queue, CancellationToken cancellationToken) =>
        TypedResults.Ok(await queue.ListTenantsAsync(cancellationToken));

    private static async Task<Results<Created<Reservation>, ProblemHttpResult>> ReserveAsync(
        ReservationBody body, IQueueService queue, CancellationToken cancellationToken)
    {
        var (request, problems) = body.ToRequest();
        if (request is null)
        {
            return QueueProblems.InvalidReservation(problems);
        }

        var outcome = await queue.ReserveAsync(request, cancellationToken);
        if (outcome.Reservation is { } reservation)
        {
            return TypedResults.Created($"/api/v1/reservations/{reservation.Id}", reservation);
        }

        return outcome.Conflict ? QueueProblems.Overlap(outcome.Diagnostics) : QueueProblems.InvalidReservation(outcome.Diagnostics);
    }

    private static async Task<Ok<IReadOnlyList<Reservation>>> ListReservationsAsync(IQueueService queue, string? backend, CancellationToken cancellationToken) =>
        TypedResults.Ok(await queue.ListReservationsAsync(string.IsNullOrEmpty(backend) ? null : backend, cancellationToken));

    private static async Task<Results<Ok<ReservationUsage>, ProblemHttpResult>> GetReservationUsageAsync(
        string id, IQueueService queue, CancellationToken cancellationToken) =>
        await queue.GetReservationUsageAsync(id, cancellationToken) is { } usage ? TypedResults.Ok(usage) : QueueProblems.ReservationNotFound(id);

    private static async Task<Results<NoContent, ProblemHttpResult>> CancelReservationAsync(string id, IQueueService queue, CancellationToken cancellationToken) =>
        await queue.CancelReservationAsync(id, cancellationToken) ? TypedResults.NoContent() : QueueProblems.ReservationNotFound(id);
}
