namespace Qxm.Engine.Security;

/// <summary>Sinks every process can use without a logger.</summary>
public static class AccessAudit
{
    /// <summary>Records nothing: the embedded CLI's sink, where the caller is the local owner of the data.</summary>
    public static IAccessAudit None { get; } = new NoAudit();

    private sealed class NoAudit : IAccessAudit
    {
        public void Record(AccessEvent accessEvent)
        {
        }
    }
}
