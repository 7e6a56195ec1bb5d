using Qxm.Circuits.Ir;

namespace Qxm.Backends.Contract;

/// <summary>A backend that can get ready for a run before the run reaches it: an in-process simulator starts faulting in
/// its state's memory while the run is stored and dispatched, work the run would otherwise do first. Best effort: the
/// run does the same work itself when this did nothing, and nothing done here fails it.</summary>
public interface IPreparesRuns
{
    /// <summary>Called once a submission has passed validation, with the circuits its job will run.</summary>
    void Prepare(IReadOnlyList<Circuit> circuits, BackendRunOptions? options);
}
