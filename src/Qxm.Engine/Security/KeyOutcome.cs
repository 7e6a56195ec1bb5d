using Qxm.Domain.Errors;

namespace Qxm.Engine.Security;

/// <summary>A key issued, or the diagnostics that refused the request; <paramref name="NotFound"/> when the key to rotate does not exist or is no longer valid.</summary>
public sealed record KeyOutcome(IssuedKey? Issued, IReadOnlyList<Diagnostic> Diagnostics, bool NotFound = false);
