using System.Text;
using Qxm.Circuits.Parsing;

namespace Qxm.Circuits.Tests.Parsing;

public class OpenQasmParserMutationTests
{
    private const string Version2Program = Programs.Header2 + """
        // a program touching every statement kind
        qreg q[3];
        creg c[3];
        opaque magic(a) x;
        gate g(a, b) x, y { rz(a * b + 1) y; CX x, y; barrier x, y; U(a, -b / 2, pi ^ 2) x; }
        U(0.1, 2e-3, sin(pi) + ln(2)) q[0];
        g(pi / 2, -sqrt(2)) q[0], q[1];
        h q; cx q[0], q[2];
        barrier q;
        if (c == 5) x q[1];
        reset q[2];
        /* block */ measure q -> c;
        """;

    private const string Version3Program = Programs.Header3 + """
        input float[64] theta;
        qubit[2] q;
        bit[2] c;
        gate k(a) x { rx(a ** 2) x; }
        k(theta * π) q[1];
        cp(tau) q[0], q[-1];
        c[0] = measure q[0];
        c = measure q;
        """;

    private const string Alphabet = "qcregatemsur[](){};,->=.0123456789 \n\t\"/*+^πe$@#";

    [Theory]
    [InlineData(Version2Program, 1)]
    [InlineData(Version3Program, 2)]
    public void Parse_RandomMutations_NeverThrow(string program, int seed)
    {
        var random = new Random(seed);
        Assert.True(OpenQasmParser.Parse(program, "m.qasm").Succeeded);
        for (var i = 0; i < 1000; i++)
        {
            var source = Mutate(program, random, random.Next(1, 6));

            var result = OpenQasmParser.Parse(source, "m.qasm");

            Assert.True(result.Succeeded || result.Diagnostics.Count > 0, source);
            Assert.All(result.Diagnostics, d => Assert.False(string.IsNullOrWhiteSpace(d.Message)));
            Assert.All(result.Diagnostics, d => Assert.DoesNotContain('\n', d.Message));
        }
    }

    private static string Mutate(string program, Random random, int edits)
    {
        var text = new StringBuilder(program);
        for (var e = 0; e < edits; e++)
        {
            var at = random.Next(text.Length + 1);
            var c = Alphabet[random.Next(Alphabet.Length)];
            switch (random.Next(3))
            {
                case 0 when at < text.Length:
                    text.Remove(at, 1);
                    break;
                case 1 when at < text.Length:
                    text[at] = c;
                    break;
                default:
                    text.Insert(at, c);
                    break;
            }
        }

        return text.ToString();
    }
}
