using System.Diagnostics;
using System.Globalization;
using System.Text;
using Qxm.Circuits.Parsing;
using Qxm.Circuits.Syntax;

namespace Qxm.Benchmarks;

/// <summary>Parse time against program size, 1k to 1M lines, for OpenQASM 2 straight-line code and for OpenQASM 3
/// with classical code (declarations, arithmetic in parameters, runtime branches). Best of three runs after a warm-up,
/// with the bytes a parse allocates and the bytes its circuit holds, both per line, and the bytes a line costs in the
/// syntax stage alone (read statement by statement, nothing lowered): the clearest signal on a shared machine.</summary>
internal static class ParseBenchmark
{
    private static readonly int[] Sizes = [1_000, 10_000, 100_000, 1_000_000];

    public static void Run(TextWriter output, int maxLines)
    {
        output.WriteLine("version    lines   best_ms   us_per_line   alloc_mb   held_mb   operations   alloc_b_per_line   syntax_b_per_line   best_cpu_ms   gc_0_1_2");
        foreach (var version in new[] { 2, 3 })
        {
            foreach (var lines in Sizes.Where(n => n <= maxLines))
            {
                var source = Program(version, lines);
                OpenQasmParser.Parse(source, "bench.qasm");
                var measurement = new Measurement();
                var operations = 0;
                for (var run = 0; run < 3; run++)
                {
                    operations = measurement.Take(() => OpenQasmParser.Parse(source, "bench.qasm"));
                }

                var syntaxBytes = SyntaxAllocation(source);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"OpenQASM {version} {lines,9} {measurement.Best,9:F1} {measurement.Best * 1000 / lines,13:F3} {measurement.Allocated / 1e6,10:F1} {measurement.Held / 1e6,9:F1} {operations,12} {(double)measurement.Allocated / lines,18:F1} {(double)syntaxBytes / lines,19:F1} {measurement.BestCpu,13:F1}   {measurement.Collections}"));
            }
        }
    }

    private static long SyntaxAllocation(string source)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var reader = SyntaxParser.Open(source, "bench.qasm");
        while (reader.ReadStatement() is not null)
        {
        }

        if (reader.Diagnostics.Count > 0)
        {
            throw new InvalidOperationException(reader.Diagnostics[0].ToString());
        }

        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    /// <summary>The best time of the runs so far, and the memory of the last.</summary>
    private sealed class Measurement
    {
        public double Best { get; private set; } = double.MaxValue;

        /// <summary>The process's CPU time, GC threads included: steadier than wall time on a loaded machine.</summary>
        public double BestCpu { get; private set; } = double.MaxValue;

        public long Allocated { get; private set; }

        /// <summary>The collections of generations 0, 1 and 2 during the last run.</summary>
        public string Collections { get; private set; } = "";

        public long Held { get; private set; }

        public int Take(Func<ParseResult> parse)
        {
            GC.Collect();
            var baseline = GC.GetTotalMemory(forceFullCollection: true);
            var before = GC.GetAllocatedBytesForCurrentThread();
            var collections = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var stopwatch = Stopwatch.StartNew();
            var result = parse();
            stopwatch.Stop();
            BestCpu = Math.Min(BestCpu, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds);
            Collections = string.Create(CultureInfo.InvariantCulture,
                $"{GC.CollectionCount(0) - collections.Item1}/{GC.CollectionCount(1) - collections.Item2}/{GC.CollectionCount(2) - collections.Item3}");
            Allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Held = GC.GetTotalMemory(forceFullCollection: true) - baseline;
            if (!result.Succeeded)
            {
                throw new InvalidOperationException(result.Diagnostics[0].ToString());
            }

            Best = Math.Min(Best, stopwatch.Elapsed.TotalMilliseconds);
            GC.KeepAlive(result);
            return result.Circuit!.Operations.Length;
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
