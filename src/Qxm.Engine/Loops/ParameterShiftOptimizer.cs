namespace Qxm.Engine.Loops;

/// <summary>Gradient descent on gradients from the parameter-shift rule: df/dtheta_i = (f(theta + pi/2 e_i) -
/// f(theta - pi/2 e_i)) / 2, exact for a parameter that enters once as a rotation exp(-i theta P / 2) (rx, ry, rz, and
/// the like); elsewhere it is an approximation. Each step also evaluates f(theta), so the trace shows the descent.
/// Converged when the gradient's norm is below the tolerance.</summary>
internal sealed class ParameterShiftOptimizer(IReadOnlyList<double> start, double learningRate, double tolerance) : Optimizer(start)
{
    public override IEnumerable<double[]> Points()
    {
        var theta = (double[])Start.Clone();
        while (true)
        {
            yield return theta;
            Take();
            var gradient = new double[theta.Length];
            for (var i = 0; i < theta.Length; i++)
            {
                var plus = (double[])theta.Clone();
                plus[i] += Math.PI / 2;
                yield return plus;
                var fPlus = Take();
                var minus = (double[])theta.Clone();
                minus[i] -= Math.PI / 2;
                yield return minus;
                gradient[i] = (fPlus - Take()) / 2;
            }

            if (Math.Sqrt(gradient.Sum(g => g * g)) < tolerance)
            {
                yield break;
            }

            theta = [.. theta.Select((t, i) => t - (learningRate * gradient[i]))];
        }
    }
}
