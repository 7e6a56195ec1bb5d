using System.Diagnostics;
using System.Globalization;
using System.Text;
using Qxm.Circuits.Parsing;

namespace Qxm.Benchmarks;

/// <summary>How long the expansion budgets take to refuse programs that would expand exponentially (or for hours) with
/// the default limits, and what a refusal allocates: best of three after a warm-up. Each must end with its rule.</summary>
internal static class BudgetBenchmark
{
    public static void Run(TextWriter output)
    {
        output.WriteLine("case                                      rule                     best_ms   best_cpu_ms   alloc_mb   source_bytes");
        foreach (var (name, source, rule) in Cases())
        {
            OpenQasmParser.Parse(source, "budget.qasm");
            var best = double.MaxValue;
            var bestCpu = double.MaxValue;
            var allocated = 0L;
            for (var run = 0; run < 3; run++)
            {
                GC.Collect();
                var before = GC.GetAllocatedBytesForCurrentThread();
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var stopwatch = Stopwatch.StartNew();
                var result = OpenQasmParser.Parse(source, "budget.qasm");
                stopwatch.Stop();
                bestCpu = Math.Min(bestCpu, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds);
                allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                best = Math.Min(best, stopwatch.Elapsed.TotalMilliseconds);
                var first = result.Diagnostics.FirstOrDefault(d => d.IsError);
                if (result.Succeeded || first is null || !string.Equals(first.Rule, rule, StringComparison.Ordinal))
                {
                    throw new InvalidOperationException($"{name}: expected {rule}, got {(first is null ? "no error" : first.ToString())}");
                }
            }

            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name,-41} {rule,-22} {best,9:F2} {bestCpu,13:F1} {allocated / 1e6,10:F2} {source.Length,14}"));
        }
    }

    private static IEnumerable<(string Name, string Source, string Rule)> Cases()
    {
        yield return ("gate doubling, 24 levels (OpenQASM 2)", Doubling(2, 24), "qasm.expansion-limit");
        yield return ("gate doubling, 24 levels (OpenQASM 3)", Doubling(3, 24), "qasm.expansion-limit");
        yield return ("gate doubling, 200 levels (OpenQASM 3)", Doubling(3, 200), "qasm.expansion-limit");
        yield return ("for over [0:10^18]", "OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit q;\nfor int i in [0:1000000000000000000] { x q; }\n", "qasm.loop-limit");
        yield return ("nested for, 10^5 x 10^5 passes", "OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit q;\nfor int i in [1:100000] { for int j in [1:100000] { x q; } }\n", "qasm.loop-limit");
        yield return ("def calling itself twice, 2^60 calls", "OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit q;\ndef f(int n) {\n  if (n > 0) { f(n - 1); f(n - 1); }\n}\nf(60);\n", "qasm.loop-limit");
        yield return ("def recursing without end", "OPENQASM 3.0;\ndef f(int n) {\n  f(n + 1);\n}\nf(0);\n", "qasm.recursion-limit");
        yield return ("pow(1024) nested in 4 gates", NestedPowers(), "qasm.expansion-limit");
    }

    /// <summary>Gates that each call the previous one twice: the last expands to 2^levels operations.</summary>
    private static string Doubling(int version, int levels)
    {
        var sb = new StringBuilder(version == 2 ? "OPENQASM 2.0;\ninclude \"qelib1.inc\";\n" : "OPENQASM 3.0;\ninclude \"stdgates.inc\";\n");
        sb.Append("gate g0 a { x a; }\n");
        for (var i = 1; i <= levels; i++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"gate g{i} a {{ g{i - 1} a; g{i - 1} a; }}\n");
        }

        sb.Append(version == 2 ? "qreg q[1];\n" : "qubit[1] q;\n").Append(CultureInfo.InvariantCulture, $"g{levels} q[0];\n");
        return sb.ToString();
    }

    /// <summary>Each gate is the previous one to the power 1024: 1024^4 operations from four lines.</summary>
    private static string NestedPowers()
    {
        var sb = new StringBuilder("OPENQASM 3.0;\ninclude \"stdgates.inc\";\ngate p0 a { x a; }\n");
        for (var i = 1; i <= 4; i++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"gate p{i} a {{ pow(1024) @ p{i - 1} a; }}\n");
        }

        return sb.Append("qubit q;\np4 q;\n").ToString();
    }
}
