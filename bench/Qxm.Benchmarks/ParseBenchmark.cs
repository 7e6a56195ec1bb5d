using System.Diagnostics;
using System.Globalization;
using System.Text;
using Qxm.Circuits.Parsing;
using Qxm.Circuits.Syntax;

namespace Qxm.Benchmarks;

/// <summary>Parse time against program size, 1k to 1M lines, for OpenQASM 2 straight-line code and for OpenQASM 3
/// with classical code (declarations, arithmetic in parameters, runtime branches). Best of three runs after a warm-up, with the bytes each allocates.</summary>
internal static class ParseBenchmark
{
    public static void Run(TextWriter output)
    {
        // The current front end (parse, bind and expand) and the staged front end's syntax stage (text to syntax tree)
        // are timed in alternation on the same text, so that a shared machine's load falls on both alike.
        output.WriteLine("version    lines   best_ms   us_per_line   operations   alloc_mb   tree_ms  tree_us_line  tree_mb   stream_ms  stream_us_line  stream_mb");
        foreach (var version in new[] { 2, 3 })
        {
            foreach (var lines in new[] { 1_000, 10_000, 100_000, 1_000_000 })
            {
                var source = Program(version, lines);
                OpenQasmParser.Parse(source, "bench.qasm");
                SyntaxParser.Parse(source, "bench.qasm");
                var best = double.MaxValue;
                var syntaxBest = double.MaxValue;
                var streamBest = double.MaxValue;
                long streamAllocated = 0;
                var operations = 0;
                long allocated = 0;
                long syntaxAllocated = 0;
                for (var run = 0; run < 3; run++)
                {
                    var before = GC.GetAllocatedBytesForCurrentThread();
                    var stopwatch = Stopwatch.StartNew();
                    var result = OpenQasmParser.Parse(source, "bench.qasm");
                    stopwatch.Stop();
                    allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                    if (!result.Succeeded)
                    {
                        throw new InvalidOperationException(result.Diagnostics[0].ToString());
                    }

                    operations = result.Circuit!.Operations.Length;
                    best = Math.Min(best, stopwatch.Elapsed.TotalMilliseconds);

                    before = GC.GetAllocatedBytesForCurrentThread();
                    stopwatch.Restart();
                    SyntaxTree? tree = SyntaxParser.Parse(source, "bench.qasm");
                    stopwatch.Stop();
                    syntaxAllocated = GC.GetAllocatedBytesForCurrentThread() - before;
                    if (tree.HasErrors)
                    {
                        throw new InvalidOperationException(tree.Diagnostics[0].ToString());
                    }

                    syntaxBest = Math.Min(syntaxBest, stopwatch.Elapsed.TotalMilliseconds);
                    tree = null;

                    // Statement by statement, as the front end consumes the tree: one statement's nodes alive at a time.
                    before = GC.GetAllocatedBytesForCurrentThread();
                    stopwatch.Restart();
                    var reader = SyntaxParser.Open(source, "bench.qasm");
                    var statements = 0;
                    while (reader.ReadStatement() is not null)
                    {
                        statements++;
                    }

                    stopwatch.Stop();
                    streamAllocated = GC.GetAllocatedBytesForCurrentThread() - before;
                    if (reader.Diagnostics.Count > 0 || statements < lines / 2)
                    {
                        throw new InvalidOperationException($"streamed {statements} statements of {lines} lines");
                    }

                    streamBest = Math.Min(streamBest, stopwatch.Elapsed.TotalMilliseconds);
                }

                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"OpenQASM {version} {lines,9} {best,9:F1} {best * 1000 / lines,13:F3} {operations,12} {allocated / 1e6,10:F1} {syntaxBest,9:F1} {syntaxBest * 1000 / lines,13:F3} {syntaxAllocated / 1e6,8:F1} {streamBest,11:F1} {streamBest * 1000 / lines,15:F3} {streamAllocated / 1e6,10:F1}"));
            }
        }
    }

    private static string Program(int version, int lines)
    {
        var sb = new StringBuilder(lines * 24);
        if (version == 2)
        {
            sb.Append("OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[16];\ncreg c[16];\n");
            for (var i = 4; i < lines; i++)
            {
                var a = i % 16;
                var b = (i + 5) % 16;
                sb.Append((i % 4) switch
                {
                    0 => $"h q[{a}];\n",
                    1 => $"cx q[{a}], q[{b}];\n",
                    2 => $"rz(pi/{1 + (i % 7)}) q[{a}];\n",
                    _ => $"u3(0.1, {i % 3}*pi/2, -0.5) q[{b}];\n",
                });
            }

            return sb.ToString();
        }

        sb.Append("OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit[16] q;\nbit[16] c;\nconst int n = 3;\nfloat theta = pi / 8;\n");
        for (var i = 6; i < lines; i++)
        {
            var a = i % 16;
            var b = (i + 5) % 16;
            sb.Append((i % 5) switch
            {
                0 => $"h q[{a}];\n",
                1 => $"ctrl @ x q[{a}], q[{b}];\n",
                2 => $"rz(theta * {i % 7} + n ** 2) q[{a}];\n",
                3 => $"c[{a}] = measure q[{a}];\n",
                _ => $"if (c[{b}] == 1) {{ x q[{a}]; }}\n",
            });
        }

        return sb.ToString();
    }
}
