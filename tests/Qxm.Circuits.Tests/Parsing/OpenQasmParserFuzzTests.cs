using System.Globalization;
using System.Text;
using Qxm.Circuits.Parsing;

namespace Qxm.Circuits.Tests.Parsing;

/// <summary>The parser fails only through its own diagnostics, whatever it is given. Inputs are token-level
/// mutations of valid programs (so that they reach deep into the grammar) and random token soups, from fixed seeds.
/// <c>QXM_FUZZ_INPUTS</c> raises the count for a long manual run (see docs/openqasm.md).</summary>
public class OpenQasmParserFuzzTests
{
    private const string Core3 = Programs.Header3 + """
        input float theta;
        qubit[3] q;
        bit[3] c;
        const int n = 2;
        gate g(a) x, y { ctrl @ rx(a) x, y; inv @ s y; gphase(a); }
        def f(qubit r, int k) -> int { if (k > 1) { x r; } return k * 2; }
        for int i in [0:n] { h q[i]; }
        while (false) { x q[0]; }
        int m = f(q[1], 3) % 5;
        ctrl(2) @ x q[0], q[1], q[2];
        pow(0.5) @ rz(theta) q[0];
        g(pi / m) q[0], q[1];
        negctrl @ x q[2], q[0];
        c[0] = measure q[0];
        if (c[0] == 1 && !c[1]) { x q[2]; } else { delay[20ns] q[2]; }
        box[1us] { cx q[1:2], q[0:1]; }
        c = measure q;
        """;

    private const string Core2 = Programs.Header2 + """
        qreg q[3];
        creg c[3];
        gate g(a, b) x, y { rz(a * b + 1) y; CX x, y; U(a, -b / 2, pi ^ 2) x; }
        g(pi / 2, -sqrt(2)) q[0], q[1];
        h q; cx q[0], q[2];
        if (c == 5) x q[1];
        measure q -> c;
        """;

    private static readonly string[] Vocabulary =
    [
        "qubit", "bit", "int", "uint", "float", "angle", "bool", "const", "input", "output", "gate", "def", "return",
        "if", "else", "for", "in", "while", "break", "continue", "ctrl", "negctrl", "inv", "pow", "@", "gphase",
        "measure", "reset", "barrier", "delay", "box", "stretch", "duration", "x", "h", "cx", "rz", "U", "q", "c", "i",
        "n", "f", "g", "theta", "pi", "true", "false", "0", "1", "2", "-1", "0.5", "100ns", "[", "]", "(", ")", "{", "}",
        ";", ",", ":", "=", "==", "!=", "<", ">=", "+", "-", "*", "/", "**", "%", "&&", "||", "!", "~", "^", "<<", "->",
        "\"", "/*", "//", "\n", "$0", "#", "OPENQASM", "3.0", "include", "\"stdgates.inc\"", "π",
    ];

    private static int Inputs => int.TryParse(Environment.GetEnvironmentVariable("QXM_FUZZ_INPUTS"), NumberStyles.None,
        CultureInfo.InvariantCulture, out var n) ? n : 40_000;

    [Theory]
    [InlineData(Core3, 11)]
    [InlineData(Core2, 12)]
    public void Parse_TokenMutationsOfValidPrograms_OnlyFailWithDiagnostics(string program, int seed)
    {
        Assert.True(OpenQasmParser.Parse(program, "f.qasm").Succeeded, string.Join("\n", OpenQasmParser.Parse(program, "f.qasm").Diagnostics));
        var tokens = program.Split(' ');
        var random = new Random(seed);
        for (var i = 0; i < Inputs; i++)
        {
            Check(Mutate(tokens, random));
        }
    }

    [Fact]
    public void Parse_RandomTokenSequences_OnlyFailWithDiagnostics()
    {
        var random = new Random(13);
        var text = new StringBuilder();
        for (var i = 0; i < Inputs / 2; i++)
        {
            text.Clear().Append(random.Next(2) == 0 ? Programs.Header3 : Programs.Header2);
            var length = random.Next(1, 40);
            for (var t = 0; t < length; t++)
            {
                text.Append(Vocabulary[random.Next(Vocabulary.Length)]).Append(' ');
            }

            Check(text.ToString());
        }
    }

    private static void Check(string source)
    {
        ParseResult result;
        try
        {
            result = OpenQasmParser.Parse(source, "f.qasm");
        }
        catch (Exception e)
        {
            Assert.Fail($"{e.GetType().Name}: {e.Message}\n--- input ---\n{source}");
            return;
        }

        if (result.Succeeded)
        {
            Assert.NotNull(result.Circuit!.ToCanonicalString());
            return;
        }

        Assert.NotEmpty(result.Diagnostics);
        foreach (var d in result.Diagnostics)
        {
            Assert.False(string.IsNullOrWhiteSpace(d.Message) || d.Message.Contains('\n', StringComparison.Ordinal), source);
        }
    }

    private static string Mutate(string[] tokens, Random random)
    {
        var list = new List<string>(tokens);
        var edits = random.Next(1, 5);
        for (var e = 0; e < edits; e++)
        {
            var at = random.Next(list.Count);
            switch (random.Next(4))
            {
                case 0:
                    list.RemoveAt(at);
                    break;
                case 1:
                    list[at] = Vocabulary[random.Next(Vocabulary.Length)];
                    break;
                case 2:
                    list.Insert(at, list[random.Next(list.Count)]);
                    break;
                default:
                    list.Insert(at, Vocabulary[random.Next(Vocabulary.Length)]);
                    break;
            }
        }

        return string.Join(' ', list);
    }
}
