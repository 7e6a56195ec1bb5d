using System.Text.Json;
using Qxm.Server.Tests.Support;

namespace Qxm.Server.Tests.Cli.Commands;

public sealed class HookStepsTests
{
    [Fact]
    public async Task Run_WithPreAndPostHooks_SetsParametersAndKeepsTheDerivedOutputWithProvenance()
    {
        using var home = new TempDirectory();
        var file = Path.Combine(home.Path, "hooked.yaml");
        await File.WriteAllTextAsync(file, """
            name: hooked
            circuit:
              source: |
                OPENQASM 3.0;
                include "stdgates.inc";
                input float[64] theta;
                qubit[1] q;
                bit[1] c;
                ry(theta) q[0];
                c[0] = measure q[0];
            parameters: {theta: 0}
            shots: 100
            seed: 3
            hooks:
              pre: {command: [printf, "%s", '{"parameters": {"theta": [0, 3.141592653589793]}}'], timeoutSeconds: 10}
              post: {command: [cat]}
            """);

        var outcome = await CliOutcome.RunAsync("run", file, "--home", home.Path, "--output", "json");

        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        using var document = JsonDocument.Parse(outcome.Stdout);
        var points = document.RootElement.GetProperty("result").GetProperty("points").EnumerateArray().ToList();
        Assert.Equal(2, points.Count);
        Assert.Equal(100, points[1].GetProperty("counts").GetProperty("1").GetInt64());
        var hooks = document.RootElement.GetProperty("hooks").EnumerateArray().ToList();
        Assert.Equal(["pre", "post"], hooks.Select(h => h.GetProperty("phase").GetString()));
        var post = hooks[1];
        Assert.Equal(document.RootElement.GetProperty("run").GetProperty("id").GetString(), post.GetProperty("runId").GetString());
        // cat answers its input: the run and result the hook was given, stored as an artifact under its hash.
        var artifact = post.GetProperty("outputArtifact").GetString()!;
        Assert.Equal(post.GetProperty("inputSha256").GetString(), post.GetProperty("outputSha256").GetString());
        var artifacts = Path.Combine(home.Path, "artifacts");
        var stored = Directory.EnumerateFiles(artifacts, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(artifacts, f).Replace(Path.DirectorySeparatorChar.ToString(), "", StringComparison.Ordinal)).ToList();
        Assert.Contains(artifact, stored);
    }

    [Fact]
    public async Task Run_PreHookTimingOut_RefusesToSubmit()
    {
        using var home = new TempDirectory();
        var file = Path.Combine(home.Path, "slow.yaml");
        await File.WriteAllTextAsync(file, "name: slow\ncircuit: {source: \"OPENQASM 3.0; qubit q; bit c; c = measure q;\"}\nshots: 10\nhooks:\n  pre: {command: [sleep, '60'], timeoutSeconds: 0.3}\n");

        var outcome = await CliOutcome.RunAsync("run", file, "--home", home.Path);

        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("hooks.pre (sleep 60) timed out after 0.3 s and was killed", outcome.Stderr, StringComparison.Ordinal);
        var status = await CliOutcome.RunAsync("status", "--home", home.Path);
        Assert.Contains("no runs", status.Stdout, StringComparison.Ordinal);
    }
}
