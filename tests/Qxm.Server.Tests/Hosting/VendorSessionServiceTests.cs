using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Qxm.Engine;
using Qxm.Server.Composition;
using Qxm.Server.Hosting;
using Qxm.Server.Tests.Support;

namespace Qxm.Server.Tests.Hosting;

/// <summary>The sweep of lapsed vendor sessions runs only where a backend's vendor has sessions (its sweeping is tested
/// with IBM in IbmServeTests).</summary>
public sealed class VendorSessionServiceTests
{
    [Fact]
    public async Task Start_NoBackendWithVendorSessions_EndsAtOnceWithoutSweeping()
    {
        using var home = new TempDirectory();
        await using var runtime = await QxmRuntime.OpenAsync(home.Path, new EngineOptions(), default);
        Assert.NotNull(runtime.Engine.Sessions);
        using var service = new VendorSessionService(runtime, new FakeTimeProvider(), NullLogger<VendorSessionService>.Instance);

        await service.StartAsync(default);

        // On the fake clock a sweeping service would wait on its first 2 s forever; the bound only a sweeping one reaches.
        await service.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(service.ExecuteTask.IsCompletedSuccessfully);
        await service.StopAsync(default);
    }
}
