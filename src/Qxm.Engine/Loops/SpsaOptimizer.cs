namespace Qxm.Engine.Loops;

/// <summary>SPSA (Spall): per step k, one random ±1 direction, two evaluations at theta ± c_k delta, and a step of a_k
/// along the resulting gradient estimate; gains a_k = s ((A + 1) / (k + 1 + A))^0.602 and c_k = s / (k + 1)^0.101 with A = 10
/// and s = <c>step</c>, so the first step's gain and perturbation are both <c>step</c>. The directions come from a generator seeded by the loop's seed. It never declares convergence:
/// the loop's budgets stop it.</summary>
internal sealed class SpsaOptimizer(IReadOnlyList<double> start, double step, ulong seed) : Optimizer(start)
{
    public override IEnumerable<double[]> Points()
    {
        var random = new Random(unchecked((int)(seed ^ (seed >> 32))));
        var theta = (double[])Start.Clone();
        for (var k = 0; ; k++)
        {
            var a = step * Math.Pow(11.0 / (k + 1 + 10), 0.602);
            var c = step / Math.Pow(k + 1, 0.101);
            var delta = theta.Select(_ => random.Next(2) == 0 ? -1.0 : 1.0).ToArray();
            var plus = theta.Select((t, i) => t + (c * delta[i])).ToArray();
            var minus = theta.Select((t, i) => t - (c * delta[i])).ToArray();
            yield return plus;
            var fPlus = Take();
            yield return minus;
            var fMinus = Take();
            var slope = (fPlus - fMinus) / (2 * c);
            theta = [.. theta.Select((t, i) => t - (a * slope / delta[i]))];
        }
    }
}
