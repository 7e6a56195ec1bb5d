using System.Net;
using System.Text.Json;
using System.Threading.Channels;

namespace Qxm.Server.Tests.Support;

/// <summary>An HTTP endpoint on loopback that collects the JSON bodies POSTed to it (Alertmanager's webhook receiver, qxm's
/// webhooks), with their headers.</summary>
internal sealed class AlertReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Channel<(JsonElement Body, string Raw, WebHeaderCollection Headers)> _received = Channel.CreateUnbounded<(JsonElement, string, WebHeaderCollection)>();
    private readonly Task _loop;

    public AlertReceiver(Func<int, HttpStatusCode>? status = null)
    {
        var port = ExternalTool.FreePort();
        Url = new Uri($"http://127.0.0.1:{port}/hook/");
        _listener.Prefixes.Add(Url.ToString());
        _listener.Start();
        var count = 0;
        _loop = Task.Run(async () =>
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }

                using var reader = new StreamReader(context.Request.InputStream);
                var raw = await reader.ReadToEndAsync();
                var code = status?.Invoke(Interlocked.Increment(ref count)) ?? HttpStatusCode.OK;
                if (code == HttpStatusCode.OK)
                {
                    _received.Writer.TryWrite((JsonDocument.Parse(raw).RootElement.Clone(), raw, new WebHeaderCollection { context.Request.Headers }));
                }

                context.Response.StatusCode = (int)code;
                context.Response.Close();
            }
        });
    }

    public Uri Url { get; }

    public async Task<JsonElement> NextAsync(TimeSpan timeout) => (await NextRawAsync(timeout)).Body;

    public async Task<(JsonElement Body, string Raw, WebHeaderCollection Headers)> NextRawAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        return await _received.Reader.ReadAsync(deadline.Token);
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
    }
}
