namespace Qxm.Server.Hosting;

/// <summary>The loop latency of each evaluation this server's loops make (from reading one result to reading the next,
/// the backend's execution excluded), kept while someone listens (the service benchmark), up to a bound.</summary>
internal sealed class LoopLatencies
{
    private const int Kept = 100_000;

    private readonly List<double> _milliseconds = [];

    public bool Listening { get; set; }

    public void Record(TimeSpan latency)
    {
        if (!Listening)
        {
            return;
        }

        lock (_milliseconds)
        {
            if (_milliseconds.Count < Kept)
            {
                _milliseconds.Add(latency.TotalMilliseconds);
            }
        }
    }

    public IReadOnlyList<double> Milliseconds()
    {
        lock (_milliseconds)
        {
            return [.. _milliseconds];
        }
    }
}
