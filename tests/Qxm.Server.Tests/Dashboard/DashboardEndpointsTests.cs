using System.Net;
using Qxm.Server.Tests.Support;

namespace Qxm.Server.Tests.Dashboard;

/// <summary>The dashboard's files over real HTTP: served by qxm itself, locked down, holding no data.</summary>
public sealed class DashboardEndpointsTests
{
    [Fact]
    public async Task Root_WithoutKey_ServesThePageUnderAStrictPolicy_ButTheApiStillWantsAKey()
    {
        await using var server = await RunningServer.StartAsync(runWorkers: false);
        using var anonymous = server.ClientWith(null);

        using var page = await anonymous.GetAsync("/");
        using var script = await anonymous.GetAsync("/ui/app.js");
        using var missing = await anonymous.GetAsync("/ui/nope.js");
        using var runs = await anonymous.GetAsync("/api/v1/runs");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var csp = string.Join(' ', page.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("<main id=\"main\"", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, runs.StatusCode);
    }

    [Fact]
    public async Task Asset_SameETag_AnswersNotModified()
    {
        await using var server = await RunningServer.StartAsync(runWorkers: false);
        using var client = server.ClientWith(null);
        using var first = await client.GetAsync("/ui/style.css");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/ui/style.css");
        request.Headers.TryAddWithoutValidation("If-None-Match", first.Headers.ETag!.ToString());

        using var second = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
    }
}
