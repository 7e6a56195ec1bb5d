using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Qxm.Domain.Runs;
using Qxm.Domain.Security;
using Qxm.Engine.Security;
using Qxm.Server.Composition;
using Qxm.Server.Json;

namespace Qxm.Server.Tests.Support;

/// <summary>A real <c>qxm serve</c> in-process: Kestrel on a free loopback port over a temp QXM_HOME with SQLite on disk,
/// authentication on, and <see cref="Client"/> holding an admin key.</summary>
internal sealed class RunningServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TempDirectory _home;

    private RunningServer(WebApplication app, TempDirectory home, Uri url, string? adminKey)
    {
        _app = app;
        _home = home;
        Url = url;
        AdminKey = adminKey;
        Client = ClientWith(adminKey);
    }

    /// <summary>The admin key <see cref="Client"/> sends; null with authentication off.</summary>
    public string? AdminKey { get; }

    public QxmRuntime Runtime => _app.Services.GetRequiredService<QxmRuntime>();

    public Qxm.Server.Security.AccessAuditLog Audit => _app.Services.GetRequiredService<Qxm.Server.Security.AccessAuditLog>();

    public Uri Url { get; }

    public HttpClient Client { get; }

    public string Home => _home.Path;

    /// <param name="noAuth">Serve without authentication: only for tests about that switch itself.</param>
    public static async Task<RunningServer> StartAsync(
        bool runWorkers = true, string? tenantsYaml = null, bool noAuth = false, Qxm.Server.Security.JwtSettings? jwt = null, TimeSpan? keyCacheFor = null,
        int workers = 2, Func<ServerOptions, ServerOptions>? configure = null, IReadOnlyDictionary<string, string>? devices = null)
    {
        var home = new TempDirectory();
        foreach (var (name, json) in devices ?? new Dictionary<string, string>())
        {
            Directory.CreateDirectory(System.IO.Path.Combine(home.Path, "devices"));
            await File.WriteAllTextAsync(System.IO.Path.Combine(home.Path, "devices", name), json);
        }

        if (tenantsYaml is not null)
        {
            await File.WriteAllTextAsync(System.IO.Path.Combine(home.Path, "tenants.yaml"), tenantsYaml);
        }

        var options = new ServerOptions
        {
            Urls = "http://127.0.0.1:0",
            Home = home.Path,
            RunWorkers = runWorkers,
            Workers = workers,
            MinimumLogLevel = LogLevel.Warning,
            NoAuth = noAuth,
            Jwt = jwt,
            KeyCacheFor = keyCacheFor ?? ApiKeyService.DefaultCacheFor,
        };
        var app = await QxmServer.BuildAsync(configure?.Invoke(options) ?? options, CancellationToken.None);
        await app.StartAsync();
        string? adminKey = null;
        if (!noAuth)
        {
            var issued = await app.Services.GetRequiredService<QxmRuntime>().Keys.CreateAsync(
                new NewKeyRequest("test-admin", Role.Admin, [Domain.Tenancy.Tenant.DefaultId]), "test", CancellationToken.None);
            adminKey = issued.Issued!.Secret;
        }

        return new RunningServer(app, home, QxmServer.ListeningUrl(app), adminKey);
    }

    /// <summary>A key for a principal with that role in those tenants (the default tenant when none).</summary>
    public async Task<string> CreateKeyAsync(string principal, Role role, params string[] tenants)
    {
        var outcome = await Runtime.Keys.CreateAsync(new NewKeyRequest(principal, role, tenants.Length > 0 ? tenants : [Domain.Tenancy.Tenant.DefaultId]), "test", CancellationToken.None);
        Assert.True(outcome.Issued is not null, string.Join("; ", outcome.Diagnostics));
        return outcome.Issued.Secret;
    }

    /// <summary>A client of this server sending <paramref name="key"/> (none when null).</summary>
    public HttpClient ClientWith(string? key)
    {
        var client = new HttpClient { BaseAddress = Url };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        }

        return client;
    }

    public async Task<HttpResponseMessage> SubmitAsync(string body, string mediaType)
    {
        using var content = new StringContent(body, Encoding.UTF8, mediaType);
        return await Client.PostAsync("/api/v1/runs", content);
    }

    public async Task<Run> SubmitAcceptedAsync(string body, string mediaType)
    {
        using var response = await SubmitAsync(body, mediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Accepted, $"expected 202, got {(int)response.StatusCode}: {text}");
        return JsonSerializer.Deserialize<Run>(text, ApiJson.Options)!;
    }

    public async Task<Run> GetRunAsync(string id) => (await Client.GetFromJsonAsync<Run>($"/api/v1/runs/{id}", ApiJson.Options))!;

    /// <summary>The runs one tenant sees (the API scopes every list to the request's tenant).</summary>
    public async Task<IReadOnlyList<Run>> ListRunsAsync(string tenant = "default")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/runs?limit=1000");
        request.Headers.Add("X-Qxm-Tenant", tenant);
        using var response = await Client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<List<Run>>(ApiJson.Options))!;
    }

    public Task<Run> WaitUntilFinishedAsync(string id) =>
        Eventually.WaitForAsync(() => GetRunAsync(id), r => RunLifecycle.IsTerminal(r.State), $"run {id} to finish");

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _home.Dispose();
    }
}
