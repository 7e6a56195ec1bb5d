using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Qxm.Server.Endpoints;
using Qxm.Server.Json;

namespace Qxm.Cli.Remote;

/// <summary>Follows a server's <c>/api/v1/events</c> stream; when the connection drops it reconnects with
/// <c>Last-Event-ID</c>, so no event is lost or repeated.</summary>
internal sealed class EventStream(Uri server, string? apiKey, TimeSpan reconnectDelay)
{
    /// <summary>Calls <paramref name="onEvent"/> for each event in order until it returns false or the token fires.</summary>
    public async Task FollowAsync(string query, long after, Func<EventView, bool> onEvent, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = server, Timeout = Timeout.InfiniteTimeSpan };
        var cursor = after;
        while (true)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/events?" + query);
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
                request.Headers.Add("Last-Event-ID", cursor.ToString(CultureInfo.InvariantCulture));
                if (apiKey is not null)
                {
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
                }

                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
                if (!response.IsSuccessStatusCode)
                {
                    throw new ServerErrorException(
                        $"the event stream answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
                }

                using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
                string? data = null;
                while (await reader.ReadLineAsync(cancellationToken) is { } line)
                {
                    if (line.StartsWith("data: ", StringComparison.Ordinal))
                    {
                        data = line[6..];
                    }
                    else if (line.Length == 0 && data is not null)
                    {
                        var view = JsonSerializer.Deserialize<EventView>(data, ApiJson.Options)!;
                        data = null;
                        cursor = view.Sequence;
                        if (!onEvent(view))
                        {
                            return;
                        }
                    }
                }
            }
            catch (HttpRequestException) when (!cancellationToken.IsCancellationRequested)
            {
                // The server went away or restarted: reconnect after a pause, resuming after the last event seen.
            }
            catch (IOException) when (!cancellationToken.IsCancellationRequested)
            {
                // The connection dropped mid-stream: the same.
            }

            await Task.Delay(reconnectDelay, cancellationToken);
        }
    }
}
