using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Qxm.Domain.Runs;

namespace Qxm.Engine.Persistence;

/// <summary>A position in a run listing: the last run a page showed, by creation time and id. Clients see it as an opaque
/// token (<see cref="Encode"/>), so its form may change without breaking them.</summary>
public sealed record RunCursor(DateTimeOffset CreatedAt, string Id)
{
    private const string Version = "r1";

    public static RunCursor After(Run run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return new RunCursor(run.CreatedAt, run.Id);
    }

    public string Encode() =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{Version}:{CreatedAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)}:{Id}"));

    /// <summary>The cursor a token names; null when the token was not made by <see cref="Encode"/>.</summary>
    public static RunCursor? Decode(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 512)
        {
            return null;
        }

        string text;
        try
        {
            text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
        }
        catch (FormatException)
        {
            return null;
        }

        var parts = text.Split(':', 3);
        return parts.Length == 3 && parts[0] == Version && parts[2].Length > 0
            && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var ms) && ms <= 253402300799999
            ? new RunCursor(DateTimeOffset.FromUnixTimeMilliseconds(ms), parts[2])
            : null;
    }
}
