namespace Qxm.Engine.Reproduction;

/// <summary>The chi-square distribution's upper tail, through the regularized incomplete gamma function (series below
/// a + 1, continued fraction above, as is standard), with a Lanczos log-gamma.</summary>
internal static class ChiSquare
{
    /// <summary>P(X ≥ <paramref name="statistic"/>) for X chi-square with <paramref name="degreesOfFreedom"/>.</summary>
    public static double UpperTail(double statistic, int degreesOfFreedom)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(degreesOfFreedom, 1);
        return statistic <= 0 ? 1.0 : UpperRegularizedGamma(degreesOfFreedom / 2.0, statistic / 2.0);
    }

    internal static double UpperRegularizedGamma(double a, double x)
    {
        if (x < a + 1)
        {
            return 1.0 - LowerSeries(a, x);
        }

        return UpperContinuedFraction(a, x);
    }

    private static double LowerSeries(double a, double x)
    {
        var term = 1.0 / a;
        var sum = term;
        for (var n = 1; n < 10_000; n++)
        {
            term *= x / (a + n);
            sum += term;
            if (Math.Abs(term) < Math.Abs(sum) * 1e-15)
            {
                break;
            }
        }

        return Math.Clamp(sum * Math.Exp(-x + (a * Math.Log(x)) - LogGamma(a)), 0, 1);
    }

    private static double UpperContinuedFraction(double a, double x)
    {
        const double Tiny = 1e-300;
        var b = x + 1 - a;
        var c = 1 / Tiny;
        var d = 1 / b;
        var h = d;
        for (var i = 1; i < 10_000; i++)
        {
            var an = -i * (i - a);
            b += 2;
            d = (an * d) + b;
            d = Math.Abs(d) < Tiny ? Tiny : d;
            c = b + (an / c);
            c = Math.Abs(c) < Tiny ? Tiny : c;
            d = 1 / d;
            var delta = d * c;
            h *= delta;
            if (Math.Abs(delta - 1) < 1e-15)
            {
                break;
            }
        }

        return Math.Clamp(Math.Exp(-x + (a * Math.Log(x)) - LogGamma(a)) * h, 0, 1);
    }

    internal static double LogGamma(double x)
    {
        ReadOnlySpan<double> coefficients =
        [
            676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
            12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
        ];
        if (x < 0.5)
        {
            return Math.Log(Math.PI / Math.Abs(Math.Sin(Math.PI * x))) - LogGamma(1 - x);
        }

        x -= 1;
        var sum = 0.99999999999980993;
        for (var i = 0; i < coefficients.Length; i++)
        {
            sum += coefficients[i] / (x + i + 1);
        }

        var t = x + coefficients.Length - 0.5;
        return (0.5 * Math.Log(2 * Math.PI)) + ((x + 0.5) * Math.Log(t)) - t + Math.Log(sum);
    }
}
