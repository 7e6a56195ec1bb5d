using Qxm.Backends.Contract;
using Qxm.Backends.Devices;
using Qxm.Backends.Simulators;

namespace Qxm.Engine.Tests.Backends;

public sealed class StateVectorBackendContract : BackendContract
{
    protected override IBackend Create(TimeProvider time) => new StateVectorBackend();
}

public sealed class NoisyBackendContract : BackendContract
{
    protected override IBackend Create(TimeProvider time) => new NoisyBackend();
}

public sealed class DensityMatrixBackendContract : BackendContract
{
    protected override IBackend Create(TimeProvider time) => new DensityMatrixBackend();
}

/// <summary>Every shipped fake device, its jobs kept in memory.</summary>
public abstract class FakeDeviceContract(string device) : BackendContract
{
    public string Device { get; } = device;

    protected override IBackend Create(TimeProvider time) => new FakeDeviceBackend(DeviceCatalog.BuiltIn().Single(d => d.Name == Device), time);
}

public sealed class FakeHeavyHex27Contract() : FakeDeviceContract("heavyhex27");

public sealed class FakeIon25Contract() : FakeDeviceContract("ion25");

public sealed class FakeSquare9Contract() : FakeDeviceContract("square9");

/// <summary>A fake device with a queue delay whose jobs live in files, as after a restart of qxm.</summary>
public sealed class FakeQueuedDeviceContract : BackendContract, IDisposable
{
    private readonly string _ledger = Path.Combine(Path.GetTempPath(), "qxm-ledger-" + Guid.NewGuid().ToString("N"));

    protected override IBackend Create(TimeProvider time) =>
        new FakeDeviceBackend(DeviceCatalog.BuiltIn().Single(d => d.Name == "square9") with { QueueDelay = TimeSpan.FromSeconds(30) }, time, _ledger);

    public void Dispose()
    {
        if (Directory.Exists(_ledger))
        {
            Directory.Delete(_ledger, recursive: true);
        }
    }
}
