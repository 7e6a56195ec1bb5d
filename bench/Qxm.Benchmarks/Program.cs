using Qxm.Benchmarks;

if (args is not ["parse"])
{
    Console.Error.WriteLine("usage: Qxm.Benchmarks parse");
    return 2;
}

ParseBenchmark.Run(Console.Out);
return 0;
