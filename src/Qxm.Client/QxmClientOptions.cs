namespace Qxm.Client;

/// <summary>How a <see cref="QxmClient"/> talks to its server; every member has a default.</summary>
public sealed record QxmClientOptions
{
    /// <summary>Which of the key's tenants requests act in; null for the key's first.</summary>
    public string? Tenant { get; init; }

    /// <summary>Sent as <c>X-Qxm-Client</c>: names the program in the server's access log.</summary>
    public string ClientName { get; init; } = "qxm-dotnet";

    /// <summary>The longest wait for one answer (not for an event stream, which stays open). Default 60 s.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How many times one request is sent again after 503 (the store failing for now) or a rate-limit 429. Default 5.</summary>
    public int MaxRetries { get; init; } = 5;

    /// <summary>The longest wait across a request's retries, each as the server's Retry-After says. Default 60 s.</summary>
    public TimeSpan MaxRetryWait { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How often <see cref="QxmClient.WaitAsync"/> reads the run. Default 0.5 s.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The pause before following an event stream again after its connection dropped. Default 1 s.</summary>
    public TimeSpan ReconnectDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The clock of retry waits, polling and reconnection pauses.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(RequestTimeout, TimeSpan.Zero, nameof(RequestTimeout));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxRetries, nameof(MaxRetries));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxRetries, 100, nameof(MaxRetries));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRetryWait, TimeSpan.Zero, nameof(MaxRetryWait));
        // A zero poll or reconnect pause would spin against the server.
        ArgumentOutOfRangeException.ThrowIfLessThan(PollInterval, TimeSpan.FromMilliseconds(10), nameof(PollInterval));
        ArgumentOutOfRangeException.ThrowIfLessThan(ReconnectDelay, TimeSpan.FromMilliseconds(10), nameof(ReconnectDelay));
        ArgumentException.ThrowIfNullOrWhiteSpace(ClientName, nameof(ClientName));
        ArgumentNullException.ThrowIfNull(Time, nameof(Time));
    }
}
