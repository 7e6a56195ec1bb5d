using Qxm.Backends.Contract;
using Qxm.Backends.Devices;
using Qxm.Backends.Simulators;

namespace Qxm.Backends.Registry;

public sealed class BackendRegistry : IBackendRegistry
{
    private readonly Dictionary<string, IBackend> _byId;

    public BackendRegistry(IEnumerable<IBackend> backends)
    {
        All = [.. backends.OrderBy(b => b.Info.Id, StringComparer.Ordinal)];
        _byId = All.ToDictionary(b => b.Info.Id, StringComparer.Ordinal);
    }

    public IReadOnlyList<IBackend> All { get; }

    /// <summary>The backends every installation has: the built-in simulators and the fake devices, shipped ones and
    /// those described by data files in <paramref name="devicesDirectory"/> (usually <c>$QXM_HOME/devices</c>). Fake
    /// devices' calibrations drift, and their queues and fault plans run, on <paramref name="time"/> (the system clock by
    /// default); they keep their accepted jobs in <paramref name="fakeJobsDirectory"/> when given, so the jobs outlive
    /// the process, as a vendor's do. <paramref name="remote"/> adds the vendors' devices <c>backends.yaml</c> declares.</summary>
    public static BackendRegistry CreateDefault(
        string? devicesDirectory = null, TimeProvider? time = null, string? fakeJobsDirectory = null, IEnumerable<IBackend>? remote = null) =>
        new([new StateVectorBackend(), new NoisyBackend(), new DensityMatrixBackend(),
            .. DeviceCatalog.Load(devicesDirectory).Select(d => new FakeDeviceBackend(d, time, fakeJobsDirectory)), .. remote ?? []]);

    public bool TryGet(string id, out IBackend backend) => _byId.TryGetValue(id, out backend!);
}
