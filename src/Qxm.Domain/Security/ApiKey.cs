namespace Qxm.Domain.Security;

/// <summary>An API key as anyone may see it: never its secret, which exists only in the creation response.</summary>
/// <param name="Id">The public part of the key, also written inside it (<c>qxm_&lt;id&gt;_&lt;secret&gt;</c>): lookup is by id.</param>
/// <param name="ExpiresAt">After this the key is refused; null means it does not expire.</param>
/// <param name="RotatedTo">The key that replaced this one by rotation, if any.</param>
public sealed record ApiKey(
    string Id,
    Principal Principal,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? RevokedAt,
    string? RotatedTo)
{
    public bool IsValidAt(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is not { } expires || now < expires);
}
