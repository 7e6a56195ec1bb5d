namespace Qxm.Domain.Backends;

/// <summary>The request rate a backend declares it accepts: <paramref name="Requests"/> calls per <paramref name="PerSeconds"/> seconds.</summary>
public sealed record RateLimit(int Requests, double PerSeconds);
