using System.Globalization;

namespace Qxm.Simulation.StateVector.Engine;

/// <summary>The processor's last-level cache size, where the operating system tells it (Linux sysfs); null elsewhere.</summary>
internal static class CacheInfo
{
    public static long? LastLevelBytes()
    {
        const string root = "/sys/devices/system/cpu/cpu0/cache";
        try
        {
            if (!OperatingSystem.IsLinux() || !Directory.Exists(root))
            {
                return null;
            }

            long? best = null;
            var bestLevel = 0;
            foreach (var index in Directory.GetDirectories(root, "index*"))
            {
                var level = int.Parse(File.ReadAllText(Path.Combine(index, "level")).Trim(), CultureInfo.InvariantCulture);
                var type = File.ReadAllText(Path.Combine(index, "type")).Trim();
                if (level > bestLevel && type is "Unified" or "Data" && Parse(File.ReadAllText(Path.Combine(index, "size"))) is { } size)
                {
                    (best, bestLevel) = (size, level);
                }
            }

            return best;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or OverflowException)
        {
            return null;
        }
    }

    /// <summary>"32768K", "1M" or a plain byte count.</summary>
    internal static long? Parse(string text)
    {
        text = text.Trim();
        var multiplier = text.EndsWith('K') ? 1L << 10 : text.EndsWith('M') ? 1L << 20 : text.EndsWith('G') ? 1L << 30 : 1;
        var digits = multiplier == 1 ? text : text[..^1];
        return long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value * multiplier : null;
    }
}
