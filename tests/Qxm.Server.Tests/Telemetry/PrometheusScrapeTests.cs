using System.Net;
using System.Text;
using System.Text.Json;
using Qxm.Server.Tests.Support;

namespace Qxm.Server.Tests.Telemetry;

/// <summary>A real Prometheus scraping a real <c>qxm serve</c> process, and a real Alertmanager it sends alerts to,
/// delivering them to a webhook receiver in the test.</summary>
public sealed class PrometheusScrapeTests
{
    [SkippableFact]
    public async Task Prometheus_ScrapingServe_ShowsTheSeriesOfDrivenRunsAndAlertsReachAWebhook()
    {
        var prometheusTool = ExternalTool.Require("prometheus");
        var promtool = ExternalTool.Require("promtool");
        var alertmanagerTool = ExternalTool.Require("prometheus-alertmanager");

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
                """));

        using var home = new TempDirectory();
        using var serve = await ServeProcess.StartAsync(home.Path, "--workers", "2");
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
                File.WriteAllText(Path.Combine(dir, "prometheus.yml"), $"""
                    global:
                      scrape_interval: 1s
                      evaluation_interval: 1s
                    rule_files: [test-rules.yml]
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
        using var client = new HttpClient { BaseAddress = serve.Url };

        var accepted = new List<string>();
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

        // Labels stay bounded: what a caller names does not become a label value.
        Assert.Null(await api.ValueAsync("count({backend=\"nowhere\"})"));

        // The exposition itself passes promtool's lint for qxm's families.
        var exposition = await client.GetStringAsync("/metrics");
        var (code, output) = await ExternalTool.RunAsync(promtool, QxmFamilies(exposition), "check", "metrics");
        Assert.True(code == 0, $"promtool check metrics: {output}");

        // Prometheus fires the alert, Alertmanager delivers it to the receiver.
        var delivered = await receiver.NextAsync(TimeSpan.FromSeconds(60));
        Assert.Equal("firing", delivered.GetProperty("status").GetString());
        Assert.Contains(delivered.GetProperty("alerts").EnumerateArray(),
            a => a.GetProperty("labels").GetProperty("alertname").GetString() == "QxmRunsSucceededTest");
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
