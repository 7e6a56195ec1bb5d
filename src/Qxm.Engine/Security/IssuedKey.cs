using Qxm.Domain.Security;

namespace Qxm.Engine.Security;

/// <summary>A key just created or rotated, with its secret: the only time the secret exists outside its holder.</summary>
/// <param name="Secret">The whole key text to present as <c>Authorization: Bearer</c>.</param>
/// <param name="Replaced">For a rotation, the old key with the time it now stops working.</param>
public sealed record IssuedKey(ApiKey Key, string Secret, ApiKey? Replaced = null);
