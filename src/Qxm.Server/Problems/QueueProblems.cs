using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Qxm.Domain.Errors;

namespace Qxm.Server.Problems;

/// <summary>The problems the queue and reservation endpoints answer with.</summary>
internal static class QueueProblems
{
    public static ProblemHttpResult InvalidReservation(IReadOnlyList<Diagnostic> diagnostics) =>
        WithDiagnostics(diagnostics, StatusCodes.Status400BadRequest, "The reservation is invalid", ProblemTypes.InvalidReservation);

    public static ProblemHttpResult Overlap(IReadOnlyList<Diagnostic> diagnostics) =>
        WithDiagnostics(diagnostics, StatusCodes.Status409Conflict, "The window overlaps another reservation", ProblemTypes.ReservationOverlap);

    public static ProblemHttpResult ReservationNotFound(string id) => TypedResults.Problem(
        detail: $"no live reservation with id '{id}'",
        statusCode: StatusCodes.Status404NotFound,
        title: "Reservation not found",
        type: ProblemTypes.ReservationNotFound);

    private static ProblemHttpResult WithDiagnostics(IReadOnlyList<Diagnostic> diagnostics, int status, string title, string type) => TypedResults.Problem(
        detail: diagnostics.Count > 0 ? diagnostics[0].ToString() : title,
        statusCode: status,
        title: title,
        type: type,
        extensions: new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            [ProblemTypes.DiagnosticsExtension] = diagnostics.Select(ProblemDiagnostic.From).ToList(),
        });
}
