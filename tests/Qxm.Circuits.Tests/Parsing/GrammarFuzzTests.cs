using System.Globalization;
using System.Text;
using Qxm.Circuits.Export;
using Qxm.Circuits.Parsing;

namespace Qxm.Circuits.Tests.Parsing;

/// <summary>A grammar-aware fuzzer: programs are built as a small syntax tree (statements over expressions, inputs,
/// input arrays and branches on them among them), the tree
/// is mutated (a subtree replaced by another of its kind, statements dropped, duplicated or moved, names and numbers
/// swapped for extreme ones, nesting deepened), then printed. The parser must answer every program with a circuit or
/// diagnostics, never an exception; and every circuit it accepts must survive a round trip through the OpenQASM 3
/// exporter. Seeds are fixed; <c>QXM_FUZZ_INPUTS</c> raises the count for a long run.</summary>
public class GrammarFuzzTests
{
    private static readonly string[] Names = ["q", "r", "c", "b", "g", "f", "i", "t", "x", "h", "pi", "theta", "$0", "$3"];
    private static readonly string[] Gates = ["x", "h", "rz", "cx", "U", "g", "ccx", "rx", "cnot", "swap"];
    private static readonly string[] Numbers = ["0", "1", "2", "3", "-1", "0.5", "1e-9", "9223372036854775807", "1e308", "2147483648", "pi"];
    private static readonly string[] Operators = ["+", "-", "*", "/", "**", "%", "==", "<", "&&", "<<", "|"];

    private abstract record Node;

    private sealed record Leaf(string Text) : Node;

    /// <summary>A statement or expression: a template whose '~' marks are filled by the children in order.</summary>
    private sealed record Branch(string Template, Node[] Children) : Node;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Parse_MutatedSyntaxTrees_OnlyFailWithDiagnostics_AndAcceptedOnesRoundTrip(int seed)
    {
        var count = int.TryParse(Environment.GetEnvironmentVariable("QXM_FUZZ_INPUTS"), CultureInfo.InvariantCulture, out var n) ? n / 3 : 700;
        var random = new Random(seed);
        var limits = new ExpansionLimits { MaxOperations = 20_000, MaxLoopIterations = 2_000 };
        var accepted = 0;
        for (var i = 0; i < count; i++)
        {
            Node tree = Program(random);
            for (var m = random.Next(3); m > 0; m--)
            {
                tree = Mutate(tree, random);
            }

            var source = Print(tree);
            ParseResult result;
            try
            {
                result = OpenQasmParser.Parse(source, "fuzz.qasm", limits: limits);
            }
            catch (Exception e) when (e is not Xunit.Sdk.XunitException)
            {
                Assert.Fail($"{e.GetType().Name}: {e.Message}\n--- input ---\n{source}");
                return;
            }

            if (result.Circuit is { } circuit)
            {
                accepted++;
                var text = OpenQasm3Writer.Write(circuit);
                var again = OpenQasmParser.Parse(text, "exported.qasm");
                Assert.True(again.Succeeded, $"the export of an accepted program does not parse:\n{source}\n--- export ---\n{text}\n{string.Join("\n", again.Diagnostics)}");
            }
        }

        // The generator must reach valid programs too, or the round trip checks nothing.
        Assert.True(accepted > count / 20, $"only {accepted} of {count} programs were accepted");
    }

    private static Branch Program(Random random)
    {
        var statements = new List<Node>
        {
            new Leaf("OPENQASM 3.0;\ninclude \"stdgates.inc\";\ninput float theta;\ninput int[4] n;\ninput array[float[64], 2] ps;\nqubit[4] q;\nbit[4] c;\nint i = 1;\n"),
            new Leaf("gate g(a) u, v { rz(a) u; cx u, v; }\n"),
        };
        for (var k = random.Next(1, 8); k > 0; k--)
        {
            statements.Add(Statement(random, 0));
        }

        return new Branch(string.Concat(Enumerable.Repeat("~", statements.Count)), [.. statements]);
    }

    private static Branch Statement(Random random, int depth) => random.Next(depth > 3 ? 6 : 15) switch
    {
        13 => new Branch("if (n ~ ~) {\n~} else {\n~}\n", [new Leaf(Pick(random, ["==", "<", ">=", "!="])), Index(random), Statement(random, depth + 1), Statement(random, depth + 1)]),
        14 => new Branch("rx(ps[~] + theta) q[~];\n", [new Leaf(Pick(random, ["0", "1", "i"])), Index(random)]),
        10 => new Branch("while (c[~] == 1) {\n~c[~] = measure q[~];\n}\n", [Index(random), Statement(random, depth + 1), Index(random), Index(random)]),
        11 => new Branch("c[~] = c[~] ~ c[~];\n", [Index(random), Index(random), new Leaf(Pick(random, ["^", "&", "|", "=="])), Index(random)]),
        12 => new Branch("~ q[{~, ~}];\n", [new Leaf(Pick(random, ["h", "x", "reset", "barrier"])), Index(random), Index(random)]),
        0 => new Branch("~(~) q[~];\n", [Pick(random, ["rz", "rx", "U"]) is var g && g == "U" ? new Leaf("U") : new Leaf(g), Expression(random, 0), Index(random)]),
        1 => new Branch("~ q[~], q[~];\n", [new Leaf(Pick(random, ["cx", "swap", "cz"])), Index(random), Index(random)]),
        2 => new Branch("c[~] = measure q[~];\n", [Index(random), Index(random)]),
        3 => new Branch("~ @ x q[~], q[~];\n", [new Leaf(Pick(random, ["ctrl", "negctrl", "inv", "pow(2)"])), Index(random), Index(random)]),
        4 => new Branch("g(~) q[~], q[~];\n", [Expression(random, 0), Index(random), Index(random)]),
        5 => new Branch("i = ~;\n", [Expression(random, 0)]),
        6 => new Branch("for int k in [0:~] {\n~}\n", [new Leaf(Pick(random, ["0", "2", "3"])), Statement(random, depth + 1)]),
        7 => new Branch("if (c[~] == 1) {\n~} else {\n~}\n", [Index(random), Statement(random, depth + 1), Statement(random, depth + 1)]),
        8 => new Branch("box {\n~}\n", [Statement(random, depth + 1)]),
        _ => new Branch("if (i ~ 2) {\n~}\n", [new Leaf(Pick(random, ["==", "<", ">="])), Statement(random, depth + 1)]),
    };

    private static Leaf Index(Random random) => new Leaf(Pick(random, ["0", "1", "2", "3", "i"]));

    private static Node Expression(Random random, int depth) => random.Next(depth > 4 ? 2 : 5) switch
    {
        0 => new Leaf(Pick(random, ["0.5", "1", "pi", "theta", "2", "ps[1]", "n"])),
        1 => new Leaf(Pick(random, ["i", "pi / 4", "-theta"])),
        2 => new Branch("(~ ~ ~)", [Expression(random, depth + 1), new Leaf(Pick(random, ["+", "-", "*", "/"])), Expression(random, depth + 1)]),
        3 => new Branch("~(~)", [new Leaf(Pick(random, ["sin", "cos", "sqrt", "exp"])), Expression(random, depth + 1)]),
        _ => new Branch("-~", [Expression(random, depth + 1)]),
    };

#pragma warning disable CA1859 // Mutate returns branches too (its last line); the analyzer sees only the leaves.
    private static Node Mutate(Node node, Random random)
#pragma warning restore CA1859
    {
        if (node is not Branch branch || branch.Children.Length == 0)
        {
            return random.Next(3) switch
            {
                0 => new Leaf(Pick(random, Names)),
                1 => new Leaf(Pick(random, Numbers)),
                _ => new Leaf(Pick(random, Gates)),
            };
        }

        var children = (Node[])branch.Children.Clone();
        var at = random.Next(children.Length);
        switch (random.Next(8))
        {
            case 0:
                children[at] = Statement(random, 0);
                break;
            case 1:
                children[at] = Expression(random, 0);
                break;
            case 2:
                children[at] = new Leaf("");
                break;
            case 3:
                children[at] = children[random.Next(children.Length)];
                break;
            case 4:
                // Deep nesting: the same subtree inside a block, many levels down.
                var deep = children[at];
                for (var d = random.Next(1, 40); d > 0; d--)
                {
                    deep = new Branch("box {\n~}\n", [deep]);
                }

                children[at] = deep;
                break;
            case 5:
                children[at] = new Branch("~ ~ ~", [children[at], new Leaf(Pick(random, Operators)), Expression(random, 0)]);
                break;
            default:
                children[at] = Mutate(children[at], random);
                break;
        }

        return branch with { Children = children };
    }

    private static string Print(Node node)
    {
        var sb = new StringBuilder();
        Print(node, sb);
        return sb.ToString();
    }

    private static void Print(Node node, StringBuilder sb)
    {
        if (node is Leaf leaf)
        {
            sb.Append(leaf.Text);
            return;
        }

        var branch = (Branch)node;
        var child = 0;
        foreach (var ch in branch.Template)
        {
            if (ch == '~' && child < branch.Children.Length)
            {
                Print(branch.Children[child++], sb);
            }
            else
            {
                sb.Append(ch);
            }
        }
    }

    private static string Pick(Random random, string[] options) => options[random.Next(options.Length)];
}
