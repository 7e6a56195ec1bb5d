namespace Qxm.Domain.Loops;

/// <summary>Where a loop is: running (or interrupted, and to be resumed), or ended for a recorded reason.</summary>
public enum LoopState
{
    Running,
    Converged,
    Stopped,
    Failed,
}
