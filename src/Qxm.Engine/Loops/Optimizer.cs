using Qxm.Domain.Loops;

namespace Qxm.Engine.Loops;

/// <summary>A classical optimizer as an ask/tell machine: <see cref="Points"/> yields each point to evaluate and reads
/// the value told for it before going on. It is deterministic given its settings and the values told, so a loop's
/// stored evaluations, told again in order, bring a fresh optimizer to exactly where an interrupted one stopped.
/// It minimises; a maximised objective is told negated. The sequence ends when the optimizer has converged.</summary>
internal abstract class Optimizer
{
    private double? _value;

    protected Optimizer(IReadOnlyList<double> start) => Start = [.. start];

    protected double[] Start { get; }

    public static Optimizer For(OptimizeSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var start = settings.Initial.Select(p => p.Value).ToArray();
        return settings.Method switch
        {
            OptimizerMethod.Spsa => new SpsaOptimizer(start, settings.Step, settings.Seed),
            OptimizerMethod.Gradient => new ParameterShiftOptimizer(start, settings.Step, settings.Tolerance),
            _ => new NelderMeadOptimizer(start, settings.Step, settings.Tolerance),
        };
    }

    /// <summary>The points to evaluate, in order; call <see cref="Tell"/> with each one's value before asking for the next.</summary>
    public abstract IEnumerable<double[]> Points();

    public void Tell(double value) => _value = value;

    /// <summary>The value told for the point last yielded.</summary>
    protected double Value => _value ?? throw new Domain.Errors.QxmException("the optimizer was asked for a point before its last one was told");

    protected double Take()
    {
        var value = Value;
        _value = null;
        return value;
    }
}
