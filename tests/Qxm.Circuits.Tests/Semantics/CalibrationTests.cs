using Qxm.Circuits.Ir;
using Qxm.Circuits.Tests.Parsing;

namespace Qxm.Circuits.Tests.Semantics;

/// <summary>Pulse-level calibration as the specification's OpenPulse pages write it: <c>cal</c> blocks inside loops, and
/// gates that only a <c>defcal</c> defines, kept verbatim for a target that reads calibrations.</summary>
public class CalibrationTests
{
    [Fact]
    public void Parse_CalInsideALoop_IsKeptForEachPass()
    {
        var circuit = Programs.Valid(Programs.Header3 + """
            defcalgrammar "openpulse";
            bit c;
            for int i in [1:3] {
                cal {
                    shift_frequency(driveframe, 1e6);
                }
                c = measure $0;
            }

            """);

        Assert.Equal([(3, 0), (6, 0), (6, 1), (6, 2)], circuit.Directives.Select(d => (d.Span.Line, d.OperationIndex)).ToArray());
        Assert.Equal(3, circuit.Operations.Length);
    }

    [Fact]
    public void Parse_DefcalInsideABlock_IsStillRefused()
    {
        var error = Programs.Error(Programs.Header3 + "for int i in [0:1] {\n  defcal g $0 { }\n}\n");

        Assert.Equal(("qasm.syntax", 4, 3), (error.Rule, error.Line, error.Column));
    }

    [Fact]
    public void Parse_GateOnlyADefcalDefines_IsKeptVerbatimNotUndefined()
    {
        var circuit = Programs.Valid("""
            OPENQASM 3.0;
            defcalgrammar "openpulse";
            defcal my_gate1 $0 {
              play(driveframe1, wf);
            }
            my_gate1 $0;
            bit b;
            b = measure $0;

            """);

        var call = circuit.Directives[^1];
        Assert.Equal((DirectiveKind.Calibration, "my_gate1 $0;", 6, 1, 0), (call.Kind, call.Text, call.Span.Line, call.Span.Column, call.OperationIndex));

        var undefined = Programs.Error("OPENQASM 3.0;\ndefcal my_gate1 $0 { }\nmy_gate2 $0;\n");
        Assert.Equal(("qasm.undefined-gate", 3, 1), (undefined.Rule, undefined.Line, undefined.Column));
    }

    [Fact]
    public void Parse_MeasureWithoutATarget_MeasuresIntoARegisterOfItsOwnPerWidth()
    {
        var circuit = Programs.Valid(Programs.Header3 + """
            qubit[2] q;
            bit _measured;
            measure q[0];
            measure q;
            for int i in [0:1] { measure $0; }

            """.Replace("$0", "q[1]", StringComparison.Ordinal));

        Assert.Equal(["_measured", "_measured_1", "_measured_2"], circuit.ClassicalRegisters.Select(r => r.Name));
        Assert.Equal([(0, 1), (0, 2), (1, 3), (1, 1), (1, 1)], circuit.Operations.OfType<MeasureOperation>().Select(m => (m.Qubit, m.Clbit)));
    }
}
