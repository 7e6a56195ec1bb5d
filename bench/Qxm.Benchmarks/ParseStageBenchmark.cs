using System.Diagnostics;
using System.Globalization;
using System.Text;
using Qxm.Circuits.Parsing;
using Qxm.Circuits.Syntax;

namespace Qxm.Benchmarks;

/// <summary>Where an OpenQASM 2 parse spends its time, stage by stage and statement kind by statement kind: the lexer
/// alone, the syntax stage alone (statements read, nothing lowered), and the whole parse, whose difference with the
/// syntax stage is the lowering, and the time the parse's garbage collections paused it. Each program repeats one statement kind (the parse benchmark's four, mixed, and each
/// alone). Best CPU time of three after a warm-up, with the bytes each stage allocates, both per line.</summary>
internal static class ParseStageBenchmark
{
    private static readonly (string Name, Func<int, string> Line)[] Kinds =
    [
        ("mixed", i => (i % 4) switch
        {
            0 => $"h q[{i % 16}];\n",
            1 => $"cx q[{i % 16}], q[{(i + 5) % 16}];\n",
            2 => $"rz(pi/{1 + (i % 7)}) q[{i % 16}];\n",
            _ => $"u3(0.1, {i % 3}*pi/2, -0.5) q[{(i + 5) % 16}];\n",
        }),
        ("h q[i]", i => $"h q[{i % 16}];\n"),
        ("cx q[i],q[j]", i => $"cx q[{i % 16}],q[{(i + 5) % 16}];\n"),
        ("rz(0.123) q[i]", i => $"rz(0.123) q[{i % 16}];\n"),
        ("U(pi/2,0,pi) q[i]", i => $"U(pi/2,0,pi) q[{i % 16}];\n"),
    ];

    /// <param name="only">The one program to measure (its name as printed), or null for all.</param>
    public static void Run(TextWriter output, int lines, string? only = null)
    {
        output.WriteLine("program               lines   lex_us   syntax_us   parse_us   lower_us   lex_b   syntax_b   parse_b   lower_b   gc_pause_us   gc_0_1_2   (per line; CPU, best of 3; the parse's GC pauses)");
        foreach (var (name, line) in Kinds.Where(k => only is null || string.Equals(k.Name, only, StringComparison.Ordinal)))
        {
            var sb = new StringBuilder(lines * 24);
            sb.Append("OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[16];\ncreg c[16];\n");
            for (var i = 4; i < lines; i++)
            {
                sb.Append(line(i));
            }

            var source = sb.ToString();
            var lex = Measure(() => Lex(source));
            var syntax = Measure(() => Syntax(source));
            var parse = Measure(() => Parse(source));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name,-18} {lines,9} {lex.Cpu * 1000 / lines,8:F3} {syntax.Cpu * 1000 / lines,11:F3} {parse.Cpu * 1000 / lines,10:F3} {(parse.Cpu - syntax.Cpu) * 1000 / lines,10:F3} {(double)lex.Bytes / lines,7:F0} {(double)syntax.Bytes / lines,10:F0} {(double)parse.Bytes / lines,9:F0} {(double)(parse.Bytes - syntax.Bytes) / lines,9:F0} {parse.Pause * 1000 / lines,13:F3}   {parse.Collections}"));
        }
    }

    private static int Lex(string source)
    {
        var lexer = new Lexer(source, new Dictionary<string, string>(StringComparer.Ordinal));
        var count = 0;
        while (lexer.Next().Kind != TokenKind.EndOfFile)
        {
            count++;
        }

        return count;
    }

    private static int Syntax(string source)
    {
        var reader = SyntaxParser.Open(source, "bench.qasm");
        var count = 0;
        while (reader.ReadStatement() is not null)
        {
            count++;
        }

        return reader.Diagnostics.Count > 0 ? throw new InvalidOperationException(reader.Diagnostics[0].ToString()) : count;
    }

    private static int Parse(string source)
    {
        var result = OpenQasmParser.Parse(source, "bench.qasm");
        return result.Succeeded ? result.Circuit!.Operations.Length : throw new InvalidOperationException(result.Diagnostics[0].ToString());
    }

    /// <summary>The best CPU milliseconds of three runs after a warm-up, and the bytes the last one allocated.</summary>
    private static (double Cpu, long Bytes, double Pause, string Collections) Measure(Func<int> stage)
    {
        var collections = "";
        stage();
        var best = double.MaxValue;
        var bytes = 0L;
        var pause = double.MaxValue;
        for (var run = 0; run < 3; run++)
        {
            GC.Collect();
            var before = GC.GetAllocatedBytesForCurrentThread();
            var counts = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
            var paused = GC.GetTotalPauseDuration();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            stage();
            best = Math.Min(best, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds);
            pause = Math.Min(pause, (GC.GetTotalPauseDuration() - paused).TotalMilliseconds);
            bytes = GC.GetAllocatedBytesForCurrentThread() - before;
            collections = string.Create(CultureInfo.InvariantCulture,
                $"{GC.CollectionCount(0) - counts.Item1}/{GC.CollectionCount(1) - counts.Item2}/{GC.CollectionCount(2) - counts.Item3}");
        }

        return (best, bytes, pause, collections);
    }
}
