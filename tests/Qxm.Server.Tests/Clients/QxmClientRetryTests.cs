using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Qxm.Client;
using Qxm.Client.Errors;
using Qxm.Client.Wire;
using Qxm.Domain.Runs;
using Qxm.Engine.Tests.Vendors;

namespace Qxm.Server.Tests.Clients;

/// <summary>The client's retries and error classification against a loopback server that answers as told: what a real
/// server does only in an outage (503, 429) or behind a broken proxy (an HTML 502).</summary>
public sealed class QxmClientRetryTests : IAsyncLifetime
{
    private readonly Queue<(int Status, string? RetryAfter, string ContentType, string Body)> _answers = new();
    private readonly WebApplication _app = LoopbackApp.Create();
    private int _calls;

    private static string RunJson { get; } = JsonSerializer.Serialize(new Run
    {
        Id = "r-1", Name = "bell", Fingerprint = "f", Backend = "sim.statevector", Shots = 10, SweepPoints = 1, State = RunState.Queued,
        CreatedAt = DateTimeOffset.UnixEpoch, UpdatedAt = DateTimeOffset.UnixEpoch,
    }, WireJson.Options);

    public async Task InitializeAsync()
    {
        _app.MapGet("/api/v1/runs/{id}", async (HttpContext context) =>
        {
            Interlocked.Increment(ref _calls);
            var (status, retryAfter, contentType, body) = _answers.Count > 0 ? _answers.Dequeue() : (200, null, "application/json", RunJson);
            context.Response.StatusCode = status;
            context.Response.ContentType = contentType;
            if (retryAfter is not null)
            {
                context.Response.Headers.RetryAfter = retryAfter;
            }

            await context.Response.WriteAsync(body);
        });
        await _app.StartAsync();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Get_StoreUnavailableTwiceThenAnswer_RetriesAndReturnsTheRun()
    {
        Answer(503, "0", Problem(ProblemTypes.StoreUnavailable), times: 2);
        using var client = Client();

        var run = await client.GetRunAsync("r-1");

        Assert.Equal("r-1", run.Id);
        Assert.Equal(3, _calls);
    }

    [Fact]
    public async Task Get_AlwaysUnavailable_GivesUpAfterMaxRetriesAsUnavailable()
    {
        Answer(503, "0", Problem(ProblemTypes.StoreUnavailable), times: 10);
        using var client = Client(new QxmClientOptions { MaxRetries = 2 });

        var e = await Assert.ThrowsAsync<QxmApiException>(() => client.GetRunAsync("r-1"));

        Assert.Equal(ApiErrorKind.Unavailable, e.Kind);
        Assert.Equal(TimeSpan.Zero, e.RetryAfter);
        Assert.Equal(3, _calls);
    }

    [Fact]
    public async Task Get_RateLimitedThenAnswer_RetriesButAFullQueueIsAnAnswer()
    {
        Answer(429, "0", Problem(ProblemTypes.RateLimited));
        Answer(200, null, RunJson, contentType: "application/json");
        Answer(429, "7", Problem(ProblemTypes.Backpressure));
        using var client = Client();

        var run = await client.GetRunAsync("r-1");
        var full = await Assert.ThrowsAsync<QxmApiException>(() => client.GetRunAsync("r-1"));

        Assert.Equal("r-1", run.Id);
        Assert.Equal((ApiErrorKind.Backpressure, TimeSpan.FromSeconds(7)), (full.Kind, full.RetryAfter));
        Assert.Equal(3, _calls);
    }

    [Fact]
    public async Task Get_ProxyErrorPage_IsAServerFaultCarryingThePageText()
    {
        Answer(502, null, "<html>bad gateway</html>", contentType: "text/html");
        using var client = Client();

        var e = await Assert.ThrowsAsync<QxmApiException>(() => client.GetRunAsync("r-1"));

        Assert.Equal((ApiErrorKind.ServerFault, "about:blank", "<html>bad gateway</html>"), (e.Kind, e.Problem.Type, e.Problem.Detail));
    }

    private static string Problem(string type) =>
        JsonSerializer.Serialize(new { type, title = "t", status = 0, detail = "try again" });

    private QxmClient Client(QxmClientOptions? options = null) => new(new Uri(_app.Urls.First()), "key", options: options);

    private void Answer(int status, string? retryAfter, string body, int times = 1, string contentType = "application/problem+json")
    {
        for (var i = 0; i < times; i++)
        {
            _answers.Enqueue((status, retryAfter, contentType, body));
        }
    }
}
