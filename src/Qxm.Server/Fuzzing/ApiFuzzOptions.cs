namespace Qxm.Server.Fuzzing;

/// <summary>One fuzz run against a server on loopback.</summary>
/// <param name="Server">The server; only loopback addresses are accepted.</param>
/// <param name="Requests">Requests to send (1..10^8).</param>
/// <param name="Seed">Seeds the generator: the same seed sends the same requests (in an order the concurrency decides).</param>
/// <param name="Concurrency">Requests in flight at once (1..256).</param>
/// <param name="RequestTimeout">A request not answered in this time counts as a hang.</param>
/// <param name="MaxDuration">The run stops after this long, whatever the count.</param>
/// <param name="ResidentBytes">Reads the server's resident memory, when it is a local process; null skips the memory check.</param>
/// <param name="MaxResidentBytes">Resident memory above this fails the run.</param>
public sealed record ApiFuzzOptions(
    Uri Server,
    long Requests,
    ulong Seed,
    int Concurrency = 8,
    TimeSpan? RequestTimeout = null,
    TimeSpan? MaxDuration = null,
    Func<long?>? ResidentBytes = null,
    long MaxResidentBytes = 1L << 30)
{
    public TimeSpan Timeout => RequestTimeout ?? TimeSpan.FromSeconds(30);

    public TimeSpan Duration => MaxDuration ?? TimeSpan.FromHours(2);

    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Server);
        if (!Server.IsLoopback)
        {
            throw new ArgumentException($"the fuzzer only targets loopback servers, not '{Server.Host}'", nameof(Server));
        }

        if (Requests is < 1 or > 100_000_000)
        {
            throw new ArgumentOutOfRangeException(nameof(Requests), Requests, "requests must be between 1 and 10^8");
        }

        if (Concurrency is < 1 or > 256)
        {
            throw new ArgumentOutOfRangeException(nameof(Concurrency), Concurrency, "concurrency must be between 1 and 256");
        }

        if (Duration <= TimeSpan.Zero || Duration > TimeSpan.FromDays(1) || Timeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxDuration), Duration, "the duration must be positive and at most a day");
        }
    }
}
