using Qxm.Domain.Backends;
using Qxm.Domain.Experiments;
using Qxm.Engine.Submission;

namespace Qxm.Engine.Tests.Engine;

public sealed class ParsedProgramsTests
{
    private const string Ansatz = "OPENQASM 3.0;\ninclude \"stdgates.inc\";\ninput float[64] t;\nqubit[1] q;\nry(t) q[0];\n";
    private static readonly Dictionary<string, string> NoIncludes = [];

    [Fact]
    public void Parse_SameProgramTwice_ParsesOnceAndBindsEachPointAfresh()
    {
        var programs = new ParsedPrograms();

        var first = programs.Parse(Ansatz, "loop.qasm", NoIncludes);
        var second = programs.Parse(Ansatz, "loop.qasm", NoIncludes);

        Assert.Same(first, second);
        Assert.Equal(1, programs.Count);
        // The cached circuit is only read by binding: two points bound from it differ, and the cached circuit keeps its input.
        var at1 = Qxm.Circuits.Binding.CircuitBinder.Bind(first.Circuit!, new Dictionary<string, double> { ["t"] = 0.1 }, "loop.qasm").Circuit!;
        var at2 = Qxm.Circuits.Binding.CircuitBinder.Bind(second.Circuit!, new Dictionary<string, double> { ["t"] = 0.2 }, "loop.qasm").Circuit!;
        Assert.NotEqual(at1.ToCanonicalString(), at2.ToCanonicalString());
        Assert.Equal("t", Assert.Single(first.Circuit!.Inputs));
    }

    [Fact]
    public void Parse_AnythingTheParseReadsDiffers_ParsedAgain()
    {
        var programs = new ParsedPrograms();
        var target = new Target(5, MaxShots: 1000, MaxCircuits: 10);
        const string WithInclude = "OPENQASM 3.0;\ninclude \"stdgates.inc\";\ninclude \"mine.inc\";\nqubit[1] q;\nmy q[0];\n";

        var plain = programs.Parse(Ansatz, "a.qasm", NoIncludes);
        Assert.NotSame(plain, programs.Parse(Ansatz, "b.qasm", NoIncludes));
        Assert.NotSame(plain, programs.Parse(Ansatz, "a.qasm", NoIncludes, target));
        Assert.NotSame(plain, programs.Parse(Ansatz, "a.qasm", NoIncludes, target with { }));
        var x = programs.Parse(WithInclude, "a.qasm", new Dictionary<string, string> { ["mine.inc"] = "gate my a { x a; }" });
        var h = programs.Parse(WithInclude, "a.qasm", new Dictionary<string, string> { ["mine.inc"] = "gate my a { h a; }" });

        Assert.True(x.Succeeded && h.Succeeded);
        Assert.NotEqual(x.Circuit!.ToCanonicalString(), h.Circuit!.ToCanonicalString());
        Assert.Equal(6, programs.Count);
    }

    [Fact]
    public void Parse_ProgramWithErrors_NotKeptAndReportedEachTime()
    {
        var programs = new ParsedPrograms();
        const string Broken = "OPENQASM 3.0;\nqubit[1] q;\nnosuchgate q[0];\n";

        var first = programs.Parse(Broken, "broken.qasm", NoIncludes);
        var second = programs.Parse(Broken, "broken.qasm", NoIncludes);

        Assert.Null(first.Circuit);
        Assert.Contains(second.Diagnostics, d => d.IsError && d.File == "broken.qasm" && d.Line == 3);
        Assert.Equal(0, programs.Count);
    }

    [Fact]
    public void Parse_PastItsCapacityOrSourceLimit_StaysBounded()
    {
        var programs = new ParsedPrograms(capacity: 4, maxSourceChars: 200);

        for (var i = 0; i < 20; i++)
        {
            Assert.True(programs.Parse(Ansatz + $"// {i}\n", "many.qasm", NoIncludes).Succeeded);
            Assert.InRange(programs.Count, 1, 4);
        }

        var large = Ansatz + new string('/', 300) + "\n";
        Assert.True(programs.Parse(large, "large.qasm", NoIncludes).Succeeded);
        Assert.NotSame(programs.Parse(large, "large.qasm", NoIncludes), programs.Parse(large, "large.qasm", NoIncludes));
    }

    [Fact]
    public void Prepare_RunsOfOneLoop_ShareTheParseAndKeepTheirOwnBoundCircuitsAndFingerprints()
    {
        ExperimentSpec At(double t) => ExperimentSpec.From(new ExperimentDefinition
        {
            Name = "loop",
            CircuitSource = Ansatz,
            CircuitOrigin = "loop-cache-test.qasm",
            Parameters = [new ParameterAxis("t", [t])],
            Shots = 100,
        }, NoIncludes);

        var (first, _) = ExperimentPreparation.Prepare(At(0.4));
        var (second, _) = ExperimentPreparation.Prepare(At(0.7));

        Assert.Same(first!.Circuit, second!.Circuit);
        Assert.NotEqual(first.BoundCircuits[0].ToCanonicalString(), second.BoundCircuits[0].ToCanonicalString());
        Assert.NotEqual(Fingerprint.Compute(first.Circuit, At(0.4)), Fingerprint.Compute(second.Circuit, At(0.7)));
    }
}
