using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Qxm.Backends.Contract;

namespace Qxm.Backends.Vendors.Azure;

/// <summary>The Azure job ids of a qxm job, and the storage addresses its programs and outputs go to. The first circuit's
/// job id is a GUID derived from qxm's idempotency key (Azure job ids are GUIDs the client chooses), the others' from the
/// first one's, so a qxm job id is the first id and the number of circuits: <c>{guid}</c> or <c>{guid}+{n}</c>.</summary>
internal static class AzureJobId
{
    /// <summary>The Blob service version qxm's storage calls ask for.</summary>
    public const string StorageVersion = "2023-11-03";

    public static string Of(string idempotencyKey) => Derive("qxm-azure-job:" + idempotencyKey);

    public static string Child(string first, int index) =>
        index == 0 ? first : Derive(string.Create(CultureInfo.InvariantCulture, $"{first}:{index}"));

    public static string Compose(string first, int circuits) =>
        circuits == 1 ? first : string.Create(CultureInfo.InvariantCulture, $"{first}+{circuits}");

    /// <summary>The Azure job ids a qxm job id names; <see cref="BackendErrorKind.InvalidInput"/> for an id qxm never made.</summary>
    public static IReadOnlyList<string> Parse(string jobId)
    {
        ArgumentNullException.ThrowIfNull(jobId);
        var parts = jobId.Split('+');
        if (parts.Length > 2 || !Guid.TryParseExact(parts[0], "D", out _)
            || (parts.Length == 2 && (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 2 || n > AzureTarget.MaxCircuits)))
        {
            throw new BackendException(BackendErrorKind.InvalidInput, $"'{jobId}' is not an Azure Quantum job qxm made");
        }

        var circuits = parts.Length == 2 ? int.Parse(parts[1], CultureInfo.InvariantCulture) : 1;
        return [.. Enumerable.Range(0, circuits).Select(i => Child(parts[0], i))];
    }

    /// <summary>A blob in the container a SAS address names, under the same signature.</summary>
    public static Uri Blob(Uri container, string name)
    {
        ArgumentNullException.ThrowIfNull(container);
        var builder = new UriBuilder(container);
        builder.Path = builder.Path.TrimEnd('/') + "/" + name;
        return builder.Uri;
    }

    public static Uri WithQuery(Uri address, string extra)
    {
        ArgumentNullException.ThrowIfNull(address);
        var builder = new UriBuilder(address);
        builder.Query = string.IsNullOrEmpty(builder.Query) ? extra : builder.Query.TrimStart('?') + "&" + extra;
        return builder.Uri;
    }

    /// <summary>When a SAS address stops working: its <c>se</c> (signed expiry) parameter; null when it names none.</summary>
    public static DateTimeOffset? Expiry(Uri sas)
    {
        ArgumentNullException.ThrowIfNull(sas);
        foreach (var pair in sas.Query.TrimStart('?').Split('&'))
        {
            if (pair.StartsWith("se=", StringComparison.Ordinal)
                && DateTimeOffset.TryParse(Uri.UnescapeDataString(pair[3..]), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            {
                return at;
            }
        }

        return null;
    }

    private static string Derive(string text)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), hash);
        var bytes = hash[..16];
        // A name-based GUID (version 8, RFC 9562 variant), so it reads as the GUID Azure expects.
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes).ToString("D");
    }
}
