namespace Qxm.Server.Benchmarking;

/// <param name="LoadAverage">The 1-minute load average before the measurements (2 cores: 2.0 is a busy machine).</param>
/// <param name="FlushesPerSecond">4 KiB write + fsync cycles per second in the data directory's file system.</param>
public sealed record MachineProbe(int Cores, double LoadAverage, double FlushesPerSecond, double FlushMillisecondsP50);
