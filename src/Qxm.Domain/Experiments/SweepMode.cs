namespace Qxm.Domain.Experiments;

public enum SweepMode
{
    /// <summary>Every combination of the axes' values (a Cartesian product), the first axis varying slowest.</summary>
    Grid,

    /// <summary>The axes advance together; they must all have the same length.</summary>
    Zip,
}
