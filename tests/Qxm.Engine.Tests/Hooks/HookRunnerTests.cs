using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Qxm.Domain.Experiments;
using Qxm.Engine.Hooks;

namespace Qxm.Engine.Tests.Hooks;

public sealed class HookRunnerTests
{
    private static readonly byte[] Input = Encoding.UTF8.GetBytes("{\"parameters\":{\"theta\":[0.5]}}");

    [Fact]
    public async Task Command_GetsTheJsonOnStdinAndAnswersOnStdout()
    {
        var outcome = await new HookRunner().RunAsync(new Hook(["cat"], null), Input, default);

        Assert.Null(outcome.Error);
        Assert.Equal(Input, outcome.Output!.Value.ToArray());
        Assert.Equal(outcome.InputSha256, outcome.OutputSha256);
        Assert.Equal(0, outcome.ExitCode);
    }

    [Fact]
    public async Task Command_ArgumentsReachTheProgramAsTheyAre_NoShellReadsThem()
    {
        var marker = Path.Combine(Path.GetTempPath(), "qxm-hook-" + Guid.NewGuid().ToString("N"));
        var argument = $"{{\"x\": \"$(touch {marker}); `touch {marker}` | ; && *\"}}";

        var outcome = await new HookRunner().RunAsync(new Hook(["printf", "%s", argument], null), Input, default);

        Assert.Null(outcome.Error);
        Assert.Equal(argument, Encoding.UTF8.GetString(outcome.Output!.Value.Span));
        Assert.False(File.Exists(marker));
    }

    [Fact]
    public async Task Command_PastItsTimeout_IsKilledNotWaitedFor()
    {
        var started = Stopwatch.StartNew();

        var outcome = await new HookRunner().RunAsync(new Hook(["sleep", "60"], null, TimeoutSeconds: 0.5), Input, default);

        Assert.Equal("timed out after 0.5 s and was killed", outcome.Error);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(30), $"took {started.Elapsed}");
        Assert.Null(outcome.Output);
    }

    [Theory]
    [InlineData(new[] { "ls", "/no/such/place" }, "exited with 2: ")]
    [InlineData(new[] { "echo", "not json" }, "answered something that is not JSON")]
    [InlineData(new[] { "/no/such/program" }, "could not start '/no/such/program'")]
    public async Task Command_Failing_SaysHow(string[] command, string error)
    {
        var outcome = await new HookRunner().RunAsync(new Hook(command, null), Input, default);

        Assert.StartsWith(error, outcome.Error, StringComparison.Ordinal);
        Assert.Null(outcome.OutputSha256);
    }

    [Fact]
    public async Task Url_IsPostedTheJsonAndItsAnswerKept()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var served = ServeOnceAsync(listener, "{\"energy\": -1.1}");

        var outcome = await new HookRunner().RunAsync(new Hook(null, $"http://127.0.0.1:{port}/post"), Input, default);

        Assert.Null(outcome.Error);
        Assert.Equal("{\"energy\": -1.1}", Encoding.UTF8.GetString(outcome.Output!.Value.Span));
        var request = await served;
        Assert.StartsWith("POST /post HTTP/1.1", request, StringComparison.Ordinal);
        Assert.EndsWith(Encoding.UTF8.GetString(Input), request, StringComparison.Ordinal);
    }

    /// <summary>Answers one HTTP request with <paramref name="body"/> and returns the request as received.</summary>
    private static async Task<string> ServeOnceAsync(TcpListener listener, string body)
    {
        using var client = await listener.AcceptTcpClientAsync();
        var stream = client.GetStream();
        var received = new StringBuilder();
        var buffer = new byte[8192];
        while (true)
        {
            var read = await stream.ReadAsync(buffer);
            received.Append(Encoding.UTF8.GetString(buffer, 0, read));
            var text = received.ToString();
            var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end >= 0 && text.Length - end - 4 >= Input.Length)
            {
                break;
            }
        }

        var answer = $"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\nConnection: close\r\n\r\n{body}";
        await stream.WriteAsync(Encoding.UTF8.GetBytes(answer));
        return received.ToString();
    }
}
