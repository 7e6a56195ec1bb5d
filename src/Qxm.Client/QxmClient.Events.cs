using System.Globalization;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Qxm.Client.Transport;
using Qxm.Client.Wire;

namespace Qxm.Client;

/// <summary>The server's event stream (<c>/api/v1/events</c>, server-sent events).</summary>
public sealed partial class QxmClient
{
    /// <summary>Run state changes and alerts after event number <paramref name="after"/>, oldest first. Following, the
    /// enumeration goes on as events happen, reconnecting with <c>Last-Event-ID</c> when the connection drops, so that no
    /// event is lost or repeated, until the caller stops enumerating or cancels; otherwise it ends after the events so far.</summary>
    /// <param name="query">Which events; null for all of the caller's tenant.</param>
    /// <param name="after">The last event number already seen; 0 for the whole log.</param>
    /// <param name="follow">Keep following new events (true) or end at the events so far (false).</param>
    /// <param name="cancellationToken">Stops the enumeration.</param>
    public async IAsyncEnumerable<EventView> EventsAsync(
        EventQuery? query = null, long after = 0, bool follow = true, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(after);
        var filter = query ?? new EventQuery();
        var parameters = string.Join('&', new[] { ("run", filter.RunId), ("tenant", filter.Tenant), ("backend", filter.Backend) }
            .Where(p => p.Item2 is not null).Select(p => $"{p.Item1}={Uri.EscapeDataString(p.Item2!)}")
            .Append(follow ? "follow=true" : "follow=false"));
        var cursor = after;
        while (true)
        {
            var ended = false;
            await using (var events = ReadStreamAsync(parameters, cursor, cancellationToken).GetAsyncEnumerator(cancellationToken))
            {
                while (true)
                {
                    EventView? next;
                    try
                    {
                        if (!await events.MoveNextAsync())
                        {
                            ended = true;
                            break;
                        }

                        next = events.Current;
                    }
                    catch (Exception e) when (follow && e is HttpRequestException or IOException or Errors.QxmUnreachableException
                        && !cancellationToken.IsCancellationRequested)
                    {
                        // The server went away or restarted: reconnect after a pause, resuming after the last event seen.
                        break;
                    }

                    cursor = next.Sequence;
                    yield return next;
                }
            }

            if (ended && !follow)
            {
                yield break;
            }

            await Task.Delay(_options.ReconnectDelay, _options.Time, cancellationToken);
        }
    }

    private async IAsyncEnumerable<EventView> ReadStreamAsync(string parameters, long after, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var response = await _transport.SendAsync(() =>
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "api/v1/events?" + parameters);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
            request.Headers.Add(ApiHeaders.LastEventId, after.ToString(CultureInfo.InvariantCulture));
            return request;
        }, stream: true, cancellationToken);
        await ApiTransport.ThrowUnlessSuccessAsync(response, cancellationToken);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        var data = new List<string>();
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                data.Add(line[5..].TrimStart());
            }
            else if (line.Length == 0 && data.Count > 0)
            {
                var view = JsonSerializer.Deserialize<EventView>(string.Join('\n', data), WireJson.Options)
                    ?? throw new JsonException("an event's data was null");
                data.Clear();
                yield return view;
            }
        }
    }
}
