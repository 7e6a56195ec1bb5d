namespace Qxm.Circuits.Parsing;

/// <summary>How far a program may expand when gate calls are inlined, loops unrolled and subroutines called. Each
/// budget is charged before the work it pays for, so a program past it is refused in about the time it takes to read
/// it, whatever it would have grown to. The defaults are far above what any simulator or device runs.</summary>
public sealed record ExpansionLimits
{
    public static ExpansionLimits Default { get; } = new();

    /// <summary>Operations the program expands to, 1 to 2^31: each gate application, measurement, reset, barrier and
    /// delay, and each call of a defined gate on the way down. A call is charged its full expansion before it is
    /// inlined.</summary>
    public long MaxOperations { get; init; } = 4_000_000;

    /// <summary>Loop iterations and subroutine calls of the whole program together, 1 to 10^8.</summary>
    public long MaxLoopIterations { get; init; } = 1_000_000;

    /// <summary>Iterations of one <c>while</c> loop on values known before the run, 1 to 10^8; one that runs this
    /// long almost surely never ends.</summary>
    public int MaxWhileIterations { get; init; } = 10_000;

    /// <summary>Passes of one <c>while</c> loop on measured bits in one shot, 1 to 10^8: the simulator stops a shot
    /// before the pass past it and fails the run, naming the loop.</summary>
    public int MaxShotLoopIterations { get; init; } = 10_000;

    /// <summary>Subroutine calls active at once (recursion depth), 1 to 256.</summary>
    public int MaxSubroutineDepth { get; init; } = 64;

    /// <summary>Elements of classical arrays the program makes (each declaration and each copy), 1 to 10^8.</summary>
    public long MaxArrayElements { get; init; } = 1_000_000;

    /// <summary>Sweep points times the circuit's operations when every point is bound, 1 to 2^31.</summary>
    public long MaxBoundOperations { get; init; } = 4_000_000;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> when a value is out of its bounds.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxOperations, 1, nameof(MaxOperations));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxOperations, int.MaxValue, nameof(MaxOperations));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxLoopIterations, 1, nameof(MaxLoopIterations));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxLoopIterations, 100_000_000, nameof(MaxLoopIterations));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxWhileIterations, 1, nameof(MaxWhileIterations));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxWhileIterations, 100_000_000, nameof(MaxWhileIterations));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxShotLoopIterations, 1, nameof(MaxShotLoopIterations));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxShotLoopIterations, 100_000_000, nameof(MaxShotLoopIterations));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxSubroutineDepth, 1, nameof(MaxSubroutineDepth));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxSubroutineDepth, 256, nameof(MaxSubroutineDepth));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxArrayElements, 1, nameof(MaxArrayElements));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxArrayElements, 100_000_000, nameof(MaxArrayElements));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBoundOperations, 1, nameof(MaxBoundOperations));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxBoundOperations, int.MaxValue, nameof(MaxBoundOperations));
    }
}
