using Qxm.Backends.Contract;

namespace Qxm.Backends.Registry;

public interface IBackendRegistry
{
    IReadOnlyList<IBackend> All { get; }

    bool TryGet(string id, out IBackend backend);
}
