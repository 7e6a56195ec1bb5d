using Qxm.Backends.Registry;

namespace Qxm.Engine.Tests.Backends;

public sealed class BackendContractCoverageTests
{
    [Fact]
    public void EveryBuiltInBackend_HasAContractTestClass()
    {
        var covered = new HashSet<string>(StringComparer.Ordinal) { "sim.statevector", "sim.noisy", "sim.density" };
        covered.UnionWith(typeof(BackendContract).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(FakeDeviceContract).IsAssignableFrom(t))
            .Select(t => "fake." + ((FakeDeviceContract)Activator.CreateInstance(t)!).Device));

        var registered = BackendRegistry.CreateDefault().All.Select(b => b.Info.Id);

        Assert.All(registered, id => Assert.Contains(id, covered));
    }
}
