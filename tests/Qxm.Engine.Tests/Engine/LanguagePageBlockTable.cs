namespace Qxm.Engine.Tests.Engine;

/// <summary>How each code block of the OpenQASM specification's language pages must end when <c>qxm validate</c> reads
/// it on sim.statevector: <c>valid</c> (the page presents it as correct OpenQASM), <c>invalid</c> (it shows a mistake,
/// or has one of its own) or <c>sketch</c> (pseudo-code or prose). A fragment that uses names another block declares gets
/// a preamble of our own declarations that makes it a program. Outcome: <c>accepted</c>, or the first error's rule and
/// its line and column in the block's own lines. Counts: where the block's result is determined on the simulator, the
/// distribution of its measured bits.</summary>
internal static class LanguagePageBlockTable
{
    public sealed record Entry(string Hash, string Status, string Outcome, string Reason, string Preamble = "", IReadOnlyDictionary<string, double>? Counts = null, IReadOnlyDictionary<string, double>? Inputs = null)
    {
        /// <summary>For a pulse-level block: how it ends on a backend that takes pulse-level calibration
        /// (<see cref="LanguagePageBlocksValidationTests"/> validates it there too).</summary>
        public string? Pulse { get; init; }

        /// <summary>For a block whose inputs decide what runs: a second point of inputs and the counts it must give, so that
        /// the test shows the branch changing with the value.</summary>
        public (IReadOnlyDictionary<string, double> Inputs, IReadOnlyDictionary<string, double> Counts)? Also { get; init; }
    }

    private const string Std = "include \"stdgates.inc\";\n";

    public static readonly IReadOnlyDictionary<string, Entry> Entries = new Dictionary<string, Entry>(StringComparer.Ordinal)
    {
        ["classical#0"] = new("8504241d", "valid", "accepted", ""),
        ["classical#1"] = new("a87803c8", "invalid", "qasm.syntax 6:3", "'rotl(a, 2)' lacks its ';'"),
        ["classical#2"] = new("d64a9782", "valid", "accepted", "uses 'c', which the page never declares", "int[32] c = 2;\n"),
        ["classical#3"] = new("a52bae70", "valid", "accepted", ""),
        ["classical#4"] = new("a415cffd", "valid", "accepted", ""),
        ["classical#5"] = new("f20e52b6", "valid", "accepted", "complex arithmetic, computed before the run"),
        ["classical#6"] = new("469a351c", "invalid", "qasm.syntax 7:1", "'bit output = measure qubit' lacks its ';' (and measures the keyword 'qubit')"),
        ["classical#7"] = new("c251ff87", "valid", "accepted", "calls 'subroutine', which the page never defines (our preamble does)", "def subroutine(int i) { }\n", new Dictionary<string, double> { ["00000"] = 1.0 }),
        ["classical#8"] = new("efab7b41", "valid", "accepted", "a counter of measured ones, held in a register while the shot runs", "", new Dictionary<string, double> { ["000000000000000000000000000010101"] = 1.0 }),
        ["classical#9"] = new("2ad8ce2a", "valid", "accepted", ""),
        ["classical#10"] = new("071ca73c", "invalid", "qasm.syntax 3:1", "'break' outside a loop, as the page says"),
        ["classical#11"] = new("14b83f8e", "valid", "accepted", ""),
        ["classical#12"] = new("09d6d03a", "valid", "accepted", ""),
        ["classical#13"] = new("87943b1b", "valid", "accepted", "", "", new Dictionary<string, double> { ["00"] = 1.0 }),
        ["classical#14"] = new("2998b904", "valid", "accepted", "", "", new Dictionary<string, double> { ["0"] = 1.0 }),
        ["classical#15"] = new("d8ac6972", "valid", "accepted", "an integer summed from measured bits in a subroutine, switched on per shot", "", new Dictionary<string, double> { ["00000000000000000000000000000000000000000000000000000000000000000"] = 1.0 }),
        ["comments#0"] = new("dafc9422", "valid", "accepted", ""),
        ["comments#1"] = new("3e601b1f", "valid", "accepted", ""),
        ["comments#2"] = new("42c5bb53", "valid", "accepted", ""),
        ["delays#0"] = new("3a89dd25", "valid", "accepted", ""),
        ["delays#1"] = new("63e3d1b2", "valid", "accepted", "a fragment: calls cx without an include", Std),
        ["delays#2"] = new("5a488f4e", "valid", "accepted", "a fragment: calls cx without an include, and 'u' (a gate without parameters) that the page never defines", Std + "gate u a { U(π, 0, π) a; }\n"),
        ["delays#3"] = new("e4b0667b", "valid", "accepted", ""),
        ["delays#4"] = new("e4c1713b", "sketch", "qasm.syntax 1:7", "'/* number */' stands for a value; 'rotary' is never defined"),
        ["delays#5"] = new("eb72965f", "valid", "accepted", "a fragment: names q and cx declared elsewhere", Std + "qubit[4] q;\n"),
        ["delays#6"] = new("ae065b29", "valid", "accepted", "a fragment: calls cx without an include, and 'u' that the page never defines", Std + "gate u a { U(π, 0, π) a; }\n"),
        ["delays#7"] = new("5227a825", "valid", "accepted", "a fragment: names q and the duration ddt declared elsewhere", Std + "qubit q;\nduration ddt = 20ns;\n"),
        ["delays#8"] = new("df740aac", "valid", "accepted", "a fragment: names q and the duration ddt declared elsewhere", Std + "qubit q;\nduration ddt = 20ns;\n"),
        ["delays#9"] = new("9ccdfda3", "sketch", "qasm.undefined-identifier 3:11", "\"some complicated circuit\" stands for the code that declares q, q1, str1, a, b, mygate1 and mygate2"),
        ["delays#10"] = new("db99f483", "invalid", "qasm.redefinition 3:9", "declares the stretch 's' where stdgates.inc defines the gate 's', which the scope rules forbid (scope page: 'int h' after 'gate h')"),
        ["delays#11"] = new("6fedccd7", "valid", "accepted", "a fragment: names the registers r, q, a and the gates declared elsewhere", Std + "qubit[2] r;\nqubit[1] q;\nqubit[1] a;\n"),
        ["directives#0"] = new("e71cf1b3", "valid", "accepted", ""),
        ["directives#1"] = new("93e05dca", "valid", "accepted", ""),
        ["directives#2"] = new("ded0f2a4", "sketch", "qasm.unsupported 3:7", "'{ ... }' stands for a calibration body, and the gate body assigns 'x = a * b'"),
        ["directives#3"] = new("1fbbd61e", "valid", "accepted", "an if on an integer input, decided per sweep point by the binder (basis 0: h; basis 2: nothing)", "",
            new Dictionary<string, double> { ["0"] = 0.5, ["1"] = 0.5 }, new Dictionary<string, double> { ["basis"] = 0 })
        {
            Also = (new Dictionary<string, double> { ["basis"] = 2 }, new Dictionary<string, double> { ["0"] = 1.0 }),
        },
        ["directives#4"] = new("b2c60cff", "valid", "accepted", "inputs given values as an experiment gives them", "", null, new Dictionary<string, double> { ["param1"] = 0.25, ["param2"] = 0.5 }),
        ["directives#5"] = new("fb8ca68f", "valid", "accepted", "an input array, its elements given as an experiment gives them (params[0], params[1])", "", null,
            new Dictionary<string, double> { ["params[0]"] = 0.25, ["params[1]"] = 0.5 }),
        ["gates#0"] = new("45513d61", "sketch", "qasm.undefined-gate 1:1", "shows the form of calls to gates g0..g3 of 0 to 3 qubits, never defined"),
        ["gates#1"] = new("7efbee6c", "invalid", "qasm.register-size-mismatch 7:25", "broadcasts over qr2 (2 qubits) and qr3 (3), as the page says; g4 is declared by our preamble", "gate g4 a, b, c, d { }\n"),
        ["gates#2"] = new("727d869c", "valid", "accepted", ""),
        ["gates#3"] = new("a0394b18", "valid", "accepted", "a fragment: q is declared elsewhere, and CX (stdgates.inc, which would also define cphase) by our preamble", "gate CX a, b { ctrl @ U(π, 0, π) a, b; }\nqubit[2] q;\n"),
        ["gates#4"] = new("daaae8f5", "sketch", "qasm.syntax 4:1", "the form of a gate definition: 'params', 'qargs' and 'body' stand for its parts"),
        ["gates#5"] = new("ae70a5d6", "invalid", "qasm.redefinition 7:6", "defines 'g' twice, the second indexing its single qubit a[0], as the page says"),
        ["gates#6"] = new("c274bc1c", "valid", "accepted", ""),
        ["gates#7"] = new("0ae9f05b", "valid", "accepted", ""),
        ["gates#8"] = new("525e3939", "valid", "accepted", ""),
        ["gates#9"] = new("4fcffb45", "sketch", "qasm.redefinition 6:6", "two alternative definitions of 'rzm' in one block (a redefinition as one program); rzp is declared by our preamble", "gate rzp(θ) a { U(0, 0, θ) a; }\n"),
        ["gates#10"] = new("2a70055d", "valid", "accepted", "a fragment: sx is declared by our preamble (stdgates.inc would also define x)", "gate sx a { U(π / 2, -π / 2, π / 2) a; }\n"),
        ["gates#11"] = new("f13028cb", "sketch", "qasm.syntax 3:7", "ends with a sentence of prose"),
        ["insts#0"] = new("a6404db5", "valid", "accepted", ""),
        ["insts#1"] = new("a2da0934", "valid", "accepted", "", "", new Dictionary<string, double> { ["1111111111"] = 1.0 }),
        ["insts#2"] = new("fcd490c9", "invalid", "qasm.redefinition 3:9", "declares the stretch 's' where stdgates.inc defines the gate 's', which the scope rules forbid"),
        ["openpulse#0"] = new("ba6ee443", "valid", "target.pulse-calibration 1:1", "pulse-level calibration, kept verbatim: refused on sim.statevector (no PulseCalibration), validated on Braket's Ankaa-3") { Pulse = "accepted" },
        ["openpulse#1"] = new("f8600248", "valid", "target.pulse-calibration 1:1", "calls gates that only a defcal defines: kept with the calibrations, refused on sim.statevector naming the gate, validated on Braket's Ankaa-3") { Pulse = "accepted" },
        ["openpulse#2"] = new("15e254eb", "valid", "target.pulse-calibration 1:1", "pulse-level calibration, kept verbatim: refused on sim.statevector (no PulseCalibration), validated on Braket's Ankaa-3") { Pulse = "accepted" },
        ["openpulse#3"] = new("3136d712", "invalid", "qasm.syntax 24:19", "calls a gate on '$1 $2' without a comma (the gates only a defcal defines are kept with the calibrations)"),
        ["openpulse#4"] = new("273ca353", "valid", "target.pulse-calibration 1:1", "calls gates that only a defcal defines: kept with the calibrations, refused on sim.statevector naming the gate, validated on Braket's Ankaa-3") { Pulse = "accepted" },
        ["openpulse#5"] = new("fa9bf5de", "invalid", "qasm.syntax 12:22", "calls a gate on '$0 $1' without a comma (the page's compile-time error is the frame used twice)"),
        ["openpulse#6"] = new("1ba5a8f6", "valid", "target.pulse-calibration 1:1", "valid, needs a target with pulse control and mid-circuit measurement; none of the modelled vendors documents one (Braket documents pulse control on Rigetti's Ankaa-3, which measures at the end of the program only; its mid-circuit measurement is an experimental capability of IQM Garnet, in Braket's own measure_ff/cc_prx instructions, not documented with pulse control; IBM no longer takes pulse-level programs; docs/openqasm.md). A cal block inside a loop, kept for each pass, 'measure $0;' on each pass") { Pulse = "target.mid-circuit-measurement 26:5" },
        ["openpulse#7"] = new("e0cec2ca", "valid", "target.pulse-calibration 1:1", "valid, needs a target with pulse control and mid-circuit measurement; none of the modelled vendors documents one (Braket documents pulse control on Rigetti's Ankaa-3, which measures at the end of the program only; its mid-circuit measurement is an experimental capability of IQM Garnet, in Braket's own measure_ff/cc_prx instructions, not documented with pulse control; IBM no longer takes pulse-level programs; docs/openqasm.md). A cal block inside a loop, kept for each pass, 'measure $0;' on each pass") { Pulse = "target.mid-circuit-measurement 16:5" },
        ["openpulse#8"] = new("0f50d66e", "valid", "target.pulse-calibration 1:1", "pulse-level calibration, kept verbatim: refused on sim.statevector (no PulseCalibration), validated on Braket's Ankaa-3") { Pulse = "accepted" },
        ["openpulse#9"] = new("62cbac4a", "valid", "target.pulse-calibration 1:1", "pulse-level calibration, kept verbatim: refused on sim.statevector (no PulseCalibration), validated on Braket's Ankaa-3") { Pulse = "accepted" },
        ["openpulse#10"] = new("14551271", "sketch", "qasm.syntax 4:17", "'...' stands for the constants' values"),
        ["openpulse#11"] = new("78e2ec41", "sketch", "qasm.syntax 3:35", "'...' stands for the constants' values"),
        ["pulses#0"] = new("88470e38", "valid", "target.pulse-calibration 1:1", "pulse-level calibration, kept verbatim: refused on sim.statevector (no PulseCalibration), validated on Braket's Ankaa-3") { Pulse = "accepted" },
        ["pulses#1"] = new("8ea084d5", "valid", "target.pulse-calibration 1:1", "pulse-level calibration, kept verbatim: refused on sim.statevector (no PulseCalibration), validated on Braket's Ankaa-3") { Pulse = "accepted" },
        ["pulses#2"] = new("be6690ec", "valid", "target.pulse-calibration 1:1", "pulse-level calibration, kept verbatim: refused on sim.statevector (no PulseCalibration), validated on Braket's Ankaa-3") { Pulse = "accepted" },
        ["pulses#3"] = new("308467e2", "valid", "target.pulse-calibration 1:1", "pulse-level calibration, kept verbatim: refused on sim.statevector (no PulseCalibration), validated on Braket's Ankaa-3") { Pulse = "accepted" },
        ["pulses#4"] = new("52f30e69", "valid", "target.pulse-calibration 1:1", "pulse-level calibration, kept verbatim: refused on sim.statevector (no PulseCalibration), validated on Braket's Ankaa-3") { Pulse = "accepted" },
        ["pulses#5"] = new("6ab72c2d", "valid", "target.pulse-calibration 2:1", "pulse-level calibration, kept verbatim: refused on sim.statevector (no PulseCalibration), validated on Braket's Ankaa-3") { Pulse = "accepted" },
        ["pulses#6"] = new("1eee8639", "valid", "target.pulse-calibration 1:1", "pulse-level calibration, kept verbatim: refused on sim.statevector (no PulseCalibration), validated on Braket's Ankaa-3") { Pulse = "accepted" },
        ["pulses#7"] = new("8e804ec6", "valid", "target.pulse-calibration 3:1", "pulse-level calibration, kept verbatim: refused on sim.statevector (no PulseCalibration), validated on Braket's Ankaa-3") { Pulse = "accepted" },
        ["pulses#8"] = new("a64ca816", "invalid", "qasm.syntax 7:1", "'include \"backend.inc\"' lacks its ';'"),
        ["standard_library#0"] = new("b10276d1", "valid", "accepted", ""),
        ["subroutines#0"] = new("37308fcc", "valid", "accepted", ""),
        ["subroutines#1"] = new("2ba65d22", "valid", "accepted", ""),
        ["subroutines#2"] = new("478fc540", "valid", "accepted", ""),
        ["types#0"] = new("b7e1af96", "valid", "accepted", ""),
        ["types#1"] = new("332d9a57", "valid", "accepted", "", "", new Dictionary<string, double> { ["000"] = 1.0 }),
        ["types#2"] = new("68a8491a", "valid", "accepted", ""),
        ["types#3"] = new("c05af011", "valid", "accepted", ""),
        ["types#4"] = new("6c1c33c4", "sketch", "qasm.undefined-gate 2:1", "'{ ... }' stands for the calibration body"),
        ["types#5"] = new("d0d0237e", "valid", "accepted", "", "", new Dictionary<string, double> { ["0000111100000000000000000000"] = 1.0 }),
        ["types#6"] = new("7e895e54", "valid", "accepted", ""),
        ["types#7"] = new("04d8a8ef", "valid", "accepted", ""),
        ["types#8"] = new("b5e39a1d", "valid", "accepted", "complex with 'im' (also after a space), real()"),
        ["types#9"] = new("c12e4e58", "valid", "accepted", "a bool given a bit while the shot runs", "", new Dictionary<string, double> { ["00"] = 1.0 }),
        ["types#10"] = new("d3e06f0b", "invalid", "qasm.type 12:7", "sizes a register by 'runtime_size', which is not const, as the page says"),
        ["types#11"] = new("63c0c3e7", "invalid", "qasm.type 13:20", "assigns a const float to a const int, as the page says"),
        ["types#12"] = new("6e9afc09", "valid", "accepted", "", "", new Dictionary<string, double> { ["10101"] = 1.0 }),
        ["types#13"] = new("dcc702b5", "invalid", "qasm.type 12:19", "casts a float to bit[2], as the page says"),
        ["types#14"] = new("5b8f9867", "valid", "accepted", ""),
        ["types#15"] = new("eb726bd0", "invalid", "qasm.undefined-identifier 15:19", "its invalid statement is mod(c1, 2) at 21; qxm refuses the valid rotl(b1, 3) before it (GAP: rotl, rotr, popcount, mod and pow are not built in)"),
        ["types#16"] = new("c5de6a3c", "invalid", "qasm.syntax 4:1", "'int i3 = 0xffff_ffff' lacks its ';'"),
        ["types#17"] = new("a265c3d8", "valid", "accepted", ""),
        ["types#18"] = new("d1f2fa87", "valid", "accepted", "", "", new Dictionary<string, double> { ["0001000100010001"] = 1.0 }),
        ["types#19"] = new("86852710", "valid", "accepted", ""),
        ["types#20"] = new("2c1bcffb", "valid", "accepted", ""),
        ["types#21"] = new("2e943eac", "invalid", "qasm.syntax 7:1", "'bb[0, 1] = aa[2]' lacks its ';'"),
        ["types#22"] = new("a1d7a073", "valid", "accepted", ""),
        ["types#23"] = new("e5a15620", "valid", "accepted", ""),
        ["types#24"] = new("bec757a3", "invalid", "qasm.unsupported 14:35", "concatenated[0:2:12] reaches index 12 of 12 qubits; qxm refuses the stepped slice first (GAP: slices with a step)"),
        ["types#25"] = new("dc382d85", "valid", "accepted", "bits of an integer read (slices with steps, negative indices) and written (myInt[4:7] = \"1010\")", "", new Dictionary<string, double> { ["000000000000000000000000000000000000000000000011001"] = 1.0 }),
        ["types#26"] = new("26d7eada", "valid", "accepted", "a bit of an array element written and read (intArr[0][0], intArr[4][0:4])", "", new Dictionary<string, double> { ["00100"] = 1.0 }),
        ["types#27"] = new("4d827b15", "invalid", "qasm.unsupported 4:27", "its last two lines lack their ';' and the page calls one forbidden; qxm refuses the array concatenation before them (GAP: '++' of arrays)"),
        ["types#28"] = new("0363ae46", "invalid", "qasm.type 12:13", "assigns a 1-dimensional array to a 2-dimensional element, as the page says"),
        ["types#29"] = new("8a503f26", "valid", "accepted", ""),
    };
}
