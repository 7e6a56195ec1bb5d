namespace Qxm.Engine.Tests.Dispatch;

/// <summary>For tests that drive a fake clock while real threads do the work.</summary>
internal static class VirtualTime
{
    /// <summary>Lets the work the last clock step released run before the next step: waits until the thread pool has
    /// nothing queued and completes (almost) no items between two looks, and <paramref name="idle"/> (work outside the
    /// pool, such as HTTP calls on the wire) holds, so virtual time never outruns real work.</summary>
    public static async Task QuietAsync(Func<bool>? idle = null)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        var last = ThreadPool.CompletedWorkItemCount;
        do
        {
            await Task.Delay(1);
            var now = ThreadPool.CompletedWorkItemCount;
            if (ThreadPool.PendingWorkItemCount == 0 && now - last <= 3 && (idle is null || idle()))
            {
                return;
            }

            last = now;
        }
        while (DateTime.UtcNow < deadline);
    }
}
