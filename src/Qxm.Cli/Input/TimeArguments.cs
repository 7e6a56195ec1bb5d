using System.Globalization;

namespace Qxm.Cli.Input;

/// <summary>Durations (<c>90d</c>, <c>12h</c>) and instants (ISO 8601, or <c>+2h</c> from now) as typed on the command line,
/// so that examples in the docs stay valid whenever they are run.</summary>
internal static class TimeArguments
{
    public static TimeSpan Duration(string text, string option)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        if (trimmed.Length >= 2 && double.TryParse(trimmed[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            && double.IsFinite(value) && value >= 0 && value <= 36_500)
        {
            switch (trimmed[^1])
            {
                case 's': return TimeSpan.FromSeconds(value);
                case 'm': return TimeSpan.FromMinutes(value);
                case 'h': return TimeSpan.FromHours(value);
                case 'd': return TimeSpan.FromDays(value);
            }
        }

        throw new UsageException($"{option}: '{text}' is not a duration like 90d, 12h, 30m or 45s");
    }

    /// <summary>An ISO 8601 instant (UTC unless it says otherwise), or <c>+DURATION</c> after <paramref name="now"/>.</summary>
    public static DateTimeOffset Instant(string text, string option, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        if (trimmed.StartsWith('+'))
        {
            return now + Duration(trimmed[1..], option);
        }

        return DateTimeOffset.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : throw new UsageException($"{option}: '{text}' is not a date and time (ISO 8601, e.g. 2026-12-01T09:00Z, or +2h from now)");
    }
}
