using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;

namespace Qxm.Server.Fuzzing;

/// <summary>Sends generated and mutated requests to a server on loopback and checks that it answers every one below 500,
/// in time, without dying and within its memory bound (docs/limits.md, "The long fuzz run").</summary>
public static class ApiFuzzer
{
    private const int MaxFindings = 20;

    public static async Task<ApiFuzzReport> RunAsync(ApiFuzzOptions options, Action<string> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(progress);
        options.Validate();
        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = options.Concurrency,
            Expect100ContinueTimeout = TimeSpan.FromSeconds(10),
            AllowAutoRedirect = false,
        };
        using var client = new HttpClient(handler) { BaseAddress = options.Server, Timeout = Timeout.InfiniteTimeSpan };
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stop.CancelAfter(options.Duration);

        var byStatus = new ConcurrentDictionary<int, long>();
        var findings = new ConcurrentQueue<string>();
        long sent = 0, serverErrors = 0, hangs = 0, connectionFailures = 0, nonProblem = 0, peak = 0, resent = 0;
        var watch = Stopwatch.StartNew();

        void Find(string finding)
        {
            if (findings.Count < MaxFindings)
            {
                findings.Enqueue(finding);
            }
        }

        async Task WorkerAsync(int index)
        {
            var generator = new RequestGenerator(new Random(unchecked((int)options.Seed * 7919 + index)));
            while (!stop.IsCancellationRequested && Interlocked.Increment(ref sent) <= options.Requests)
            {
                var request = generator.Next();
                using var attempt = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
                attempt.CancelAfter(options.Timeout);
                try
                {
                    using var response = await SendAsync(client, request, () => Interlocked.Increment(ref resent), attempt.Token);
                    var body = await response.Content.ReadAsStringAsync(attempt.Token);
                    var status = (int)response.StatusCode;
                    byStatus.AddOrUpdate(status, 1, (_, n) => n + 1);
                    generator.Learn(request.Path, status, body);
                    if (status >= 500)
                    {
                        Interlocked.Increment(ref serverErrors);
                        Find($"{status} for {request.Describe()}: {(body.Length > 300 ? body[..300] : body)}");
                    }
                    else if (status >= 400 && request.Path.StartsWith("/api", StringComparison.Ordinal) && request.Method != "HEAD"
                        && response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                    {
                        Interlocked.Increment(ref nonProblem);
                    }
                }
                catch (OperationCanceledException) when (!stop.IsCancellationRequested)
                {
                    Interlocked.Increment(ref hangs);
                    Find($"no answer within {options.Timeout.TotalSeconds:0} s for {request.Describe()}");
                }
                catch (HttpRequestException) when (request.Oversized)
                {
                    // The server refused the body while it was still being sent and closed the connection.
                    byStatus.AddOrUpdate(413, 1, (_, n) => n + 1);
                }
                catch (HttpRequestException e)
                {
                    Interlocked.Increment(ref connectionFailures);
                    Find($"connection failed ({e.Message}) for {request.Describe()}");
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }

        var sampler = Task.Run(async () =>
        {
            var lastReport = watch.Elapsed;
            while (!stop.IsCancellationRequested)
            {
                if (options.ResidentBytes?.Invoke() is { } resident)
                {
                    InterlockedMax(ref peak, resident);
                    if (resident > options.MaxResidentBytes)
                    {
                        Find($"server resident memory {resident >> 20} MiB is over the {options.MaxResidentBytes >> 20} MiB bound");
                    }
                }
                else if (options.ResidentBytes is not null)
                {
                    Find("the server process is gone");
                    await stop.CancelAsync();
                    return;
                }

                if (watch.Elapsed - lastReport >= TimeSpan.FromSeconds(5))
                {
                    lastReport = watch.Elapsed;
                    var done = Math.Min(Interlocked.Read(ref sent), options.Requests);
                    progress($"{done:N0}/{options.Requests:N0} requests, {done / watch.Elapsed.TotalSeconds:0}/s, {Interlocked.Read(ref serverErrors)} 5xx, "
                        + $"{Interlocked.Read(ref hangs)} hangs, {Interlocked.Read(ref connectionFailures)} connection failures, peak resident {Interlocked.Read(ref peak) >> 20} MiB");
                }

                try
                {
                    await Task.Delay(100, stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }, CancellationToken.None);

        await Task.WhenAll(Enumerable.Range(0, options.Concurrency).Select(i => Task.Run(() => WorkerAsync(i), CancellationToken.None)));
        await stop.CancelAsync();
        await sampler;
        if (options.ResidentBytes?.Invoke() is { } last)
        {
            InterlockedMax(ref peak, last);
        }

        return new ApiFuzzReport(
            Math.Min(sent, options.Requests), new SortedDictionary<int, long>(byStatus), serverErrors, hangs, connectionFailures, nonProblem, peak,
            watch.Elapsed.TotalSeconds, [.. findings], resent);
    }

    /// <summary>Sends once more on a fresh connection when a pooled one turns out closed: the server ends a connection after
    /// refusing a body it did not read, and a request already queued on it fails without reaching the server. A server
    /// that is down fails the second try too.</summary>
    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, FuzzRequest request, Action resent, CancellationToken cancellationToken)
    {
        try
        {
            using var first = Build(request);
            return await client.SendAsync(first, cancellationToken);
        }
        catch (HttpRequestException) when (!request.Oversized)
        {
            resent();
            using var second = Build(request);
            second.Headers.ConnectionClose = true;
            return await client.SendAsync(second, cancellationToken);
        }
    }

    private static HttpRequestMessage Build(FuzzRequest request)
    {
        var message = new HttpRequestMessage(new HttpMethod(request.Method), request.Path);
        if (request.Body is { } body)
        {
            message.Content = new ByteArrayContent(body);
            if (request.ContentType is { } type)
            {
                message.Content.Headers.TryAddWithoutValidation("Content-Type", type);
            }
        }

        if (request.Oversized)
        {
            message.Headers.ExpectContinue = true;
        }

        foreach (var (name, value) in request.Headers)
        {
            if (name == "Host")
            {
                message.Headers.Host = value;
            }
            else
            {
                message.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return message;
    }

    private static void InterlockedMax(ref long target, long value)
    {
        for (var current = Interlocked.Read(ref target); value > current; current = Interlocked.Read(ref target))
        {
            if (Interlocked.CompareExchange(ref target, value, current) == current)
            {
                return;
            }
        }
    }
}
