using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Qxm.Server.Security;
using Qxm.Server.Tests.Support;

namespace Qxm.Server.Tests.Security;

/// <summary>Every API endpoint, including those added later, declares the permission it requires.</summary>
public sealed class PermissionGuardTests
{
    [Fact]
    public async Task EveryApiEndpoint_DeclaresAPermission()
    {
        using var home = new TempDirectory();
        await using var app = await QxmServer.BuildAsync(
            new ServerOptions { Urls = "http://127.0.0.1:0", Home = home.Path, RunWorkers = false, MinimumLogLevel = LogLevel.Warning }, CancellationToken.None);

        var endpoints = ((IEndpointRouteBuilder)app).DataSources.SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true)
            .ToList();

        Assert.True(endpoints.Count >= 18, $"only {endpoints.Count} API endpoints found");
        var undeclared = endpoints.Where(e => e.Metadata.GetMetadata<PermissionMetadata>() is null).Select(e => e.DisplayName).ToList();
        Assert.True(undeclared.Count == 0, "endpoints without .RequirePermission(...): " + string.Join(", ", undeclared));
    }
}
