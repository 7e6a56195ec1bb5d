using System.Net;
using System.Text;
using Qxm.Domain.Audit;
using Qxm.Domain.Security;
using Qxm.Engine.Persistence;
using Qxm.Server.Tests.Support;

namespace Qxm.Server.Tests.Security;

public sealed class AccessTrailTests
{
    [Fact]
    public async Task RefusalsAndKeyChanges_AreOnTheAuditChain_WhichStillVerifies()
    {
        await using var server = await RunningServer.StartAsync(runWorkers: false);
        var viewerKey = await server.CreateKeyAsync("alice", Role.Viewer);
        using var viewer = server.ClientWith(viewerKey);
        using var anonymous = server.ClientWith(null);

        using (var content = new StringContent(Experiments.Json(Experiments.BellCircuit), Encoding.UTF8, "application/json"))
        using (var submit = await viewer.PostAsync("/api/v1/runs", content))
        {
            Assert.Equal(HttpStatusCode.Forbidden, submit.StatusCode);
        }

        using (var list = await anonymous.GetAsync("/api/v1/runs"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, list.StatusCode);
        }

        var events = await Eventually.WaitForAsync(
            () => server.Runtime.Audit.ListAsync(new AuditQuery(Limit: 1000), CancellationToken.None),
            all => all.Any(e => e.Entry.Action == "access.denied") && all.Any(e => e.Entry.Action == "access.unauthenticated"),
            "the refusals to reach the audit chain");

        var denied = events.First(e => e.Entry.Action == "access.denied");
        Assert.Equal(("alice", AuditOutcome.Denied), (denied.Entry.Principal, denied.Entry.Outcome));
        Assert.Contains(events, e => e.Entry.Action == "key.created" && e.Entry.ObjectType == "key");
        Assert.DoesNotContain(events, e => (e.Entry.Detail ?? "").Contains(viewerKey, StringComparison.Ordinal));
        Assert.True((await server.Runtime.Audit.VerifyAsync(CancellationToken.None)).Intact);
    }
}
