using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Qxm.Engine.Events;
using Qxm.Engine.Slo;
using Qxm.Server.Endpoints;
using Qxm.Server.Json;
using Qxm.Server.Tests.Support;

namespace Qxm.Server.Tests.Telemetry;

/// <summary>A real Prometheus scraping a real <c>qxm serve</c> process, and a real Alertmanager it sends alerts to,
/// delivering them to a webhook receiver in the test and back to qxm, which delivers them to a tenant's webhook.</summary>
public sealed class PrometheusScrapeTests
{
    /// <summary>A fake remote device that is down for its first 20 s (every call fails as DeviceUnavailable, so calls are
    /// retried and the breaker opens), fails a fifth of its calls transiently after that, and whose qubit 0's readout
    /// error jumps from 0.01 to 0.3 at 25 s, which the drift detector reports.</summary>
    private const string FlakyDevice = """
        { "name": "flaky", "qubits": 2, "maxShots": 1000, "maxCircuits": 10, "costPerShot": 0.001,
          "operations": [ { "name": "x" }, { "name": "cx" } ],
          "coupling": { "edges": [ [0, 1] ] },
          "calibration": { "takenAt": "2026-12-01T00:00:00Z", "t1Us": 100, "t2Us": 80, "readoutError": 0.01 },
          "queue": { "delaySeconds": 0.2 },
          "faults": { "seed": 5, "transient": { "probability": 0.2 }, "outages": [ { "afterSeconds": 0, "forSeconds": 20 } ] },
          "drift": { "seed": 3, "everySeconds": 1, "jumps": [ { "afterSeconds": 25, "qubit": 0, "readoutError": 0.3 } ] } }
        """;

    private const string NativeCircuit = "OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit[2] q;\nbit[2] c;\nx q[0];\ncx q[0], q[1];\nc = measure q;\n";

    [SkippableFact]
    public async Task Prometheus_ScrapingServe_ShowsTheSeriesOfDrivenRunsAndAlertsReachAWebhook()
    {
        var prometheusTool = ExternalTool.Require("prometheus");
        var promtool = ExternalTool.Require("promtool");
        var alertmanagerTool = ExternalTool.Require("prometheus-alertmanager");

        using var home = new TempDirectory();
        Directory.CreateDirectory(Path.Combine(home.Path, "devices"));
        await File.WriteAllTextAsync(Path.Combine(home.Path, "devices", "flaky.json"), FlakyDevice);
        var key = await ServeProcess.CreateAdminKeyAsync(home.Path);
        using var serve = await ServeProcess.StartAsync(home.Path, "--workers", "2");
        using var client = serve.ClientWith(key);

        // Runs on the flaky device go first, into its outage: their calls fail, are retried and open its breaker.
        var flakyRuns = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            flakyRuns.Add(await SubmitAsync(client, Experiments.Json(NativeCircuit, shots: 100, seed: (ulong)i + 100, edit: d => d["backend"] = "fake.flaky")));
        }

        // A tenant's webhook for alerts: Alertmanager posts every alert back to qxm, which delivers it there signed.
        using var tenantHook = new AlertReceiver();
        using var created = await client.PostAsJsonAsync("/api/v1/webhooks", new { url = tenantHook.Url, kinds = new[] { "alert" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var webhook = (await created.Content.ReadFromJsonAsync<WebhookCreated>(ApiJson.Options))!;

        using var receiver = new AlertReceiver();
        await using var alertmanager = await DaemonProcess.StartAsync(
            alertmanagerTool,
            (dir, port) => [$"--config.file={Path.Combine(dir, "alertmanager.yml")}", $"--storage.path={Path.Combine(dir, "data")}",
                $"--web.listen-address=127.0.0.1:{port}", "--cluster.listen-address="],
            (dir, _) => File.WriteAllText(Path.Combine(dir, "alertmanager.yml"), $"""
                route:
                  receiver: test
                  group_by: [alertname]
                  group_wait: 1s
                  group_interval: 1s
                  repeat_interval: 1h
                receivers:
                  - name: test
                    webhook_configs:
                      - url: {receiver.Url}
                      - url: {new Uri(serve.Url, "/api/v1/alerts")}
                        http_config:
                          authorization:
                            credentials: {key}
                """));

        await using var prometheus = await DaemonProcess.StartAsync(
            prometheusTool,
            (dir, port) => [$"--config.file={Path.Combine(dir, "prometheus.yml")}", $"--storage.tsdb.path={Path.Combine(dir, "data")}",
                $"--web.listen-address=127.0.0.1:{port}"],
            (dir, _) =>
            {
                File.WriteAllText(Path.Combine(dir, "test-rules.yml"), """
                    groups:
                      - name: test
                        rules:
                          - alert: QxmRunsSucceededTest
                            expr: sum(qxm_runs_finished_total{outcome="succeeded"}) > 0
                            labels:
                              severity: ticket
                    """);
                File.WriteAllText(Path.Combine(dir, "qxm-slo.rules.yml"), File.ReadAllText(Repository.InRepository("deploy", "prometheus", "rules", "qxm-slo.rules.yml")));
                File.WriteAllText(Path.Combine(dir, "prometheus.yml"), $"""
                    global:
                      scrape_interval: 1s
                      evaluation_interval: 1s
                    rule_files: [test-rules.yml, qxm-slo.rules.yml]
                    alerting:
                      alertmanagers:
                        - static_configs:
                            - targets: ['{alertmanager.Url.Authority}']
                    scrape_configs:
                      - job_name: qxm
                        static_configs:
                          - targets: ['{serve.Url.Authority}']
                    """);
            });
        using var api = new PrometheusApi(prometheus.Url);

        for (var i = 0; i < 4; i++)
        {
            using var content = new StringContent(Experiments.Json(Experiments.BellCircuit, shots: 100, seed: (ulong)i + 1), Encoding.UTF8, "application/json");
            using var response = await client.PostAsync("/api/v1/runs", content);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        using (var unknown = new StringContent(Experiments.Json(Experiments.BellCircuit, edit: d => d["backend"] = "nowhere"), Encoding.UTF8, "application/json"))
        using (var refused = await client.PostAsync("/api/v1/runs", unknown))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        }

        await api.WaitForValueAsync("sum(qxm_runs_finished_total{job=\"qxm\",outcome=\"succeeded\",backend=\"sim.statevector\"})", v => v >= 4);
        await api.WaitForValueAsync("sum(qxm_submissions_total{outcome=\"accepted\",tenant=\"default\"})", v => v >= 4);
        await api.WaitForValueAsync("sum(qxm_submissions_total{outcome=\"refused\",reason=\"experiment.unknown-backend\",backend=\"unknown\"})", v => v >= 1);
        foreach (var series in (string[])[
            "qxm_run_duration_seconds_count", "qxm_run_queue_duration_seconds_count", "qxm_dispatch_duration_seconds_count",
            "qxm_ingest_duration_seconds_count", "qxm_store_commit_duration_seconds_count", "qxm_store_commit_batch_size_count",
            "qxm_shots_executed_total", "qxm_worker_limit", "qxm_simulator_amplitude_updates_total", "qxm_backend_status",
            "qxm_backend_attempts_total", "http_server_request_duration_seconds_count", "dotnet_gc_collections_total"])
        {
            await api.WaitForValueAsync($"sum({series})", v => v > 0);
        }

        // The flaky device: failed attempts retried by error kind, its breaker open at some scrape and closed again once
        // calls succeed, every run succeeded in the end, its calibration's age, and the drift at 25 s.
        await api.WaitForValueAsync("sum(qxm_backend_retries_total{backend=\"fake.flaky\",error_kind=\"DeviceUnavailable\"})", v => v > 0);
        await api.WaitForValueAsync("sum(qxm_backend_request_duration_seconds_count{backend=\"fake.flaky\",outcome=\"error\"})", v => v > 0);
        await api.WaitForValueAsync("max_over_time(qxm_backend_breaker_state{backend=\"fake.flaky\",state=\"open\"}[10m])", v => v == 1);
        await api.WaitForValueAsync("sum(qxm_runs_finished_total{backend=\"fake.flaky\",outcome=\"succeeded\"})", v => v >= 4, TimeSpan.FromSeconds(180));
        await api.WaitForValueAsync("sum(qxm_backend_attempts_total{backend=\"fake.flaky\",outcome=\"succeeded\",error_kind=\"none\"})", v => v >= 4);
        await api.WaitForValueAsync("qxm_backend_breaker_state{backend=\"fake.flaky\",state=\"closed\"}", v => v == 1);
        await api.WaitForValueAsync("qxm_backend_status{backend=\"fake.flaky\",status=\"online\"}", v => v == 1);
        await api.WaitForValueAsync("qxm_calibration_age_seconds{backend=\"fake.flaky\"}", v => v >= 0);
        await api.WaitForValueAsync("sum(qxm_cost_charged_total{backend=\"fake.flaky\",tenant=\"default\"})", v => Math.Abs(v - 0.4) < 1e-9);

        // The same runs in the SLIs computed from the store: retried, charged at the device's price.
        var slis = JsonDocument.Parse(await client.GetStringAsync("/api/v1/slo?window=1h")).RootElement;
        var flaky = slis.GetProperty("groups").EnumerateArray().Single(g => g.GetProperty("backend").GetString() == "fake.flaky");
        Assert.True(flaky.GetProperty("retryRate").GetDouble() > 0, flaky.ToString());
        Assert.Equal(0.1m, flaky.GetProperty("costPerExperiment").GetDecimal());
        Assert.True(flaky.GetProperty("utilisation").GetProperty("busySeconds").GetDouble() > 0, flaky.ToString());
        await SubmitAsync(client, Experiments.Json(NativeCircuit, shots: 100, seed: 200, edit: d => d["backend"] = "fake.flaky"));
        await api.WaitForValueAsync("sum(qxm_calibration_drift_events_total{backend=\"fake.flaky\",metric=\"ReadoutError\"})", v => v >= 1, TimeSpan.FromSeconds(120));

        // A request without a key is refused and counted.
        using (var anonymous = new HttpClient { BaseAddress = serve.Url })
        using (var refused = await anonymous.GetAsync("/api/v1/runs"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        await api.WaitForValueAsync("sum(qxm_security_denied_total)", v => v >= 1);

        // Labels stay bounded: what a caller names does not become a label value.
        Assert.Null(await api.ValueAsync("count({backend=\"nowhere\"})"));

        // The exposition itself passes promtool's lint for qxm's families.
        var exposition = await client.GetStringAsync("/metrics");
        var (code, output) = await ExternalTool.RunAsync(promtool, QxmFamilies(exposition), "check", "metrics");
        Assert.True(code == 0, $"promtool check metrics: {output}");

        // Every PromQL expression of the dashboards evaluates on this Prometheus, over its series and the SLO rules' records.
        var failures = new List<string>();
        foreach (var (dashboard, expression) in DashboardExpressions())
        {
            try
            {
                await api.QueryAsync(expression);
            }
            catch (InvalidOperationException e)
            {
                failures.Add($"{dashboard}: {e.Message}");
            }
        }

        // The debug dashboard's run panels read the qxm API: each URL answers for a flaky run, with the rows it selects.
        foreach (var (dashboard, url, root) in DashboardApiReads(serve.Url, flakyRuns[0]))
        {
            using var response = await client.GetAsync(url);
            Assert.True(response.IsSuccessStatusCode, $"{dashboard}: {url} answered {(int)response.StatusCode}");
            var selected = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            foreach (var step in root.Split('.', StringSplitOptions.RemoveEmptyEntries))
            {
                Assert.True(selected.TryGetProperty(step, out selected), $"{dashboard}: {url} has no '{root}'");
            }

            if (root == "backendAttempts")
            {
                Assert.Contains(selected.EnumerateArray(), a => a.GetProperty("outcome").GetString() == "DeviceUnavailable");
            }
        }

        Assert.Empty(failures);
        var groups = (await api.GetAsync("api/v1/rules")).GetProperty("data").GetProperty("groups").EnumerateArray().ToList();
        Assert.Contains(groups, g => g.GetProperty("name").GetString() == "qxm-slo-run-success");
        await Eventually.WaitForAsync(
            async () => (await api.GetAsync("api/v1/rules")).GetProperty("data").GetProperty("groups").EnumerateArray()
                .SelectMany(g => g.GetProperty("rules").EnumerateArray()).Select(r => $"{r.GetProperty("name").GetString()}: {r.GetProperty("health").GetString()}").ToList(),
            rules => rules.All(r => r.EndsWith(": ok", StringComparison.Ordinal)),
            "every rule to evaluate healthily");
        // More runs once Prometheus knows the series, so rates see them; none failed: the SLO's error ratio is zero.
        for (var i = 0; i < 3; i++)
        {
            using var content = new StringContent(Experiments.Json(Experiments.BellCircuit, shots: 100, seed: (ulong)i + 10), Encoding.UTF8, "application/json");
            using var response = await client.PostAsync("/api/v1/runs", content);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        await api.WaitForValueAsync("qxm:slo_error_ratio:rate5m{slo=\"run-success\",backend=\"sim.statevector\"}", v => v == 0);

        // Prometheus fires the alert, Alertmanager delivers it to the receiver.
        var delivered = await receiver.NextAsync(TimeSpan.FromSeconds(60));
        Assert.Equal("firing", delivered.GetProperty("status").GetString());
        Assert.Contains(delivered.GetProperty("alerts").EnumerateArray(),
            a => a.GetProperty("labels").GetProperty("alertname").GetString() == "QxmRunsSucceededTest");

        // The same alert reached the tenant's webhook through qxm, signed with the webhook's secret.
        var verifier = new WebhookVerifier(webhook.Secret, TimeProvider.System);
        var (alert, raw, headers) = await tenantHook.NextRawAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(WebhookVerdict.Valid, verifier.Verify(headers[WebhookSignature.Header]!, headers[WebhookSignature.EventIdHeader]!, Encoding.UTF8.GetBytes(raw)));
        Assert.Equal("alert", alert.GetProperty("kind").GetString());
        Assert.Contains("QxmRunsSucceededTest", alert.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    private static async Task<string> SubmitAsync(HttpClient client, string experiment)
    {
        using var content = new StringContent(experiment, Encoding.UTF8, "application/json");
        using var response = await client.PostAsync("/api/v1/runs", content);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
    }

    /// <summary>Every qxm API read of the dashboards (Infinity data source), with the server's URL and a run filled in.</summary>
    private static IEnumerable<(string Dashboard, string Url, string Root)> DashboardApiReads(Uri server, string run)
    {
        foreach (var path in Directory.EnumerateFiles(Repository.InRepository("deploy", "grafana"), "*.json"))
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            foreach (var target in document.RootElement.GetProperty("panels").EnumerateArray().SelectMany(p => p.GetProperty("targets").EnumerateArray())
                .Where(t => t.GetProperty("datasource").GetProperty("type").GetString() == "yesoreyeram-infinity-datasource"))
            {
                var url = target.GetProperty("url").GetString()!
                    .Replace("${qxm_url}", server.ToString().TrimEnd('/'), StringComparison.Ordinal)
                    .Replace("$run", run, StringComparison.Ordinal);
                yield return (Path.GetFileName(path), url, target.TryGetProperty("root_selector", out var root) ? root.GetString()! : "");
            }
        }
    }

    /// <summary>Every Prometheus target expression of the Grafana dashboards, with Grafana's variables given values.</summary>
    private static IEnumerable<(string Dashboard, string Expression)> DashboardExpressions()
    {
        foreach (var path in Directory.EnumerateFiles(Repository.InRepository("deploy", "grafana"), "*.json"))
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            var expressions = document.RootElement.GetProperty("panels").EnumerateArray()
                .SelectMany(p => p.GetProperty("targets").EnumerateArray())
                .Where(t => t.GetProperty("datasource").GetProperty("type").GetString() == "prometheus")
                .Select(t => t.GetProperty("expr").GetString()!)
                .ToList();
            Assert.NotEmpty(expressions);
            foreach (var expression in expressions)
            {
                yield return (Path.GetFileName(path), expression
                    .Replace("$__rate_interval", "1m", StringComparison.Ordinal)
                    .Replace("$backend", ".*", StringComparison.Ordinal)
                    .Replace("$tenant", ".*", StringComparison.Ordinal));
            }
        }
    }

    /// <summary>The metric families qxm declares, without the runtime's (whose few names predate the lint).</summary>
    internal static string QxmFamilies(string exposition)
    {
        var kept = new StringBuilder();
        foreach (var line in exposition.Split('\n'))
        {
            var name = line.StartsWith('#') ? line.Split(' ').ElementAtOrDefault(2) ?? "" : line;
            if (name.StartsWith("qxm_", StringComparison.Ordinal))
            {
                kept.Append(line).Append('\n');
            }
        }

        return kept.ToString();
    }
}
