using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Qxm.Storage.Artifacts;

namespace Qxm.Tests.Shared;

/// <summary>An s3rver process (tests/tools/s3, installed by <c>npm ci</c>) on a free loopback port with its own data
/// directory. Without node or the package the tests are skipped, unless <c>QXM_REQUIRE_S3=1</c> (CI) makes that a failure.</summary>
internal sealed class TestS3Server : IAsyncDisposable
{
    /// <summary>s3rver's fixed credentials.</summary>
    private const string Key = "S3RVER";

    private readonly Process _process;
    private readonly string _directory;

    private TestS3Server(Process process, string directory, Uri endpoint)
    {
        _process = process;
        _directory = directory;
        Endpoint = endpoint;
    }

    public Uri Endpoint { get; }

    public S3ArtifactOptions Options(string bucket, string prefix) => new(bucket, prefix, Endpoint, "us-east-1", Key, Key);

    /// <summary>The running server; skips the test (or fails it under QXM_REQUIRE_S3=1) when it cannot start.</summary>
    public static async Task<TestS3Server?> StartAsync()
    {
        var script = RepositoryFiles.Path("tests", "tools", "s3", "node_modules", "s3rver", "bin", "s3rver.js");
        var required = Environment.GetEnvironmentVariable("QXM_REQUIRE_S3") == "1";
        var node = FindNode();
        if (node is null || !File.Exists(script))
        {
            var reason = node is null ? "node is not on PATH" : "s3rver is not installed (run npm ci in tests/tools/s3)";
            Assert.False(required, $"QXM_REQUIRE_S3=1 but {reason}");
            Skip.If(true, reason);
        }

        var port = FreePort();
        var directory = Directory.CreateTempSubdirectory("qxm-s3-").FullName;
        var process = Process.Start(new ProcessStartInfo(node!, [script, "-d", directory, "-a", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--silent"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new TestS3Server(process, directory, new Uri($"http://127.0.0.1:{port}"));
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return server;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
                await Task.Delay(50);
            }
            catch (SocketException)
            {
                await server.DisposeAsync();
                throw new InvalidOperationException($"s3rver did not listen on port {port} within 60 s");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private static string? FindNode() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(d => Path.Combine(d, "node")).FirstOrDefault(File.Exists);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
