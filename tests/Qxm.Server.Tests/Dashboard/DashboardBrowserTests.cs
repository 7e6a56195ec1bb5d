using System.Text.Json.Nodes;
using Qxm.Server.Tests.Support;

namespace Qxm.Server.Tests.Dashboard;

/// <summary>The dashboard in headless Chromium against a real server: every view shows this test's data without a console
/// error, filters and paging work, a run the CLI submits appears live. Screenshots of each view go to
/// <c>artifacts/screenshots/</c> at the repository root.</summary>
public sealed class DashboardBrowserTests
{
    private const string Sweep = """
        OPENQASM 3.0;
        include "stdgates.inc";
        input float theta;
        qubit q;
        bit c;
        ry(theta) q;
        c = measure q;
        """;

    private static string Screenshots => Repository.InRepository("artifacts", "screenshots");

    [SkippableFact]
    public async Task EveryView_ShowsTheRunsOfThisTest_WithFiltersPagingAndNoConsoleErrors()
    {
        await using var server = await RunningServer.StartAsync();
        var bell = await server.SubmitAcceptedAsync(Experiments.Json(Experiments.BellCircuit, name: "dash-bell"), "application/json");
        var sweep = await server.SubmitAcceptedAsync(Experiments.Json(Sweep, shots: 500, name: "dash-sweep",
            edit: d => d["parameters"] = new JsonObject { ["theta"] = new JsonArray(0.0, 0.8, 1.6, 2.4, 3.2) }), "application/json");
        string rejectedId;
        using (var refused = await server.SubmitAsync(Experiments.Json(Experiments.BellCircuit, name: "dash-ion", edit: d => d["backend"] = "fake.ion25"), "application/json"))
        {
            rejectedId = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["rejectedRunId"]!.GetValue<string>();
        }

        for (var i = 0; i < 9; i++)
        {
            await server.SubmitAcceptedAsync(Experiments.Json(Experiments.BellCircuit, shots: 100, name: $"dash-page{i}", seed: (ulong)i), "application/json");
        }

        await server.WaitUntilFinishedAsync(bell.Id);
        await server.WaitUntilFinishedAsync(sweep.Id);
        using (var reservation = new StringContent(
            $$"""{"backend":"sim.statevector","tenant":"default","start":"{{DateTimeOffset.UtcNow.AddHours(1):O}}","end":"{{DateTimeOffset.UtcNow.AddHours(3):O}}"}""",
            System.Text.Encoding.UTF8, "application/json"))
        {
            using var reserved = await server.Client.PostAsync("/api/v1/reservations", reservation);
            Assert.True(reserved.IsSuccessStatusCode, await reserved.Content.ReadAsStringAsync());
        }

        await using var browser = await HeadlessBrowser.StartAsync();
        await SignInAsync(browser, server);

        await browser.WaitForAsync("document.querySelector('main').textContent.includes('dash-page8')", "the runs view to list the newest run");
        Assert.Equal("10 runs on page 1", await browser.TextAsync("document.getElementById('runs-count').textContent"));
        Assert.Equal("Page 1", await browser.TextAsync("document.getElementById('page-of').textContent"));
        await browser.ScreenshotAsync(Path.Combine(Screenshots, "runs.png"));

        await browser.EvaluateAsync("[...document.querySelectorAll('.pager button')].find(b => b.textContent === 'Next').click()");
        // Paged by the server's cursor: the second page holds the two oldest runs and is the last.
        await browser.WaitForAsync("document.getElementById('page-of')?.textContent === 'Page 2 (last)'", "page 2");
        Assert.Equal("2 runs on page 2", await browser.TextAsync("document.getElementById('runs-count').textContent"));
        Assert.Contains(bell.Id, await browser.TextAsync("document.querySelector('main').textContent"), StringComparison.Ordinal);
        Assert.DoesNotContain("dash-page8", await browser.TextAsync("document.querySelector('main').textContent"), StringComparison.Ordinal);
        await browser.EvaluateAsync("[...document.querySelectorAll('.pager button')].find(b => b.textContent === 'Previous').click()");
        await browser.WaitForAsync("document.getElementById('page-of')?.textContent === 'Page 1'", "back to page 1");
        Assert.Contains("dash-page8", await browser.TextAsync("document.querySelector('main').textContent"), StringComparison.Ordinal);
        await browser.EvaluateAsync("[...document.querySelectorAll('.pager button')].find(b => b.textContent === 'Next').click()");
        await browser.WaitForAsync("document.getElementById('page-of')?.textContent === 'Page 2 (last)'", "page 2 again");
        // By keyboard alone: a view puts focus on its content, Tab reaches the search box, Enter applies it.
        await browser.CallAsync("Emulation.setFocusEmulationEnabled", new JsonObject { ["enabled"] = true });
        Assert.Equal("main", await browser.TextAsync("document.activeElement.id"));
        await PressAsync(browser, "Tab", 9);
        Assert.Equal("name", await browser.TextAsync("document.activeElement.name"));
        await browser.CallAsync("Input.insertText", new JsonObject { ["text"] = "dash-sweep" });
        await PressAsync(browser, "Enter", 13);
        await browser.WaitForAsync("document.getElementById('runs-count')?.textContent === '1 run'", "the search to leave one run");
        Assert.Contains(sweep.Id, await browser.TextAsync("document.querySelector('main').textContent"), StringComparison.Ordinal);
        await browser.EvaluateAsync("location.hash = '#/runs?state=rejected'");
        await browser.WaitForAsync($"document.querySelector('main').textContent.includes('{rejectedId}')", "the state filter to show the rejected run");
        Assert.Equal("1 run", await browser.TextAsync("document.getElementById('runs-count').textContent"));

        await ShowAsync(browser, $"#/runs/{bell.Id}", "Run dash-bell", "document.querySelector('svg.chart rect.bar')", "run-histogram");
        Assert.Contains(bell.Fingerprint, await browser.TextAsync("document.querySelector('main').textContent"), StringComparison.Ordinal);
        Assert.Contains("running → succeeded", await browser.TextAsync("document.querySelector('main').textContent"), StringComparison.Ordinal);
        Assert.Contains(bell.Fingerprint, await browser.TextAsync("document.getElementById('provenance-record').textContent"), StringComparison.Ordinal);
        await ShowAsync(browser, $"#/runs/{sweep.Id}", "Run dash-sweep", "document.querySelector('svg.chart polyline.series')", "run-sweep");
        await ShowAsync(browser, "#/queue", "Queue", "document.querySelector('main').textContent.includes('Fair share')", "queue");
        await ShowAsync(browser, "#/backends", "Backends", "document.querySelector('main').textContent.includes('fake.ion25')", "backends");
        await ShowAsync(browser, "#/backends/fake.ion25", "Backend fake.ion25", "document.querySelector('svg.chart polyline.series')", "backend-calibration");
        await ShowAsync(browser, "#/reservations", "Reservations", "document.querySelector('.cal-block')", "reservations");
        await ShowAsync(browser, "#/slo", "Service levels and costs", "document.querySelector('main').textContent.includes('sim.statevector')", "slo");

        await browser.CallAsync("Emulation.setDeviceMetricsOverride", new JsonObject { ["width"] = 375, ["height"] = 800, ["deviceScaleFactor"] = 1, ["mobile"] = true });
        await ShowAsync(browser, "#/runs", "Runs", "document.querySelector('main').textContent.includes('dash-page8')", "runs-375px");
        Assert.True((await browser.EvaluateAsync("document.documentElement.scrollWidth <= 375"))!.GetValue<bool>(), "the runs view scrolls sideways at 375 px");

        Assert.True(browser.Errors.Count == 0, string.Join('\n', browser.Errors));
    }

    [SkippableFact]
    public async Task RunSubmittedByTheCli_AppearsWithoutReloading()
    {
        await using var server = await RunningServer.StartAsync();
        await using var browser = await HeadlessBrowser.StartAsync();
        await SignInAsync(browser, server);
        await browser.WaitForAsync("document.getElementById('runs-count')?.textContent === '0 runs'", "the empty runs view");
        await browser.WaitForAsync("document.getElementById('live').classList.contains('on')", "the event stream to connect");
        await browser.EvaluateAsync("window.__sameDocument = true");

        using var credentials = await CredentialsFile.WriteAsync(server.AdminKey!);
        var submitted = await CliOutcome.RunAsync("--server", server.Url.ToString(), "--credentials", credentials.Path, "submit", Repository.Example("ghz5.yaml"));
        Assert.True(submitted.ExitCode == 0, submitted.ToString());
        var id = submitted.Stdout.Trim();

        await browser.WaitForAsync($"document.querySelector('main').textContent.includes('{id}')", "the CLI's run to appear");
        await browser.WaitForAsync($"document.getElementById('live').textContent.includes('{id}')", "the live line to name it");
        Assert.True((await browser.EvaluateAsync("window.__sameDocument === true"))!.GetValue<bool>(), "the page reloaded");
        await browser.ScreenshotAsync(Path.Combine(Screenshots, "runs-live.png"));
        Assert.True(browser.Errors.Count == 0, string.Join('\n', browser.Errors));
    }

    private static async Task SignInAsync(HeadlessBrowser browser, RunningServer server)
    {
        await browser.NavigateAsync(server.Url);
        await browser.WaitForAsync("document.getElementById('key')", "the sign-in form");
        await browser.ScreenshotAsync(Path.Combine(Screenshots, "sign-in.png"));
        await browser.EvaluateAsync($"document.getElementById('key').value = '{server.AdminKey}'; document.querySelector('form.login').requestSubmit()");
        await browser.WaitForAsync("document.getElementById('runs-count')", "the runs view after signing in");

    }

    private static async Task PressAsync(HeadlessBrowser browser, string key, int code)
    {
        var down = new JsonObject { ["type"] = "keyDown", ["key"] = key, ["code"] = key, ["windowsVirtualKeyCode"] = code };
        if (key == "Enter")
        {
            down["text"] = "\r";
        }

        await browser.CallAsync("Input.dispatchKeyEvent", down);
        await browser.CallAsync("Input.dispatchKeyEvent", new JsonObject { ["type"] = "keyUp", ["key"] = key, ["code"] = key, ["windowsVirtualKeyCode"] = code });
    }

    /// <summary>Goes to a view as a click on a link does (the hash changes, the page stays) and waits for its heading and
    /// its data.</summary>
    private static async Task ShowAsync(HeadlessBrowser browser, string hash, string heading, string ready, string name)
    {
        await browser.EvaluateAsync($"location.hash = '{hash}'");
        await browser.WaitForAsync($"document.querySelector('main h1')?.textContent === '{heading}' && ({ready})", $"the view {hash}");
        await browser.ScreenshotAsync(Path.Combine(Screenshots, $"{name}.png"));
        await AssertAccessibleAsync(browser, hash);
    }

    /// <summary>Landmarks, a label on every control, names on charts, one h1, and nothing reachable only by mouse
    /// (every link and control in the tab order).</summary>
    private static async Task AssertAccessibleAsync(HeadlessBrowser browser, string view)
    {
        var problems = await browser.TextAsync("""
            (() => {
              const p = [];
              for (const landmark of ['header', 'nav', 'main']) if (!document.querySelector(landmark)) p.push('no ' + landmark);
              if (document.querySelectorAll('main h1').length !== 1) p.push('not one h1');
              for (const c of document.querySelectorAll('input, select'))
                if (!c.labels?.length && !c.getAttribute('aria-label')) p.push('unlabelled ' + c.outerHTML);
              for (const b of document.querySelectorAll('button')) if (!b.textContent.trim()) p.push('nameless button');
              for (const svg of document.querySelectorAll('svg.chart')) if (!svg.getAttribute('aria-label')) p.push('unnamed chart');
              for (const e of document.querySelectorAll('a[href], button, input, select'))
                if (e.tabIndex < 0) p.push('not focusable ' + e.outerHTML);
              return p.join('; ');
            })()
            """);
        Assert.True(problems.Length == 0, $"{view}: {problems}");
    }
}
