using System.Globalization;
using Qxm.Benchmarks;

switch (args)
{
    case ["parse"]:
        ParseBenchmark.Run(Console.Out, 1_000_000);
        return 0;
    case ["parse", var max] when int.TryParse(max, NumberStyles.None, CultureInfo.InvariantCulture, out var lines) && lines >= 1_000:
        ParseBenchmark.Run(Console.Out, lines);
        return 0;
    case ["parse-stages"]:
        ParseStageBenchmark.Run(Console.Out, 1_000_000);
        return 0;
    case ["parse-stages", var max] when int.TryParse(max, NumberStyles.None, CultureInfo.InvariantCulture, out var lines) && lines >= 1_000:
        ParseStageBenchmark.Run(Console.Out, lines);
        return 0;
    case ["parse-stages", var max, var only] when int.TryParse(max, NumberStyles.None, CultureInfo.InvariantCulture, out var lines) && lines >= 1_000:
        ParseStageBenchmark.Run(Console.Out, lines, only);
        return 0;
    case ["budgets"]:
        BudgetBenchmark.Run(Console.Out);
        return 0;
    case ["trajectories", var file, var shots, var rounds]
        when int.TryParse(shots, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1
            && int.TryParse(rounds, NumberStyles.None, CultureInfo.InvariantCulture, out var r) && r >= 1:
        TrajectoryBenchmark.Run(Console.Out, file, n, r);
        return 0;
    default:
        Console.Error.WriteLine("usage: Qxm.Benchmarks parse [max-lines, at least 1000] | parse-stages [lines, at least 1000 [program]] | budgets | trajectories FILE.qasm SHOTS ROUNDS");
        return 2;
}
