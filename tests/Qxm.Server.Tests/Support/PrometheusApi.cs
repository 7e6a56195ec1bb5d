using System.Net.Http.Json;
using System.Text.Json;

namespace Qxm.Server.Tests.Support;

/// <summary>Prometheus's HTTP query API, as the tests read it.</summary>
internal sealed class PrometheusApi(Uri url) : IDisposable
{
    private readonly HttpClient _client = new() { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>The result of an instant query; throws with Prometheus's error when the expression does not evaluate.</summary>
    public async Task<JsonElement> QueryAsync(string expression)
    {
        using var response = await _client.GetAsync("api/v1/query?query=" + Uri.EscapeDataString(expression));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        if (!response.IsSuccessStatusCode || body.GetProperty("status").GetString() != "success")
        {
            throw new InvalidOperationException($"query '{expression}' failed: {body}");
        }

        return body.GetProperty("data").GetProperty("result");
    }

    /// <summary>The single value of a query that returns one series; null when it returns none.</summary>
    public async Task<double?> ValueAsync(string expression)
    {
        var result = await QueryAsync(expression);
        if (result.ValueKind != JsonValueKind.Array || result.GetArrayLength() == 0)
        {
            return null;
        }

        return double.Parse(result[0].GetProperty("value")[1].GetString()!, System.Globalization.CultureInfo.InvariantCulture);
    }

    public Task<double?> WaitForValueAsync(string expression, Func<double, bool> done, TimeSpan? timeout = null) =>
        Eventually.WaitForAsync(() => ValueAsync(expression), v => v is { } value && done(value), $"Prometheus to show {expression}", timeout ?? TimeSpan.FromSeconds(60));

    public async Task<JsonElement> GetAsync(string path) => await _client.GetFromJsonAsync<JsonElement>(path);

    public void Dispose() => _client.Dispose();
}
