namespace Qxm.Server.Benchmarking;

/// <param name="SubmissionsPerSecond">Durable submissions through the HTTP API: every 202 answered after its commit.</param>
/// <param name="LoadGenerator">What sent the submissions: <c>wrk</c> when installed, else .NET's HttpClient in this process.</param>
/// <param name="TinyRunsSeconds">Seconds from the first submission to the last of the tiny runs Succeeded.</param>
public sealed record StoreFigures(
    string Store,
    double SubmissionsPerSecond,
    LatencyFigures SubmissionLatency,
    int TinyRuns,
    double TinyRunsSeconds,
    LatencyFigures SingleRunLatency,
    string LoadGenerator);
