using Qxm.Backends.Contract;
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

    /// <summary>The backends every installation has: the built-in simulators.</summary>
    public static BackendRegistry CreateDefault() => new([new StateVectorBackend(), new NoisyBackend(), new DensityMatrixBackend()]);

    public bool TryGet(string id, out IBackend backend) => _byId.TryGetValue(id, out backend!);
}
