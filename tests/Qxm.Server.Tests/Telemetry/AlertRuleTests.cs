using Qxm.Engine.Slo;
using Qxm.Server.Tests.Support;

namespace Qxm.Server.Tests.Telemetry;

/// <summary>The generated rules checked and exercised by promtool: each burn-rate alert fires when it should, stays silent
/// when it should, and is suppressed inside its backend's maintenance window.</summary>
public sealed class AlertRuleTests
{
    private const string Slos = """
        slos:
          - name: run-success
            sli: success_rate
            objective: 0.99
            window: 30d
          - name: run-latency
            sli: latency
            objective: 0.95
            window: 30d
            threshold_seconds: 60
        maintenance:
          - backend: fake.maint
            start: 1970-01-01T00:00:00Z
            end: 1970-01-01T02:00:00Z
        """;

    [SkippableFact]
    public async Task Rules_ExampleSloFile_PassPromtoolCheck()
    {
        var promtool = ExternalTool.Require("promtool");
        var (file, error) = SloFile.Load(Repository.InRepository("deploy", "slos.yaml"));
        Assert.Null(error);
        using var directory = new TempDirectory();
        var rules = Path.Combine(directory.Path, "rules.yml");
        await File.WriteAllTextAsync(rules, AlertRuleGenerator.Generate(file!));

        var (code, output) = await ExternalTool.RunAsync(promtool, null, "check", "rules", rules);

        Assert.True(code == 0, output);
    }

    /// <summary>The rules checked in under deploy/ are what the generator makes of the example SLO file, and the example
    /// Prometheus and Alertmanager configurations pass their own checkers.</summary>
    [SkippableFact]
    public async Task Deploy_RulesAreCurrentAndConfigsPassTheirCheckers()
    {
        var promtool = ExternalTool.Require("promtool");
        var amtool = ExternalTool.Require("amtool");
        var (file, _) = SloFile.Load(Repository.InRepository("deploy", "slos.yaml"));
        Assert.Equal(
            AlertRuleGenerator.Generate(file!, "https://qxm.example/docs/runbooks/"),
            await File.ReadAllTextAsync(Repository.InRepository("deploy", "prometheus", "rules", "qxm-slo.rules.yml")));

        var prometheus = await ExternalTool.RunAsync(promtool, null, "check", "config", Repository.InRepository("deploy", "prometheus", "prometheus.yml"));
        var alertmanager = await ExternalTool.RunAsync(amtool, null, "check-config", Repository.InRepository("deploy", "alertmanager", "alertmanager.yml"));

        Assert.True(prometheus.ExitCode == 0, prometheus.Output);
        Assert.True(alertmanager.ExitCode == 0, alertmanager.Output);
    }

    /// <summary>Every alert the rules can raise has its runbook page.</summary>
    [Fact]
    public void Runbooks_EveryGeneratedAlertLinksAnExistingPage()
    {
        var (file, _) = SloFile.Load(Repository.InRepository("deploy", "slos.yaml"));
        var rules = AlertRuleGenerator.Generate(file!);
        var pages = rules.Split('\n').Where(l => l.Contains("runbook_url:", StringComparison.Ordinal))
            .Select(l => l[(l.IndexOf("docs/runbooks/", StringComparison.Ordinal) + "docs/runbooks/".Length)..].Trim()).Distinct().ToList();

        Assert.NotEmpty(pages);
        Assert.All(pages, page => Assert.True(File.Exists(Repository.InRepository("docs", "runbooks", page)), $"docs/runbooks/{page} is missing"));
    }

    [SkippableFact]
    public async Task Rules_RecordedSeries_BurnRateAlertsFireSilenceAndRespectMaintenance()
    {
        var promtool = ExternalTool.Require("promtool");
        var (file, error) = SloFile.Parse(Slos, "slos.yaml");
        Assert.Null(error);
        using var directory = new TempDirectory();
        await File.WriteAllTextAsync(Path.Combine(directory.Path, "rules.yml"), AlertRuleGenerator.Generate(file!, "https://runbooks.example/"));
        await File.WriteAllTextAsync(Path.Combine(directory.Path, "tests.yml"), $$"""
            rule_files: [rules.yml]
            evaluation_interval: 1m
            tests:
              - interval: 1m
                input_series:
                  # Healthy: no failures at all.
                  - series: 'qxm_runs_finished_total{backend="sim.ok",outcome="succeeded",error_kind="none"}'
                    values: '0+100x300'
                  - series: 'qxm_runs_finished_total{backend="sim.ok",outcome="failed",error_kind="Transient"}'
                    values: '0+0x300'
                  # Half the runs fail: burns a 1% budget 50 times too fast.
                  - series: 'qxm_runs_finished_total{backend="fake.burning",outcome="succeeded",error_kind="none"}'
                    values: '0+50x300'
                  - series: 'qxm_runs_finished_total{backend="fake.burning",outcome="failed",error_kind="Transient"}'
                    values: '0+50x300'
                  # The same, inside a maintenance window for its first two hours.
                  - series: 'qxm_runs_finished_total{backend="fake.maint",outcome="succeeded",error_kind="none"}'
                    values: '0+50x300'
                  - series: 'qxm_runs_finished_total{backend="fake.maint",outcome="failed",error_kind="DeviceUnavailable"}'
                    values: '0+50x300'
                  # 5% fail: 5 times too fast, enough for a ticket (3x), not for a page (14.4x, 6x).
                  - series: 'qxm_runs_finished_total{backend="fake.slow",outcome="succeeded",error_kind="none"}'
                    values: '0+95x300'
                  - series: 'qxm_runs_finished_total{backend="fake.slow",outcome="failed",error_kind="RateLimited"}'
                    values: '0+5x300'
                alert_rule_test:
                  - eval_time: 30m
                    alertname: QxmRunSuccessFastBurn
                    exp_alerts:
            {{Alert("page", "fast", "fake.burning", "Transient")}}
                  - eval_time: 30m
                    alertname: QxmRunSuccessSlowBurn
                    exp_alerts:
            {{Alert("ticket", "slowly", "fake.burning", "Transient")}}
            {{Alert("ticket", "slowly", "fake.slow", "RateLimited")}}
                  - eval_time: 110m
                    alertname: QxmRunSuccessFastBurn
                    exp_alerts:
            {{Alert("page", "fast", "fake.burning", "Transient")}}
                  - eval_time: 150m
                    alertname: QxmRunSuccessFastBurn
                    exp_alerts:
            {{Alert("page", "fast", "fake.burning", "Transient")}}
            {{Alert("page", "fast", "fake.maint", "DeviceUnavailable")}}
                  # No latency is recorded: its alerts stay silent rather than firing on missing data.
                  - eval_time: 150m
                    alertname: QxmRunLatencyFastBurn
                    exp_alerts: []
            """);

        var (code, output) = await ExternalTool.RunAsync(promtool, null, "test", "rules", Path.Combine(directory.Path, "tests.yml"));

        Assert.True(code == 0, output);
    }

    private static string Alert(string severity, string speed, string backend, string errorKind) => $"""
                      - exp_labels:
                          severity: {severity}
                          slo: run-success
                          backend: {backend}
                          error_kind: {errorKind}
                        exp_annotations:
                          summary: "SLO run-success (success_rate, 0.99 over 30d) is burning its error budget {speed}"
                          description: "Backend {backend} (error kind {errorKind}) spends the error budget of run-success faster than it can last."
                          runbook_url: https://runbooks.example/run-success-{(speed == "fast" ? "fast" : "slow")}-burn.md
        """;
}
