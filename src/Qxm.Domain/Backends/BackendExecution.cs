namespace Qxm.Domain.Backends;

/// <summary>Where a backend's work happens, which decides what a qxm worker is held for.</summary>
public enum BackendExecution
{
    /// <summary>qxm computes the job itself (a simulator): a worker stays with the run until its result.</summary>
    InProcess,

    /// <summary>The job waits in someone else's queue (a QPU, a fake device): no worker waits with it; a poller follows it.</summary>
    Remote,
}
