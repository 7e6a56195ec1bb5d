using Qxm.Circuits.Export;
using Qxm.Circuits.Ir;
using Qxm.Circuits.Parsing;
using Qxm.Backends.Vendors.Braket;
using Qxm.Circuits.Validation;
using Qxm.Domain.Backends;

namespace Qxm.Engine.Tests.Validation;

/// <summary>Pulse-level calibration is read and kept verbatim by the front end, refused by the target check at each
/// calibration statement on every backend that does not declare it reads calibrations (none of qxm's own does), and
/// accepted on one that does.</summary>
public class PulseCalibrationTests
{
    private const string Body = """
        defcalgrammar "openpulse";
        cal {
           extern drive(frame f);
        }
        defcal x $0 {
           play drive(q), gaussian(100, 30, 5);
        }
        bit c;
        x $0;
        c = measure $0;

        """;

    [Fact]
    public void Parse_CalibrationStatements_AreKeptVerbatimAndWrittenBack()
    {
        var circuit = OpenQasmParser.Parse("OPENQASM 3.0;\ninclude \"stdgates.inc\";\n" + Body, "cal.qasm").Circuit!;

        Assert.Equal(
            [
                (DirectiveKind.Calibration, "defcalgrammar \"openpulse\";", 3),
                (DirectiveKind.Calibration, "cal {\n   extern drive(frame f);\n}", 4),
                (DirectiveKind.Calibration, "defcal x $0 {\n   play drive(q), gaussian(100, 30, 5);\n}", 7),
            ],
            circuit.Directives.Select(d => (d.Kind, d.Text, d.Span.Line)).ToArray());
        var written = OpenQasm3Writer.Write(circuit);
        var reparsed = OpenQasmParser.Parse(written, "written.qasm").Circuit!;
        Assert.Equal(circuit.ToCanonicalString(), reparsed.ToCanonicalString());
    }

    [Fact]
    public void Validate_CalibrationStatements_AreRefusedAtEachOne()
    {
        var errors = Validate.Errors(Validate.Program(Body, new Target(4, 10_000, 10), "sim.statevector"));

        Assert.Equal([(ValidationRules.PulseCalibration, 4, 1), (ValidationRules.PulseCalibration, 5, 1), (ValidationRules.PulseCalibration, 8, 1)],
            errors.Select(e => (e.Rule, e.Line, e.Column)).ToArray());
        Assert.StartsWith("pulse-level calibration ('defcal') is not supported on sim.statevector", errors[2].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_CalibrationStatements_AreAcceptedWhereTheTargetReadsCalibrations()
    {
        var target = new Target(4, 10_000, 10) { Features = TargetFeatures.All with { PulseCalibration = true } };

        Assert.Empty(Validate.Errors(Validate.Program(Body, target, "pulse-device")));
    }

    [Fact]
    public void Validate_GateOnlyADefcalDefines_IsRefusedNamingTheGate()
    {
        const string program = "defcalgrammar \"openpulse\";\ndefcal my_gate $0 {\n  play(f, wf);\n}\nmy_gate $0;\n";

        var errors = Validate.Errors(Validate.Program(program, new Target(4, 10_000, 10), "sim.statevector"));

        Assert.Equal([(4, 1), (5, 1), (8, 1)], errors.Select(e => (e.Line, e.Column)).ToArray());
        Assert.All(errors, e => Assert.Equal(ValidationRules.PulseCalibration, e.Rule));
        Assert.StartsWith("gate 'my_gate' is defined only by a 'defcal' (pulse-level calibration), which sim.statevector does not read", errors[2].Message, StringComparison.Ordinal);
        var pulse = new Target(4, 10_000, 10) { Features = TargetFeatures.All with { PulseCalibration = true } };
        Assert.Empty(Validate.Errors(Validate.Program(program, pulse, "pulse-device")));
    }

    [Fact]
    public void BraketAnkaa_TakesPulseLevelCalibration_AsBraketDocumentsPulseControlThere()
    {
        var ankaa = BraketDevices.Find("arn:aws:braket:us-west-1::device/qpu/rigetti/Ankaa-3")!;
        var aria = BraketDevices.Find("arn:aws:braket:us-east-1::device/qpu/ionq/Aria-1")!;

        Assert.True(BraketDevices.Target(ankaa.Qubits, ankaa.MaxShots, ankaa.Gates, ankaa.Pulse).Features.PulseCalibration);
        Assert.False(BraketDevices.Target(aria.Qubits, aria.MaxShots, aria.Gates, aria.Pulse).Features.PulseCalibration);
    }
}
