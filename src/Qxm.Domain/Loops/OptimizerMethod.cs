namespace Qxm.Domain.Loops;

/// <summary>The classical optimizer of a loop.</summary>
public enum OptimizerMethod
{
    /// <summary>Nelder-Mead simplex: no gradients, robust on a few parameters; stops when the simplex's values agree within the tolerance.</summary>
    NelderMead,

    /// <summary>Simultaneous perturbation stochastic approximation: two evaluations per step whatever the dimension; made for shot noise.</summary>
    Spsa,

    /// <summary>Gradient descent with the parameter-shift rule (two evaluations per parameter at ±pi/2): exact gradients for
    /// parameters that enter as rotation angles exp(-i theta P / 2).</summary>
    Gradient,
}
