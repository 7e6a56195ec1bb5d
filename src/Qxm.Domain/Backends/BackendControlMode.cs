namespace Qxm.Domain.Backends;

/// <summary>What an operator told qxm to do with a backend. Both stop new dispatches; neither touches queued runs.</summary>
public enum BackendControlMode
{
    /// <summary>Taken out for maintenance: running work finishes, nothing new is dispatched.</summary>
    Draining,

    /// <summary>Paused: nothing new is dispatched until released.</summary>
    Held,
}
