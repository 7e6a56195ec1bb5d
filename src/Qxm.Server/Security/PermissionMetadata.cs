using Qxm.Domain.Security;

namespace Qxm.Server.Security;

/// <summary>The permission an endpoint requires, as endpoint metadata: the access middleware enforces it, the OpenAPI
/// document publishes it (<c>x-qxm-permission</c>) and the RBAC matrix test derives its expectations from it.</summary>
public sealed record PermissionMetadata(Permission Permission);
