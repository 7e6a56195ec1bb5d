namespace Qxm.Engine.Loops;

/// <summary>Nelder-Mead with the standard coefficients (reflection 1, expansion 2, contraction 1/2, shrink 1/2), the initial
/// simplex the start plus <c>step</c> along each axis. Converged when the simplex's best and worst values differ by less
/// than the tolerance.</summary>
internal sealed class NelderMeadOptimizer(IReadOnlyList<double> start, double step, double tolerance) : Optimizer(start)
{
    public override IEnumerable<double[]> Points()
    {
        var n = Start.Length;
        var simplex = new double[n + 1][];
        var values = new double[n + 1];
        for (var i = 0; i <= n; i++)
        {
            simplex[i] = (double[])Start.Clone();
            if (i > 0)
            {
                simplex[i][i - 1] += step;
            }

            yield return simplex[i];
            values[i] = Take();
        }

        while (true)
        {
            var order = Enumerable.Range(0, n + 1).OrderBy(i => values[i]).ToArray();
            simplex = [.. order.Select(i => simplex[i])];
            values = [.. order.Select(i => values[i])];
            if (values[n] - values[0] < tolerance)
            {
                yield break;
            }

            var centroid = new double[n];
            for (var i = 0; i < n; i++)
            {
                for (var d = 0; d < n; d++)
                {
                    centroid[d] += simplex[i][d] / n;
                }
            }

            var reflected = Along(centroid, simplex[n], -1);
            yield return reflected;
            var fr = Take();
            if (fr < values[0])
            {
                var expanded = Along(centroid, simplex[n], -2);
                yield return expanded;
                var fe = Take();
                (simplex[n], values[n]) = fe < fr ? (expanded, fe) : (reflected, fr);
            }
            else if (fr < values[n - 1])
            {
                (simplex[n], values[n]) = (reflected, fr);
            }
            else
            {
                var contracted = Along(centroid, simplex[n], 0.5);
                yield return contracted;
                var fc = Take();
                if (fc < values[n])
                {
                    (simplex[n], values[n]) = (contracted, fc);
                }
                else
                {
                    for (var i = 1; i <= n; i++)
                    {
                        simplex[i] = Along(simplex[0], simplex[i], 0.5);
                        yield return simplex[i];
                        values[i] = Take();
                    }
                }
            }
        }
    }

    /// <summary>centroid + t (point - centroid).</summary>
    private static double[] Along(double[] centroid, double[] point, double t) => [.. centroid.Select((c, d) => c + (t * (point[d] - c)))];
}
