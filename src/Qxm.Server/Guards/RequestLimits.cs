namespace Qxm.Server.Guards;

/// <summary>What one request may cost <c>qxm serve</c> (docs/limits.md); <see cref="Validate"/> runs at start-up.</summary>
public sealed record RequestLimits
{
    /// <summary>Bodies of the endpoints that take an experiment (submit, validate, match): the document with its circuit inline.</summary>
    public long MaxExperimentBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>Bodies of every other endpoint (reservations, cancel): a few fields.</summary>
    public long MaxSmallBodyBytes { get; init; } = 64 * 1024;

    /// <summary>Wall-clock budget of one request; past it the request's work is cancelled and it is answered 503.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Host header values served; null derives them from the listening URLs (loopback names only when every URL
    /// is a loopback address, else any host). <c>*</c> allows any.</summary>
    public IReadOnlyList<string>? AllowedHosts { get; init; }

    /// <summary>Requests each principal (the authenticated name, else the client's address) may make per second, sustained;
    /// 0 turns the per-principal limit off.</summary>
    public int RequestsPerSecond { get; init; } = 200;

    /// <summary>Requests a principal may make at once above the sustained rate.</summary>
    public int Burst { get; init; } = 400;

    /// <summary>Experiment-reading requests (submit, validate, match) the whole server processes at once; more wait in
    /// a queue of <see cref="ExperimentQueue"/>, beyond which they are answered 429. Bounds the memory held by bodies.</summary>
    public int ConcurrentExperiments { get; init; } = 8;

    public int ExperimentQueue { get; init; } = 64;

    /// <summary>How long a client is told to wait after a 503 for a store outage or a full queue.</summary>
    public TimeSpan OutageRetryAfter { get; init; } = TimeSpan.FromSeconds(2);

    public void Validate()
    {
        if (MaxExperimentBytes is < 1024 or > 1024L * 1024 * 1024)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxExperimentBytes), MaxExperimentBytes, "the experiment body limit must be between 1 KiB and 1 GiB");
        }

        if (MaxSmallBodyBytes is < 1024 or > 16 * 1024 * 1024)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxSmallBodyBytes), MaxSmallBodyBytes, "the small body limit must be between 1 KiB and 16 MiB");
        }

        if (RequestTimeout < TimeSpan.FromSeconds(1) || RequestTimeout > TimeSpan.FromHours(1))
        {
            throw new ArgumentOutOfRangeException(nameof(RequestTimeout), RequestTimeout, "the request timeout must be between 1 s and 1 h");
        }

        if (RequestsPerSecond is < 0 or > 1_000_000 || Burst is < 1 or > 10_000_000)
        {
            throw new ArgumentOutOfRangeException(nameof(RequestsPerSecond), RequestsPerSecond, "the rate must be 0 (off) to 1,000,000 per second and the burst 1 to 10,000,000");
        }

        if (ConcurrentExperiments is < 1 or > 1024 || ExperimentQueue is < 0 or > 100_000)
        {
            throw new ArgumentOutOfRangeException(nameof(ConcurrentExperiments), ConcurrentExperiments, "concurrent experiments must be 1 to 1024 and their queue 0 to 100,000");
        }

        if (OutageRetryAfter < TimeSpan.FromSeconds(1) || OutageRetryAfter > TimeSpan.FromMinutes(10))
        {
            throw new ArgumentOutOfRangeException(nameof(OutageRetryAfter), OutageRetryAfter, "the outage retry delay must be between 1 s and 10 min");
        }

        if (AllowedHosts is { } hosts && hosts.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException("allowed hosts must not be blank", nameof(AllowedHosts));
        }
    }

    /// <summary>The hosts served for <paramref name="urls"/>: the configured list, else loopback names when every URL is loopback.</summary>
    public IReadOnlyList<string> HostsFor(string urls)
    {
        ArgumentNullException.ThrowIfNull(urls);
        if (AllowedHosts is { } configured)
        {
            return configured;
        }

        var all = urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(u => Uri.TryCreate(u, UriKind.Absolute, out var uri) ? uri : null)
            .ToList();
        return all.All(u => u is not null && (u.IsLoopback || u.Host == "localhost"))
            ? ["localhost", "127.0.0.1", "[::1]"]
            : ["*"];
    }
}
