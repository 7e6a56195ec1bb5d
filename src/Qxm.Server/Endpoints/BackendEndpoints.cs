using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Qxm.Domain.Backends;
using Qxm.Engine.Api;

namespace Qxm.Server.Endpoints;

/// <summary><c>/api/v1/backends</c>: what runs can target.</summary>
internal static class BackendEndpoints
{
    public static IEndpointRouteBuilder MapBackendEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/v1/backends").WithTags("backends")
            .MapGet("", ListAsync)
            .WithName("listBackends")
            .WithSummary("The backends this instance runs on, with their targets.");
        return app;
    }

    private static async Task<Ok<IReadOnlyList<BackendInfo>>> ListAsync(IRunService service, CancellationToken cancellationToken) =>
        TypedResults.Ok(await service.ListBackendsAsync(cancellationToken));
}
