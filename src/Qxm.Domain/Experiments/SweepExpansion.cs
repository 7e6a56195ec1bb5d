namespace Qxm.Domain.Experiments;

public static class SweepExpansion
{
    /// <summary>Expands axes into sweep points. No axes gives a single empty point.</summary>
    public static IReadOnlyList<IReadOnlyDictionary<string, double>> Expand(IReadOnlyList<ParameterAxis> axes, SweepMode mode)
    {
        ArgumentNullException.ThrowIfNull(axes);
        if (axes.Count == 0)
        {
            return [new Dictionary<string, double>()];
        }

        if (mode == SweepMode.Zip)
        {
            var length = axes.Max(a => a.Values.Count);
            var points = new List<IReadOnlyDictionary<string, double>>(length);
            for (var i = 0; i < length; i++)
            {
                // Axes of one value are fixed parameters and broadcast to every point.
                points.Add(axes.ToDictionary(a => a.Name, a => a.Values.Count == 1 ? a.Values[0] : a.Values[i]));
            }

            return points;
        }

        var total = axes.Aggregate(1L, (n, a) => n * a.Values.Count);
        var grid = new List<IReadOnlyDictionary<string, double>>((int)Math.Min(total, 1 << 20));
        var index = new int[axes.Count];
        for (long p = 0; p < total; p++)
        {
            var point = new Dictionary<string, double>(axes.Count);
            for (var a = 0; a < axes.Count; a++)
            {
                point[axes[a].Name] = axes[a].Values[index[a]];
            }

            grid.Add(point);
            for (var a = axes.Count - 1; a >= 0; a--)
            {
                if (++index[a] < axes[a].Values.Count)
                {
                    break;
                }

                index[a] = 0;
            }
        }

        return grid;
    }
}
