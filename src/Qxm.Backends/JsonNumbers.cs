using System.Text.Json;

namespace Qxm.Backends;

/// <summary>Numbers read from JSON that qxm does not write (vendors' answers, device files). <see cref="JsonElement"/>'s
/// own <c>TryGet...</c> methods throw on a value that is not a number, and vendors answer <c>null</c> for what they do not
/// know yet (a queue position, a cost, an end time): these answer false instead, so an unknown stays unknown rather than
/// stopping the run that asked.</summary>
internal static class JsonNumbers
{
    public static bool TryInt32(this JsonElement element, out int value)
    {
        value = 0;
        return element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out value);
    }

    public static bool TryInt64(this JsonElement element, out long value)
    {
        value = 0;
        return element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out value);
    }

    public static bool TryDouble(this JsonElement element, out double value)
    {
        value = 0;
        return element.ValueKind == JsonValueKind.Number && element.TryGetDouble(out value);
    }

    public static bool TryDecimal(this JsonElement element, out decimal value)
    {
        value = 0;
        return element.ValueKind == JsonValueKind.Number && element.TryGetDecimal(out value);
    }
}
