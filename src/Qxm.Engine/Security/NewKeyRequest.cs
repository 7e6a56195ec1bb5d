using Qxm.Domain.Security;

namespace Qxm.Engine.Security;

/// <param name="Principal">The stable name of the user or service the key acts as.</param>
/// <param name="Tenants">The tenants it may act in; the first is where it acts unless it names another.</param>
/// <param name="ExpiresAt">Null: the key does not expire.</param>
public sealed record NewKeyRequest(string Principal, Role Role, IReadOnlyList<string> Tenants, DateTimeOffset? ExpiresAt = null);
