using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Qxm.Domain.Security;

namespace Qxm.Server.Security;

public static class EndpointPermissions
{
    /// <summary>Every <c>/api/v1</c> endpoint declares what it needs; one that does not is refused (and fails the guard test).</summary>
    public static TBuilder RequirePermission<TBuilder>(this TBuilder builder, Permission permission)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new PermissionMetadata(permission))
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
}
