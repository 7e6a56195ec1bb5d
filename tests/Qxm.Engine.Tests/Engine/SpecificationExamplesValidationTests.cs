using Qxm.Engine.Api;
using Xunit.Abstractions;

namespace Qxm.Engine.Tests.Engine;

/// <summary>Opt-in: when <c>QXM_OPENQASM_SPEC</c> names a checkout of the OpenQASM specification repository, every
/// <c>examples/*.qasm</c> goes through what <c>qxm validate</c> runs (on sim.statevector), and the test reports which
/// are accepted and why the others are refused. The examples are not copied into this repository.</summary>
public sealed class SpecificationExamplesValidationTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Validate_SpecificationExamples_ReportsAcceptedAndRefused()
    {
        var root = Environment.GetEnvironmentVariable("QXM_OPENQASM_SPEC");
        if (string.IsNullOrEmpty(root))
        {
            return;
        }

        await using var fx = await EngineFixture.StartAsync();
        var files = Directory.GetFiles(Path.Combine(root, "examples"), "*.qasm").Order(StringComparer.Ordinal).ToArray();
        Assert.NotEmpty(files);
        var accepted = 0;
        foreach (var file in files)
        {
            var name = Path.GetFileName(file);
            var experiment = EngineFixture.Inline(await File.ReadAllTextAsync(file)) with { CircuitOrigin = name };
            var outcome = await fx.Service.ValidateAsync(experiment, new SubmitOptions(), default);
            accepted += outcome.Valid ? 1 : 0;
            var first = outcome.Diagnostics.FirstOrDefault(d => d.IsError);
            output.WriteLine(outcome.Valid ? $"accepted {name}" : $"refused  {name}: {first}");
        }

        output.WriteLine($"{accepted} of {files.Length} accepted");
    }
}
