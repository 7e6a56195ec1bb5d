using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Qxm.Domain.Runs;
using Qxm.Server.Json;
using Qxm.Server.Tests.Support;

namespace Qxm.Server.Tests.Security;

/// <summary>Keys are created, used, rotated, revoked and misused against a real <c>qxm serve</c> logging at Debug; each
/// secret is then looked for in every log line, every file of the data directory and every response: it must appear only
/// in the one response that created it.</summary>
public sealed class SecretsCanaryTests
{
    [Fact]
    public async Task Secrets_AppearOnlyInTheirCreationResponse()
    {
        using var home = new TempDirectory();
        var creations = new List<(string Secret, string Response)>();
        var responses = new List<string>();

        var create = await CliOutcome.RunAsync("keys", "create", "--principal", "root", "--role", "admin", "--home", home.Path, "-o", "json");
        Assert.True(create.ExitCode == 0, create.ToString());
        var admin = Secret(create.Stdout);
        creations.Add((admin, create.Stdout));
        responses.Add(create.Stderr);

        string log;
        using (var serve = await ServeProcess.StartLoggingAsync(home.Path, "Debug", "--workers", "1"))
        {
            using var root = serve.ClientWith(admin);
            var made = await SendAsync(root, HttpMethod.Post, "/api/v1/keys", """{"principal":"ada","role":"submitter","tenants":["default"]}""");
            var ada = Secret(made);
            creations.Add((ada, made));
            using var adaClient = serve.ClientWith(ada);

            var submitted = await SendAsync(adaClient, HttpMethod.Post, "/api/v1/runs", Experiments.Json(Experiments.BellCircuit));
            responses.Add(submitted);
            var id = JsonDocument.Parse(submitted[submitted.IndexOf('{', StringComparison.Ordinal)..]).RootElement.GetProperty("id").GetString()!;
            await Eventually.WaitForAsync(() => adaClient.GetFromJsonAsync<Run>($"/api/v1/runs/{id}", ApiJson.Options), r => r!.State == RunState.Succeeded, "the run to succeed");
            foreach (var path in new[] { $"/api/v1/runs/{id}", $"/api/v1/runs/{id}/results", "/api/v1/runs", "/api/v1/queue", "/api/v1/tenants", "/api/v1/backends" })
            {
                responses.Add(await SendAsync(adaClient, HttpMethod.Get, path));
            }

            responses.Add(await SendAsync(root, HttpMethod.Get, "/api/v1/keys"));
            var rotated = await SendAsync(root, HttpMethod.Post, $"/api/v1/keys/{Id(ada)}/rotate?overlapSeconds=0");
            creations.Add((Secret(rotated), rotated));
            responses.Add(await SendAsync(root, HttpMethod.Delete, $"/api/v1/keys/{Id(Secret(rotated))}"));
            responses.Add(await SendAsync(root, HttpMethod.Get, "/api/v1/keys"));

            // Misuse: the revoked and expired keys, a key with one character changed, a key in the wrong header.
            foreach (var bad in new[] { ada, Secret(rotated), admin[..^1] + (admin[^1] == 'x' ? 'y' : 'x') })
            {
                using var client = serve.ClientWith(bad);
                responses.Add(await SendAsync(client, HttpMethod.Get, "/api/v1/runs", expectSuccess: false));
            }

            using var wrongHeader = new HttpRequestMessage(HttpMethod.Get, "/api/v1/runs");
            wrongHeader.Headers.TryAddWithoutValidation("X-Api-Key", admin);
            using var anonymous = new HttpClient { BaseAddress = serve.Url };
            using var refused = await anonymous.SendAsync(wrongHeader);
            responses.Add(await refused.Content.ReadAsStringAsync());

            using var credentials = await CredentialsFile.WriteAsync(admin);
            var remote = await CliOutcome.RunAsync("status", "--server", serve.Url.ToString(), "--credentials", credentials.Path);
            responses.Add(remote.Stdout + remote.Stderr);
            var listed = await CliOutcome.RunAsync("keys", "list", "--server", serve.Url.ToString(), "--credentials", credentials.Path, "-o", "json");
            Assert.True(listed.ExitCode == 0, listed.ToString());
            responses.Add(listed.Stdout + listed.Stderr);
            log = serve.Output;
            await serve.KillAsync();
        }

        Assert.Contains("Access refused", log, StringComparison.Ordinal);
        var files = Directory.EnumerateFiles(home.Path, "*", SearchOption.AllDirectories).ToList();
        Assert.Contains(files, f => f.EndsWith("qxm.db", StringComparison.Ordinal));
        Assert.Contains(files, f => f.Contains("artifacts", StringComparison.Ordinal));
        foreach (var (secret, creation) in creations)
        {
            // The key id is public; the part after it is the secret proper.
            var secretPart = secret["qxm_0123456789abcdef_".Length..];
            Assert.Contains(secret, creation, StringComparison.Ordinal);
            Assert.Single(creations, c => c.Response.Contains(secretPart, StringComparison.Ordinal));
            Assert.DoesNotContain(secretPart, log, StringComparison.Ordinal);
            Assert.All(responses, r => Assert.DoesNotContain(secretPart, r, StringComparison.Ordinal));
            var needle = Encoding.UTF8.GetBytes(secretPart);
            foreach (var file in files)
            {
                Assert.False(Contains(await ReadSharedAsync(file), needle), $"{Path.GetFileName(file)} holds a secret");
            }
        }
    }

    /// <summary>The secret in a creation response (its headers, then its JSON body).</summary>
    private static string Secret(string response) => JsonDocument.Parse(response[response.IndexOf('{', StringComparison.Ordinal)..]).RootElement.GetProperty("secret").GetString()!;

    private static string Id(string secret) => secret.Split('_')[1];

    private static async Task<string> SendAsync(HttpClient client, HttpMethod method, string path, string? json = null, bool expectSuccess = true)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(!expectSuccess || response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {text}");
        return string.Join("\n", response.Headers.Concat(response.Content.Headers).Select(h => $"{h.Key}: {string.Join(",", h.Value)}")) + "\n" + text;
    }

    private static async Task<byte[]> ReadSharedAsync(string path)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer);
        return buffer.ToArray();
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;
}
