namespace Qxm.Server.Tests.Support;

/// <summary>Waits on a condition with a deadline instead of sleeping a fixed time.</summary>
internal static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    public static async Task<T> WaitForAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (true)
        {
            var value = await probe();
            if (done(value))
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"timed out waiting for {what}; last seen: {value}");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>Waits for <paramref name="done"/> as long as the count keeps moving: fails only when it has not changed for
    /// <paramref name="stall"/>, so a busy machine makes the test slower, never red.</summary>
    public static async Task<int> WaitForProgressAsync(Func<Task<int>> probe, Func<int, bool> done, string what, TimeSpan stall)
    {
        var last = int.MinValue;
        var lastChange = DateTime.UtcNow;
        while (true)
        {
            var value = await probe();
            if (done(value))
            {
                return value;
            }

            if (value != last)
            {
                last = value;
                lastChange = DateTime.UtcNow;
            }
            else if (DateTime.UtcNow - lastChange > stall)
            {
                throw new TimeoutException($"no progress towards {what} for {stall.TotalSeconds:0} s; last seen: {value}");
            }

            await Task.Delay(50);
        }
    }
}
