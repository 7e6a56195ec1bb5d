using System.Diagnostics;

namespace Qxm.Cli.Profiling;

/// <summary>One mode of a <see cref="TelemetryOverhead"/> round: a fresh <c>qxm serve</c> with telemetry on or off, the
/// client that drives it, and what its measured windows added up to. Both modes of a round are up at once, so their
/// windows can alternate.</summary>
internal sealed class OverheadServer : IDisposable
{
    private OverheadServer(ChildServer server, bool telemetry)
    {
        Server = server;
        Telemetry = telemetry;
        Client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256, UseProxy = false }) { BaseAddress = server.Url };
    }

    public ChildServer Server { get; }

    public bool Telemetry { get; }

    public HttpClient Client { get; }

    /// <summary>The backend the tiny experiment goes to, once <see cref="TelemetryOverhead"/> has asked.</summary>
    public string Backend { get; set; } = string.Empty;

    public int Submissions { get; private set; }

    public TimeSpan SubmissionTime { get; private set; }

    public TimeSpan SubmissionCpu { get; private set; }

    private readonly List<double> _tinyRunLatencies = [];

    public IReadOnlyList<double> TinyRunLatencies => _tinyRunLatencies;

    public TimeSpan TinyRunCpu { get; private set; }

    public static async Task<OverheadServer> StartAsync(string home, bool telemetry, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(home);
        return new OverheadServer(await ChildServer.StartAsync(home, telemetry ? [] : ["--no-metrics", "--no-tracing"], cancellationToken), telemetry);
    }

    /// <summary>Times <paramref name="work"/> (<paramref name="count"/> submissions) and counts the server's CPU in it.</summary>
    public async Task SubmissionWindowAsync(int count, Func<HttpClient, Task> work)
    {
        var cpu = Server.ReadCpu();
        var clock = Stopwatch.StartNew();
        await work(Client);
        SubmissionTime += clock.Elapsed;
        SubmissionCpu += Server.CpuSince(cpu);
        Submissions += count;
    }

    /// <summary>Times one tiny run as <paramref name="run"/> reports it and counts the server's CPU in it.</summary>
    public async Task TinyRunAsync(Func<HttpClient, Task<double>> run)
    {
        var cpu = Server.ReadCpu();
        _tinyRunLatencies.Add(await run(Client));
        TinyRunCpu += Server.CpuSince(cpu);
    }

    public void Dispose()
    {
        Client.Dispose();
        Server.Dispose();
    }
}
