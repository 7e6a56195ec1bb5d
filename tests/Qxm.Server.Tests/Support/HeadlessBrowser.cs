using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Qxm.Server.Tests.Support;

/// <summary>The system's Chromium, headless, driven over the DevTools protocol on a WebSocket: one page, its console
/// errors, uncaught exceptions and failed loads collected. Missing locally, browser tests are skipped with the reason;
/// with <c>QXM_REQUIRE_BROWSER=1</c> (set by CI) they fail.</summary>
internal sealed class HeadlessBrowser : IAsyncDisposable
{
    public const string RequireVariable = "QXM_REQUIRE_BROWSER";

    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly TempDirectory _profile;
    private readonly ClientWebSocket _socket;
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonObject>> _pending = new();
    private readonly LockedCollection<string> _errors = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly Task _reader;
    private int _nextId;

    private HeadlessBrowser(Process process, TempDirectory profile, ClientWebSocket socket)
    {
        _process = process;
        _profile = profile;
        _socket = socket;
        _reader = Task.Run(ReadAsync);
    }

    /// <summary>Console errors, uncaught exceptions and network failures the page reported so far.</summary>
    public IReadOnlyList<string> Errors => _errors.Snapshot();

    public static string? Find() =>
        Environment.GetEnvironmentVariable("QXM_CHROMIUM") is { Length: > 0 } configured ? configured
        : ExternalTool.Find("chromium") ?? ExternalTool.Find("chromium-browser") ?? ExternalTool.Find("google-chrome");

    /// <summary>Starts Chromium with a viewport of <paramref name="width"/> by <paramref name="height"/> CSS pixels.</summary>
    public static async Task<HeadlessBrowser> StartAsync(int width = 1280, int height = 900)
    {
        var path = Find();
        if (path is null && Environment.GetEnvironmentVariable(RequireVariable) == "1")
        {
            throw new InvalidOperationException($"{RequireVariable}=1 but chromium is not installed");
        }

        Skip.If(path is null, "chromium is not installed (apt-get install chromium); the dashboard's browser tests need it");
        var profile = new TempDirectory();
        var start = new ProcessStartInfo(path!) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in (string[])["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run", "--disable-extensions",
                     "--remote-debugging-port=0", $"--user-data-dir={profile.Path}", $"--window-size={width},{height}", "about:blank"])
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        var endpoint = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var log = new StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                endpoint.TrySetException(new InvalidOperationException($"chromium exited early:\n{log}"));
                return;
            }

            lock (log)
            {
                log.AppendLine(e.Data);
            }

            const string Marker = "DevTools listening on ";
            if (e.Data.StartsWith(Marker, StringComparison.Ordinal))
            {
                endpoint.TrySetResult(new Uri(e.Data[Marker.Length..].Trim()));
            }
        };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        try
        {
            var browserUrl = await endpoint.Task.WaitAsync(TimeSpan.FromSeconds(60));
            using var http = new HttpClient { BaseAddress = new Uri($"http://{browserUrl.Authority}/") };
            var pageUrl = await Eventually.WaitForAsync(
                async () =>
                {
                    var targets = JsonNode.Parse(await http.GetStringAsync("json/list"))!.AsArray();
                    return targets.FirstOrDefault(t => (string?)t!["type"] == "page")?["webSocketDebuggerUrl"]?.GetValue<string>();
                },
                url => url is not null,
                "chromium's page target");
            var socket = new ClientWebSocket();
            socket.Options.KeepAliveInterval = TimeSpan.Zero;
            await socket.ConnectAsync(new Uri(pageUrl!), CancellationToken.None);
            var browser = new HeadlessBrowser(process, profile, socket);
            await browser.CallAsync("Runtime.enable");
            await browser.CallAsync("Log.enable");
            await browser.CallAsync("Page.enable");
            await browser.CallAsync("Emulation.setDeviceMetricsOverride", new JsonObject
            {
                ["width"] = width, ["height"] = height, ["deviceScaleFactor"] = 1, ["mobile"] = width < 600,
            });
            return browser;
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            profile.Dispose();
            throw;
        }
    }

    public async Task<JsonObject> CallAsync(string method, JsonObject? parameters = null)
    {
        var id = Interlocked.Increment(ref _nextId);
        var reply = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = reply;
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? new JsonObject() };
        var bytes = Encoding.UTF8.GetBytes(message.ToJsonString());
        await _sendLock.WaitAsync();
        try
        {
            await _socket.SendAsync(bytes, WebSocketMessageType.Text, true, CancellationToken.None);
        }
        finally
        {
            _sendLock.Release();
        }

        var answer = await reply.Task.WaitAsync(CallTimeout);
        if (answer["error"] is { } error)
        {
            throw new InvalidOperationException($"{method}: {error.ToJsonString()}");
        }

        return answer["result"]?.AsObject() ?? new JsonObject();
    }

    /// <summary>Opens <paramref name="url"/> and waits for its load event.</summary>
    public async Task NavigateAsync(Uri url)
    {
        var loaded = _loaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await CallAsync("Page.navigate", new JsonObject { ["url"] = url.ToString() });
        await loaded.Task.WaitAsync(CallTimeout);
    }

    private TaskCompletionSource? _loaded;

    /// <summary>Evaluates a JavaScript expression in the page (awaiting a promise) and returns its JSON value.</summary>
    public async Task<JsonNode?> EvaluateAsync(string expression)
    {
        var result = await CallAsync("Runtime.evaluate", new JsonObject
        {
            ["expression"] = expression, ["awaitPromise"] = true, ["returnByValue"] = true,
        });
        if (result["exceptionDetails"] is { } exception)
        {
            throw new InvalidOperationException($"{expression}: {exception.ToJsonString()}");
        }

        return result["result"]?["value"]?.DeepClone();
    }

    public async Task<string> TextAsync(string expression) => (await EvaluateAsync(expression))?.GetValue<string>() ?? "";

    /// <summary>Waits until a JavaScript condition is true in the page (a generous deadline: the machine may be loaded).</summary>
    public async Task WaitForAsync(string condition, string what)
    {
        try
        {
            await Eventually.WaitForAsync(async () => (await EvaluateAsync($"!!({condition})"))?.GetValue<bool>() == true, ok => ok, what, TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException e)
        {
            var page = await TextAsync("location.href + '\\n' + document.body.innerText");
            throw new TimeoutException($"{e.Message}\npage: {page}\nerrors: {string.Join('\n', Errors)}", e);
        }
    }

    public async Task ScreenshotAsync(string path)
    {
        var shot = await CallAsync("Page.captureScreenshot", new JsonObject { ["format"] = "png", ["captureBeyondViewport"] = true });
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllBytesAsync(path, Convert.FromBase64String(shot["data"]!.GetValue<string>()));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            _socket.Abort();
            await _reader;
        }
        catch (OperationCanceledException)
        {
        }

        _socket.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        _profile.Dispose();
        _stop.Dispose();
        _sendLock.Dispose();
    }

    private async Task ReadAsync()
    {
        var buffer = new byte[1 << 16];
        using var message = new MemoryStream();
        while (!_stop.IsCancellationRequested && _socket.State == WebSocketState.Open)
        {
            WebSocketReceiveResult received;
            try
            {
                received = await _socket.ReceiveAsync(buffer, _stop.Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
                break;
            }

            message.Write(buffer, 0, received.Count);
            if (!received.EndOfMessage)
            {
                continue;
            }

            var node = JsonNode.Parse(message.ToArray())!.AsObject();
            message.SetLength(0);
            if (node["id"] is { } id && _pending.TryRemove(id.GetValue<int>(), out var reply))
            {
                reply.TrySetResult(node);
            }
            else if (node["method"]?.GetValue<string>() is { } method)
            {
                OnEvent(method, node["params"]?.AsObject());
            }
        }

        foreach (var pending in _pending.Values)
        {
            pending.TrySetException(new InvalidOperationException("the browser connection closed"));
        }
    }

    private void OnEvent(string method, JsonObject? parameters)
    {
        if (method == "Page.loadEventFired")
        {
            _loaded?.TrySetResult();
        }
        else if (method == "Runtime.consoleAPICalled" && Text(parameters, "type") is "error" or "assert")
        {
            _errors.Add("console error: " + parameters?["args"]?.ToJsonString());
        }
        else if (method == "Runtime.exceptionThrown")
        {
            _errors.Add("uncaught: " + parameters?["exceptionDetails"]?.ToJsonString());
        }
        else if (method == "Log.entryAdded" && parameters?["entry"] is JsonObject entry && Text(entry, "level") == "error")
        {
            _errors.Add("log: " + entry.ToJsonString());
        }
    }

    private static string? Text(JsonObject? node, string name) => node is not null && node[name] is JsonValue value ? value.GetValue<string>() : null;
}
