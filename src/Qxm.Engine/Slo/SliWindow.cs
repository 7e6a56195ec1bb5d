using System.Globalization;

namespace Qxm.Engine.Slo;

/// <summary>A duration written the Prometheus way (<c>5m</c>, <c>1h</c>, <c>1d</c>, <c>30d</c>): SLO windows and the
/// <c>--window</c> of <c>qxm slo</c>.</summary>
public static class SliWindow
{
    public static bool TryParse(string? text, out TimeSpan window)
    {
        window = default;
        if (string.IsNullOrWhiteSpace(text) || text.Length < 2
            || !int.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count <= 0)
        {
            return false;
        }

        TimeSpan? unit = text[^1] switch
        {
            's' => TimeSpan.FromSeconds(1),
            'm' => TimeSpan.FromMinutes(1),
            'h' => TimeSpan.FromHours(1),
            'd' => TimeSpan.FromDays(1),
            'w' => TimeSpan.FromDays(7),
            _ => null,
        };
        if (unit is null || count > 400 * TimeSpan.FromDays(1) / unit.Value)
        {
            return false;
        }

        window = unit.Value * count;
        return true;
    }

    /// <summary>The shortest Prometheus form: whole days, hours, minutes or seconds.</summary>
    public static string Format(TimeSpan window) =>
        window.TotalDays >= 1 && window.TotalDays % 1 == 0 ? F(window.TotalDays, "d")
        : window.TotalHours >= 1 && window.TotalHours % 1 == 0 ? F(window.TotalHours, "h")
        : window.TotalMinutes >= 1 && window.TotalMinutes % 1 == 0 ? F(window.TotalMinutes, "m")
        : F(Math.Ceiling(window.TotalSeconds), "s");

    private static string F(double value, string unit) => ((long)value).ToString(CultureInfo.InvariantCulture) + unit;
}
