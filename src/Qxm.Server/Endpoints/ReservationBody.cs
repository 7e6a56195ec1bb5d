using Qxm.Domain.Errors;
using Qxm.Engine.Api;

namespace Qxm.Server.Endpoints;

/// <summary>A reservation request as sent: every field may be missing or null, and each required one (backend, start,
/// end) is named in the refusal instead of failing deeper down. The tenant is the caller's unless named.</summary>
internal sealed record ReservationBody(string? Backend, string? Tenant, DateTimeOffset? Start, DateTimeOffset? End)
{
    private const int MaxIdLength = 128;

    /// <summary>The request, or the diagnostics naming each missing or oversized field.</summary>
    public (ReservationRequest? Request, IReadOnlyList<Diagnostic> Problems) ToRequest()
    {
        var problems = new List<Diagnostic>();
        Require(Backend, "backend", problems);
        if (Tenant is { Length: > MaxIdLength })
        {
            problems.Add(new Diagnostic("reservation.field-too-long", $"'tenant' is longer than {MaxIdLength} characters", Path: "tenant"));
        }

        if (Start is null)
        {
            problems.Add(Missing("start"));
        }

        if (End is null)
        {
            problems.Add(Missing("end"));
        }

        return problems.Count > 0 ? (null, problems) : (new ReservationRequest(Backend!, Tenant ?? "", Start!.Value, End!.Value), problems);
    }

    private static void Require(string? value, string field, List<Diagnostic> problems)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            problems.Add(Missing(field));
        }
        else if (value.Length > MaxIdLength)
        {
            problems.Add(new Diagnostic("reservation.field-too-long", $"'{field}' is longer than {MaxIdLength} characters", Path: field));
        }
    }

    private static Diagnostic Missing(string field) => new("reservation.missing-field", $"'{field}' is required and must not be null", Path: field);
}
